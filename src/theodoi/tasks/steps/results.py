"""Results: the unit submits, the Office checks and sends back or forwards, the leader approves,
the Office records the report upwards (Art. 5.1, 5.2.c, 7.3)."""

from datetime import date, datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks import attachments, events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import State, Task
from theodoi.tasks.steps.base import Files, begin_step, finish_step, required


@transaction.atomic
def task_submit(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    result: str,
    files: Files = (),
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.SUBMIT, expected_version, at)
    task.result = required(result, "result", "Cần ghi kết quả thực hiện.")
    attachments.check_files(files)
    task.unit_done_on = step.day
    task.progress = 100
    entry = events.submitted(result=task.result)
    finish_step(step, entry, files=files)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_send_back(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    comment: str,
    at: datetime | None = None,
) -> Task:
    """The Office (Art. 7.3) or the leader (Art. 5.1) sends the result back to the unit."""
    step = begin_step(actor, task, Act.SEND_BACK, expected_version, at)
    comment = required(comment, "comment", "Cần ghi nội dung cần hoàn thiện.")
    task.unit_done_on = None
    entry = events.sent_back(comment=comment)
    finish_step(step, entry)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_forward(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.FORWARD, expected_version, at)
    entry = events.forwarded(note=note)
    finish_step(step, entry)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_approve(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    """For tasks from above, and tasks marked "phải báo cáo", the Office still reports; for the
    agency's own plans it is done."""
    step = begin_step(actor, task, Act.APPROVE, expected_version, at)
    entry = events.approved(note=note)
    if not (task.document.reports_upwards or task.must_report):
        task.agency_done_on = step.day
        finish_step(step, entry, state=State.DONE)
    else:
        finish_step(step, entry)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_report(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reported_on: date | None,
    number: str,
    channel: str,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.REPORT, expected_version, at)
    number, channel = number.strip(), channel.strip()
    missing = {}
    if reported_on is None:
        missing["reported_on"] = "Cần ghi ngày gửi báo cáo."
    if not number:
        missing["number"] = "Cần ghi số văn bản báo cáo."
    if not channel:
        missing["channel"] = "Cần ghi hình thức gửi (Hệ thống theo dõi của VPCP, văn bản giấy…)."
    if missing or reported_on is None:  # (the second test only tells the type checker)
        raise ValidationFailed(missing, Code.REQUIRED)
    if reported_on > step.day:
        raise ValidationFailed({"reported_on": "Ngày gửi báo cáo không thể sau hôm nay."})
    task.agency_done_on = reported_on
    task.report_number, task.report_channel = number, channel
    entry = events.reported(reported_on=reported_on, number=number, channel=channel, note=note)
    finish_step(step, entry)
    notices.tell(step, entry)
    return task
