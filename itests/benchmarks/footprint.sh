#!/usr/bin/env bash
# footprint: what the unpacked runtime costs (bin/daz --headless, its shipped JVM options, a real PostgreSQL, so no
# embedded one), in a channel of the CyTube stand-in with a !bench plugin in deploy/
# (itests/src/test/java/daz/itests/benchmarks/FootprintBenchmark.java):
#   first_answer_ms  first launch of a fresh copy -> the answer to the first !bench (asked every 110 ms)
#   answer_ms        the same, median of BENCH_WARM (5) later launches
#   rss_mb           the JVM's RSS after BENCH_IDLE_SECONDS (60) idle in the channel (CPU at rest is printed too)
#   cpu_ms_per_line  the JVM's CPU (utime+stime) over BENCH_LOAD_SECONDS (60) of 20 lines/s, 1 in 20 a command
#                    (printed before the last line: the same chat BENCH_STEADY_SECONDS (60) longer, per line and thread)
#   threads          the JVM's threads after the idle window
# Last line: footprint: answer_ms=<n> first_answer_ms=<n> rss_mb=<n> cpu_ms_per_line=<n> threads=<n>
# Build first (mvn -B verify, or mvn -B install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FootprintBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.warm.launches=${BENCH_WARM:-5} -Dbench.idle.seconds=${BENCH_IDLE_SECONDS:-60} -Dbench.load.seconds=${BENCH_LOAD_SECONDS:-60} -Dbench.steady.seconds=${BENCH_STEADY_SECONDS:-60}" \
  "$@" >/dev/null
cat itests/target/benchmarks/footprint.txt
