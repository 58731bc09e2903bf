"""One page per cycle step: the step's form, then its service. The cycle table decides who
may open it (the same check the service makes), so a person never sees a form they cannot use.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from theodoi.core.access import Action, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.tasks import services, steps
from theodoi.tasks.cycle import ACT_LABELS, Act, permits, refusal
from theodoi.tasks.forms import (
    AssigneesForm,
    AssignForm,
    ChaseForm,
    CommentForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    InstructionForm,
    NoteFilesForm,
    OptionalNoteForm,
    ProgressForm,
    ProposeForm,
    ReasonForm,
    ReassignRequestForm,
    RecordAssignmentForm,
    RecordEventForm,
    ReferForm,
    ReportForm,
    ReturnForm,
    SubmitForm,
    TaskEditForm,
    draft_fields,
)
from theodoi.tasks.models import Task
from theodoi.tasks.scope import relations
from theodoi.tasks.selectors import visible_task_or_404
from theodoi.tasks.selectors.task_page import submission_of
from theodoi.tasks.unitlist import expand, names_text

Runner = Callable[[Any, Task, dict[str, Any]], Any]

# The steps that decide on a unit's result: their page shows the result with its files
ON_RESULT = (Act.SEND_BACK, Act.FORWARD, Act.APPROVE)


@dataclass(frozen=True)
class StepPage:
    form: type[forms.Form]
    run: Runner
    done: str  # the message after success
    intro: str = ""


def _common(user: Any, task: Task, d: dict[str, Any]) -> dict[str, Any]:
    return {"actor": user, "task": task, "expected_version": d["version"]}


def _edit(user: Any, task: Task, d: dict[str, Any]) -> Task:
    return services.task_edit(**_common(user, task, d), reason=d["reason"], **draft_fields(d))


def _assign(user: Any, task: Task, d: dict[str, Any]) -> Task:
    today = timezone.localdate()
    return steps.task_assign(
        **_common(user, task, d),
        leads=expand(d["leads"], today, "leads"),
        coordinating=expand(d["coordinating"], today, "coordinating"),
        deadline=d["deadline"],
        instruction=d["instruction"],
        lead_text=d["leads"].text,
    )


def _record_assignment(user: Any, task: Task, d: dict[str, Any]) -> Task:
    today = timezone.localdate()
    return steps.task_record_assignment(
        **_common(user, task, d),
        leader=d["leader"],
        decided_on=d["decided_on"],
        leads=expand(d["leads"], today, "leads"),
        coordinating=expand(d["coordinating"], today, "coordinating"),
        deadline=d["deadline"],
        instruction=d["instruction"],
        lead_text=d["leads"].text,
        scan=d["scan"],
    )


def _decide(user: Any, task: Task, d: dict[str, Any]) -> Any:
    return steps.extension_decide(
        **_common(user, task, d),
        approve=d["decision"] == "approve",
        deadline=d["deadline"],
        note=d["note"],
    )


STEP_PAGES: dict[Act, StepPage] = {
    Act.EDIT: StepPage(TaskEditForm, _edit, "Đã sửa nhiệm vụ."),
    Act.PROPOSE: StepPage(
        ProposeForm,
        lambda u, t, d: steps.task_propose(**_common(u, t, d), leader=d["leader"], note=d["note"]),
        "Đã trình lãnh đạo phân công.",
    ),
    Act.ASSIGN: StepPage(
        AssignForm,
        _assign,
        "Đã giao nhiệm vụ.",
        "Hạn gửi kết quả về Văn phòng được tính tự động: 01 ngày làm việc trước thời hạn "
        "(Điều 6.1). Nhiều đơn vị chủ trì: mỗi đơn vị một nhiệm vụ.",
    ),
    Act.RECORD_ASSIGNMENT: StepPage(
        RecordAssignmentForm,
        _record_assignment,
        "Đã ghi nhận phân công của lãnh đạo.",
        "Ghi lại phân công lãnh đạo đã cho trên văn bản giấy (Điều 5.2.a), kèm bản chụp bút "
        "phê. Hạn gửi kết quả về Văn phòng: 01 ngày làm việc trước thời hạn (Điều 6.1).",
    ),
    Act.REFER: StepPage(
        ReferForm,
        lambda u, t, d: steps.task_refer(**_common(u, t, d), leader=d["leader"], note=d["note"]),
        "Đã trình lãnh đạo xem xét, điều chỉnh.",
        "Báo cáo lãnh đạo Ngành xem xét, điều chỉnh phân công (Điều 5.2.b). Nhiệm vụ vẫn ở "
        "trạng thái chuyển lại cho đến khi lãnh đạo giao lại hoặc giữ nguyên.",
    ),
    Act.REQUEST_REASSIGNMENT: StepPage(
        ReassignRequestForm,
        lambda u, t, d: steps.task_request_reassignment(
            **_common(u, t, d), reason=d["reason"], unit=d["unit"], proposal=d["proposal"]
        ),
        "Đã gửi đề nghị giao lại cho Văn phòng.",
        "Nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị: nêu rõ lý do và đề xuất (Điều "
        "5.3.b). Văn phòng báo cáo lãnh đạo; người thực hiện giữ nguyên cho đến khi lãnh đạo "
        "quyết định.",
    ),
    Act.CONFIRM: StepPage(
        InstructionForm,
        lambda u, t, d: steps.task_confirm(**_common(u, t, d), instruction=d["instruction"]),
        "Đã giữ nguyên phân công.",
    ),
    Act.RETURN: StepPage(
        ReturnForm,
        lambda u, t, d: steps.task_return(
            **_common(u, t, d), reason=d["reason"], proposal=d["proposal"]
        ),
        "Đã chuyển lại nhiệm vụ cho Văn phòng.",
        "Nội dung chưa phù hợp hoặc không thuộc chức năng của đơn vị: nêu rõ lý do và đề xuất "
        "(Điều 5.3.b).",
    ),
    Act.ACCEPT: StepPage(
        AssigneesForm,
        lambda u, t, d: steps.task_accept(
            **_common(u, t, d), assignees=list(d["assignees"]), note=d["note"]
        ),
        "Đã nhận nhiệm vụ.",
    ),
    Act.DISTRIBUTE: StepPage(
        AssigneesForm,
        lambda u, t, d: steps.task_distribute(
            **_common(u, t, d), assignees=list(d["assignees"]), note=d["note"]
        ),
        "Đã phân công lại.",
    ),
    Act.PROGRESS: StepPage(
        ProgressForm,
        lambda u, t, d: steps.task_progress(
            **_common(u, t, d), note=d["note"], progress=d["progress"], files=d["files"]
        ),
        "Đã cập nhật tiến độ.",
    ),
    Act.CONTRIBUTE: StepPage(
        NoteFilesForm,
        lambda u, t, d: steps.task_contribute(**_common(u, t, d), note=d["note"], files=d["files"]),
        "Đã gửi ý kiến phối hợp cho đơn vị chủ trì.",
    ),
    Act.CHASE: StepPage(
        ChaseForm,
        lambda u, t, d: steps.task_chase(**_common(u, t, d), unit=d["unit"]),
        "Đã đôn đốc đơn vị phối hợp gửi ý kiến.",
    ),
    Act.RECORD_EVENT: StepPage(
        RecordEventForm,
        lambda u, t, d: steps.task_record_event(
            **_common(u, t, d), happened_on=d["happened_on"], deadline=d["deadline"], note=d["note"]
        ),
        "Đã ghi nhận sự kiện phát sinh; nhiệm vụ đã có thời hạn.",
        "Thời hạn được tính từ ngày sự kiện theo văn bản; hạn gửi kết quả về Văn phòng là "
        "01 ngày làm việc trước thời hạn (Điều 6.1).",
    ),
    Act.REQUEST_EXTENSION: StepPage(
        ExtensionRequestForm,
        lambda u, t, d: steps.extension_request(
            **_common(u, t, d), reason=d["reason"], proposed_deadline=d["proposed_deadline"]
        ),
        "Đã gửi đề nghị gia hạn.",
    ),
    Act.DECIDE_EXTENSION: StepPage(ExtensionDecideForm, _decide, "Đã ghi quyết định gia hạn."),
    Act.SUBMIT: StepPage(
        SubmitForm,
        lambda u, t, d: steps.task_submit(**_common(u, t, d), result=d["result"], files=d["files"]),
        "Đã gửi kết quả về Văn phòng.",
    ),
    Act.SEND_BACK: StepPage(
        CommentForm,
        lambda u, t, d: steps.task_send_back(**_common(u, t, d), comment=d["comment"]),
        "Đã trả lại để đơn vị hoàn thiện.",
    ),
    Act.FORWARD: StepPage(
        OptionalNoteForm,
        lambda u, t, d: steps.task_forward(**_common(u, t, d), note=d["note"]),
        "Đã trình lãnh đạo duyệt.",
    ),
    Act.APPROVE: StepPage(
        OptionalNoteForm,
        lambda u, t, d: steps.task_approve(**_common(u, t, d), note=d["note"]),
        "Đã phê duyệt kết quả.",
    ),
    Act.REPORT: StepPage(
        ReportForm,
        lambda u, t, d: steps.task_report(
            **_common(u, t, d),
            reported_on=d["reported_on"],
            number=d["number"],
            channel=d["channel"],
            note=d["note"],
        ),
        "Đã ghi nhận báo cáo; nhiệm vụ hoàn thành.",
    ),
    Act.SUSPEND: StepPage(
        ReasonForm,
        lambda u, t, d: steps.task_suspend(**_common(u, t, d), reason=d["reason"]),
        "Đã tạm dừng nhiệm vụ.",
    ),
    Act.RESUME: StepPage(
        ReasonForm,
        lambda u, t, d: steps.task_resume(**_common(u, t, d), reason=d["reason"]),
        "Nhiệm vụ tiếp tục thực hiện.",
    ),
    Act.CANCEL: StepPage(
        ReasonForm,
        lambda u, t, d: steps.task_cancel(**_common(u, t, d), reason=d["reason"]),
        "Đã hủy nhiệm vụ.",
    ),
}


def _initial(act: Act, task: Task) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": task.version}
    if act in {Act.ASSIGN, Act.RECORD_ASSIGNMENT, Act.EDIT}:
        lead = (  # names, not codes: the field reads them back (tasks/unitlist.py)
            unit_label(task.lead_unit)
            if task.lead_unit
            else units_text(task.lead_text, names_for([task.lead_text]))
        )
        coordinating = names_text([c.unit for c in task.coordinations.select_related("unit")])
        initial.update(
            leads=lead,
            coordinating=coordinating,
            deadline=task.deadline,
            instruction=task.instruction,
        )
    if act is Act.EDIT:
        initial.update(
            code=task.code,
            item=task.item,
            content=task.content,
            product=task.product,
            update_period=task.update_period,
            event_text=task.event_text,
            event_days=task.event_days,
            event_working_days=task.event_working_days,
            must_submit=task.must_submit,
            must_report=task.must_report,
        )
    if act in {Act.DISTRIBUTE}:
        initial["assignees"] = list(task.assignees.all())
    if act is Act.PROGRESS:
        initial["progress"] = task.progress
    if act in {Act.PROPOSE, Act.RECORD_ASSIGNMENT, Act.REFER} and task.leader_id:
        initial["leader"] = task.leader_id
    return initial


@once_per_form
def task_act(request: AuthedRequest, pk: int, act: str) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    try:
        step = Act(act)
    except ValueError:
        raise Http404("Không có thao tác này.") from None
    task = visible_task_or_404(request.user, pk)
    rels = relations(request.user, task)
    if not permits(task.state, step, rels):
        raise PermissionDenied(refusal(task.state, step, rels))
    page = STEP_PAGES[step]
    kwargs: dict[str, Any] = {}
    if page.form is AssigneesForm:
        kwargs["unit_id"] = task.lead_unit_id
    if page.form is ChaseForm:
        kwargs["task_id"] = task.pk
    form = page.form(
        request.POST or None, request.FILES or None, initial=_initial(step, task), **kwargs
    )
    if request.method == "POST" and form.is_valid():
        result = submit(form, lambda: page.run(request.user, task, form.cleaned_data))
        if result is not None:
            messages.success(request, page.done)
            return redirect("tasks:detail", pk=task.pk)
    return render(
        request,
        "tasks/act.html",
        {
            "form": form,
            "task": task,
            "title": ACT_LABELS[step],
            "intro": page.intro,
            "submission": submission_of(task) if step in ON_RESULT else None,
        },
    )
