"""The demo shows meetings with the partner: a provincial meeting of Nghệ An and this year's
annual review, their conclusions turned into tasks (one done, one under way), which the
partner's own user `congdoan` reads on its pages; loading again adds nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.models import Conclusion, Meeting, MeetingKind
from theodoi.tasks.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]


def words(response) -> str:
    body = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", body[body.index("<main") :]).split())


def test_the_partner_sees_the_demo_meetings_and_their_follow_ups() -> None:
    copy_demo("Mat-khau-demo-2026")
    provincial = Meeting.objects.get(kind=MeetingKind.PROVINCIAL)
    assert provincial.unit.code == "NGHEAN" and provincial.partner_unit.code == "LDLD_NGHEAN"
    states = {c.task.state for c in provincial.conclusions.select_related("task")}
    assert states == {State.DONE, State.IN_PROGRESS}
    review = Meeting.objects.get(kind=MeetingKind.ANNUAL_REVIEW)
    assert review.obligation is not None and review.host == review.obligation.host
    assert Unit.objects.filter(kind=UnitKind.EXTERNAL, parent__code="TLD").count() > 30

    client = Client()
    client.force_login(User.objects.get(username="congdoan"))
    year = provincial.held_on.year
    listed = words(client.get(reverse("partners:meetings"), {"nam": year}))
    assert "Họp định kỳ 6 tháng cấp tỉnh" in listed
    page = words(client.get(reverse("partners:meeting", args=[provincial.pk])))
    assert "Đã hoàn thành đúng hạn" in page and "Đã gửi danh sách quý III" in page
    assert "Đồng gửi BHXH Việt Nam và Tổng LĐLĐ Việt Nam" in page

    load_demo("Mat-khau-demo-2026")
    assert Meeting.objects.count() == 2 and Conclusion.objects.count() == 4
