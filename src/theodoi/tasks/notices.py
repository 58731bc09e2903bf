"""Who is told of each step of the cycle, and what they read: one table, one notify call.

`TOLD` says, for each step that tells anyone, who is told (`Who`) and the one-line text. The
step services call `tell(step, entry)` once, at the end, inside the step's transaction: a
step refused (or rolled back) tells nobody. The notifications go through
`notifications.services.notify`, so each person gets the e-mail as they chose (at once or in
the day's digest). The person who took the step is never told of it. docs/tasks.md lists
the table in words.
"""

from collections.abc import Sequence
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q

from theodoi.accounts.models import Role, UserRole
from theodoi.core.dates import format_date
from theodoi.notifications.services import Draft, notify
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.organisation.models import Unit
from theodoi.tasks.cycle import Act
from theodoi.tasks.events import Entry
from theodoi.tasks.links import task_url
from theodoi.tasks.models import Task, TaskCoordination

if TYPE_CHECKING:
    from theodoi.tasks.steps.base import Step


class Who(StrEnum):
    LEAD_HEADS = "lead_heads"  # people with the unit-head role in the lead unit
    COORD_HEADS = "coord_heads"  # the same in each coordinating unit
    OFFICE = "office"  # the Office's trackers
    LEADER = "leader"  # the leader who assigned the task (or to whom it was proposed)
    ASSIGNEES = "assignees"  # the lead unit's people doing the task
    WORKERS = "workers"  # the assignees; the lead unit's heads while none is named
    # the leader on whose authority the Office recorded the step, told once (about the task
    # the step was taken on, not about each unit's own task of a task for several units)
    AUTHORITY = "authority"


# "The people of the task": its leader, the lead unit's heads and its assignees.
PEOPLE = frozenset({Who.LEADER, Who.LEAD_HEADS, Who.ASSIGNEES})

# step → (who is told, the text: {actor}, {task} (code and content), {unit} (the lead unit),
# {leader} (the task's leader))
TOLD: dict[Act, tuple[frozenset[Who], str]] = {
    Act.ASSIGN: (
        frozenset({Who.LEAD_HEADS, Who.COORD_HEADS}),
        "Lãnh đạo {actor} giao nhiệm vụ {task} cho {unit}",
    ),
    Act.RECORD_ASSIGNMENT: (
        frozenset({Who.LEAD_HEADS, Who.COORD_HEADS, Who.AUTHORITY}),
        "Văn phòng ghi nhận Lãnh đạo {leader} giao nhiệm vụ {task} cho {unit}",
    ),
    Act.RETURN: (
        frozenset({Who.OFFICE, Who.LEADER}),
        "{unit} chuyển lại nhiệm vụ {task} (đề nghị giao lại)",
    ),
    Act.REQUEST_REASSIGNMENT: (
        frozenset({Who.OFFICE, Who.LEADER}),
        "{unit} đề nghị giao lại nhiệm vụ {task} (không thuộc chức năng của đơn vị)",
    ),
    Act.REFER: (
        frozenset({Who.LEADER}),
        "Văn phòng trình lãnh đạo xem xét, điều chỉnh nhiệm vụ {task} do {unit} chuyển lại",
    ),
    Act.CONFIRM: (
        frozenset({Who.LEAD_HEADS, Who.ASSIGNEES}),
        "Lãnh đạo {actor} giữ nguyên phân công nhiệm vụ {task} cho {unit}",
    ),
    Act.SUBMIT: (frozenset({Who.OFFICE}), "{unit} gửi kết quả nhiệm vụ {task}"),
    Act.SEND_BACK: (
        frozenset({Who.LEAD_HEADS, Who.ASSIGNEES}),
        "{actor} trả lại để hoàn thiện kết quả nhiệm vụ {task} của {unit}",
    ),
    Act.FORWARD: (
        frozenset({Who.LEADER}),
        "Văn phòng trình kết quả nhiệm vụ {task} của {unit} để lãnh đạo duyệt",
    ),
    Act.APPROVE: (PEOPLE, "Lãnh đạo {actor} duyệt kết quả nhiệm vụ {task} của {unit}"),
    Act.REPORT: (PEOPLE, "Văn phòng đã báo cáo kết quả nhiệm vụ {task} của {unit}"),
    Act.DECIDE_EXTENSION: (PEOPLE, "Lãnh đạo {actor} {decision} gia hạn nhiệm vụ {task}"),
    Act.SUSPEND: (PEOPLE, "Lãnh đạo {actor} tạm dừng nhiệm vụ {task} của {unit}"),
    Act.RESUME: (PEOPLE, "Lãnh đạo {actor} cho tiếp tục nhiệm vụ {task} của {unit}"),
    Act.CANCEL: (PEOPLE, "Lãnh đạo {actor} hủy nhiệm vụ {task}"),
    Act.RECORD_EVENT: (
        frozenset({Who.LEAD_HEADS, Who.OFFICE}),
        "{actor} ghi nhận sự kiện phát sinh của nhiệm vụ {task}: thời hạn {deadline}",
    ),
    Act.CONTRIBUTE: (
        frozenset({Who.WORKERS}),
        "{actor_unit} gửi ý kiến phối hợp nhiệm vụ {task}",
    ),
}
SHORT = 80  # characters of the task's content in a notification


def naming(task: Task) -> str:
    """The task as a notification names it: its code and the start of its content."""
    content = " ".join(task.content.split())
    if len(content) > SHORT:
        content = content[: SHORT - 1].rstrip() + "…"
    return f'{task.code} "{content}"' if task.code else f'"{content}"'


def _recipients(who: frozenset[Who], tasks: Sequence[Task]) -> dict[int, set[int]]:
    """Task id → the ids of the people told about it (before leaving out the actor)."""
    told: dict[int, set[int]] = {t.pk: set() for t in tasks}
    lead = {t.pk: t.lead_unit_id for t in tasks}
    if who & {Who.ASSIGNEES, Who.WORKERS}:
        through = Task.assignees.through.objects.filter(task_id__in=list(told))
        for task_id, user_id in through.values_list("task_id", "user_id"):
            told[task_id].add(user_id)
    if Who.WORKERS in who:  # nobody named yet: the heads, who will name them
        lead = {pk: unit if not told[pk] else None for pk, unit in lead.items()}
        who = who | {Who.LEAD_HEADS}
    if Who.LEADER in who:
        for t in tasks:
            if t.leader_id is not None:
                told[t.pk].add(t.leader_id)
    coordinating: dict[int, set[int]] = {t.pk: set() for t in tasks}
    if Who.COORD_HEADS in who:
        rows = TaskCoordination.objects.filter(task_id__in=list(told))
        for task_id, unit_id in rows.values_list("task_id", "unit_id"):
            coordinating[task_id].add(unit_id)
    wanted: list[Q] = []
    lead_units = {u for u in lead.values() if u is not None} if Who.LEAD_HEADS in who else set()
    units = lead_units.union(*coordinating.values())
    if units:
        wanted.append(Q(role=Role.UNIT_HEAD, user__unit_id__in=units))
    if Who.OFFICE in who:
        wanted.append(Q(role=Role.TRACKER))
    if not wanted:
        return told
    grants = UserRole.objects.filter(reduce(or_, wanted), user__is_active=True)
    for user_id, role, unit_id in grants.values_list("user_id", "role", "user__unit_id"):
        for t in tasks:
            office = role == Role.TRACKER
            leads = unit_id in lead_units and unit_id == lead[t.pk]
            if office or leads or unit_id in coordinating[t.pk]:
                told[t.pk].add(user_id)
    return told


def unit_heads(unit_ids: set[int]) -> dict[int, set[int]]:
    """Unit id → the ids of the active people with the unit-head role in it."""
    heads: dict[int, set[int]] = {pk: set() for pk in unit_ids}
    grants = UserRole.objects.filter(
        role=Role.UNIT_HEAD, user__unit_id__in=unit_ids, user__is_active=True
    )
    for user_id, unit_id in grants.values_list("user_id", "user__unit_id"):
        heads[unit_id].add(user_id)
    return heads


def lead_words(task: Task, default: str) -> str:
    """The lead as a person reads it: the unit's name, or the written lead with its codes and
    group tokens named (organisation/labels.py), never "@PROVINCES"."""
    if task.lead_unit is not None:
        return unit_label(task.lead_unit)
    if not task.lead_text:
        return default
    return units_text(task.lead_text, names_for([task.lead_text]))


def tell_unit(step: "Step", unit: Unit, lead: str) -> int:
    """Tell the heads of the coordinating `unit` that the lead unit (`lead`) chases its input
    to `step`'s task. Returns how many were told."""
    task = step.task
    title = f"{lead} đôn đốc {unit} gửi ý kiến phối hợp nhiệm vụ {naming(task)}"
    drafts = [
        Draft(
            user_id=user_id,
            key=f"step:{task.pk}:{task.version}:{step.act}:{unit.pk}",
            title=title[:300],
            url=task_url(task.pk),
            task_id=task.pk,
        )
        for user_id in sorted(unit_heads({unit.pk})[unit.pk] - {step.actor.pk})
    ]
    return notify(drafts, moment=step.moment) if drafts else 0


def tell(step: "Step", entry: Entry, tasks: Sequence[Task] = ()) -> int:
    """Tell the people concerned that `step` happened (to `tasks`: each unit's own task of a
    task assigned to several units; else the step's task). Returns how many were told."""
    rule = TOLD.get(step.act)
    if rule is None:
        return 0
    who, text = rule
    tasks = list(tasks) or [step.task]
    actor = step.actor
    actor_unit = actor.unit
    decision = "đồng ý" if entry.data.get("approved") else "không đồng ý"
    leader = step.task.leader if "{leader}" in text else None
    drafts = []
    told = _recipients(who, tasks)
    if Who.AUTHORITY in who and step.task.leader_id is not None:
        told.setdefault(step.task.pk, set()).add(step.task.leader_id)
        tasks = [*tasks, step.task] if step.task not in tasks else tasks
    for task, people in told.items():
        shown = next(t for t in tasks if t.pk == task)
        title = text.format(
            actor=actor,
            task=naming(shown),
            unit=lead_words(shown, "đơn vị chủ trì"),
            actor_unit=actor_unit or actor,
            decision=decision,
            deadline=format_date(shown.deadline),
            leader=leader,
        )
        drafts += [
            Draft(
                user_id=user_id,
                key=f"step:{shown.pk}:{shown.version}:{step.act}",
                title=title[:300],
                body=entry.note,
                url=task_url(shown.pk),
                task_id=shown.pk,
            )
            for user_id in sorted(people - {actor.pk})
        ]
    return notify(drafts, moment=step.moment) if drafts else 0
