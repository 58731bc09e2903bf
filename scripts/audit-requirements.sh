#!/usr/bin/env bash
# Looks up every locked package in a vulnerability database with pip-audit (in a throwaway
# venv, so the project's own environment stays as locked). Needs the network to reach PyPI's
# JSON API (the default) or api.osv.dev (AUDIT_SERVICE=osv).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d /tmp/theodoi-audit.XXXXXX)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install -q pip-audit==2.10.1
"$tools/bin/pip-audit" --progress-spinner off --vulnerability-service "${AUDIT_SERVICE:-pypi}" \
  --require-hashes --disable-pip -r requirements/dev.lock
