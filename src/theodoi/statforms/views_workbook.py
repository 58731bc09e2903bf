"""The Excel template of a unit's form: download it (whoever reads the report), and upload it
filled (the reporting unit's people) on a small page of its own that lists what was found,
cell by cell. Thin: the rules are in `workbook`, `upload` and the services they call."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from theodoi.core.downloads import xlsx_download
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import apply_service_errors
from theodoi.core.http import AuthedRequest
from theodoi.reports import scope
from theodoi.reports.forms import VersionForm
from theodoi.statforms.upload import MAX_BYTES, TemplateRefused, file_bytes, form_upload
from theodoi.statforms.views import form_request
from theodoi.statforms.workbook import template_for


class UploadForm(VersionForm):
    upload = forms.FileField(
        label="Tệp mẫu đã điền (.xlsx)",
        allow_empty_file=True,  # the service names an empty file
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx", "data-max-bytes": str(MAX_BYTES)}
        ),
    )
    submit_now = forms.BooleanField(
        label="Nộp luôn (nếu số liệu không có lỗi); không chọn: chỉ lưu bản nháp",
        required=False,
    )


def template_view(request: AuthedRequest, pk: int) -> HttpResponse:
    made = template_for(form_request(request, pk))
    return xlsx_download(made.content, made.filename)


def upload_view(request: AuthedRequest, pk: int) -> HttpResponse:
    report = form_request(request, pk)
    if not scope.writes(request.user, report):
        raise Http404("Không tìm thấy báo cáo.")
    form = UploadForm(initial={"version": report.version})
    context: dict[str, object] = {"report": report, "round": report.round}
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["upload"]
            try:
                done = form_upload(
                    actor=request.user,
                    request=report,
                    expected_version=data["version"],
                    data=file_bytes(upload),
                    name=upload.name or "(không tên)",
                    submit=data["submit_now"],
                )
            except TemplateRefused as exc:
                context["refused"] = [str(f) for f in exc.findings]
            except ValidationFailed as exc:
                apply_service_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
            else:
                if done.submission is not None:
                    messages.success(
                        request,
                        f"Đã nộp biểu mẫu từ tệp «{upload.name}» (lần {done.submission.number}).",
                    )
                    return redirect("statforms:entry", pk=report.pk)
                report.refresh_from_db()
                form = UploadForm(initial={"version": report.version})
                context["saved"] = upload.name
                context["errors"] = [str(f) for f in done.findings if not f.warning]
                context["warnings"] = [str(f) for f in done.findings if f.warning]
    context["form"] = form
    return render(request, "statforms/upload.html", context)
