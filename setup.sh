#!/usr/bin/env bash
# Create .venv and install duikou (editable) with its test dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# The query editor (YASGUI) and the tests' GEXF reader, from the npm registry at the versions
# pinned in web/package-lock.json; nothing is downloaded when the server or the tests run.
if command -v npm >/dev/null; then
  npm ci --prefix web --no-audit --no-fund --ignore-scripts --loglevel=error
else
  echo "setup.sh: npm not found: install nodejs and npm, then run setup.sh again (the editor and a test need web/node_modules)" >&2
fi
