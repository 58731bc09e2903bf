"""Who reads, writes and reviews a unit's report: role × own or other unit × what, through the
scope functions and through the report page (404 for those who may not read)."""

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.reports import scope
from theodoi.reports.tests.factories import make_round, request_of

pytestmark = pytest.mark.django_db
R, W, V = "read", "write", "review"
# (role, the person's unit) → what they may do with TST's report to the Office / to Ban Pháp chế
MATRIX = [
    (Role.UNIT_HEAD, "TST", {R, W}, {R, W}),
    (Role.UNIT_STAFF, "TST", {R, W}, {R, W}),
    (Role.UNIT_HEAD, "CSXH", set(), set()),
    (Role.UNIT_STAFF, "CSXH", set(), set()),
    (Role.UNIT_HEAD, "PC", set(), {R, V}),
    (Role.UNIT_STAFF, "PC", set(), {R, V}),
    (Role.TRACKER, "VP", {R, V}, {R}),
    (Role.LEADER, "LD", {R}, {R}),
    (Role.INSPECTOR, "KT", {R}, {R}),
    (Role.AUDITOR, "VP", {R}, {R}),
    (Role.ADMIN, "VP", {R}, {R}),
    (Role.PARTNER, "TST", set(), set()),
]


@pytest.mark.parametrize(("role", "unit", "to_office", "to_legal"), MATRIX)
def test_who_reads_writes_and_reviews(
    make_user, sample_units, role: str, unit: str, to_office: set, to_legal: set
) -> None:
    person = make_user(role, unit=unit)
    for collector, expected in (("VP", to_office), ("PC", to_legal)):
        report_round = make_round(
            sample_units[collector], [sample_units["TST"]], period=f"2026-Q1-{collector}"
        )
        report = request_of(report_round, sample_units["TST"])
        found = set()
        if scope.reads(person, report):
            found.add(R)
        if scope.writes(person, report):
            found.add(W)
        if scope.reviews(person, report_round):
            found.add(V)
        assert found == expected, collector
        assert scope.visible_requests(person).filter(pk=report.pk).exists() is (R in expected)
        client = Client()
        client.force_login(person)
        status = client.get(reverse("reports:request", args=[report.pk])).status_code
        if role == Role.PARTNER:
            assert status == 403
        else:
            assert status == (200 if R in expected else 404), collector
