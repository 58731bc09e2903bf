"""Personal API tokens: made, checked and revoked only here.

A token is `td_` and 43 random characters (`secrets.token_urlsafe(32)`); it is shown once, when
made, and the database keeps only its SHA-256, its first characters (to recognise it in a
list) and its name. It is refused once revoked, after its last day, and while its owner's
account is inactive or locked out of signing in (django-axes, like the sign-in page).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from theodoi.accounts.backends import known_roles, roles_read
from theodoi.accounts.models import User
from theodoi.api.models import ApiToken
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.compiled import Compiled
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed

PREFIX = "td_"
SHOWN = 10  # characters kept to recognise a token: "td_" and 7 more
DEFAULT_DAYS = 90
MAX_DAYS = 366
USE_NOTED_EVERY = timedelta(minutes=1)  # "dùng lần cuối" is kept to the minute, not per request
FIELDS = ["user", "name", "prefix", "expires_on", "revoked_at"]


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Made:
    token: ApiToken
    secret: str  # the whole token, shown once


@transaction.atomic
def token_create(
    *, actor: Actor, user: User, name: str, days: int = DEFAULT_DAYS, today: date | None = None
) -> Made:
    """A new token for `user`, usable through `today + days`."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(
            {"name": "Hãy đặt tên cho khóa (ví dụ: «Văn thư điện tử»)."}, Code.REQUIRED
        )
    if len(name) > 80:
        raise ValidationFailed({"name": "Tên khóa dài quá 80 ký tự."})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(
            {"days": f"Thời hạn của khóa phải từ 1 đến {MAX_DAYS} ngày (đã nhập {days})."}
        )
    if not user.is_active:
        raise ValidationFailed(
            {"user": f"Tài khoản {user.get_username()} đã ngừng hoạt động: không thể tạo khóa."}
        )
    if user.api_tokens.filter(name=name, revoked_at__isnull=True).exists():
        raise ValidationFailed(
            {"name": f"Tài khoản đã có một khóa đang dùng tên «{name}»: hãy đặt tên khác."},
            Code.DUPLICATE,
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    expires = (today or timezone.localdate()) + timedelta(days=days)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:SHOWN], digest=digest_of(secret), expires_on=expires
    )
    record_change(
        actor=actor,
        action=ChangeKind.TOKEN_CREATE,
        obj=token,
        before=None,
        after=snapshot(token, FIELDS),
    )
    return Made(token, secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke `token` (kept, marked revoked); a token already revoked stays as it was."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ValidationFailed(
            {
                "__all__": f"Khóa «{locked.name}» đã bị thu hồi lúc "
                f"{timezone.localtime(locked.revoked_at):%d/%m/%Y %H:%M}."
            },
            Code.WRONG_STATE,
        )
    before = snapshot(locked, FIELDS)
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if actor is not None and actor.pk else None
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record_change(
        actor=actor,
        action=ChangeKind.TOKEN_REVOKE,
        obj=locked,
        before=before,
        after=snapshot(locked, FIELDS),
    )
    return locked


def usable(token: ApiToken, today: date) -> bool:
    return token.revoked_at is None and token.expires_on >= today and token.user.is_active


def _by_digest() -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user", "user__unit").filter(digest="").order_by()
    return tokens.annotate(**roles_read(ApiToken, "user"))  # the roles in the same query


# read on every API request: compiled once per process (docs/adr/0027-compiled-once.md)
BY_DIGEST = Compiled(_by_digest)


def token_for(request: HttpRequest, raw: str) -> ApiToken | None:
    """The token `raw` names if it may be used now (its owner loaded), else None."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token: ApiToken | None = next(iter(BY_DIGEST.instances(digest_of(raw))), None)  # unique
    if token is None or not usable(token, timezone.localdate()):
        return None
    known_roles(token.user, token)
    if AxesProxyHandler.is_locked(request, {"username": token.user.get_username()}):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_NOTED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def state_of(token: ApiToken, today: date) -> str:
    """How the token stands, in words for its list."""
    if token.revoked_at is not None:
        return f"Đã thu hồi {timezone.localtime(token.revoked_at):%d/%m/%Y %H:%M}"
    if token.expires_on < today:
        return f"Hết hạn {format_date(token.expires_on)}"
    return f"Dùng được đến hết {format_date(token.expires_on)}"
