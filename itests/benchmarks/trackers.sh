#!/usr/bin/env bash
# trackers: the usertracker, mediatracker and analytics plugins in real Felix against PostgreSQL, with 1,000,000
# user-activity rows, 1,000,000 chat lines and 100,000 plays bulk-loaded (generate_series): !seen, !topmedia and
# !stats latency at the bot (command line published -> answer published for the pacer), and how far the analytics
# lag behind 2,000 chat lines/s (itests/src/test/java/daz/itests/trackers/TrackersBenchmark.java).
# BENCH_ASKS: how many times each command is asked (150). DAZ_TEST_JDBC_URL: the PostgreSQL to use.
# Last line: trackers: seen_p99_ms=<n> topmedia_p99_ms=<n> stats_p99_ms=<n> analytics_lag_ms=<n>
# Build first (mvn -B verify, or mvn -B install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=TrackersBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.asks=${BENCH_ASKS:-150}" "$@" >/dev/null
cat itests/target/benchmarks/trackers.txt
