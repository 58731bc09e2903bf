"""Who may do what with a difficulty ("khó khăn, vướng mắc"): decided here and nowhere else.

`refusal(user, act, task=..., obstacle=...)` answers None (allowed) or why not, with its code;
the services call `check`, the pages `allows`, so a person never sees a button the service
would refuse. `tasks/tests/test_obstacle_access.py` tests every person × action.

- raise: the lead unit (head or staff) or a coordinating unit, while the task is assigned or
  under way (the units that carry it out, Art. 9.1.b, 9.2);
- list: the queue page, `core.access.Action.VIEW_OBSTACLES` (the Office, leaders, and those
  who read every task);
- refer: the Office, while the obstacle waits for it;
- decide: the leader it was referred to, once (other leaders read it but do not decide: the
  Office chose whom to ask);
- see: whoever sees the task (`tasks.scope.visible_tasks`).
"""

from enum import StrEnum

from theodoi.accounts.models import Role, User
from theodoi.core.access import Action, can
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks.cycle import Rel
from theodoi.tasks.models import Obstacle, ObstacleStatus, State, Task
from theodoi.tasks.scope import relations, visible_tasks


class ObstacleAct(StrEnum):
    RAISE = "raise"
    LIST = "list"
    REFER = "refer"
    DECIDE = "decide"
    SEE = "see"


RAISE_STATES = frozenset({State.ASSIGNED, State.IN_PROGRESS})
RAISED_BY = frozenset({Rel.LEAD_HEAD, Rel.LEAD_STAFF, Rel.COORDINATOR})
NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."


def refusal(
    user: User, act: ObstacleAct, *, task: Task | None = None, obstacle: Obstacle | None = None
) -> tuple[Code, str] | None:
    """None when `user` may take `act` (on `task` for raise, on `obstacle` for the others but
    list); else the code and the Vietnamese reason."""
    if not user.is_active:
        return Code.NOT_PERMITTED, NOT_ALLOWED
    if act is ObstacleAct.LIST:
        return None if can(user, Action.VIEW_OBSTACLES) else (Code.NOT_PERMITTED, NOT_ALLOWED)
    if act is ObstacleAct.RAISE:
        if task is None:
            raise TypeError("raise is decided on a task")
        return _raise_refusal(user, task)
    if obstacle is None:
        raise TypeError(f"{act} is decided on an obstacle")
    if act is ObstacleAct.SEE:
        seen = visible_tasks(user).filter(pk=obstacle.task_id).exists()
        return None if seen else (Code.NOT_FOUND, "Không có khó khăn, vướng mắc này.")
    if act is ObstacleAct.REFER:
        if Role.TRACKER not in user.roles:
            return Code.NOT_PERMITTED, "Chỉ Văn phòng trình lãnh đạo khó khăn, vướng mắc."
        if obstacle.status != ObstacleStatus.OPEN:
            return Code.WRONG_STATE, f"Khó khăn, vướng mắc này {_stage(obstacle)}."
        return None
    if Role.LEADER not in user.roles or obstacle.leader_id not in (None, user.pk):
        return Code.NOT_PERMITTED, "Chỉ lãnh đạo được Văn phòng trình mới cho ý kiến chỉ đạo."
    if obstacle.status != ObstacleStatus.REFERRED:
        return Code.WRONG_STATE, f"Khó khăn, vướng mắc này {_stage(obstacle)}."
    return None


def _raise_refusal(user: User, task: Task) -> tuple[Code, str] | None:
    if user.unit_id is None or not relations(user, task) & RAISED_BY:
        return (
            Code.NOT_PERMITTED,
            "Chỉ đơn vị chủ trì hoặc đơn vị phối hợp thực hiện nhiệm vụ mới nêu khó khăn, "
            "vướng mắc.",
        )
    if task.state not in RAISE_STATES:
        return (
            Code.WRONG_STATE,
            "Chỉ nêu khó khăn, vướng mắc khi nhiệm vụ đã giao hoặc đang thực hiện "
            f"(nhiệm vụ đang ở trạng thái «{State(task.state).label}»).",
        )
    return None


def _stage(obstacle: Obstacle) -> str:
    if obstacle.status == ObstacleStatus.DECIDED:
        return "đã có ý kiến chỉ đạo"
    if obstacle.status == ObstacleStatus.REFERRED:
        return "đã được trình lãnh đạo"
    return "chưa được Văn phòng trình lãnh đạo"


def allows(
    user: User, act: ObstacleAct, *, task: Task | None = None, obstacle: Obstacle | None = None
) -> bool:
    return refusal(user, act, task=task, obstacle=obstacle) is None


def check(
    user: User, act: ObstacleAct, *, task: Task | None = None, obstacle: Obstacle | None = None
) -> None:
    """Raise `ValidationFailed` (with the refusal's code) unless `user` may take `act`."""
    refused = refusal(user, act, task=task, obstacle=obstacle)
    if refused is not None:
        code, message = refused
        raise ValidationFailed({"__all__": message}, code)
