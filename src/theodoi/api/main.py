"""The API at /api/v1/: one `NinjaAPI`, its authentication, limits and refusals, and the routers
each domain app keeps beside its pages (`<app>/api.py`, the way `<app>/views.py` serves pages).
"""

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.throttling import SimpleRateThrottle

from theodoi.api import errors
from theodoi.api.auth import TokenAuth
from theodoi.api.models import ApiToken
from theodoi.api.parsing import ApiParser
from theodoi.api.routers import ROUTERS

DESCRIPTION = """API của hệ thống Theo Dõi (BHXH Việt Nam): đơn vị, lịch làm việc, văn bản,
nhiệm vụ và các bước của chu trình, thống kê, thông báo.

Xác thực: tiêu đề `Authorization: Bearer <khóa>`; mỗi người tạo khóa của mình ở trang
Tài khoản (`/tai-khoan/`). Khóa làm đúng những gì người đó làm được trên các trang.
Lỗi trả về JSON `{"code", "message", "errors"}`; `message` bằng tiếng Việt."""


class TokenRateThrottle(SimpleRateThrottle):
    """So many requests a minute per token (THEODOI_API_PER_MINUTE, read at each request),
    counted in the process's cache: each worker process counts on its own (docs/api.md)."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__("1/m")  # replaced by the setting at each request

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(f"{settings.THEODOI_API_PER_MINUTE}/m")
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None  # not signed in: refused with 401 before any limit
        return f"throttle_token_{token.digest[:32]}"


api = NinjaAPI(
    title="Theo Dõi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    parser=ApiParser(),
    throttle=[TokenRateThrottle()],
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": True}),
    docs_url="/docs/",
)
errors.install(api)
for prefix, router in ROUTERS:
    api.add_router(prefix, router)
