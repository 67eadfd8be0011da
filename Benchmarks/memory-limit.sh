#!/usr/bin/env bash
# Runs a command inside a new memory cgroup (cgroup v1 memory controller) limited to LIMIT, and
# prints whether the kernel's OOM killer stopped it. Page cache counts against the limit and is
# reclaimed as needed, so this shows what a build needs, not what it happens to touch:
#   Benchmarks/memory-limit.sh 2700M /usr/bin/time -f "%e s %M KiB" .build/release/policygraph \
#       build Benchmarks/corpora/1000mb --out /tmp/o --full --quiet
# Needs root and a writable cgroup v1 memory hierarchy (the one this process is in).
set -uo pipefail
limit=$1; shift
parent=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)
[ -w "$parent" ] || { echo "memory-limit.sh: no writable cgroup v1 memory hierarchy at $parent" >&2; exit 2; }
group=$parent/policygraph-limit-$$
mkdir "$group" || exit 2
echo "$limit" > "$group/memory.limit_in_bytes"
# The command runs in a child shell moved into the group; this shell stays outside to clean up.
bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$group" "$@"
status=$?
echo "memory-limit.sh: limit $limit, exit $status, $(grep oom_kill "$group/memory.oom_control" | tr '\n' ' ')" >&2
rmdir "$group" 2>/dev/null
exit $status
