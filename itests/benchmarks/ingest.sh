#!/usr/bin/env bash
# ingest: chat lines per second from bus publish to committed rows in PostgreSQL, with the SQL logger's journal on
# (synchronous append on the publisher's thread, group fsync, the writer's batched COPY), and in the same run the rate
# of a plain COPY of the same rows into a table of the same shape. It is a Pax Exam run in real Felix with every
# feature bundle (itests/src/test/java/daz/itests/sql/logger/IngestBenchmark.java) against the PostgreSQL the
# integration tests use (127.0.0.1:5432, or DAZ_TEST_JDBC_URL); chosen over a plain java -cp main so that the real
# bus, daz.sql and its configuration are what is measured. BENCH_LINES sets the lines per run (200000),
# BENCH_ROUNDS the rounds (3): rounds alternate ours and COPY and the medians are compared.
# Last line: ingest: lines_per_s=<n> copy_ratio=<ours/COPY>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl itests -am verify -Dspotless.check.skip \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=IngestBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.lines=${BENCH_LINES:-200000} -Dbench.rounds=${BENCH_ROUNDS:-3}" >/dev/null
cat itests/target/benchmarks/ingest.txt
