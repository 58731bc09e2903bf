"""Every refusal of the API as JSON: a machine `code`, the Vietnamese `message` the page would
show, and for input the message of each field (`errors`).

The codes are `core.errors.Code` (a service's refusal) and four of the API's own:
`unauthenticated` (401), `not_found` (404), `too_large` (413), `rate_limited` (429).
"""

from datetime import date
from typing import Any

import pydantic
from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from theodoi.core.dates import range_message
from theodoi.core.errors import Code, ConflictError, ValidationFailed

UNAUTHENTICATED = (
    "Thiếu khóa API hoặc khóa không dùng được (sai, hết hạn, đã thu hồi, hoặc tài khoản đang bị "
    "khóa). Gửi tiêu đề «Authorization: Bearer <khóa>»; khóa tạo ở trang Tài khoản."
)
NOT_FOUND = "Không tìm thấy, hoặc bạn không có quyền xem."
RATE_LIMITED = "Khóa API này gửi quá nhiều yêu cầu trong một phút: hãy đợi rồi gửi lại."
NOT_PERMITTED = "Bạn không có quyền thực hiện thao tác này."
VIETNAMESE_DIGITS = str.maketrans({",": ".", ".": ","})  # 2,5 MB; 1.024 KB
TOO_BIG = (
    "Nội dung gửi lên lớn quá {limit} (kể cả tệp đính kèm mã hóa base64): hãy gửi tệp nhỏ "
    "hơn, hoặc đính kèm tệp trên trang."
)


TOO_MANY_FIELDS = "Yêu cầu có quá nhiều tham số hoặc trường (tối đa {limit}): hãy gửi ít hơn."
SUSPICIOUS = "Yêu cầu không hợp lệ nên không được xử lý."


class ErrorOut(Schema):
    code: str = pydantic.Field(examples=["invalid"])
    message: str = pydantic.Field(examples=["Thời hạn trước ngày ban hành văn bản."])
    errors: dict[str, str] = pydantic.Field(default_factory=dict)


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    """`errors` by field: a dict, not keywords, since a field may be named `code` or `message`
    (a task's code)."""
    body = {"code": code, "message": message, "errors": errors or {}}
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="theodoi"'
    return response


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "header", "payload"}]
    parts = [p for p in parts if not p.isdigit()] or parts
    return ".".join(parts) or "__all__"


def _message(error: dict[str, Any], field: str) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    name = f"«{field}»"
    if kind == "missing" and field == "__all__":
        return "Thiếu nội dung JSON của yêu cầu (tiêu đề «Content-Type: application/json»)."
    if kind == "missing":
        return f"Thiếu trường {name}."
    if kind == "extra_forbidden":
        return f"Trường {name} không có trong thao tác này."
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return "Nội dung gửi lên không phải một đối tượng JSON hợp lệ."
    if kind.startswith("int") or kind.startswith("float"):
        return f"{name} phải là một số nguyên."
    if kind == "day_out_of_range":
        return range_message(name, date.fromisoformat(ctx["given"]))
    if kind.startswith("date"):
        return f"{name} phải là một ngày dạng YYYY-MM-DD (ví dụ 2026-12-31)."
    if kind.startswith("bool"):
        return f"{name} phải là true hoặc false."
    if kind in {"list_type", "tuple_type", "set_type"}:
        return f"{name} phải là một danh sách."
    if kind.startswith("string") and kind != "string_too_long":
        return f"{name} phải là chuỗi ký tự."
    if kind == "string_too_long":
        return f"{name} dài quá {ctx.get('max_length')} ký tự."
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{name} phải từ {ctx.get('ge', ctx.get('gt'))} trở lên."
    if kind in {"less_than_equal", "less_than"}:
        return f"{name} phải không quá {ctx.get('le', ctx.get('lt'))}."
    if kind in {"enum", "literal_error"}:
        return f"{name} phải là một trong: {ctx.get('expected', '')}."
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", ""))
    return f"Giá trị của {name} không hợp lệ."


def install(api: NinjaAPI) -> None:
    """The API's exception handlers: every answer that is not a success reads the same way."""

    def invalid_input(request: HttpRequest, exc: Any) -> HttpResponse:  # ValidationError
        errors: dict[str, str] = {}
        for error in exc.errors:
            field = _field(error.get("loc", ()))
            errors.setdefault(field, _message(error, field))
        first = next(iter(errors.values()), "Dữ liệu gửi lên không hợp lệ.")
        return error_response(api, request, 400, Code.INVALID, first, errors)

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:  # ValidationFailed
        status = 403 if exc.code == Code.NOT_PERMITTED else 400
        if exc.code == Code.STALE:
            status = 409
        message = "; ".join(exc.errors.values())
        return error_response(api, request, status, exc.code, message, exc.errors)

    def stale(request: HttpRequest, exc: Any) -> HttpResponse:  # ConflictError
        return error_response(api, request, 409, Code.STALE, str(exc))

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:  # PermissionDenied
        return error_response(api, request, 403, Code.NOT_PERMITTED, str(exc) or NOT_PERMITTED)

    def missing(request: HttpRequest, exc: Any) -> HttpResponse:  # Http404
        return error_response(api, request, 404, Code.NOT_FOUND, NOT_FOUND)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:  # HttpError
        if isinstance(exc, AuthenticationError):
            return error_response(api, request, 401, "unauthenticated", UNAUTHENTICATED)
        if isinstance(exc, Throttled):
            response = error_response(api, request, 429, "rate_limited", RATE_LIMITED)
            if exc.wait is not None:
                response["Retry-After"] = str(max(1, round(exc.wait)))
            return response
        if isinstance(exc.__cause__, ValidationFailed):  # a body the parser refused
            return refused(request, exc.__cause__)
        return error_response(api, request, exc.status_code, "http_error", str(exc))

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:  # RequestDataTooBig
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        size = f"{limit // 1024:,} KB" if limit < 1024 * 1024 else f"{limit / 1024**2:,.1f} MB"
        message = TOO_BIG.format(limit=size.translate(VIETNAMESE_DIGITS))
        return error_response(api, request, 413, "too_large", message)

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:  # SuspiciousOperation
        # what Django refuses before reading a request (its own answer is an HTML page)
        if isinstance(exc, TooManyFieldsSent):
            limit = f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}".translate(VIETNAMESE_DIGITS)
            return error_response(
                api, request, 400, Code.INVALID, TOO_MANY_FIELDS.format(limit=limit)
            )
        return error_response(api, request, 400, Code.INVALID, SUSPICIOUS)

    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(SuspiciousOperation, suspicious)
    api.add_exception_handler(ValidationError, invalid_input)
    api.add_exception_handler(ValidationFailed, refused)
    api.add_exception_handler(ConflictError, stale)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, missing)
    api.add_exception_handler(HttpError, http_error)
