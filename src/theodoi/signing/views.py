"""The check page (any PDF a person uploads) and the check of a task's attached PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from theodoi.core.access import Action, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.signing import keys, verify
from theodoi.signing.forms import CheckForm
from theodoi.tasks.scope import visible_attachment


def check_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.CHECK_SIGNATURES)
    form = CheckForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = submit(
            form, lambda: verify.check_file(upload, upload.name or "tep.pdf", upload.size)
        )
    return render(
        request,
        "signing/check.html",
        {"form": form, "result": result, "trust_note": keys.trust_roots()[1]},
    )


def attachment_check(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    attachment = visible_attachment(request.user, pk)
    if attachment is None:
        raise Http404("Không có tệp này hoặc bạn không được xem.")
    result, refusal = None, ""
    try:
        with attachment.file.open("rb") as handle:
            result = verify.check_file(handle, attachment.name, attachment.size)
    except ValidationFailed as exc:
        refusal = str(exc)
    return render(
        request,
        "signing/attachment.html",
        {"attachment": attachment, "result": result, "refusal": refusal},
    )
