from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.dates import DateParseError, parse_date
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.monitoring import charts, services
from theodoi.monitoring.dashboard import CLASSES, dashboard
from theodoi.monitoring.forms import PolicyForm, UrgingForm
from theodoi.monitoring.selectors import dashboard_unit, letter_rows, visible_letters
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import unit_choices
from theodoi.signing import keys
from theodoi.signing.selectors import signed_copy
from theodoi.targets import pages as target_pages
from theodoi.tasks.obstacles import reads as obstacles
from theodoi.tasks.scope import sees_all
from theodoi.tasks.stats import CLASS_LABELS, VIEW_LABELS, View


def dashboard_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_DASHBOARD)
    error = ""
    try:
        text = request.GET.get("ngay", "").strip()
        as_of = parse_date(text, "Tại ngày") if text else timezone.localdate()
    except DateParseError as exc:
        as_of, error = timezone.localdate(), str(exc)
    view = View.UNIT if request.GET.get("goc_nhin") == View.UNIT else View.AGENCY
    requested = request.GET.get("don_vi", "")
    unit = dashboard_unit(request.user, int(requested) if requested.isdigit() else None)
    board = dashboard(request.user, as_of, view, unit)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "board": board,
            "error": error,
            "views": VIEW_LABELS,
            "classes": [(k, CLASS_LABELS[k]) for k in CLASSES],
            "can_urge": can(request.user, Action.URGE_UNITS),
            "open_obstacles": (
                obstacles.open_count() if can(request.user, Action.VIEW_OBSTACLES) else None
            ),
            "obstacles_url": obstacles.queue_url(obstacles.STILL_OPEN),
            "trend_svg": charts.trend_svg(board.trend),
            "units": unit_choices(as_of) if sees_all(request.user) else [],
            "targets": (
                target_pages.attention_rows() if can(request.user, Action.VIEW_TARGETS) else None
            ),
        },
    )


def policy_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_REMINDERS)
    record = services.current_policy_record()
    initial = {name: getattr(record, name) for name in services.POLICY_FIELDS}
    form = PolicyForm(request.POST or None, initial={**initial, "version": record.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = submit(
            form,
            lambda: services.policy_update(actor=request.user, expected_version=version, **data),
        )
        if saved is not None:
            messages.success(request, "Đã lưu cấu hình nhắc việc.")
            return redirect("monitoring:policy")
    return form_page(request, form, "Cấu hình nhắc việc tự động", "/")


@once_per_form
def urge_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.URGE_UNITS)
    unit = get_object_or_404(Unit, pk=pk)
    today = timezone.localdate()
    form = UrgingForm(request.POST or None, initial={"issued_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = submit(
            form,
            lambda: services.urging_create(
                actor=request.user,
                unit=unit,
                issued_on=data["issued_on"],
                soon_days=data["soon_days"],
                number=data["number"],
                signer_authority=data["signer_authority"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
            ),
        )
        if letter is not None:
            messages.success(
                request, f"Đã lập văn bản đôn đốc {letter.tasks.count()} nhiệm vụ; tải về bên dưới."
            )
            return redirect("monitoring:urge", pk=unit.pk)
    overdue, soon = services.urging_tasks(unit, today, 5)
    return render(
        request,
        "monitoring/urge.html",
        {
            "unit": unit,
            "form": form,
            "overdue": overdue,
            "soon": soon,
            "letters": letter_rows(request.user, unit),
        },
    )


def letter_download(request: AuthedRequest, pk: int) -> FileResponse:
    require(request.user, Action.VIEW_TASKS)
    letter = visible_letters(request.user).filter(pk=pk).first()
    if letter is None:
        raise Http404("Không có văn bản này.")
    name = f"Don-doc-{letter.unit.code}-{letter.issued_on:%d-%m-%Y}.docx"
    return FileResponse(letter.file.open("rb"), as_attachment=True, filename=name)


def letter_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Office issues a letter signed with the agency's certificate (POST); the page (GET)
    shows which certificate will sign, or why none can."""
    require(request.user, Action.ISSUE_SIGNED)
    letter = get_object_or_404(visible_letters(request.user), pk=pk)
    if request.method == "POST":
        try:
            copy = services.letter_issue(actor=request.user, letter=letter)
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            when = f"{timezone.localtime(copy.issued_at):%H:%M %d/%m/%Y}"
            messages.success(
                request, f"Đã ký số và phát hành văn bản lúc {when}; tải bản PDF đã ký bên dưới."
            )
        return redirect("monitoring:urge", pk=letter.unit_id)
    try:
        certificate, problem = keys.certificate_info(), ""
    except ValidationFailed as exc:
        certificate, problem = None, str(exc)
    return render(
        request,
        "monitoring/sign.html",
        {
            "letter": letter,
            "copy": signed_copy(letter),
            "certificate": certificate,
            "problem": problem,
        },
    )


def letter_signed(request: AuthedRequest, pk: int) -> FileResponse:
    require(request.user, Action.VIEW_TASKS)
    letter = visible_letters(request.user).filter(pk=pk).first()
    copy = signed_copy(letter) if letter is not None else None
    if letter is None or copy is None:
        raise Http404("Văn bản này chưa được ký số và phát hành.")
    name = f"Don-doc-{letter.unit.code}-{letter.issued_on:%d-%m-%Y}-ky-so.pdf"
    return FileResponse(
        copy.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
