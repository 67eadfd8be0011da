#!/usr/bin/env bash
# Installs what PolicyGraph needs beyond the Swift toolchain: libxml2's headers (Debian's
# libxml2-dev) and, with --python, a virtual environment in .venv holding the real clients
# the export tests load the graph with (rdflib, pyld, networkx, igraph).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! pkg-config --exists libxml-2.0 2>/dev/null; then
  echo "installing libxml2-dev…" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-dev pkg-config >&2
fi
if [ "${1:-}" = "--python" ]; then
  if ! .venv/bin/python -c "import rdflib, pyld, networkx, igraph" 2>/dev/null; then
    echo "creating .venv with rdflib, pyld, networkx, igraph…" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check rdflib pyld networkx igraph >&2
  fi
fi
