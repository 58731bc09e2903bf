"""A submitted version's page (statforms:version): the form as sent, read-only, with the
warnings' explanations, who sent it, the review and the unit's other versions; readable by
whoever reads the unit's report (reports.scope.reads), 404 for anyone else."""

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.reports.services import report_return
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.rollup_world import request_of, send

pytestmark = pytest.mark.django_db


def test_a_version_reads_as_sent_with_the_units_other_versions(forms, client) -> None:
    first = send(
        forms.hanoi, "HANOI", "2026-Q2", province_values(**{"6_2_total": 1100}), "2026-06-10"
    )
    request = request_of("HANOI", "2026-Q2")
    report_return(
        actor=forms.office, request=request, expected_version=request.version, comment="Xem lại 6.2"
    )
    second = send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-12")
    client.force_login(forms.office)
    page = client.get(reverse("statforms:version", args=[first.pk])).content.decode()
    assert "BHXH Hà Nội, lần nộp 1" in page and "hanoi.giamdoc" in page
    assert "1.200" in page and "1.100" in page  # 5.1 and 6.2.total as sent the first time
    assert "6.2.total = 5.1" in page and "Số liệu đã được rà soát lại." in page
    assert "Trả lại (vanphong" in page and "Xem lại 6.2" in page
    assert "không có số liệu" in page  # 2.website, left blank
    assert "Không có kiến nghị." in page  # section 10's text
    assert reverse("statforms:version", args=[second.pk]) in page  # the other version
    latest = client.get(reverse("statforms:version", args=[second.pk])).content.decode()
    assert "lần nộp 2" in latest and "Chưa xem xét" in latest
    assert reverse("statforms:version", args=[first.pk]) in latest


def test_who_may_read_a_version(forms, client) -> None:
    sent = send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    leader = UserFactory.create(username="lanhdao", roles=[Role.LEADER], unit=forms.units["LD"])
    url = reverse("statforms:version", args=[sent.pk])
    for who, status in ((forms.hanoi, 200), (forms.office, 200), (leader, 200)):
        client.force_login(who)
        assert client.get(url).status_code == status, who
    for who in (forms.haiphong, forms.cntt):
        client.force_login(who)
        assert client.get(url).status_code == 404, who
    client.force_login(forms.office)
    assert client.get(reverse("statforms:version", args=[sent.pk + 1000])).status_code == 404
