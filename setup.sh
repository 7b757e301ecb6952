#!/usr/bin/env bash
# Create .venv and install duikou (editable) with its test dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
