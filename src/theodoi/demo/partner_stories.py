"""The partner agreement in the demo (docs/partners.md): the duties of this year and next
generated as tasks through `partners.generation` (each province's LĐLĐ registered first as
its counterpart, so that it coordinates the province's joint tasks), and this year's tasks
moved through the real steps of the cycle so that the Office's page shows every state.

This year's tasks are generated as the Office would, in mid-December of the year before. A
task whose deadline has passed was, for most provinces, done on time (submitted three days
before, approved the day before); for one in six it was done late, one in six is still under
way and one in six was never accepted, so the page shows overdue work too. Of the tasks still
ahead, one in three has been accepted. Next year's tasks are only generated (assigned).
"""

from datetime import date, timedelta

from django.utils import timezone

from theodoi.demo.meeting_stories import register_counterparts
from theodoi.demo.tasks import Teller, _at
from theodoi.partners import catalog
from theodoi.partners.generation import generate
from theodoi.partners.models import Obligation
from theodoi.tasks import steps
from theodoi.tasks.models import State, Task


def _done(teller: Teller, task: Task, submitted: date, approved: date) -> None:
    head = teller.head_of(task.lead_unit) if task.lead_unit else teller.office
    task = teller.step(
        steps.task_submit, head, task, submitted, result="Đã thực hiện; gửi kèm văn bản."
    )
    task = teller.step(steps.task_forward, teller.office, task, approved - timedelta(days=1))
    teller.step(steps.task_approve, teller.leader, task, approved)


def _tell(teller: Teller, obligation: Obligation, index: int, today: date) -> None:
    task, deadline = obligation.task, obligation.deadline
    lead = task.lead_unit
    if lead is None or task.state != State.ASSIGNED:
        return
    head = teller.head_of(lead)
    if deadline >= today:
        if index % 3 == 0:
            accepted = max(deadline - timedelta(days=40), obligation.created_at.date())
            teller.step(steps.task_accept, head, task, min(accepted, today), assignees=[])
        return
    if index % 6 == 5:  # never accepted: overdue, waiting for the unit
        return
    task = teller.step(steps.task_accept, head, task, deadline - timedelta(days=20), assignees=[])
    if index % 6 == 4:  # accepted, still under way past its deadline
        return
    if index % 6 == 3:  # done late
        _done(teller, task, deadline + timedelta(days=5), deadline + timedelta(days=8))
        return
    _done(teller, task, deadline - timedelta(days=3), deadline - timedelta(days=1))


def load_partner_duties(password: str) -> int:
    """Generate this year's and next year's tasks once and move this year's; how many were
    created now."""
    today = timezone.localdate()
    agreement = catalog.agreement()
    register_counterparts(agreement, today)
    created = 0
    this_year = generate(
        actor=None, agreement=agreement, year=today.year, at=_at(date(today.year - 1, 12, 15))
    )
    created += this_year.created
    if this_year.created:
        teller = Teller(password)
        counters: dict[tuple[int, str], int] = {}
        for obligation in this_year.obligations:
            key = (obligation.duty_id, obligation.period)
            index = counters.get(key, 0)
            counters[key] = index + 1
            _tell(teller, obligation, index, today)
    created += generate(actor=None, agreement=agreement, year=today.year + 1).created
    return created
