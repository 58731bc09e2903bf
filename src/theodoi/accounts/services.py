"""Managing people and their roles. Every change is recorded in the change log."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from theodoi.accounts.models import Role, User, UserRole
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.notifications.models import Mail, MailKind
from theodoi.notifications.services import mail_now

# A person gets at most this many reset links in RESET_MAIL_WINDOW (docs/operations.md)
RESET_MAILS = 3
RESET_MAIL_WINDOW = timedelta(hours=1)

USER_FIELDS = ["username", "full_name", "position", "email", "unit", "is_active"]


def user_snapshot(user: User) -> dict[str, Any]:
    roles = sorted(user.role_grants.values_list("role", flat=True)) if user.pk else []
    return snapshot(user, USER_FIELDS, roles=roles)


def _check_roles(roles: list[str]) -> None:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationFailed({"roles": f"Vai trò không hợp lệ: {', '.join(unknown)}."})


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed({"password": " ".join(exc.messages)}) from exc


def _set_roles(user: User, roles: list[str]) -> None:
    wanted = set(roles)
    user.role_grants.exclude(role__in=wanted).delete()
    have = set(user.role_grants.values_list("role", flat=True))
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - have)])
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    roles: list[str],
    password_hash: str = "",
    **fields: Any,
) -> User:
    """Create an account. `password_hash` (a hash made by `make_password` from a password that
    passed the rules) lets a batch share one hashing, e.g. the demo's many unit heads."""
    username = username.strip()
    if not username:
        raise ValidationFailed({"username": "Tên đăng nhập không được để trống."}, Code.REQUIRED)
    taken = ValidationFailed(
        {"username": f"Tên đăng nhập «{username}» đã có người dùng."}, Code.DUPLICATE
    )
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    _check_roles(roles)
    user = User(username=username, **fields)
    if password_hash:
        user.password = password_hash
    else:
        _check_password(password, user)
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        if User.objects.filter(username__iexact=username).exists():  # created meanwhile
            raise taken from None
        raise
    _set_roles(user, roles)
    record_change(
        actor=actor, action=ChangeKind.CREATE, obj=user, before=None, after=user_snapshot(user)
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    expected_version: int,
    roles: list[str],
    reason: str = "",
    **fields: Any,
) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.version != expected_version:
        raise ConflictError("Tài khoản này vừa được người khác sửa. Hãy tải lại trang.")
    _check_roles(roles)
    if actor is not None and actor.pk == locked.pk and Role.ADMIN not in roles:
        raise ValidationFailed(
            {"roles": "Không thể tự bỏ vai trò quản trị của chính mình."}, Code.NOT_PERMITTED
        )
    before = user_snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    _set_roles(locked, roles)
    after = user_snapshot(locked)
    if before == after:
        return locked
    locked.version += 1
    locked.save()
    record_change(
        actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=after, reason=reason
    )
    return locked


@transaction.atomic
def user_set_password(
    *, actor: Actor, user: User, password: str, reason: str = "Đặt lại mật khẩu"
) -> User:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_change(
        actor=actor,
        action=ChangeKind.SET_PASSWORD,
        obj=user,
        before=None,
        after=None,
        reason=reason,
    )
    return user


def check_current_password(user: User, password: str) -> None:
    """Refuse a change to the person's own sign-in unless they typed their password again
    (a session left open is not enough)."""
    if not user.check_password(password):
        raise ValidationFailed(
            {"current_password": "Mật khẩu hiện tại không đúng."}, Code.NOT_PERMITTED
        )


def password_change(*, user: User, current_password: str, password: str) -> User:
    """The person changes their own password."""
    check_current_password(user, current_password)
    return user_set_password(actor=user, user=user, password=password, reason="Tự đổi mật khẩu")


def password_reset(*, user: User, password: str) -> User:
    """The person sets a new password from the link mailed to them. It does not lift a lock-out
    (django-axes) nor the second factor: signing in still needs both (docs/operations.md)."""
    return user_set_password(
        actor=user, user=user, password=password, reason="Đặt lại mật khẩu qua thư điện tử"
    )


@transaction.atomic
def password_reset_mail(*, user: User, to: str, subject: str, body: str) -> Mail | None:
    """Queue the mail with a reset link for `user` (it leaves in the background once this
    commits, so the page answers the same whether the address has an account or not), unless
    they got RESET_MAILS such mails in the last RESET_MAIL_WINDOW: then nothing is sent and
    None is returned, which the page does not show either."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    since = timezone.now() - RESET_MAIL_WINDOW
    recent = Mail.objects.filter(user=user, kind=MailKind.PASSWORD_RESET, created_at__gte=since)
    if recent.count() >= RESET_MAILS:
        return None
    return mail_now(user=user, to=to, subject=subject, body=body, kind=MailKind.PASSWORD_RESET)
