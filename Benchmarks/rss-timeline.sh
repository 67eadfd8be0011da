#!/usr/bin/env bash
# Runs a command and prints its resident memory every half second, one "seconds megabytes"
# line each, so the stages of a build show as the steps of its memory:
#   Benchmarks/rss-timeline.sh .build/release/policygraph build Benchmarks/corpora/1000mb --out /tmp/o --full --quiet
# The command's own output goes to stderr; its exit status is this script's.
set -uo pipefail
"$@" >&2 &
pid=$!
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
  [ -n "$kib" ] && echo "$(echo "$(date +%s.%N) - $start" | bc) $((kib / 1024))"
  sleep 0.5
done
wait "$pid"
