#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then runs `swift test`.
# Export tests load the outputs with real Python clients from .venv (POLICYGRAPH_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --python
export POLICYGRAPH_PYTHON="$PWD/.venv/bin/python"
exec swift test "$@"
