#!/usr/bin/env bash
# rejoin: how soon the bot answers again after the server comes back. The bot (real Felix, a real PostgreSQL, the
# shipped reconnect settings) sits in a channel of the CyTube stand-in, whose CyTube side goes down and comes back on
# the same port: 5 outages of 1 s, 4 of 8 s, 2 of 30 s (BENCH_REJOIN_OUTAGES, seconds, comma separated), apart
# by uptime until the bot's last new connection is 10 s old
# (itests/src/test/java/daz/itests/core/RejoinBenchmark.java). A sample is from the stand-in listening again to
# a user receiving the bot's answer to !uptime (asked every 100 ms by a user who joins once the server is back).
# max_connects_per_10s: the most new socket.io connections the bot opened in any 10 s of the run (CyTube allows 5).
# About 4 minutes. Needs DAZ_TEST_JDBC_URL as the integration tests do.
# Last line: rejoin: outages=<n> p50_ms=<n> p95_ms=<n> max_connects_per_10s=<n>
# Build first (mvn -B verify, or mvn -B install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RejoinBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.rejoin.outages=${BENCH_REJOIN_OUTAGES:-1,1,1,1,1,8,8,8,8,30,30}" "$@" >/dev/null
cat itests/target/benchmarks/rejoin.txt
