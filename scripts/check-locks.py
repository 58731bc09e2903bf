"""Checks that requirements/*.lock agree with the pins of requirements/*.txt.

The .txt files are what people edit; the .lock files (scripts/lock-requirements.sh) add the
hashes that `make install` requires. A pin changed in one and not the other fails `make lint`
with the package named, instead of installing something nobody reviewed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "requirements"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            found[normal(match[1])] = match[2]
    return found


def hashed(path: Path) -> set[str]:
    names: set[str] = set()
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = normal(match[1])
        elif "--hash=sha256:" in line and current:
            names.add(current)
    return names


def problems(name: str) -> list[str]:
    wanted, lock = pins(ROOT / f"{name}.txt"), ROOT / f"{name}.lock"
    if not lock.exists():
        return [f"{lock.name} is missing: run scripts/lock-requirements.sh"]
    locked, with_hash = pins(lock), hashed(lock)
    out = [
        f"{lock.name}: {pkg} is {locked.get(pkg, 'absent')}, {name}.txt pins {ver}"
        for pkg, ver in sorted(wanted.items())
        if locked.get(pkg) != ver
    ]
    extra = sorted(set(locked) - set(wanted))
    out += [f"{lock.name}: {pkg} is not pinned in {name}.txt" for pkg in extra]
    out += [f"{lock.name}: {pkg} has no hash" for pkg in sorted(set(locked) - with_hash)]
    return out


def main() -> int:
    found = problems("base") + problems("dev") + problems("uv")
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("Run scripts/lock-requirements.sh after editing requirements/*.txt.", file=sys.stderr)
        return 1
    print("requirements/*.lock agree with requirements/*.txt, every package hashed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
