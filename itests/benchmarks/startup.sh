#!/usr/bin/env bash
# startup: unzip the runtime into an empty folder, start it headless RUNS times (the first with an empty framework
# cache), and read from each run: the launcher's "Daz started: ... N ms after JVM start" (all bundles active), and
# the process RSS after IDLE seconds idle. Prints the median of both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-5}"
idle="${IDLE:-5}"
zip="$(ls "$root"/runtime/target/daz-*.zip 2>/dev/null | head -n 1 || true)"
if [ -z "$zip" ]; then
  echo "startup: no runtime/target/daz-*.zip; build first: mvn -B install -DskipTests" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q "$zip" -d "$work"
home="$work/daz"

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

times=(); rss=()
for i in $(seq 1 "$runs"); do
  log="$work/run-$i.log"
  "$home/bin/daz" --headless >"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 60))
  until grep -q "Daz started:" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "startup: run $i did not start; its log:" >&2; cat "$log" >&2; exit 1
    fi
    sleep 0.1
  done
  line="$(grep -m1 "Daz started:" "$log")"
  ms="$(sed -E 's/.* ([0-9]+) ms after JVM start.*/\1/' <<<"$line")"
  if ! grep -q " 0 not active" <<<"$line"; then
    echo "startup: run $i: not every bundle is active: $line" >&2; exit 1
  fi
  sleep "$idle"
  kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
  kill -TERM "$pid"; wait "$pid" || true
  times+=("$ms"); rss+=("$((kb / 1024))")
  echo "run $i: all bundles active ${ms} ms after JVM start, RSS after ${idle} s idle ${rss[-1]} MB"
done
echo "startup: median_ms=$(printf '%s\n' "${times[@]}" | median) rss_mb=$(printf '%s\n' "${rss[@]}" | median)"
