#!/usr/bin/env bash
# bus: the Daz bus against Apache Felix EventAdmin 1.6.4 inside one running Felix (a Pax Exam run of
# itests/src/test/java/daz/itests/benchmarks/BusBenchmark.java): throughput with 1, 4 and 16 handlers (async and
# sync), latency at 10,000 events/s, isolation from a slow handler. EventAdmin is measured tuned (Timeout=0) and,
# for reference, with its default configuration. BENCH_EVENTS sets the events per throughput run (400000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests -am verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BusBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.events=${BENCH_EVENTS:-400000}" >/dev/null
cat itests/target/benchmarks/bus.txt
