"""A year's tasks are generated once, in the normal cycle: assigned by the agreement to their
lead unit, provincial duties fanned out to the provinces in force on each deadline, the partner
coordinating; a second run, or two runs at once, create nothing more."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from theodoi.conftest import database_for_threads, in_threads
from theodoi.core.errors import ValidationFailed
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners import catalog
from theodoi.partners.generation import check_year, generate, year_plan
from theodoi.partners.models import Agreement, Obligation, Side
from theodoi.tasks.models import EventKind, State, Task, TaskFact
from theodoi.workcalendar.services import get_calendar

pytestmark = pytest.mark.django_db
CENTRAL = 2  # the annual review (VP) and the joint inspection plan (KT)
PER_PROVINCE = 8  # programme, 2 meetings, 4 exchanges, the December plan


def provinces_on(day: date) -> int:
    return sum(
        1
        for u in Unit.objects.filter(kind=UnitKind.PROVINCE)
        if (u.valid_from is None or u.valid_from <= day)
        and (u.valid_to is None or day <= u.valid_to)
    )


def test_a_year_is_generated_once_as_assigned_tasks(agreement: Agreement) -> None:
    assert provinces_on(date(2026, 1, 1)) == provinces_on(date(2026, 12, 31)) == 34
    first = generate(actor=None, agreement=agreement, year=2026)
    assert (first.created, first.existing) == (CENTRAL + 34 * PER_PROVINCE, 0)
    again = generate(actor=None, agreement=agreement, year=2026)
    assert (again.created, again.existing) == (0, 274)
    assert [o.pk for o in again.obligations] == [o.pk for o in first.obligations]
    assert Task.objects.count() == Obligation.objects.count() == 274

    review = Obligation.objects.get(duty__code="tong-ket-hang-nam", year=2026)
    task = review.task
    assert task.state == State.ASSIGNED and task.lead_unit.code == "VP"
    assert task.deadline == date(2026, 12, 31) and task.original_deadline == date(2026, 12, 31)
    assert task.internal_deadline == get_calendar().add_working_days(date(2026, 12, 31), -1)
    assert task.document_id == agreement.document_id and task.item == "Điều 6.4, 27.4"
    assert list(task.coordinating_units.values_list("code", flat=True)) == ["TLD"]
    assert task.content.startswith("Chủ trì tổ chức tổng kết") and review.host == Side.OURS
    kinds = list(task.events.order_by("id").values_list("action", flat=True))
    assert kinds == [EventKind.CREATE, EventKind.ASSIGN]
    assert TaskFact.objects.filter(task=task).exists()  # statistics see it from today


def test_the_partner_hosts_the_review_in_odd_years(agreement: Agreement) -> None:
    generate(actor=None, agreement=agreement, year=2027)
    review = Obligation.objects.get(duty__code="tong-ket-hang-nam", year=2027)
    assert review.host == Side.PARTNER and review.unit.code == "VP"
    assert review.task.content.startswith("Tham dự tổng kết") and "năm 2027" in review.task.content
    plan = Obligation.objects.get(duty__code="ke-hoach-kiem-tra-lien-nganh", year=2027)
    assert plan.unit.code == "KT" and "năm 2028" in plan.task.content
    assert plan.deadline == date(2027, 11, 30)


def test_a_province_that_ends_mid_year_owes_only_the_periods_before(agreement) -> None:
    hanoi = Unit.objects.get(code="HANOI")
    hanoi.valid_to = date(2026, 8, 15)
    hanoi.save()
    plan = year_plan(agreement, 2026)
    periods = sorted(p.occurrence.period for p in plan if p.unit.code == "HANOI")
    assert periods == ["2026", "2026-H1", "2026-Q1", "2026-Q2"]  # programme in January
    assert len(plan) == CENTRAL + 33 * PER_PROVINCE + 4
    outcome = generate(actor=None, agreement=agreement, year=2026)
    assert outcome.created == len(plan)
    december = Obligation.objects.filter(duty__code="ke-hoach-kiem-tra-tinh", year=2026)
    assert december.count() == 33 and not december.filter(unit=hanoi).exists()


def test_2025_fans_out_to_63_provinces_then_34_after_the_merger(agreement: Agreement) -> None:
    plan = year_plan(agreement, 2025)
    by_period: dict[str, int] = {}
    for p in plan:
        if p.duty.code == "trao-doi-thong-tin-tinh":
            by_period[p.occurrence.period] = by_period.get(p.occurrence.period, 0) + 1
    assert by_period == {"2025-Q1": 63, "2025-Q2": 63, "2025-Q3": 34, "2025-Q4": 34}
    assert provinces_on(date(2025, 6, 30)) == 63 and provinces_on(date(2025, 7, 1)) == 34


def run_command(*args: str) -> dict:
    out = io.StringIO()
    call_command("obligations", "generate", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_every_task_of_the_year_and_creates_them_once(sample_units) -> None:
    first = run_command("--year", "2027")
    assert set(first) == {"created", "existing", "tasks"}
    assert (first["created"], first["existing"], len(first["tasks"])) == (274, 0, 274)
    assert all(set(t) == {"code", "title", "deadline", "unit"} for t in first["tasks"])
    keys = [(t["deadline"], t["unit"]) for t in first["tasks"]]
    assert [d for d, _ in keys] == sorted(d for d, _ in keys)
    assert first["tasks"][0] == {
        "code": "chuong-trinh-phoi-hop-tinh-2027",
        "title": "Chủ trì, phối hợp với LĐLĐ tỉnh, Công đoàn ngành TW, Công đoàn Tổng công ty "
        "xây dựng chương trình phối hợp công tác năm 2027",
        "deadline": "2027-01-29",
        "unit": "ANGIANG",
    }
    second = run_command("--year", "2027")
    assert (second["created"], second["existing"]) == (0, 274)
    assert second["tasks"] == first["tasks"]


@pytest.mark.parametrize(
    ("year", "words"),
    [
        ("abc", "Năm «abc» không hợp lệ"),
        ("1800", "Năm «1800» không hợp lệ"),
        ("2014", "nằm ngoài thời gian hiệu lực của quy chế phối hợp (từ 31/12/2015)"),
        ("", "Năm «» không hợp lệ"),
    ],
)
def test_a_bad_year_is_refused_and_nothing_is_written(sample_units, year, words) -> None:
    with pytest.raises(CommandError, match=words.replace("(", r"\(").replace(")", r"\)")):
        run_command("--year", year)
    assert not Task.objects.filter(obligation__isnull=False).exists()
    assert not Obligation.objects.exists()


def test_a_year_after_next_is_refused(agreement: Agreement) -> None:
    with pytest.raises(Exception) as refused:
        check_year(agreement, "2029", date(2027, 3, 1))
    assert "đến hết năm 2028" in str(refused.value.errors)  # type: ignore[attr-defined]
    assert check_year(agreement, "2028", date(2027, 3, 1)) == 2028


def test_installing_twice_writes_the_agreement_once(sample_units) -> None:
    assert catalog.install() == 1 + 7
    assert catalog.install() == 0
    assert Agreement.objects.count() == 1
    agreement = Agreement.objects.get()
    assert agreement.partner.code == "TLD" and agreement.duties.count() == 7
    assert agreement.document is not None and agreement.document.get_kind_display() == (
        "Quy chế phối hợp"
    )


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_create_each_task_once(sample_units, tmp_path) -> None:
    agreement = catalog.agreement()

    def run() -> tuple[int, int]:
        found = Agreement.objects.get(pk=agreement.pk)
        outcome = generate(actor=None, agreement=found, year=2027)
        return outcome.created, outcome.existing

    with database_for_threads(tmp_path):
        runs = in_threads(run, run)
        counts = in_threads(lambda: (Task.objects.count(), Obligation.objects.count()))[0]
    assert sorted(created for created, _ in runs) == [0, 274]
    assert all(created + existing == 274 for created, existing in runs)
    assert counts == (274, 274)


def test_a_central_duty_goes_to_the_successor_of_a_unit_that_ended(agreement) -> None:
    kt = Unit.objects.get(code="KT")
    new = Unit.objects.create(
        code="KTGS", name="Ban Kiểm tra - Giám sát", kind=UnitKind.CENTRAL, parent=kt.parent
    )
    kt.valid_to = date(2026, 6, 30)
    kt.save()
    kt.successions.create(successor=new, effective_date=date(2026, 7, 1), kind="replace")
    generate(actor=None, agreement=agreement, year=2026)
    plan = Obligation.objects.get(duty__code="ke-hoach-kiem-tra-lien-nganh", year=2026)
    assert plan.unit == new and plan.task.lead_unit == new
    new.valid_to = date(2027, 3, 1)
    new.save()
    with pytest.raises(ValidationFailed) as refused:
        year_plan(agreement, 2027)
    assert "«KT»" in refused.value.errors["year"] and "30/11/2027" in refused.value.errors["year"]
    assert not Obligation.objects.filter(year=2027).exists()
