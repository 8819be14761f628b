#!/usr/bin/env bash
# reload: lossless hot reload under load (issue 14), against the unpacked runtime (bin/daz --headless, its shipped
# JVM options, a real PostgreSQL) in a channel of the CyTube stand-in, with a !bench plugin in deploy/
# (itests/src/test/java/daz/itests/eventfilter/ReloadBenchmark.java). Five users chat, 20 lines/s in all, and an admin
# asks a command by PM every 150 ms, each plugin's in turn, while a bin/daz-shell updates every plugin bundle and
# daz.eventfilter in turn (BENCH_UPDATES, 100) and daz.core BENCH_CORE_UPDATES (5) times, each update in one of the
# admin's turns; a second admin asks the updated plugin's command (the probe) the moment the shell's update returns.
# lost/duplicated: commands the server relayed to the bot with no answer / a second one; events_lost: relayed chat
# lines with no row in daz_sql.chat_log; p99_ms: command round trip; update_to_live_p50_ms: from typing update to the
# probe's answer (the updated plugin answering again; per target with its parts above the last line, the Core's
# printed apart); *_delta: the runtime JVM after the updates minus before (after full collections).
# Last line: reload: updates=<n> commands=<n> lost=<n> duplicated=<n> events_lost=<n> p99_ms=<n>
#   update_to_live_p50_ms=<n> threads_delta=<n> classloaders_delta=<n> heap_delta_mb=<n>
# Build first (mvn -B verify, or mvn -B install -DskipTests). Needs jcmd (a JDK) on the PATH. The runtime measured is
# the daz.runtime zip of your local Maven repository: built with -Dmaven.repo.local=<dir>, run with
# MAVEN_OPTS=-Dmaven.repo.local=<dir>, or a runtime of another build is measured.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ReloadBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.updates=${BENCH_UPDATES:-100} -Dbench.core.updates=${BENCH_CORE_UPDATES:-5}" >/dev/null
cat itests/target/benchmarks/reload.txt
