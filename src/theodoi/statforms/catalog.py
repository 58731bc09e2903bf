"""Which forms exist and which version a period uses. The forms ship as JSON files in
`definitions/` (`<code>-<version>.json`); `install` writes each file's version once into
`FormDefinition` (a version, once installed, is never changed: a form changed by next year's
plan is a new file with the next version and its `valid_from`)."""

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from theodoi.core.errors import Code, ValidationFailed
from theodoi.statforms.definition import Definition, FormCalendar, read
from theodoi.statforms.models import FormDefinition

FOLDER = Path(__file__).parent / "definitions"


@lru_cache(maxsize=1)
def _files() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted(FOLDER.glob("*.json")))


def shipped() -> list[dict[str, Any]]:
    """The forms the code ships, as schemas (fresh copies: callers may not change the cache)."""
    return [json.loads(text) for text in _files()]


def install() -> int:
    """Write the shipped versions that are not in the database yet; how many were written."""
    written = 0
    have = set(FormDefinition.objects.values_list("code", "version"))
    for schema in shipped():
        read(schema)  # a malformed file is refused before anything is written
        key = (schema["code"], int(schema["version"]))
        if key in have:
            continue
        try:
            with transaction.atomic():
                FormDefinition.objects.create(
                    code=key[0],
                    version=key[1],
                    valid_from=date.fromisoformat(schema["valid_from"]),
                    title=schema["title"],
                    schema=schema,
                )
            written += 1
        except IntegrityError:  # another process installed it at the same moment
            pass
    return written


@lru_cache(maxsize=64)
def _parsed(pk: int, version: int) -> Definition:
    return read(FormDefinition.objects.get(pk=pk).schema)


def definition(row: FormDefinition) -> Definition:
    """The typed reading of a stored version (cached: stored versions never change)."""
    return _parsed(row.pk, row.version)


def row_for(code: str, day: date) -> FormDefinition:
    """The version of form `code` that a period whose data ends on `day` uses (the shipped
    versions are installed the first time one is asked for)."""
    rows = FormDefinition.objects.filter(code=code, valid_from__lte=day)
    row = rows.order_by("-valid_from", "-version").first()
    if row is None and install():
        row = rows.order_by("-valid_from", "-version").first()
    if row is None:
        known = ", ".join(sorted({s["code"] for s in shipped()})) or "không có"
        raise ValidationFailed(
            {
                "form": f"Không có biểu mẫu «{code}» áp dụng cho ngày {day:%d/%m/%Y} "
                f"(các biểu mẫu có: {known})."
            },
            Code.NOT_FOUND,
        )
    return row


def codes() -> list[str]:
    return sorted({s["code"] for s in shipped()})


def calendar(code: str) -> FormCalendar:
    """When form `code` is asked, as its first shipped file writes it (the periods and their
    due dates; a known code: see `codes`)."""
    return read(next(s for s in shipped() if s["code"] == code)).calendar
