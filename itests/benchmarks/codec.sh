#!/usr/bin/env bash
# codec: frames decoded and published per second on one core. Inside one running Felix (a Pax Exam run of
# itests/src/test/java/daz/itests/core/CodecBenchmark.java), one thread does what daz.core's link thread does with
# each frame of a busy channel: FrameCodec decode, typed payload, publish on the real Daz bus to a synchronous
# handler. BENCH_FRAMES sets the frames measured (2000000). Target: >= 100000 frames/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests -am verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CodecBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.frames=${BENCH_FRAMES:-2000000}" >/dev/null
cat itests/target/benchmarks/codec.txt
