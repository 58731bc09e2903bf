"""Pieces the `theodoi` commands share."""

from collections.abc import Mapping
from datetime import date
from typing import overload

from django.core.management.base import CommandError

from theodoi.core.dates import DateParseError, parse_date


@overload
def date_option(options: Mapping[str, object], name: str, default: date) -> date: ...
@overload
def date_option(options: Mapping[str, object], name: str, default: None = None) -> date | None: ...
def date_option(
    options: Mapping[str, object], name: str, default: date | None = None
) -> date | None:
    """The command's `--name` date (dd/mm/yyyy or yyyy-mm-dd, 1900-2100), or `default` when
    not given; a bad one stops the command with a message naming the option and the value."""
    text = str(options.get(name.replace("-", "_")) or "").strip()
    if not text:
        return default
    try:
        return parse_date(text, f"--{name}")
    except DateParseError as exc:
        raise CommandError(str(exc)) from exc
