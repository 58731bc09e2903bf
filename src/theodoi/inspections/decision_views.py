"""The decision and team pages (docs/inspections.md, "Quyết định và Đoàn kiểm tra"): the
Office prepares and records the decision (/kiem-tra/<pk>/quyet-dinh/), the head proposes an
extra member (/kiem-tra/<pk>/thanh-vien/), a leader approves or refuses it
(/kiem-tra/thanh-vien/<pk>/duyet/); `decision_context` fills the inspection page's section."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.access import Action, can, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.inspections import scope
from theodoi.inspections.decision_forms import IssueForm, MemberForm, ProposeForm
from theodoi.inspections.decisions import decision_issue, draft_bytes, file_name
from theodoi.inspections.models import Inspection, MemberState, TeamMember
from theodoi.inspections.team import (
    fixed_message,
    member_decide,
    member_propose,
    team_add,
    team_remove,
)
from theodoi.partners.models import Side
from theodoi.tasks.scope import visible_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_HEAD = "Chỉ Trưởng đoàn kiểm tra đề xuất bổ sung thành viên (Điều 16.2)."


def decision_context(inspection: Inspection, user: User) -> dict[str, Any]:
    """What the inspection page's «Quyết định và Đoàn kiểm tra» section shows to `user`."""
    team = list(inspection.team.select_related("unit", "proposed_by", "decided_by"))
    decision = inspection.decision
    sees_document = decision is not None and (
        can(user, Action.VIEW_TASKS) and visible_documents(user).filter(pk=decision.pk).exists()
    )
    today = timezone.localdate()
    return {
        "ours": [m for m in team if m.side == Side.OURS and m.state != MemberState.PROPOSED],
        "theirs": [m for m in team if m.side == Side.PARTNER and m.state != MemberState.PROPOSED],
        "proposals": [m for m in team if m.state == MemberState.PROPOSED],
        "sees_decision_document": sees_document,
        "may_prepare": decision is None and can(user, Action.CREATE_INSPECTIONS),
        "may_decide_members": can(user, Action.APPROVE_INSPECTIONS),
        "may_propose": decision is not None
        and today <= inspection.end
        and scope.is_head(user, inspection),
    }


def _detail(inspection: Inspection, anchor: str = "quyet-dinh") -> str:
    return f"{reverse('inspections:detail', args=[inspection.pk])}#{anchor}"


def _page_url(inspection: Inspection) -> str:
    return reverse("inspections:decision", args=[inspection.pk])


def _run(request: AuthedRequest, form: forms.Form, action: Callable[[], object]) -> bool:
    """The service for a valid form; True when it acted (a refusal stays on the form)."""
    if not form.is_valid():
        return False
    return submit(form, action) is not None


@once_per_form
def decision_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The draft decision: its contents as the inspection holds them (edited on the
    inspection's edit page), its team, the draft Word file, and recording the signed
    decision. After the decision it only says that all is fixed."""
    require(request.user, Action.CREATE_INSPECTIONS)
    inspection = get_object_or_404(Inspection.objects.select_related("decision"), pk=pk)
    user = request.user
    step = request.POST.get("step", "") if request.method == "POST" else ""
    data = request.POST if step else None
    member = MemberForm(
        data if step == "member" else None,
        inspection=inspection,
        initial={"version": inspection.version},
        auto_id="member_%s",
    )
    issue = IssueForm(
        data if step == "issue" else None,
        initial={"version": inspection.version},
        auto_id="issue_%s",
    )
    acted = False
    if step and inspection.decision_id is not None:
        messages.error(request, fixed_message(inspection))
        return redirect(_page_url(inspection))
    if step == "member":
        acted = _run(request, member, lambda: team_add(
            actor=user, inspection=inspection, person=member.person(),
            expected_version=member.cleaned_data.get("version")))  # fmt: skip
    elif step == "remove":
        try:
            gone = get_object_or_404(inspection.team, pk=request.POST.get("member") or 0)
            team_remove(actor=user, member=gone)
            acted = True
        except (ValidationFailed, ConflictError) as exc:
            messages.error(request, str(exc))
            return redirect(_page_url(inspection))
    elif step == "issue" and issue.is_valid():
        values = issue.cleaned_data
        acted = _run(request, issue, lambda: decision_issue(
            actor=user, inspection=inspection, number=values["number"],
            issued_on=values["issued_on"], signer_name=values["signer_name"],
            signer_title=values["signer_title"], expected_version=values["version"]))  # fmt: skip
        if acted:
            messages.success(request, f"Đã ghi quyết định kiểm tra {inspection.decision}.")
            return redirect(_detail(inspection))
    if acted:
        messages.success(request, "Đã lưu.")
        return redirect(_page_url(inspection))
    context = {
        "inspection": inspection,
        "team": list(inspection.team.select_related("unit")),
        "member": member,
        "issue": issue,
        "fixed": fixed_message(inspection) if inspection.decision_id else "",
    }
    return render(request, "inspections/decision.html", context)


def decision_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    """The draft Word file to take for signing (number left open)."""
    require(request.user, Action.CREATE_INSPECTIONS)
    inspection = get_object_or_404(Inspection, pk=pk)
    response = HttpResponse(draft_bytes(inspection), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{file_name("")}"'
    return response


def decision_file(request: AuthedRequest, pk: int) -> FileResponse:
    """The issued decision's Word file, for whoever sees the inspection."""
    require(request.user, Action.VIEW_INSPECTIONS)
    inspection = get_object_or_404(scope.visible_inspections(request.user), pk=pk)
    attachment = inspection.decision_file
    if attachment is None:
        raise Http404("Cuộc kiểm tra chưa có quyết định.")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@once_per_form
def propose_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.WORK_ON_INSPECTIONS)
    inspection = get_object_or_404(scope.visible_inspections(request.user), pk=pk)
    if not scope.is_head(request.user, inspection):
        raise PermissionDenied(NOT_HEAD)
    form = ProposeForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        done = submit(form, lambda: member_propose(
            actor=request.user, inspection=inspection, person=form.person(),
            reason=form.cleaned_data["reason"]))  # fmt: skip
        if done is not None:
            messages.success(request, f"Đã gửi Lãnh đạo đề xuất bổ sung «{done.full_name}».")
            return redirect(_detail(inspection))
    context = {"inspection": inspection, "form": form, "cancel_url": _detail(inspection)}
    return render(request, "inspections/propose.html", context)


def member_decide_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.APPROVE_INSPECTIONS)
    member = get_object_or_404(
        TeamMember.objects.select_related("inspection", "unit", "proposed_by", "decided_by"),
        pk=pk,
    )
    if request.method == "POST":
        choice = request.POST.get("decision")
        if choice in ("approve", "refuse"):
            try:
                member_decide(actor=request.user, member=member, approve=choice == "approve")
                verb = "phê duyệt" if choice == "approve" else "không phê duyệt"
                messages.success(request, f"Đã {verb} bổ sung «{member.full_name}».")
            except (ValidationFailed, ConflictError) as exc:
                messages.error(request, str(exc))
            return redirect(_detail(member.inspection))
    return render(request, "inspections/member_decide.html", {"member": member})
