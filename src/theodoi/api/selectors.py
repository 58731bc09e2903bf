"""Reads of a person's API tokens for the pages: their own (profile) and an administrator's."""

from dataclasses import dataclass
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.api.models import ApiToken
from theodoi.api.tokens import state_of


@dataclass(frozen=True)
class TokenRow:
    """A token as its list shows it: never the secret, only its first characters."""

    token: ApiToken
    name: str
    shown: str  # "td_XXXXXXX…"
    created: str  # dd/mm/yyyy HH:MM
    last_used: str
    state: str  # in words (`tokens.state_of`), with who revoked it when not its owner
    revocable: bool  # not revoked yet


def _moment(value: datetime | None, empty: str) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value is not None else empty


def token_row(token: ApiToken, today: date) -> TokenRow:
    state = state_of(token, today)
    revoker = token.revoked_by
    if revoker is not None and revoker.pk != token.user_id:
        state = f"{state} (người thu hồi: {revoker})"
    return TokenRow(
        token=token,
        name=token.name,
        shown=f"{token.prefix}…",
        created=_moment(token.created_at, ""),
        last_used=_moment(token.last_used_at, "Chưa dùng"),
        state=state,
        revocable=token.revoked_at is None,
    )


def token_rows(user: User, today: date | None = None) -> list[TokenRow]:
    """The person's tokens, newest first, with who revoked each (one query)."""
    day = today or timezone.localdate()
    tokens = ApiToken.objects.filter(user=user).select_related("revoked_by")
    return [token_row(token, day) for token in tokens]


def token_of(user: User, pk: int) -> ApiToken:
    """The person's token `pk`; another person's or none: 404, so that ids do not leak."""
    return get_object_or_404(ApiToken.objects.select_related("revoked_by"), pk=pk, user=user)
