"""How `theodoi backup` and `theodoi restore` report: a Vietnamese summary, or JSON with
`--json`; a failure goes to stderr with what the target holds, and the exit status is 1."""

import json
import sys
from typing import NoReturn

from django.core.management.base import OutputWrapper

from theodoi.backups.manifest import OperationFailed
from theodoi.core.errors import ValidationFailed


def fail(stdout: OutputWrapper, exc: ValidationFailed | OperationFailed, as_json: bool) -> NoReturn:
    if isinstance(exc, ValidationFailed):
        code, message, state = str(exc.code), "; ".join(exc.errors.values()), ""
    else:
        code, message, state = "failed", exc.message, exc.state
    if as_json:
        answer = {"ok": False, "code": code, "error": message, "target_state": state}
        stdout.write(json.dumps(answer, ensure_ascii=False))
    sys.stderr.write("\n".join(line for line in (message, state) if line) + "\n")
    raise SystemExit(1)


def done(stdout: OutputWrapper, summary: str, answer: dict[str, object], as_json: bool) -> None:
    stdout.write(json.dumps(answer, ensure_ascii=False) if as_json else summary)
