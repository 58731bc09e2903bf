"""Difficulties and proposals (Art. 9.1.b, 10.3): a unit raises one, the Office refers it to a
leader, the leader decides; each stage is on the task's timeline and tells the right people."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.notifications.models import Notification
from theodoi.tasks.models import EventKind, Obstacle, ObstacleStatus, Task, TaskEvent
from theodoi.tasks.obstacles import reads, services
from theodoi.tasks.tests.conftest import World, at
from theodoi.tasks.tests.test_notices import head_of, told
from theodoi.tasks.tests.test_steps import draft, in_progress

pytestmark = pytest.mark.django_db
DAY = at(date(2024, 2, 1))


def raised(world: World, task: Task | None = None, **kw) -> Obstacle:
    return services.obstacle_raise(
        actor=kw.pop("actor", world.coord),
        task=task or in_progress(world),
        difficulty=kw.pop("difficulty", "Chưa có số liệu đối soát của ngân hàng."),
        proposal=kw.pop("proposal", "Đề nghị lãnh đạo chỉ đạo Ngân hàng cung cấp số liệu."),
        at=kw.pop("at", DAY),
        **kw,
    )


def referred(world: World, obstacle: Obstacle, **kw) -> Obstacle:
    return services.obstacle_refer(
        actor=world.office,
        obstacle=obstacle,
        expected_version=kw.pop("expected_version", obstacle.version),
        leader=kw.pop("leader", world.leader),
        note=kw.pop("note", "Văn phòng đề nghị đồng ý."),
        at=at(date(2024, 2, 5)),
    )


def decided(world: World, obstacle: Obstacle, **kw) -> Obstacle:
    return services.obstacle_decide(
        actor=kw.pop("actor", world.leader),
        obstacle=obstacle,
        expected_version=kw.pop("expected_version", obstacle.version),
        decision=kw.pop("decision", "Đồng ý; Văn phòng làm việc với Ngân hàng."),
        at=at(date(2024, 2, 7)),
    )


def code_of(call) -> tuple[Code, set[str]]:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return refused.value.code, set(refused.value.errors)


def test_an_obstacle_goes_from_the_office_to_the_leader_and_back(world: World) -> None:
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", "application/pdf")
    obstacle = raised(world, files=[pdf])
    assert obstacle.status == ObstacleStatus.OPEN and obstacle.unit == world.units["CSXH"]
    obstacle = referred(world, obstacle)
    assert (obstacle.status, obstacle.leader) == (ObstacleStatus.REFERRED, world.leader)
    obstacle = decided(world, Obstacle.objects.get(pk=obstacle.pk))
    stored = Obstacle.objects.get(pk=obstacle.pk)
    assert stored.status == ObstacleStatus.DECIDED and stored.decided_by == world.leader
    # what each stage wrote stays: the difficulty, the Office's note, the decision
    assert stored.difficulty.startswith("Chưa có số liệu")
    assert stored.referral_note == "Văn phòng đề nghị đồng ý."
    assert stored.decision.startswith("Đồng ý")
    timeline = list(stored.task.events.order_by("at", "id"))
    kinds = [e.action for e in timeline][-3:]
    assert kinds == [EventKind.OBSTACLE_RAISE, EventKind.OBSTACLE_REFER, EventKind.OBSTACLE_DECIDE]
    assert timeline[-2].note.startswith(f"Trình lãnh đạo {world.leader}.")
    assert [f.name for f in timeline[-3].attachments.all()] == ["bien-ban.pdf"]
    page = reads.obstacle_page(stored, date(2024, 2, 8))
    assert [e.action for e in page.history] == kinds
    assert [f.name for f in page.files] == ["bien-ban.pdf"]


def test_who_is_told_at_each_stage_and_never_the_actor(world: World) -> None:
    task = in_progress(world)  # TST leads, CSXH coordinates, staff is the assignee
    csxh_head = head_of(world, "CSXH", "csxh.truongban")
    head_of(world, "CSXH", "csxh.cu", is_active=False)
    second_office = head_of(world, "VP", "vanphong2")
    second_office.role_grants.all().delete()
    second_office.role_grants.create(role="tracker")
    told()
    obstacle = raised(world, task)
    assert told() == {"vanphong", "vanphong2"}  # the Office, whoever of it
    obstacle = services.obstacle_refer(
        actor=second_office,
        obstacle=obstacle,
        expected_version=obstacle.version,
        leader=world.leader,
        note="Trình lãnh đạo",
    )
    assert told() == {"lanhdao"}
    decided(world, obstacle)
    # the raising unit's heads, the person who raised it, the lead unit's assignees
    assert told() == {csxh_head.username, "csxh.chuyenvien", "tst.chuyenvien"}


def test_the_leaders_decision_links_to_the_obstacle_and_names_the_unit(world: World) -> None:
    obstacle = referred(world, raised(world))
    decided(world, obstacle)
    note = Notification.objects.get(user=world.coord)
    assert note.url == services.obstacle_url(obstacle) and note.task_id == obstacle.task_id
    assert f"có ý kiến chỉ đạo về khó khăn, vướng mắc của {world.units['CSXH']}" in note.title
    assert "CSXH" not in note.title.replace(str(world.units["CSXH"]), "")
    assert note.body.startswith("Đồng ý")


def test_the_actor_is_never_told_even_when_among_those_told(world: World) -> None:
    world.coord.role_grants.create(role="tracker")  # the Office's person also in CSXH
    task = in_progress(world)
    told()
    obstacle = raised(world, task, actor=world.coord)
    assert told() == {"vanphong"}
    obstacle = referred(world, raised(world, obstacle.task, actor=world.staff))
    told()
    decided(world, obstacle)
    assert told() == {"tst.truongban", "tst.chuyenvien"}  # the unit's head, raiser, assignee
    obstacle = referred(world, raised(world, obstacle.task, actor=world.head))
    told()
    services.obstacle_decide(
        actor=world.leader, obstacle=obstacle, expected_version=obstacle.version, decision="Ok"
    )
    assert told() == {"tst.truongban", "tst.chuyenvien"}


def test_who_may_raise_and_when(world: World) -> None:
    task = in_progress(world)
    assert code_of(lambda: raised(world, task, actor=world.other_head))[0] == Code.NOT_PERMITTED
    assert code_of(lambda: raised(world, task, actor=world.office))[0] == Code.NOT_PERMITTED
    assert code_of(lambda: raised(world, task, actor=world.leader))[0] == Code.NOT_PERMITTED
    assert code_of(lambda: raised(world, draft(world), actor=world.head))[0] == Code.WRONG_STATE
    assert raised(world, task, actor=world.staff).unit == world.units["TST"]
    assert raised(world, task, actor=world.head).status == ObstacleStatus.OPEN


def test_the_difficulty_and_the_proposal_are_required(world: World) -> None:
    task = in_progress(world)
    assert code_of(lambda: raised(world, task, difficulty="  ")) == (Code.REQUIRED, {"difficulty"})
    assert code_of(lambda: raised(world, task, proposal="")) == (Code.REQUIRED, {"proposal"})
    fake = SimpleUploadedFile("so-lieu.xlsx", b"not a workbook")
    assert code_of(lambda: raised(world, task, files=[fake])) == (Code.FILE_REFUSED, {"files"})
    assert not Obstacle.objects.exists()
    assert not TaskEvent.objects.filter(action=EventKind.OBSTACLE_RAISE).exists()
    assert not Notification.objects.filter(key__contains=":obstacle:").exists()


def test_referring_and_deciding_refusals(world: World) -> None:
    obstacle = raised(world)
    other_leader = head_of(world, "LD", "lanhdao2")
    other_leader.role_grants.all().delete()
    other_leader.role_grants.create(role="leader")
    assert code_of(lambda: decided(world, obstacle))[0] == Code.WRONG_STATE  # not yet referred
    refer_by_head = lambda: services.obstacle_refer(  # noqa: E731
        actor=world.head, obstacle=obstacle, expected_version=1, leader=world.leader, note="x"
    )
    assert code_of(refer_by_head)[0] == Code.NOT_PERMITTED
    assert code_of(lambda: referred(world, obstacle, leader=world.head)) == (
        Code.INVALID,
        {"leader"},
    )
    assert code_of(lambda: referred(world, obstacle, note=" ")) == (Code.REQUIRED, {"note"})
    obstacle = referred(world, obstacle)
    assert code_of(lambda: referred(world, obstacle))[0] == Code.WRONG_STATE
    assert code_of(lambda: decided(world, obstacle, actor=other_leader))[0] == Code.NOT_PERMITTED
    assert code_of(lambda: decided(world, obstacle, actor=world.office))[0] == Code.NOT_PERMITTED
    assert code_of(lambda: decided(world, obstacle, decision=""))[0] == Code.REQUIRED
    obstacle = decided(world, obstacle)
    assert code_of(lambda: decided(world, obstacle))[0] == Code.WRONG_STATE
    assert Obstacle.objects.get(pk=obstacle.pk).decision.startswith("Đồng ý")


def test_a_decision_on_a_stale_page_is_refused_and_names_who_acted(world: World) -> None:
    obstacle = referred(world, raised(world))
    seen = Obstacle.objects.get(pk=obstacle.pk)  # two pages open on the same version
    decided(world, obstacle)
    seen_version = seen.version
    with pytest.raises(ConflictError, match=str(world.leader)):
        decided(world, seen, expected_version=seen_version, decision="Ý kiến khác")
    stored = Obstacle.objects.get(pk=obstacle.pk)
    assert stored.decision.startswith("Đồng ý")
    assert TaskEvent.objects.filter(action=EventKind.OBSTACLE_DECIDE).count() == 1


def test_a_failure_while_telling_rolls_the_stage_back(world: World, monkeypatch) -> None:
    obstacle = raised(world)

    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        referred(world, obstacle)
    stored = Obstacle.objects.get(pk=obstacle.pk)
    assert (stored.status, stored.version, stored.leader_id) == (ObstacleStatus.OPEN, 1, None)
    assert not TaskEvent.objects.filter(action=EventKind.OBSTACLE_REFER).exists()


def test_the_queue_lists_open_ones_first_with_names_and_working_days(world: World) -> None:
    task = in_progress(world)
    first = decided(world, referred(world, raised(world, task, at=at(date(2024, 1, 10)))))
    second = referred(world, raised(world, task, at=at(date(2024, 1, 15))))
    third = raised(world, task, actor=world.staff, at=at(date(2024, 1, 20)))
    rows = reads.rows_of(list(reads.queue()), date(2024, 1, 26), reads.get_calendar())
    assert [r.pk for r in rows] == [third.pk, second.pk, first.pk]
    assert [r.unit for r in rows] == [str(world.units[c]) for c in ("TST", "CSXH", "CSXH")]
    assert rows[0].raised_text == "20/01/2024"
    assert rows[0].waiting_days == 5  # raised on Saturday 20/01: Mon 22 to Fri 26 January
    assert [o.pk for o in reads.queue(reads.STILL_OPEN)] == [third.pk, second.pk]
    assert [o.pk for o in reads.queue(ObstacleStatus.DECIDED)] == [first.pk]
    assert reads.open_count() == 2


def test_the_periodic_report_reads_the_period_as_it_was(world: World) -> None:
    task = in_progress(world)
    early = raised(world, task, at=at(date(2024, 1, 10)))
    early = decided(world, referred(world, early))  # decided 07/02/2024
    late = raised(world, task, at=at(date(2024, 2, 20)))
    january = reads.obstacles_of_period(date(2024, 1, 1), date(2024, 1, 31))
    assert [r.pk for r in january.open] == [early.pk] and january.decided == []
    assert january.open[0].status == ObstacleStatus.OPEN  # referred only on 05/02
    assert january.open[0].decision == ""
    february = reads.obstacles_of_period(date(2024, 2, 1), date(2024, 2, 29))
    assert [r.pk for r in february.open] == [late.pk]
    assert [r.pk for r in february.decided] == [early.pk]
    assert february.decided[0].decided_text == "07/02/2024"
