"""One-time form tokens: a form that creates something acts once, however often it is sent.

Every page that draws such a form puts `{% form_token %}` in it (`core/templatetags`): a
signed token naming the person and a random key, made fresh for each drawing. The view is
marked `@once_per_form`. Its POST claims the key by inserting a `FormSubmission` row (unique
key) and runs the view in the same transaction: when the view redirects (it acted), the row
keeps where it redirected; when it draws the form again (refused input), everything is rolled
back and the key stays unused. A second POST with the same key — a double click, a script
sending twice, Back and send again — finds the row, or waits for the first to commit and then
finds it (the unique index on both databases), and is redirected to what the first one made,
with a message saying so; nothing is written twice.

The token sits in a text input hidden from view, not in `type="hidden"`: a browser going Back
to a form fetches it again and refills the text inputs whose value differed from the page's;
`static/theodoi/form-token.js` makes the token one of them, so a refilled form is recognised
as the one already sent, while a form opened afresh gets a new token (docs/operations.md,
"Forms that create something").
"""

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from theodoi.core.http import AuthedRequest
from theodoi.core.models import FormSubmission

FIELD = "form_token"
MARK = "once_per_form"  # set on a marked view (a test lists them)
MAX_AGE = timedelta(days=2)  # longer than a session may stay idle (at most 24 h)
_SALT = "theodoi.core.once"
ALREADY = (
    "Biểu mẫu này đã được gửi lúc {at}; lần gửi lại không ghi thêm gì. "
    "Đây là kết quả của lần gửi đó."
)
REFUSED = "Biểu mẫu đã mở quá lâu hoặc không còn hợp lệ, chưa ghi gì: hãy nhập lại rồi gửi."


def new_token(user_id: int | None) -> str:
    """A token for one drawing of a form, for the person `user_id`."""
    return signing.dumps([user_id, secrets.token_urlsafe(18)], salt=_SALT)


def _key(request: AuthedRequest) -> str | None:
    """The key of the POSTed token, if this server made it for this person within MAX_AGE."""
    token = request.POST.get(FIELD, "")
    try:
        user_id, key = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return key if user_id == request.user.pk and isinstance(key, str) else None


View = Callable[..., HttpResponse]


def once_per_form(view: View) -> View:
    """Run the view's POST at most once per form token (see the module's docstring)."""

    @wraps(view)
    def guarded(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = _key(request)
        if key is None:
            messages.error(request, REFUSED)
            return redirect(request.get_full_path())
        with transaction.atomic():
            try:
                FormSubmission.objects.create(key=key, user_id=request.user.pk)
            except IntegrityError:  # sent before: nothing more in this transaction
                transaction.set_rollback(True)
            else:
                # forms sent before any token still valid was made cannot come again
                FormSubmission.objects.filter(at__lt=timezone.now() - MAX_AGE).delete()
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and response.has_header("Location"):
                    FormSubmission.objects.filter(key=key).update(result_url=response["Location"])
                else:
                    transaction.set_rollback(True)  # refused input: the key stays unused
                return response
        first = FormSubmission.objects.get(key=key)
        at = timezone.localtime(first.at)
        messages.info(request, ALREADY.format(at=f"{at:%H:%M:%S ngày %d/%m/%Y}"))
        return redirect(first.result_url)

    setattr(guarded, MARK, True)
    return guarded
