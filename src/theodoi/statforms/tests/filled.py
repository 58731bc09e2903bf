"""A province's figures that pass every rule (section 4 and the 16 columns of section 5), to
change one cell at a time in the tests."""

from typing import Any

SECTION_4 = {
    "4a.total": 30, "4a.new": 25, "4a.carried": 5, "4a.regulations": 4,
    "4a.processed": 26, "4a.processing": 4,
    "4b.total": 12, "4b.new": 10, "4b.carried": 2, "4b.regulations": 1,
    "4b.processed": 12, "4b.processing": 0,
}  # fmt: skip
SECTION_5 = {
    "5.1": 1200, "5.2": 900, "5.3": 200, "5.4": 40, "5.5": 20, "5.6": 40,
    "5.7": 1150, "5.8": 1140, "5.9": 10, "5.10": 50, "5.11": 45, "5.12": 5,
    "5.13": 30, "5.14": 25, "5.15": 1, "5.16": 4,
}  # fmt: skip


def province_values(**changed: Any) -> dict[str, Any]:
    values: dict[str, Any] = {**SECTION_4, **SECTION_5, "6.2.online": 900, "6.2.total": 1200}
    values.update({k.replace("_", "."): v for k, v in changed.items()})
    return values


def central_values(**changed: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict(SECTION_4)
    values.update({k.replace("_", "."): v for k, v in changed.items()})
    return values
