"""The demo holds meetings with the partner: a provincial meeting of Nghệ An and this year's
annual review, their conclusions turned into tasks (one done, one under way), for the
partner's own user `congdoan`; loading again adds nothing."""

import pytest

from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.models import Conclusion, Meeting, MeetingKind
from theodoi.tasks.models import State

pytestmark = pytest.mark.django_db


def test_the_demo_holds_meetings_and_their_follow_ups() -> None:
    copy_demo("Mat-khau-demo-2026", report_stories=False)
    provincial = Meeting.objects.get(kind=MeetingKind.PROVINCIAL)
    assert provincial.unit.code == "NGHEAN" and provincial.partner_unit.code == "LDLD_NGHEAN"
    states = {c.task.state for c in provincial.conclusions.select_related("task")}
    assert states == {State.DONE, State.IN_PROGRESS}
    review = Meeting.objects.get(kind=MeetingKind.ANNUAL_REVIEW)
    assert review.obligation is not None and review.host == review.obligation.host
    assert Unit.objects.filter(kind=UnitKind.EXTERNAL, parent__code="TLD").count() > 30

    load_demo("Mat-khau-demo-2026", report_stories=False)
    assert Meeting.objects.count() == 2 and Conclusion.objects.count() == 4
