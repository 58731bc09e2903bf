#!/usr/bin/env bash
# `manage.py check --deploy` must be clean for the production settings.
set -euo pipefail
THEODOI_ENV=production \
SECRET_KEY="check-deploy-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
ALLOWED_HOSTS=theodoi.example.vn \
DATABASE_URL="sqlite:///$(mktemp -d)/deploy-check.sqlite3" \
  .venv/bin/theodoi check --deploy --fail-level WARNING
