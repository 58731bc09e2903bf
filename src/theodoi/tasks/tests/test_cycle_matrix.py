"""The cycle as a table: every state × action × relation, read from the table and then tried
through the services with real people."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks import services, steps
from theodoi.tasks.cycle import Act, Rel, permits
from theodoi.tasks.models import ExtensionRequest, State, Task, TaskCoordination
from theodoi.tasks.tests.conftest import World, at

# Who may take each action in each state: O Office, L leader, H head of the lead unit,
# S staff of the lead unit, C a coordinating unit, - nobody.
COLUMNS = [
    Act.EDIT, Act.PROPOSE, Act.ASSIGN, Act.CONFIRM, Act.RETURN, Act.ACCEPT, Act.DISTRIBUTE,
    Act.PROGRESS, Act.CONTRIBUTE, Act.REQUEST_EXTENSION, Act.DECIDE_EXTENSION, Act.SUBMIT,
    Act.SEND_BACK, Act.FORWARD, Act.APPROVE, Act.REPORT, Act.SUSPEND, Act.RESUME, Act.CANCEL,
]  # fmt: skip
EXPECTED = {
    #                  edi pro asg con ret acc dis prg cnt rex dex sub bck fwd apr rep sus res can
    State.DRAFT:       "O   O   L   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   OL",
    State.PROPOSED:    "O   -   L   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   OL",
    State.ASSIGNED:    "-   -   -   -   H   H   -   -   C   H   L   -   -   -   -   -   L   -   L",
    State.RETURNED:    "-   -   L   L   -   -   -   -   -   -   -   -   -   -   -   -   L   -   L",
    State.IN_PROGRESS: "-   -   -   -   -   -   H   HS  C   H   L   H   -   -   -   -   L   -   L",
    State.SUBMITTED:   "-   -   -   -   -   -   -   -   -   -   L   -   O   O   -   -   L   -   L",
    State.CHECKED:     "-   -   -   -   -   -   -   -   -   -   L   -   L   -   L   -   L   -   L",
    State.APPROVED:    "-   -   -   -   -   -   -   -   -   -   -   -   -   -   -   O   L   -   L",
    State.DONE:        "-   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -",
    State.SUSPENDED:   "-   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   L   L",
    State.CANCELLED:   "-   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -",
    State.FANNED_OUT:  "-   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   L",
}  # fmt: skip
# Chasing a coordinating unit for its input (Art. 9.2): the lead unit or the Office, while
# the task is assigned or under way; nobody in any other state.
CHASE = {State.ASSIGNED: "OHS", State.IN_PROGRESS: "OHS"}
# Recording the event a task waits for: the same people, while assigned or under way.
RECORD_EVENT = {State.ASSIGNED: "OHS", State.IN_PROGRESS: "OHS"}
# Returns and paper assignments (Art. 5.2.a, 5.2.b, 5.3.b): the Office records a leader's
# assignment given on paper on a draft, a proposal or a returned task; it takes a returned task
# to a leader; the lead unit's head asks for re-assignment of a task under way.
LATER = {
    Act.CHASE: CHASE,
    Act.RECORD_EVENT: RECORD_EVENT,
    Act.RECORD_ASSIGNMENT: {State.DRAFT: "O", State.PROPOSED: "O", State.RETURNED: "O"},
    Act.REFER: {State.RETURNED: "O"},
    Act.REQUEST_REASSIGNMENT: {State.IN_PROGRESS: "H"},
}
LETTERS = {
    "O": Rel.OFFICE,
    "L": Rel.LEADER,
    "H": Rel.LEAD_HEAD,
    "S": Rel.LEAD_STAFF,
    "C": Rel.COORDINATOR,
}


def expected(state: State, act: Act) -> frozenset[Rel]:
    if act in LATER:
        cell = LATER[act].get(state, "-")
    else:
        cell = EXPECTED[state].split()[COLUMNS.index(act)]
    return frozenset() if cell == "-" else frozenset(LETTERS[c] for c in cell)


def test_every_state_and_action_is_in_the_expected_table() -> None:
    assert set(EXPECTED) == set(State)
    assert set(COLUMNS) | set(LATER) == set(Act)
    for state in State:
        for act in Act:
            for rel in Rel:
                allowed = permits(state, act, frozenset({rel}))
                assert allowed == (rel in expected(state, act)), (state, act, rel)


def _call(act: Act, world: World, actor, task: Task) -> None:
    v, doc_day = task.version, date(2024, 6, 30)
    common = {"actor": actor, "task": task, "expected_version": v}
    calls = {
        Act.EDIT: lambda: services.task_edit(**common, content="Sửa", deadline=doc_day),
        Act.PROPOSE: lambda: steps.task_propose(**common, leader=world.leader),
        Act.ASSIGN: lambda: steps.task_assign(
            **common, leads=[world.units["TST"]], deadline=doc_day
        ),
        Act.CONFIRM: lambda: steps.task_confirm(**common, instruction="Giữ nguyên"),
        Act.RETURN: lambda: steps.task_return(**common, reason="Không phù hợp"),
        Act.ACCEPT: lambda: steps.task_accept(**common, assignees=[]),
        Act.DISTRIBUTE: lambda: steps.task_distribute(**common, assignees=[]),
        Act.PROGRESS: lambda: steps.task_progress(**common, note="Tiến độ", progress=10),
        Act.CONTRIBUTE: lambda: steps.task_contribute(**common, note="Ý kiến"),
        Act.CHASE: lambda: steps.task_chase(**common, unit=world.units["CSXH"]),
        Act.RECORD_EVENT: lambda: steps.task_record_event(**common, happened_on=date(2024, 2, 1)),
        Act.RECORD_ASSIGNMENT: lambda: steps.task_record_assignment(
            **common,
            leader=world.leader,
            decided_on=date(2024, 1, 8),
            leads=[world.units["TST"]],
            deadline=doc_day,
            scan=[SimpleUploadedFile("but-phe.pdf", b"%PDF-1.4 scan")],
        ),
        Act.REFER: lambda: steps.task_refer(**common, leader=world.leader, note="Trình"),
        Act.REQUEST_REASSIGNMENT: lambda: steps.task_request_reassignment(
            **common, reason="Không thuộc chức năng"
        ),
        # asked and decided before the deadline (an extension gives time ahead of its day)
        Act.REQUEST_EXTENSION: lambda: steps.extension_request(
            **common,
            reason="Cần thêm thời gian",
            proposed_deadline=date(2024, 12, 31),
            at=at(date(2024, 6, 1)),
        ),
        Act.DECIDE_EXTENSION: lambda: steps.extension_decide(
            **common, approve=True, at=at(date(2024, 6, 1))
        ),
        Act.SUBMIT: lambda: steps.task_submit(**common, result="Kết quả"),
        Act.SEND_BACK: lambda: steps.task_send_back(**common, comment="Bổ sung"),
        Act.FORWARD: lambda: steps.task_forward(**common),
        Act.APPROVE: lambda: steps.task_approve(**common),
        Act.REPORT: lambda: steps.task_report(
            **common, reported_on=date(2024, 7, 1), number="9/BC", channel="VPCP"
        ),
        Act.SUSPEND: lambda: steps.task_suspend(**common, reason="Quyết định"),
        Act.RESUME: lambda: steps.task_resume(**common, reason="Tiếp tục"),
        Act.CANCEL: lambda: steps.task_cancel(**common, reason="Quyết định"),
    }
    calls[act]()


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_every_action_through_the_services_for_every_person(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # the scan of a paper assignment
    document = world.document()
    auditor = UserFactory.create(roles=[Role.AUDITOR], unit=world.units["VP"])
    people = {
        world.office: {Rel.OFFICE},
        world.leader: {Rel.LEADER},
        world.head: {Rel.LEAD_HEAD},
        world.staff: {Rel.LEAD_STAFF},
        world.coord: {Rel.COORDINATOR},
        world.other_head: set(),
        auditor: set(),
    }
    wrong = []
    for state in State:
        for act in Act:
            for person, rels in people.items():
                allowed = bool(rels & expected(state, act))
                outcome = "allowed"
                try:
                    with transaction.atomic():
                        task = Task.objects.create(
                            document=document, content="Việc", lead_unit=world.units["TST"],
                            state=state, resume_state=State.IN_PROGRESS, leader=world.leader,
                            deadline=date(2024, 6, 30), original_deadline=date(2024, 6, 30),
                            internal_deadline=date(2024, 6, 28),
                        )  # fmt: skip
                        TaskCoordination.objects.create(task=task, unit=world.units["CSXH"])
                        if act is Act.RECORD_EVENT:  # a task waiting for its event
                            task.set_event("Khi có đề nghị", 5, working_days=True)
                            task.deadline = task.internal_deadline = None
                            task.original_deadline = None
                            task.save()
                        if act is Act.DECIDE_EXTENSION:
                            ExtensionRequest.objects.create(
                                task=task, requested_by=world.head, reason="x",
                                proposed_deadline=date(2024, 9, 30),
                            )  # fmt: skip
                        _call(act, world, person, task)
                        raise Rollback
                except Rollback:
                    outcome = "allowed"
                except ValidationFailed as exc:
                    refused = exc.code in (Code.NOT_PERMITTED, Code.WRONG_STATE)
                    outcome = "refused" if refused else f"{exc.code}: {exc}"
                if outcome != ("allowed" if allowed else "refused"):
                    wrong.append((state.value, act.value, person.username, outcome))
    assert wrong == []
