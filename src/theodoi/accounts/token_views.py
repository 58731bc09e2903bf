"""API tokens on the pages: a person makes, sees and revokes their own on the profile page; an
administrator sees anyone's and revokes them (never their secrets).

A new token is shown whole once. The view that makes it is `@once_per_form`, which keeps the
token's creation only when the view redirects, so the secret cannot be drawn on the POST's
answer: it waits in the session, tied to the token's id, for the one page the redirect opens,
which takes it out as it draws it (like new recovery codes). Reloading that page, going Back
to it or sending the form again (redirected there by `once_per_form`) finds nothing to show;
the page says so and offers to revoke the token and make another.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.forms import ApiTokenForm
from theodoi.accounts.models import User
from theodoi.api.models import ApiToken
from theodoi.api.selectors import token_of, token_row, token_rows
from theodoi.api.tokens import token_create, token_revoke
from theodoi.core.access import Action, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form

NEW_TOKEN_KEY = "theodoi_new_api_token"


def forget_new_token(request: AuthedRequest, pk: int | None = None) -> str:
    """Take a new token's secret out of the session, whichever it is; return it if it is the
    token `pk`'s, else ""."""
    kept = request.session.pop(NEW_TOKEN_KEY, None)
    if isinstance(kept, dict) and pk is not None and kept.get("id") == pk:
        return str(kept.get("secret", ""))
    return ""


@once_per_form
def token_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    person = request.user
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: token_create(actor=person, user=person, name=data["name"], days=data["days"]),
        )
        if made is not None:
            request.session[NEW_TOKEN_KEY] = {"id": made.token.pk, "secret": made.secret}
            return redirect("profile:token", pk=made.token.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "Tạo khóa API",
            "intro": "Khóa dùng được với đúng quyền của bạn cho đến hết hạn hoặc đến khi bị thu "
            "hồi. Toàn bộ khóa chỉ hiện một lần, ngay sau khi tạo.",
            "submit_label": "Tạo khóa",
            "cancel_url": reverse("profile:home"),
        },
    )


def token_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """One's own token; whole, the one time after it was made."""
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    token = token_of(request.user, pk)
    secret = forget_new_token(request, token.pk)
    return render(
        request,
        "accounts/token.html",
        {"row": token_row(token, timezone.localdate()), "secret": secret},
    )


def _revoke_page(
    request: AuthedRequest, token: ApiToken, owner: User | None, back: str
) -> HttpResponse:
    """Confirm, then revoke: the same page for one's own token and an administrator's."""
    if request.method == "POST":
        try:
            token_revoke(actor=request.user, token=token)
        except ValidationFailed as refused:
            messages.error(request, " ".join(refused.errors.values()))
        else:
            messages.success(request, f"Đã thu hồi khóa «{token.name}»: khóa không dùng được nữa.")
        return redirect(back)
    return render(
        request,
        "accounts/token_revoke.html",
        {"row": token_row(token, timezone.localdate()), "owner": owner, "back": back},
    )


def token_revoke_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    token = token_of(request.user, pk)
    return _revoke_page(request, token, None, reverse("profile:home"))


def user_tokens_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator's view of a person's tokens: names and states, never a secret."""
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(User, pk=pk)
    return render(
        request,
        "accounts/user_tokens.html",
        {"person": person, "rows": token_rows(person)},
    )


def user_token_revoke_view(request: AuthedRequest, pk: int, token_pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(User, pk=pk)
    token = token_of(person, token_pk)
    return _revoke_page(request, token, person, reverse("accounts:tokens", args=[person.pk]))
