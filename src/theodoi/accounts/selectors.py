"""Reads for the user management pages."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts.models import User
from theodoi.core.access import SECOND_FACTOR_ROLES
from theodoi.core.collation import vi_order


@dataclass(frozen=True)
class UserRow:
    user: User
    roles: list[str]  # their labels
    second_factor: str  # its state, in words


def user_rows() -> list[UserRow]:
    """Every account with its roles and whether its second factor is on (three queries)."""
    users = (
        User.objects.select_related("unit")
        .prefetch_related("role_grants")
        .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by(vi_order("unit__name"), "username")
    )
    rows = []
    for user in users:
        grants = list(user.role_grants.all())
        if user.has_app:
            state = "Đã bật"
        elif {g.role for g in grants} & SECOND_FACTOR_ROLES:
            state = "Chưa bật (bắt buộc: cài khi đăng nhập)"
        else:
            state = "Chưa bật"
        rows.append(UserRow(user, [g.get_role_display() for g in grants], state))
    return rows
