#!/usr/bin/env bash
# command: end-to-end command latency as a channel user sees it, against the unpacked runtime (bin/daz --headless,
# its shipped JVM options, a real PostgreSQL) in a channel of the CyTube stand-in, with a !bench plugin in deploy/
# (itests/src/test/java/daz/itests/eventfilter/CommandBenchmark.java). A stand-in user sends BENCH_COMMANDS (1000)
# commands, one per 150 ms; latency is from the user receiving its own line back to receiving the bot's reply. In
# the same run, the same measure for an echo peer inside the stand-in (no bot): added_p99_ms is the difference.
# rss_mb: the runtime's RSS after the run; start_ms: launch of bin/daz -> the first command answered, on the second
# launch (the first, also printed, fills the framework cache and writes the class-data archive when it stops).
# BENCH_LOGIN_DELAY_MS sets the channel's login.delay.ms (the longest wait before the login; 2000 by default).
# Last line: command: p50_ms=<n> p99_ms=<n> added_p99_ms=<n> rss_mb=<n> start_ms=<n>
# Build first (mvn -B verify, or mvn -B install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CommandBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.commands=${BENCH_COMMANDS:-1000} -Dbench.login.delay.ms=${BENCH_LOGIN_DELAY_MS:-}" >/dev/null
cat itests/target/benchmarks/command.txt
