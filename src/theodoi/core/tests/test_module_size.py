"""Modules fit in a head: none outside migrations and tests passes 450 lines (STYLE.md §11;
a module that grows becomes a package of the same name, as tasks/steps/ and tasks/selectors/)."""

from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
LIMIT = 450


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        str(path.relative_to(SRC)): count
        for path in SRC.rglob("*.py")
        if not {"migrations", "tests", "browser_tests"} & set(path.parts)
        and (count := len(path.read_text().splitlines())) > LIMIT
    }
    assert long == {}
