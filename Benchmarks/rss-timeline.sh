#!/usr/bin/env bash
# Runs a command and prints its resident memory every half second, one line each:
# "seconds total_MB anonymous_MB file_MB" (VmRSS, RssAnon and RssFile of /proc/PID/status),
# so the stages of a build show as the steps of its memory, and pages of a spilled build's
# temporary files (file) apart from its heap (anonymous):
#   Benchmarks/rss-timeline.sh .build/release/policygraph build Benchmarks/corpora/1000mb --out /tmp/o --full --quiet
# The command's own output goes to stderr; its exit status is this script's.
set -uo pipefail
"$@" >&2 &
pid=$!
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  line=$(awk '/^VmRSS:|^RssAnon:|^RssFile:/ {printf " %d", $2 / 1024}' "/proc/$pid/status" 2>/dev/null)
  [ -n "$line" ] && echo "$(echo "$(date +%s.%N) - $start" | bc)$line"
  sleep 0.5
done
wait "$pid"
