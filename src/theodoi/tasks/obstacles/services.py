"""The writes of a difficulty's life: a unit raises it, the Office refers it to a leader, the
leader decides. Each stage writes its own fields once (nothing is written over), adds an event
to the task's timeline (`tasks/events.py`) and tells the people concerned, in one transaction:
a refused or failed stage writes nothing and tells nobody. Referring and deciding carry the
version the person saw, so a second decision (a double click, two people at once) is refused.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role, User, UserRole
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.notifications.services import Draft, notify
from theodoi.organisation.labels import unit_label
from theodoi.tasks import attachments, events
from theodoi.tasks.models import Obstacle, ObstacleStatus, Task
from theodoi.tasks.notices import naming, unit_heads
from theodoi.tasks.obstacles.rules import ObstacleAct, check
from theodoi.tasks.steps.base import Files, required

CONFLICT = (
    "Khó khăn, vướng mắc này vừa được {who} xử lý trong lúc bạn đang thao tác; chưa ghi gì. "
    "Hãy xem lại trạng thái mới."
)


def obstacle_url(obstacle: Obstacle) -> str:
    return reverse("tasks:obstacle", args=[obstacle.pk])


@transaction.atomic
def obstacle_raise(
    *,
    actor: User,
    task: Task,
    difficulty: str,
    proposal: str,
    files: Files = (),
    at: datetime | None = None,
) -> Obstacle:
    """A unit carrying out `task` records a difficulty and its proposal (Art. 10.3 asks for
    one); it waits for the Office, which is told."""
    check(actor, ObstacleAct.RAISE, task=task)
    difficulty = required(difficulty, "difficulty", "Cần ghi nội dung khó khăn, vướng mắc.")
    proposal = required(proposal, "proposal", "Cần ghi đề xuất, kiến nghị hướng xử lý.")
    attachments.check_files(files)
    assert actor.unit is not None  # (check: only a unit's people raise)
    moment = at or timezone.now()
    obstacle = Obstacle.objects.create(
        task=task,
        unit=actor.unit,
        raised_by=actor,
        raised_at=moment,
        difficulty=difficulty,
        proposal=proposal,
    )
    entry = events.obstacle_raised(
        obstacle_id=obstacle.pk, unit=actor.unit, difficulty=difficulty, proposal=proposal
    )
    events.record(task, actor, moment, entry, from_state=task.state, files=files)
    office = UserRole.objects.filter(role=Role.TRACKER).values_list("user_id", flat=True)
    title = f"{unit_label(actor.unit)} nêu khó khăn, vướng mắc về nhiệm vụ {naming(task)}"
    _tell(actor, obstacle, set(office), title, f"{difficulty}\nĐề xuất: {proposal}", moment)
    return obstacle


@transaction.atomic
def obstacle_refer(
    *,
    actor: User,
    obstacle: Obstacle,
    expected_version: int,
    leader: User,
    note: str,
    at: datetime | None = None,
) -> Obstacle:
    """The Office takes the difficulty to `leader` with its own advice; the leader is told."""
    check(actor, ObstacleAct.REFER, obstacle=obstacle)
    note = required(note, "note", "Cần ghi ý kiến tham mưu của Văn phòng.")
    if not leader.is_active or Role.LEADER not in leader.roles:
        raise ValidationFailed({"leader": f"{leader} không phải lãnh đạo Ngành."}, Code.INVALID)
    moment = _claim(obstacle, expected_version, at)
    obstacle.status = ObstacleStatus.REFERRED
    obstacle.leader = leader
    obstacle.referred_by = actor
    obstacle.referred_at = moment
    obstacle.referral_note = note
    obstacle.save()
    entry = events.obstacle_referred(obstacle_id=obstacle.pk, leader=leader, note=note)
    events.record(obstacle.task, actor, moment, entry, from_state=obstacle.task.state)
    title = (
        f"Văn phòng trình khó khăn, vướng mắc của {unit_label(obstacle.unit)} "
        f"về nhiệm vụ {naming(obstacle.task)}"
    )
    _tell(actor, obstacle, {leader.pk}, title, note, moment)
    return obstacle


@transaction.atomic
def obstacle_decide(
    *,
    actor: User,
    obstacle: Obstacle,
    expected_version: int,
    decision: str,
    at: datetime | None = None,
) -> Obstacle:
    """The leader's decision, sent back to the raising unit's heads, the person who raised
    the difficulty and the lead unit's assignees."""
    check(actor, ObstacleAct.DECIDE, obstacle=obstacle)
    decision = required(decision, "decision", "Cần ghi ý kiến chỉ đạo.")
    moment = _claim(obstacle, expected_version, at)
    obstacle.status = ObstacleStatus.DECIDED
    obstacle.decided_by = actor
    obstacle.decided_at = moment
    obstacle.decision = decision
    obstacle.save()
    task = obstacle.task
    entry = events.obstacle_decided(obstacle_id=obstacle.pk, decision=decision)
    events.record(task, actor, moment, entry, from_state=task.state)
    people = unit_heads({obstacle.unit_id})[obstacle.unit_id] | {obstacle.raised_by_id}
    people |= set(task.assignees.values_list("pk", flat=True))
    title = (
        f"Lãnh đạo {actor} có ý kiến chỉ đạo về khó khăn, vướng mắc của "
        f"{unit_label(obstacle.unit)} (nhiệm vụ {naming(task)})"
    )
    _tell(actor, obstacle, people, title, decision, moment)
    return obstacle


def _claim(obstacle: Obstacle, expected_version: int, at: datetime | None) -> datetime:
    """Take the obstacle at the version the person saw, or refuse: someone acted meanwhile."""
    claimed = Obstacle.objects.filter(pk=obstacle.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        now = Obstacle.objects.select_related("referred_by", "decided_by").get(pk=obstacle.pk)
        who = now.decided_by or now.referred_by
        raise ConflictError(CONFLICT.format(who=who or "người khác"))
    obstacle.version = expected_version + 1
    return at or timezone.now()


def _tell(
    actor: User, obstacle: Obstacle, people: set[int], title: str, body: str, moment: datetime
) -> int:
    """Tell `people` (never the actor) about this stage of the obstacle; links to its page."""
    stage = obstacle.status
    drafts = [
        Draft(
            user_id=user_id,
            key=f"step:{obstacle.task_id}:obstacle:{obstacle.pk}:{stage}",
            title=title[:300],
            body=body,
            url=obstacle_url(obstacle),
            task_id=obstacle.task_id,
        )
        for user_id in sorted(people - {actor.pk})
    ]
    return notify(drafts, moment=moment) if drafts else 0
