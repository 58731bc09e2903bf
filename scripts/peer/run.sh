#!/usr/bin/env bash
# Runs a script of scripts/peer in Taiga's environment: scripts/peer/run.sh timing.py [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(realpath -m "${PEER_DIR:-$here/../../data/peer}")"
script="$here/$1"
shift
cd "$dir/taiga-back"
DJANGO_SETTINGS_MODULE=settings.bench exec "$dir/venv/bin/python" "$script" "$@"
