"""The API's interactive documentation (`/api/v1/docs/`, from `/api/v1/openapi.json`) reads in
Vietnamese: every operation has a Vietnamese summary and description, and no description is
the English docstring django-ninja would take from the endpoint's code."""

import re
import unicodedata
from typing import Any

from theodoi.api.main import api
from theodoi.api.routers import ROUTERS

# a Vietnamese letter once its marks are apart: a tone or a hat, a breve, a horn, or đ
VIETNAMESE = re.compile(r"[\u0300-\u0303\u0306\u0309\u031b\u0323đĐ]")
# English words no Vietnamese sentence has, outside `code` and «quotes»
ENGLISH = re.compile(r"\b(the|of|and|with|its|is|are|which|when|each|every)\b", re.IGNORECASE)
QUOTED = re.compile(r"`[^`]*`|«[^»]*»")


def _vietnamese(text: str) -> bool:
    return bool(VIETNAMESE.search(unicodedata.normalize("NFD", text)))


def _words(text: str) -> str:
    return " ".join(text.split())


def _operations() -> list[tuple[str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def _docstrings() -> set[str]:
    found = set()
    for _prefix, router in ROUTERS:
        for view in router.path_operations.values():
            for operation in view.operations:
                if operation.view_func.__doc__:
                    found.add(_words(operation.view_func.__doc__))
    return found


def test_every_operation_has_a_vietnamese_summary_and_description() -> None:
    operations = _operations()
    assert len(operations) >= 50  # the steps of the cycle alone are 24
    missing = [
        name
        for name, operation in operations
        if not _vietnamese(operation.get("summary") or "")
        or not _vietnamese(operation.get("description") or "")
    ]
    assert missing == []


def test_no_description_is_an_english_note_for_programmers() -> None:
    docstrings = _docstrings()
    english = [
        name
        for name, operation in _operations()
        if _words(operation.get("description") or "") in docstrings
        or (operation.get("description") or "").startswith(("The ", "A ", "An ", "Each "))
        or ENGLISH.search(QUOTED.sub("", operation.get("description") or ""))
    ]
    assert english == []


def _descriptions(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """The descriptions of the schemas, their fields and the operations' parameters."""
    found = []
    for name, model in schema["components"]["schemas"].items():
        found.append((name, model.get("description")))
        for field, prop in model.get("properties", {}).items():
            found.append((f"{name}.{field}", prop.get("description")))
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['name']}"
                found.append((where, parameter.get("description")))
    return [(where, text) for where, text in found if text]


def test_the_fields_and_parameters_described_are_described_in_vietnamese() -> None:
    described = _descriptions(api.get_openapi_schema())
    assert len(described) > 100
    english = [
        (where, text)
        for where, text in described
        if not _vietnamese(text) or ENGLISH.search(QUOTED.sub("", text))
    ]
    assert english == []


def test_the_steps_say_which_step_and_how_a_step_is_refused() -> None:
    steps = [op for name, op in _operations() if name.startswith("POST /api/v1/tasks/{task_id}/")]
    assert len(steps) >= 20
    for operation in steps:
        description = operation["description"]
        assert f"«{operation['summary']}»" in description
        assert "phiên bản" in description and "If-Match" in description
        assert "`wrong_state`" in description and "`not_permitted`" in description
        assert "409" in description
