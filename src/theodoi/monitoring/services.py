"""Writes of the monitoring app: the reminder policy (administrator) and urging letters."""

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role, User, UserRole
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.monitoring.letters import LetterTask, LetterText, build_letter, number_line
from theodoi.monitoring.models import ReminderPolicy, UrgingLetter
from theodoi.monitoring.schedule import Policy, check
from theodoi.notifications.services import Draft, notify
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import name_as_of, subtree_ids
from theodoi.signing.models import SignedDocument
from theodoi.signing.services import signed_issue
from theodoi.tasks import events
from theodoi.tasks.models import State, Task, TaskEvent
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

CHASED = (State.ASSIGNED, State.IN_PROGRESS)
SOON_DAYS_MAX = 30  # how far ahead a letter may list what falls due

POLICY_FIELDS = [
    "before_days",
    "on_day",
    "overdue_every",
    "head_after",
    "leader_after",
    "coordination_days",
    "extension_after",
    "acceptance_days",
]


def current_policy_record() -> ReminderPolicy:
    record = ReminderPolicy.objects.order_by("pk").first()
    return record if record is not None else ReminderPolicy()


def current_policy() -> Policy:
    """The policy in force (the defaults until an administrator sets one); a stored policy
    that does not hold is refused with `ValidationFailed`, never half-applied."""
    return check(current_policy_record())


@transaction.atomic
def policy_update(*, actor: Actor, expected_version: int, **values: Any) -> ReminderPolicy:
    """Change the reminder policy; refused whole if any value is wrong."""
    record = ReminderPolicy.objects.select_for_update().order_by("pk").first()
    if record is None:
        record = ReminderPolicy.objects.create()
    if record.version != expected_version:
        raise ConflictError("Cấu hình nhắc việc vừa được người khác sửa. Hãy tải lại trang.")
    before = snapshot(record, POLICY_FIELDS)
    for name in POLICY_FIELDS:
        if name in values:
            setattr(record, name, values[name])
    policy = check(record)
    record.before_days = ", ".join(str(v) for v in policy.before)
    record.version += 1
    record.updated_at = timezone.now()
    record.save()
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=record,
        before=before,
        after=snapshot(record, POLICY_FIELDS),
    )
    return record


# Urging letters ------------------------------------------------------------------------------


def _standing(days: WorkingDayIndex, deadline: date, as_of: date) -> str:
    if deadline < as_of:
        return f"Quá hạn {days.between(deadline, as_of)} ngày làm việc"
    if deadline == as_of:
        return "Đến hạn hôm nay"
    return f"Còn {days.between(as_of, deadline)} ngày làm việc"


def urging_tasks(unit: Unit, as_of: date, soon_days: int) -> tuple[list[Task], list[Task]]:
    """The unit's (and its sub-units') tasks overdue at the Office on `as_of`, and those due
    in the next `soon_days` working days, soonest first."""
    until = get_calendar().add_working_days(as_of, soon_days)
    tasks = list(
        Task.objects.filter(
            state__in=CHASED,
            fanned_out=False,
            lead_unit_id__in=subtree_ids({unit.pk}),
            internal_deadline__isnull=False,
            internal_deadline__lte=until,
        )
        .select_related("document")
        .order_by("internal_deadline", "id")
    )
    return [t for t in tasks if due(t) < as_of], [t for t in tasks if due(t) >= as_of]


def _unit_heads(unit: Unit) -> list[int]:
    """The active heads of `unit` and of the units below it, who receive its letters."""
    return list(
        UserRole.objects.filter(
            role=Role.UNIT_HEAD, user__unit_id__in=subtree_ids({unit.pk}), user__is_active=True
        ).values_list("user_id", flat=True)
    )


def due(task: Task) -> date:
    """The day a chased task is due at the Office (`urging_tasks` reads only tasks with one)."""
    if task.internal_deadline is None:
        raise ValueError(f"task {task.pk} has no internal deadline")
    return task.internal_deadline


@transaction.atomic
def urging_create(
    *,
    actor: Actor,
    unit: Unit,
    issued_on: date,
    soon_days: int,
    number: str = "",
    signer_authority: str,
    signer_title: str,
    signer_name: str = "",
) -> UrgingLetter:
    """Write the urging letter for `unit`, log it on every task it names and tell the unit's
    heads. The letter tells how the tasks stand on its own date (`issued_on`), so its date
    and its "tính đến ngày" never differ. Refused when the unit has nothing overdue or due
    soon."""
    as_of = issued_on
    if not 0 <= soon_days <= SOON_DAYS_MAX:
        raise ValidationFailed(
            {"soon_days": f"Số ngày làm việc kèm việc sắp đến hạn phải từ 0 đến {SOON_DAYS_MAX}."}
        )
    overdue, soon = urging_tasks(unit, as_of, soon_days)
    if not overdue and not soon:
        raise ValidationFailed(
            {
                "__all__": f"{unit.name} không có nhiệm vụ quá hạn hoặc đến hạn trong "
                f"{soon_days} ngày làm việc tới (tính đến {format_date(as_of)}): "
                "không có gì để đôn đốc."
            },
            Code.NOT_FOUND,
        )
    if not signer_authority.strip() or not signer_title.strip():
        raise ValidationFailed(
            {"signer_title": "Cần ghi thẩm quyền và chức vụ người ký."}, Code.REQUIRED
        )
    tasks = overdue + soon
    days = WorkingDayIndex(
        get_calendar(),
        min(due(t) for t in tasks) - timedelta(days=7),
        max(as_of, *(due(t) for t in tasks)) + timedelta(days=7),
    )

    def line(i: int, task: Task) -> LetterTask:
        return LetterTask(
            number=i,
            content=f"{task.code}. {task.content}" if task.code else task.content,
            document=str(task.document),
            internal_deadline=format_date(task.internal_deadline),
            deadline=format_date(task.deadline),
            standing=_standing(days, due(task), as_of),
        )

    text = LetterText(
        unit_name=name_as_of(unit, issued_on).name,  # as the unit was called that day
        number=number,
        issued_on=issued_on,
        soon_days=soon_days,
        overdue=[line(i, t) for i, t in enumerate(overdue, start=1)],
        soon=[line(i, t) for i, t in enumerate(soon, start=1)],
        signer_authority=signer_authority.strip(),
        signer_title=signer_title.strip(),
        signer_name=signer_name.strip(),
    )
    letter = UrgingLetter(
        unit=unit,
        number=number.strip(),
        issued_on=issued_on,
        as_of=as_of,
        signer_authority=text.signer_authority,
        signer_title=text.signer_title,
        signer_name=text.signer_name,
        created_by=actor,
    )
    letter.file.save(
        f"don-doc-{unit.code}-{issued_on:%Y%m%d}.docx", ContentFile(build_letter(text)), save=False
    )
    letter.save()
    letter.tasks.set(tasks)
    moment = timezone.now()
    label = f"{number_line(letter.number)} ngày {format_date(issued_on)}"
    TaskEvent.objects.bulk_create(
        [
            events.unsaved(
                task,
                actor,
                moment,
                events.urged(
                    letter_id=letter.pk,
                    note=f"Văn phòng đôn đốc bằng văn bản ({label}): "
                    + _standing(days, due(task), as_of).lower()
                    + ".",
                ),
            )
            for task in tasks
        ]
    )
    heads = _unit_heads(unit)
    notify(
        [
            Draft(
                user_id=user_id,
                key=f"urge:{letter.pk}",
                title=f"Văn bản đôn đốc {len(overdue)} nhiệm vụ quá hạn, {len(soon)} sắp đến hạn",
                body=f"{label}, gửi {unit.name}.",
                url=reverse("monitoring:letter", args=[letter.pk]),
            )
            for user_id in heads
        ],
        moment=moment,
    )
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=letter,
        before=None,
        after=snapshot(
            letter, ["unit", "number", "issued_on", "as_of"], tasks=[t.pk for t in tasks]
        ),
    )
    return letter


def letter_issue(*, actor: User, letter: UrgingLetter) -> SignedDocument:
    """Issue the urging letter as a PDF signed with the agency's certificate
    (`signing.services.signed_issue`: once per letter) and tell the unit's heads it is out,
    with the signed copy to open."""
    with letter.file.open("rb") as handle:
        docx = handle.read()
    copy = signed_issue(
        actor=actor,
        source=letter,
        docx=docx,
        file_name=f"don-doc-{letter.unit.code}-{letter.issued_on:%Y%m%d}-ky-so",
    )
    label = f"{number_line(letter.number)} ngày {format_date(letter.issued_on)}"
    with transaction.atomic():
        notify(
            [
                Draft(
                    user_id=user_id,
                    key=f"urge-signed:{letter.pk}",
                    title="Văn bản đôn đốc đã được ký số và phát hành",
                    body=f"{label}, gửi {letter.unit.name}.",
                    url=reverse("monitoring:signed", args=[letter.pk]),
                )
                for user_id in _unit_heads(letter.unit)
            ]
        )
    return copy
