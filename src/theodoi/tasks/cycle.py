"""The task cycle of Regulation 1142 (Art. 5-7) as one table: state × action → who, and where to.

A person's relation to a task (Office, leader, head or staff of the lead unit, member of a
coordinating unit) comes from their roles and their unit; `allowed_actions` reads the table.
Anything not in the table is refused with `refusal(...)`'s message.
"""

from dataclasses import dataclass
from enum import StrEnum

from theodoi.tasks.models import EventKind, State


class Act(StrEnum):
    """The actions of the table; each records the `EventKind` of the same value."""

    EDIT = "edit"
    PROPOSE = "propose"
    ASSIGN = "assign"
    CONFIRM = "confirm"
    RETURN = "return"
    ACCEPT = "accept"
    DISTRIBUTE = "distribute"
    PROGRESS = "progress"
    CONTRIBUTE = "contribute"
    CHASE = "chase"
    RECORD_EVENT = "record_event"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    SUBMIT = "submit"
    SEND_BACK = "send_back"
    FORWARD = "forward"
    APPROVE = "approve"
    REPORT = "report"
    SUSPEND = "suspend"
    RESUME = "resume"
    CANCEL = "cancel"
    RECORD_ASSIGNMENT = "record_assignment"
    REFER = "refer"
    REQUEST_REASSIGNMENT = "request_reassignment"


# What a person reads for each action: the label of the event the step records.
ACT_LABELS: dict[str, str] = {act: EventKind(act).label for act in Act}


class Rel(StrEnum):
    """How a person stands to a task."""

    OFFICE = "office"
    LEADER = "leader"
    LEAD_HEAD = "lead_head"
    LEAD_STAFF = "lead_staff"
    COORDINATOR = "coordinator"


REL_LABELS = {
    Rel.OFFICE: "Văn phòng (theo dõi)",
    Rel.LEADER: "Lãnh đạo Ngành",
    Rel.LEAD_HEAD: "Lãnh đạo đơn vị chủ trì",
    Rel.LEAD_STAFF: "Chuyên viên đơn vị chủ trì",
    Rel.COORDINATOR: "Đơn vị phối hợp",
}


@dataclass(frozen=True)
class Rule:
    target: State | None  # None: the state does not change
    by: frozenset[Rel]


def _r(target: State | None, *by: Rel) -> Rule:
    return Rule(target, frozenset(by))


S, A, R = State, Act, Rel
_LEADER_STOPS = (S.ASSIGNED, S.RETURNED, S.IN_PROGRESS, S.SUBMITTED, S.CHECKED, S.APPROVED)
_WORKING = (S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.CHECKED)

TABLE: dict[tuple[State, Act], Rule] = {
    # 1. The Office registers and drafts, then proposes an assignment to a leader.
    (S.DRAFT, A.EDIT): _r(None, R.OFFICE),
    (S.PROPOSED, A.EDIT): _r(None, R.OFFICE),
    (S.DRAFT, A.PROPOSE): _r(S.PROPOSED, R.OFFICE),
    (S.DRAFT, A.CANCEL): _r(S.CANCELLED, R.OFFICE, R.LEADER),
    (S.PROPOSED, A.CANCEL): _r(S.CANCELLED, R.OFFICE, R.LEADER),
    # 2. A leader assigns (also from a draft, when the leader acts first).
    (S.DRAFT, A.ASSIGN): _r(S.ASSIGNED, R.LEADER),
    (S.PROPOSED, A.ASSIGN): _r(S.ASSIGNED, R.LEADER),
    #    The Office records an assignment a leader gave on paper (Art. 5.2.a).
    (S.DRAFT, A.RECORD_ASSIGNMENT): _r(S.ASSIGNED, R.OFFICE),
    (S.PROPOSED, A.RECORD_ASSIGNMENT): _r(S.ASSIGNED, R.OFFICE),
    # 3. The lead unit's head accepts and distributes, or returns (Art. 5.3.b); the leader
    #    then re-assigns or confirms.
    (S.ASSIGNED, A.ACCEPT): _r(S.IN_PROGRESS, R.LEAD_HEAD),
    (S.ASSIGNED, A.RETURN): _r(S.RETURNED, R.LEAD_HEAD),
    (S.RETURNED, A.ASSIGN): _r(S.ASSIGNED, R.LEADER),
    (S.RETURNED, A.CONFIRM): _r(S.ASSIGNED, R.LEADER),  # IN_PROGRESS if it was under way
    (S.RETURNED, A.RECORD_ASSIGNMENT): _r(S.ASSIGNED, R.OFFICE),
    #    The Office takes a returned task to a leader (Art. 5.2.b); a unit that finds after
    #    accepting that the task is not within its remit asks for re-assignment (Art. 5.3.b).
    (S.RETURNED, A.REFER): _r(None, R.OFFICE),
    (S.IN_PROGRESS, A.REQUEST_REASSIGNMENT): _r(S.RETURNED, R.LEAD_HEAD),
    (S.IN_PROGRESS, A.DISTRIBUTE): _r(None, R.LEAD_HEAD),
    # 4. Progress from the lead unit; input from coordinating units (Art. 9.2).
    (S.IN_PROGRESS, A.PROGRESS): _r(None, R.LEAD_HEAD, R.LEAD_STAFF),
    (S.ASSIGNED, A.CONTRIBUTE): _r(None, R.COORDINATOR),
    (S.IN_PROGRESS, A.CONTRIBUTE): _r(None, R.COORDINATOR),
    #    The lead unit (or the Office) chases one coordinating unit for its input.
    (S.ASSIGNED, A.CHASE): _r(None, R.OFFICE, R.LEAD_HEAD, R.LEAD_STAFF),
    (S.IN_PROGRESS, A.CHASE): _r(None, R.OFFICE, R.LEAD_HEAD, R.LEAD_STAFF),
    #    The event a task waits for happened on a day: its deadline runs from it (only while
    #    the task waits for its event: `steps.task_record_event`).
    (S.ASSIGNED, A.RECORD_EVENT): _r(None, R.OFFICE, R.LEAD_HEAD, R.LEAD_STAFF),
    (S.IN_PROGRESS, A.RECORD_EVENT): _r(None, R.OFFICE, R.LEAD_HEAD, R.LEAD_STAFF),
    # Extensions: the unit asks, the leader decides; the original deadline stays.
    (S.ASSIGNED, A.REQUEST_EXTENSION): _r(None, R.LEAD_HEAD),
    (S.IN_PROGRESS, A.REQUEST_EXTENSION): _r(None, R.LEAD_HEAD),
    **{(s, A.DECIDE_EXTENSION): _r(None, R.LEADER) for s in _WORKING},
    # 5. The unit submits; the Office checks (back, or on to the leader); the leader approves.
    (S.IN_PROGRESS, A.SUBMIT): _r(S.SUBMITTED, R.LEAD_HEAD),
    (S.SUBMITTED, A.SEND_BACK): _r(S.IN_PROGRESS, R.OFFICE),
    (S.SUBMITTED, A.FORWARD): _r(S.CHECKED, R.OFFICE),
    (S.CHECKED, A.SEND_BACK): _r(S.IN_PROGRESS, R.LEADER),
    (S.CHECKED, A.APPROVE): _r(S.APPROVED, R.LEADER),  # DONE for the agency's own plans
    # 6. The Office records the report upwards; the task is done.
    (S.APPROVED, A.REPORT): _r(S.DONE, R.OFFICE),
    # Decisions at any time while the task is open.
    **{(s, A.SUSPEND): _r(S.SUSPENDED, R.LEADER) for s in _LEADER_STOPS},
    **{(s, A.CANCEL): _r(S.CANCELLED, R.LEADER) for s in _LEADER_STOPS},
    (S.SUSPENDED, A.RESUME): _r(None, R.LEADER),  # back to the state it was suspended in
    (S.SUSPENDED, A.CANCEL): _r(S.CANCELLED, R.LEADER),
    (S.FANNED_OUT, A.CANCEL): _r(S.CANCELLED, R.LEADER),
}


def rule_for(state: str, act: Act) -> Rule | None:
    return TABLE.get((State(state), act))


def permits(state: str, act: Act, rels: frozenset[Rel]) -> bool:
    rule = rule_for(state, act)
    return rule is not None and bool(rule.by & rels)


def allowed_actions(state: str, rels: frozenset[Rel]) -> list[Act]:
    return [act for act in Act if permits(state, act, rels)]


def refusal(state: str, act: Act, rels: frozenset[Rel]) -> str:
    """The Vietnamese message for an action the table does not allow."""
    label, state_label = ACT_LABELS[act], State(state).label
    rule = rule_for(state, act)
    if rule is None:
        return f"Không thể «{label}» khi nhiệm vụ đang ở trạng thái «{state_label}»."
    who = ", ".join(REL_LABELS[r] for r in Rel if r in rule.by)
    return f"«{label}» ở trạng thái «{state_label}» chỉ dành cho: {who}."
