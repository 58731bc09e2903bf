#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster listening on a private unix socket,
# then stops and removes the cluster. initdb refuses root, so as root the server runs as the
# `postgres` system user. Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
dir="$(mktemp -d /tmp/theodoi-pg.XXXXXX)"
as_pg=()
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
chmod 755 "$dir"
cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U theodoi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${as_pg[@]}" "$PGBIN/createdb" -h "$dir" -U theodoi theodoi
export DATABASE_URL="postgres://theodoi@/theodoi?host=$dir"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') tạm thời tại $dir"
"$@"
