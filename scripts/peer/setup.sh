#!/usr/bin/env bash
# The peer of issue 26's side-by-side: stock Taiga (taiga-back 3bea711, Django 3.2) with one
# project of 200,000 tasks, on a PostgreSQL server of your choice (docs/bench.md, "The peer").
# Usage: PEER_PGHOST=/path/to/socket/dir scripts/peer/setup.sh
#   PEER_DIR   where Taiga and its venv go (default data/peer); PEER_SRC a git dir holding
#   3bea711 (default: cloned from github.com/taigaio/taiga-back); PEER_PGUSER (default theodoi,
#   a superuser: Taiga's migrations create a text-search dictionary and triggers).
# Then time it: scripts/peer/run.sh timing.py [ROUNDS]
# Run again after a failure: the source and the install are kept once complete; a finished
# database is reused, an unfinished one refused (`dropdb -h "$PEER_PGHOST" -U theodoi taiga`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(realpath -m "${PEER_DIR:-$here/../../data/peer}")"
host="${PEER_PGHOST:?PEER_PGHOST: the PostgreSQL socket directory or host}"
user="${PEER_PGUSER:-theodoi}"
commit=3bea711
mkdir -p "$dir"
if [ ! -d "$dir/taiga-back" ]; then
  src="${PEER_SRC:-$dir/taiga-back.git}"
  [ -d "$src" ] || git clone -q --bare https://github.com/taigaio/taiga-back "$src"
  rm -rf "$dir/taiga-back.part" && mkdir "$dir/taiga-back.part"
  git -C "$src" archive "$commit" | tar x -C "$dir/taiga-back.part"
  mv "$dir/taiga-back.part" "$dir/taiga-back"
fi
if [ ! -e "$dir/venv/installed" ]; then
  rm -rf "$dir/venv"
  python3 -m venv "$dir/venv"
  # psycopg2 2.9.11 has no wheel for Linux: the binary build of the same version
  grep -v '^\s*#' "$dir/taiga-back/requirements.txt" | grep -v '^$' \
    | sed 's/^psycopg2==/psycopg2-binary==/' > "$dir/requirements.txt"
  "$dir/venv/bin/pip" install -q wheel  # seven of its packages come as sources only
  "$dir/venv/bin/pip" install -q --no-build-isolation -r "$dir/requirements.txt"
  touch "$dir/venv/installed"
fi
cat > "$dir/taiga-back/settings/bench.py" <<SETTINGS
# Written by scripts/peer/setup.sh: Taiga as the speed peer, nothing but PostgreSQL.
from .common import *  # noqa

DEBUG = False
SECRET_KEY = "peer-bench-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "taiga",
                         "USER": "$user", "HOST": "$host"}}
CELERY_ENABLED = False
ENABLE_TELEMETRY = False
WEBHOOKS_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
SETTINGS
if psql -h "$host" -U "$user" -d taiga -qc "SELECT 1" >/dev/null 2>&1; then
  # made by an earlier run: reused when its generation finished (all its tasks are there)
  have="$(psql -h "$host" -U "$user" -d taiga -tAc "SELECT count(*) FROM tasks_task" \
    2>/dev/null || echo 0)"
  if [ "${have:-0}" -ge 200000 ]; then
    echo "Taiga: the database taiga is reused ($have tasks)."
    exit 0
  fi
  echo "The database taiga exists, unfinished: dropdb -h \"$host\" -U $user taiga, then again." >&2
  exit 1
fi
createdb -h "$host" -U "$user" taiga
cd "$dir/taiga-back"
export DJANGO_SETTINGS_MODULE=settings.bench
py="$dir/venv/bin/python"
"$py" manage.py migrate -v 0
"$py" manage.py createcachetable
"$py" manage.py loaddata initial_user initial_project_templates -v 0
"$py" manage.py shell < "$here/generate.py"
psql -h "$host" -U "$user" -d taiga -qc "VACUUM ANALYZE"
