#!/usr/bin/env bash
# Writes requirements/base.lock, dev.lock and uv.lock (the installer): every package of
# base.txt, dev.txt and uv.txt (and what they pull in) at the pinned version, with the
# SHA-256 of every file PyPI offers for it. `make install` and `make install-dev` install
# from the locks with --require-hashes, so a file that changed on the registry is refused.
# Usage: scripts/lock-requirements.sh   (after editing a pin in base.txt or dev.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d /tmp/theodoi-lock.XXXXXX)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install -q pip-tools==7.6.2
for name in base dev uv; do
  "$tools/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links --no-header \
    "requirements/$name.txt" -o "requirements/$name.lock"
done
python3 scripts/check-locks.py
