"""How the API reads a query string and a JSON body: ninja's parser, and two rules for every
endpoint — a body that is not JSON is refused in Vietnamese, saying where it stops being JSON
(ninja's own answer is English, "Cannot parse request body"), and text with a NUL character
(`\\u0000`) is refused with a 400 naming the field.

The pages never meet a NUL (Django's form fields refuse it); through the API it would reach a
query or a row, and PostgreSQL cannot keep or compare a NUL in text (a 500, where SQLite just
found nothing). A path with one names nothing: `urls.py` answers it 404.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from theodoi.core.errors import Code, ValidationFailed

NUL = "\x00"


NOT_JSON = (
    "Nội dung gửi lên không phải JSON hợp lệ ({where}): hãy gửi một đối tượng JSON, mã hóa "
    "UTF-8, với tiêu đề «Content-Type: application/json»."
)


def not_json(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"lỗi ở dòng {exc.lineno}, cột {exc.colno}"
    elif isinstance(exc, UnicodeDecodeError):
        where = f"byte thứ {exc.start + 1} không phải UTF-8"
    elif isinstance(exc, RecursionError):
        where = "lồng nhau quá sâu"
    else:  # an integer of thousands of digits
        where = "có một số quá dài"
    return NOT_JSON.format(where=where)


def nul_message(field: str) -> str:
    return f"«{field}» chứa ký tự NUL (\\u0000), không nhận được: hãy bỏ ký tự này."


def field_with_nul(value: Any, path: tuple[str, ...] = ()) -> str | None:
    """The dotted name of the first text (or key) in `value` holding a NUL, else None."""
    if isinstance(value, str):
        return ".".join(path) or "__all__" if NUL in value else None
    items: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = [(None, item) for item in value]
    for key, item in items:
        if isinstance(key, str) and NUL in key:
            return ".".join((*path, key.replace(NUL, ""))) or "__all__"
        found = field_with_nul(item, path if key is None else (*path, key))
        if found is not None:
            return found
    return None


def refuse_nul(data: Any) -> None:
    field = field_with_nul(data)
    if field is not None:
        raise ValidationFailed({field: nul_message(field)}, Code.INVALID)


class ApiParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        # ninja wraps what this raises in HttpError(400): errors.py answers its cause
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError) as exc:
            raise ValidationFailed({"__all__": not_json(exc)}, Code.INVALID) from exc
        refuse_nul(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        refuse_nul({key: data.getlist(key) for key in data})
        return super().parse_querydict(data, list_fields, request)
