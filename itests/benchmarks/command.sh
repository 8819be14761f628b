#!/usr/bin/env bash
# command: end-to-end command latency as a channel user sees it. A Pax Exam run in real Felix with every feature
# bundle and the CyTube stand-in (itests/src/test/java/daz/itests/eventfilter/CommandBenchmark.java): a stand-in user
# sends BENCH_COMMANDS (1000) commands one after another; latency is from the user receiving its own line back to
# receiving the bot's reply; in the same run the bare echo (sender's line reaching another user, no bot involved).
# Last line: command: p50_ms=<n> p99_ms=<n> added_p99_ms=<bot p99 minus echo p99>
# Not yet measured here: rss_mb and start_ms of the runtime (see startup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CommandBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.commands=${BENCH_COMMANDS:-1000}" >/dev/null
cat itests/target/benchmarks/command.txt
