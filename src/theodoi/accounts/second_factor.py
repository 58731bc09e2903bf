"""The second factor of signing in: a code from an authenticator app (TOTP, django-otp's
`TOTPDevice`) and ten one-time recovery codes (its `StaticDevice`).

Administrators, leaders and the Office must have one (`core.access.SECOND_FACTOR_ROLES`);
everyone else may turn it on. A person has at most one confirmed app: a new one is set up as
an unconfirmed device, shown as a QR code and as text, and replaces the old one only when a
code from it is confirmed. Every change to a person's second factor is in the change log.
"""

import re
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts.models import User
from theodoi.accounts.services import check_current_password
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change
from theodoi.core.access import SECOND_FACTOR_ROLES
from theodoi.core.errors import Code, ValidationFailed

RECOVERY_CODE_COUNT = 10
APP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"
APP_CODE = re.compile(r"\d{6}")
_SEPARATORS = re.compile(r"[\s-]+")

# What comes after a right password (accounts/signin.py)
SIGNED_IN, ASK_CODE, ENROL = "", "code", "enrol"


def is_required(user: User) -> bool:
    return bool(user.roles & SECOND_FACTOR_ROLES)


def has_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_after_password(user: User) -> str:
    if has_app(user):
        return ASK_CODE
    return ENROL if is_required(user) else SIGNED_IN


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def state(user: User) -> dict[str, Any]:
    """What the change log keeps of a person's second factor (never a secret or a code)."""
    return {"second_factor": has_app(user), "recovery_codes": recovery_codes_left(user)}


def _plain(code: str) -> str:
    return _SEPARATORS.sub("", code).lower()


# --- signing in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    device: Device
    recovery_codes_left: int | None  # None: the code came from the app


def code_verify(*, user: User, code: str) -> Verified:
    """Check a code typed at sign-in: six digits from the app, or an unused recovery code
    (which is then used up). django-otp throttles each device: after n failures in a row it
    refuses every code for 2^(n-1) seconds. Failures are saved before the refusal is raised."""
    typed = _plain(code)
    kind = TOTPDevice if APP_CODE.fullmatch(typed) else StaticDevice
    waits = []
    with transaction.atomic():
        devices = kind.objects.filter(user=user, confirmed=True).select_for_update()
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                waits.append(details["locked_until"])
            elif device.verify_token(typed):
                left = device.token_set.count() if kind is StaticDevice else None
                return Verified(device, left)
    if waits:
        until = timezone.localtime(max(waits))
        raise ValidationFailed(
            {"code": f"Đã nhập sai mã nhiều lần: hãy đợi đến {until:%H:%M:%S} rồi thử lại."},
            Code.WRONG_STATE,
        )
    raise ValidationFailed(
        {
            "code": "Mã không đúng hoặc đã được dùng. Hãy nhập mã 6 số đang hiện trên ứng dụng "
            "xác thực, hoặc một mã dự phòng chưa dùng."
        },
        Code.INVALID,
    )


# --- setting up -------------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The app being set up: made on the first visit, the same one shown until confirmed. An
    unconfirmed device signs nobody in, so it is not in the change log."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def secret_picture(device: TOTPDevice) -> SafeString:
    """The app's set-up address as a QR code, an inline SVG made here (no script, no other
    site): paths only, so it passes the Content-Security-Policy."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # our own markup, no user text


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def enrolment_confirm(
    *, actor: Actor, user: User, code: str, current_password: str | None = None
) -> list[str]:
    """Turn on the app being set up once a code from it is right; it replaces any earlier app.
    Returns the new recovery codes, to be shown once. From the profile page the person types
    their password again (`current_password`); at sign-in they have just typed it."""
    if current_password is not None:
        check_current_password(user, current_password)
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise ValidationFailed(
            {"code": "Không có mã bí mật nào đang chờ xác nhận: hãy mở lại trang cài đặt."},
            Code.WRONG_STATE,
        )
    if not device.verify_token(_plain(code)):
        raise ValidationFailed(
            {
                "code": "Mã không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng vừa quét mã QR "
                "(mã đổi sau mỗi 30 giây)."
            },
            Code.INVALID,
        )
    before = state(user)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record_change(
        actor=actor, action=ChangeKind.SECOND_FACTOR_ON, obj=user, before=before, after=state(user)
    )
    return codes


@transaction.atomic
def app_set_key(*, actor: Actor, user: User, key: str, reason: str) -> TOTPDevice:
    """Turn on an app with a known secret (hex): the demo's documented key (demo/services.py)."""
    before = state(user)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, key=key, confirmed=True)
    record_change(
        actor=actor,
        action=ChangeKind.SECOND_FACTOR_ON,
        obj=user,
        before=before,
        after=state(user),
        reason=reason,
    )
    return device


@transaction.atomic
def recovery_codes_renew(*, user: User, current_password: str) -> list[str]:
    """Ten new recovery codes for the person; the old ones stop working."""
    check_current_password(user, current_password)
    if not has_app(user):
        raise ValidationFailed(
            {"__all__": "Hãy bật xác thực hai bước trước khi lấy mã dự phòng."}, Code.WRONG_STATE
        )
    before = state(user)
    codes = _new_recovery_codes(user)
    record_change(
        actor=user,
        action=ChangeKind.RECOVERY_CODES,
        obj=user,
        before=before,
        after=state(user),
        reason="Các mã dự phòng cũ hết hiệu lực",
    )
    return codes


# --- removing ---------------------------------------------------------------------------------


def _remove(*, actor: Actor, user: User, reason: str) -> None:
    before = state(user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_change(
        actor=actor,
        action=ChangeKind.SECOND_FACTOR_OFF,
        obj=user,
        before=before,
        after=state(user),
        reason=reason,
    )


@transaction.atomic
def second_factor_turn_off(*, user: User, current_password: str) -> User:
    """The person turns off their own second factor, where their roles do not require it."""
    check_current_password(user, current_password)
    if is_required(user):
        raise ValidationFailed(
            {"__all__": "Vai trò của bạn bắt buộc xác thực hai bước: không thể tắt."},
            Code.NOT_PERMITTED,
        )
    if not has_app(user):
        raise ValidationFailed({"__all__": "Xác thực hai bước đang tắt."}, Code.WRONG_STATE)
    _remove(actor=user, user=user, reason="Tự tắt xác thực hai bước")
    return user


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: User, reason: str) -> User:
    """An administrator (or the command line) removes a person's app and recovery codes, e.g.
    after a lost phone. A person whose roles require a second factor sets up a new one at their
    next sign-in; the sessions they have open go on (they had passed the old one)."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            {"reason": "Hãy ghi lý do gỡ xác thực hai bước (ví dụ: mất điện thoại)."},
            Code.REQUIRED,
        )
    if not (has_app(user) or recovery_codes_left(user)):
        raise ValidationFailed(
            {"__all__": f"{user} chưa bật xác thực hai bước: không có gì để gỡ."},
            Code.WRONG_STATE,
        )
    _remove(actor=actor, user=user, reason=reason)
    return user
