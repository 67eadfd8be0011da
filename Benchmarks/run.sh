#!/usr/bin/env bash
# PolicyGraph benchmarks: release build, then Benchmarks/bench.py (see its --help).
#   Benchmarks/run.sh                       # everything: 10 MB, 100 MB, 1 GB; 3 runs each
#   Benchmarks/run.sh --sizes 10 --runs 1   # quick look
# Needs /usr/bin/time (apt-get install time) and python3; jieba goes into Benchmarks/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time for peak-RSS figures" >&2
    apt-get install -y time >/dev/null
fi
swift build -c release --product policygraph
python3 Benchmarks/bench.py "$@"
