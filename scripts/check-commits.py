#!/usr/bin/env python3
"""Check commit messages against the house rules (no dependencies beyond git and Python).

    area: Imperative summary.

    Why the change was made, wrapped at 72 characters.

- the subject is an area (lowercase word(s) or a path: `tasks`, `docs`, `imports/layout`), a
  colon and a space, then a summary starting with a capital letter and ending with a period;
  72 characters at most, and no ';' (a list of changes: one idea per commit);
- a blank line, then a body of at least one line;
- body lines of 72 characters at most; words holding a '/' (URLs, paths) do not count, since
  they cannot be wrapped.

Usage:
    scripts/check-commits.py                      the commits since the base (below)
    scripts/check-commits.py REVISION-RANGE       e.g. origin/main..HEAD (merges are skipped)
    scripts/check-commits.py --message-file FILE  one message (the commit-msg hook)

The base is the newest of the last release tag (`git describe --tags --abbrev=0`) and the
commit named in scripts/commits-since (the commits up to it came before the rules; a tag does
not survive the way work lands here). In a shallow clone without the base, the commits that
are present are checked, with a note.
"""

import re
import subprocess
import sys
from pathlib import Path

LIMIT = 72
AREA = r"[a-z0-9][a-z0-9_.\-/]*"
SUBJECT = re.compile(rf"^(?P<area>{AREA}(?: {AREA})*): (?P<summary>\S.*)$")
SCISSORS = "# ------------------------ >8 ------------------------"


def problems(message: str) -> list[str]:
    """The rules `message` breaks, each said in one line (none: it passes)."""
    lines = message.rstrip().split("\n")
    subject = lines[0]
    if not subject.strip():
        return ["the message is empty"]
    found = []
    match = SUBJECT.match(subject)
    if not match:
        found.append("subject: begin with an area, a colon and a space (e.g. «tasks: Add ….»)")
    elif not match["summary"][0].isupper():
        found.append("subject: the summary after the area begins with a capital letter")
    if not subject.endswith("."):
        found.append("subject: end with a period")
    if len(subject) > LIMIT:
        found.append(f"subject: {len(subject)} characters, at most {LIMIT}")
    if ";" in subject:
        found.append("subject: a list (';'); one idea per commit, the subject says that idea")
    if len(lines) > 1 and lines[1].strip():
        found.append("line 2: leave it blank, between the subject and the body")
    body = lines[2:] if len(lines) > 1 and not lines[1].strip() else lines[1:]
    if not any(line.strip() for line in body):
        found.append("body: missing; say why, in at least one line after a blank line")
    for number, line in enumerate(lines[1:], start=2):
        counted = " ".join(word for word in line.split(" ") if "/" not in word)
        if len(counted) > LIMIT:
            found.append(
                f"line {number}: {len(line)} characters, at most {LIMIT} (URLs and paths aside)"
            )
    return found


def cleaned(text: str) -> str:
    """A message as git keeps it: without the comment lines and a verbose commit's diff."""
    kept = []
    for line in text.split("\n"):
        if line == SCISSORS:
            break
        if not line.startswith("#"):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def is_commit(rev: str) -> bool:
    return git("cat-file", "-e", f"{rev}^{{commit}}").returncode == 0


def is_ancestor(older: str, newer: str) -> bool:
    return git("merge-base", "--is-ancestor", older, newer).returncode == 0


def base_commit(top: Path) -> tuple[str, str] | None:
    """(revision, how it was found) of the newest of the last tag and the file's commit;
    None: no base at all (or not in this clone), every commit present is checked."""
    bases = []
    tag = git("describe", "--tags", "--abbrev=0")
    if tag.returncode == 0:
        bases.append((tag.stdout.strip(), "the last tag"))
    since = top / "scripts" / "commits-since"
    if since.exists():
        lines = [line.strip() for line in since.read_text().splitlines()]
        named = [line for line in lines if re.fullmatch(r"[0-9a-f]{7,40}", line)]
        if named and is_commit(named[0]):
            bases.append((named[0][:12], "scripts/commits-since"))
        elif named:
            print(
                f"check-commits: the base {named[0][:12]} (scripts/commits-since) is not in "
                "this clone (shallow?); checking the commits that are present.",
                file=sys.stderr,
            )
    if not bases:
        return None
    newest = bases[0]
    for other in bases[1:]:
        if is_ancestor(newest[0], other[0]):
            newest = other
    return newest


def messages(revisions: str) -> list[tuple[str, str]]:
    """(short hash, message) of the commits of `revisions`, merges left out, oldest first."""
    log = git("log", "--reverse", "--no-merges", "-z", "--format=%h%x01%B", revisions, "--")
    if log.returncode != 0:
        sys.exit(f"check-commits: git log {revisions}: {log.stderr.strip()}")
    return [tuple(entry.split("\x01", 1)) for entry in log.stdout.split("\0") if entry.strip()]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--message-file"] and len(argv) == 2:
        broken = problems(cleaned(Path(argv[1]).read_text(encoding="utf-8")))
        for problem in broken:
            print(f"commit message: {problem}", file=sys.stderr)
        if broken:
            print("The rules: scripts/check-commits.py (its top comment).", file=sys.stderr)
        return 1 if broken else 0
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print(__doc__, file=sys.stderr)
        return 2
    top = git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        print("check-commits: not in a git repository; no commits to check.", file=sys.stderr)
        return 0
    if argv:
        revisions, found = argv[0], ""
    elif not is_commit("HEAD"):
        return 0  # a repository without commits yet
    else:
        base = base_commit(Path(top.stdout.strip()))
        revisions, found = (f"{base[0]}..HEAD", f" (base: {base[1]})") if base else ("HEAD", "")
    commits = messages(revisions)
    failed = 0
    for short, message in commits:
        broken = problems(message)
        if broken:
            failed += 1
            subject = message.split("\n", 1)[0]
            shown = subject if len(subject) <= 60 else subject[:59] + "…"
            print(f"{short} «{shown}» breaks the commit message rules:")
            for problem in broken:
                print(f"    {problem}")
    print(
        f"check-commits: {len(commits)} commit{'' if len(commits) == 1 else 's'} in "
        f"{revisions}{found}, "
        f"{failed} breaking the rules{' (see scripts/check-commits.py)' if failed else ''}."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
