"""Who gets which notification of the day's reminders, grouping the units' own tasks of a
task assigned to several units (fan-out children).

A unit's own people (users of the child task's lead unit) get their unit's reminder, which
names their unit. Everybody else told about a child — the assigning leader, the Office, a
coordinating unit's heads — gets one notification per parent task, kind and stage ("12/34
tỉnh quá hạn: …"), listing the units behind it and opening the parent task, whose page lists
every unit's task. One is written on a day the person has a reminder about one of those
children that was not sent before (`job.run_reminders`), so a second run writes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q

from theodoi.accounts.models import User
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import Day, Planned, summary
from theodoi.notifications.models import Notification
from theodoi.notifications.services import Draft
from theodoi.organisation.models import UnitKind
from theodoi.tasks.links import task_url
from theodoi.tasks.models import Task

GroupId = tuple[int, str, str, int]  # parent task, kind, stage kind, coordinating unit (or 0)

# what the units of a group are doing, by kind and stage kind
STANDING: dict[tuple[str, str], str] = {
    (ReminderKind.LEAD, "before"): "sắp đến hạn gửi Văn phòng",
    (ReminderKind.LEAD, "due"): "hôm nay đến hạn gửi Văn phòng",
    (ReminderKind.LEAD, "overdue"): "quá hạn",
    (ReminderKind.ACCEPTANCE, "due"): "hôm nay hết hạn nhận nhiệm vụ",
    (ReminderKind.ACCEPTANCE, "overdue"): "quá hạn chưa nhận nhiệm vụ",
    (ReminderKind.UPDATE, "before"): "sắp đến hạn cập nhật theo kỳ",
    (ReminderKind.UPDATE, "due"): "hôm nay đến hạn cập nhật theo kỳ",
    (ReminderKind.UPDATE, "overdue"): "quá hạn chưa cập nhật theo kỳ",
    (ReminderKind.COORDINATION, "before"): "chờ ý kiến phối hợp, sắp đến hạn gửi",
    (ReminderKind.COORDINATION, "due"): "chờ ý kiến phối hợp, hôm nay đến hạn gửi",
    (ReminderKind.EXTENSION, "waiting"): "đề nghị gia hạn chờ quyết định",
}


def group_of(p: Planned) -> GroupId:
    coordinating = p.unit_id if p.kind == ReminderKind.COORDINATION else 0
    return (p.task["parent_id"], p.kind, p.stage.kind, coordinating)


def reminder_key(p: Planned) -> str:
    return f"nhac:{p.task['id']}:{p.kind}:{p.unit_id}:{p.ref}:{p.stage.key}"


def group_key(group: GroupId, as_of: date) -> str:
    parent, kind, stage, coordinating = group
    return f"nhom:{parent}:{kind}:{coordinating}:{stage}:{as_of.isoformat()}"


def drafts(day: Day, planned: list[Planned], fresh: list[Planned]) -> list[Draft]:
    """The notifications of the reminders not sent before (`fresh`) among the day's
    `planned`: one per person and reminder, except that a person outside a child task's
    unit gets one per group (see the module's docstring)."""
    unit_of = dict(
        User.objects.filter(pk__in={u for p in fresh for u in p.users}).values_list("pk", "unit")
    )
    own: list[Draft] = []
    wanted: dict[GroupId, list[int]] = defaultdict(list)
    for p in fresh:
        for user_id in p.users:
            if p.task.get("parent_id") and unit_of.get(user_id) != p.task["lead_unit_id"]:
                wanted[group_of(p)].append(user_id)
            else:
                own.append(
                    Draft(
                        user_id=user_id,
                        key=reminder_key(p),
                        title=p.title,
                        body=p.body,
                        url=task_url(p.task["id"]),
                        task_id=p.task["id"],
                    )
                )
    return own + _grouped(day, planned, wanted)


def _grouped(day: Day, planned: list[Planned], wanted: dict[GroupId, list[int]]) -> list[Draft]:
    if not wanted:
        return []
    members: dict[GroupId, list[Planned]] = defaultdict(list)
    for p in planned:
        if p.task.get("parent_id") and group_of(p) in wanted:
            members[group_of(p)].append(p)
    parents = {group[0] for group in wanted}
    counts = list(
        Task.objects.filter(parent__in=parents)
        .values("parent")
        .annotate(n=Count("pk"), other=Count("pk", filter=~Q(lead_unit__kind=UnitKind.PROVINCE)))
        .values_list("parent", "n", "other")
    )
    children = {parent: n for parent, n, _ in counts}
    provinces_only = {parent for parent, _, other in counts if other == 0}
    names = {
        t["id"]: t for t in Task.objects.filter(pk__in=parents).values("id", "code", "content")
    }
    keys = {group: group_key(group, day.as_of) for group in wanted}
    written = set(
        Notification.objects.filter(key__in=list(keys.values())).values_list("user_id", "key")
    )
    result = []
    for group, users in wanted.items():
        parent, kind, stage, _ = group
        units = members[group]
        noun = "tỉnh" if parent in provinces_only else "đơn vị"
        standing = STANDING.get((kind, stage), "cần theo dõi")
        title = (
            f"{len(units)}/{children.get(parent, len(units))} {noun} {standing}: "
            f"{summary(names[parent])}"
        )
        body = f"Các đơn vị {standing}: {_listing(day, units)}."
        for user_id in dict.fromkeys(users):
            if (user_id, keys[group]) in written:
                continue  # a run earlier the same day told them of this group
            result.append(
                Draft(
                    user_id=user_id,
                    key=keys[group],
                    title=title,
                    body=body,
                    url=task_url(parent),
                    task_id=parent,
                )
            )
    return result


def _listing(day: Day, units: Iterable[Planned]) -> str:
    """The units of a group, the latest first, each with how late or how close it is."""
    ordered = sorted(units, key=lambda p: (-p.stage.late, day.unit(p.task["lead_unit_id"])))
    parts = []
    for p in ordered:
        name = day.unit(p.task["lead_unit_id"])
        if p.stage.kind == "overdue":
            parts.append(f"{name} (quá {p.stage.late} ngày làm việc)")
        elif p.stage.kind == "waiting":
            parts.append(f"{name} (chờ {p.stage.late} ngày làm việc)")
        elif p.stage.kind == "before":
            parts.append(f"{name} (còn {p.stage.count} ngày làm việc)")
        else:
            parts.append(name)
    return "; ".join(parts)
