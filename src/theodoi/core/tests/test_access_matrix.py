"""The permission matrix: every role × every action, through `can` and through the pages."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.api.tokens import token_create
from theodoi.conftest import with_token
from theodoi.core.access import RULES, Action, can
from theodoi.inspections.models import (
    Inspection,
    InspectionPlan,
    Kind,
    MemberRole,
    MemberState,
    TeamMember,
)
from theodoi.monitoring.models import UrgingLetter
from theodoi.organisation.models import UnitKind
from theodoi.organisation.tests.factories import UnitFactory
from theodoi.partners import catalog
from theodoi.partners.models import Agreement, Level, Meeting, MeetingKind, Side
from theodoi.targets.models import Direction, Measure, Source, Target
from theodoi.webhooks.models import Subscription

A, L, T, H, S, IN, P, AU = (
    Role.ADMIN,
    Role.LEADER,
    Role.TRACKER,
    Role.UNIT_HEAD,
    Role.UNIT_STAFF,
    Role.INSPECTOR,
    Role.PARTNER,
    Role.AUDITOR,
)
EVERYONE = {A, L, T, H, S, IN, P, AU}
# The matrix as the product owner reads it: who is allowed; everyone else is denied.
EXPECTED = {
    Action.VIEW_UNITS: EVERYONE,
    Action.EDIT_UNITS: {A},
    Action.VIEW_USERS: {A, AU, L},
    Action.MANAGE_USERS: {A},
    Action.MANAGE_OWN_ACCOUNT: EVERYONE,
    Action.RESET_SECOND_FACTOR: {A},
    Action.VIEW_CALENDAR: EVERYONE,
    Action.EDIT_CALENDAR: {A},
    Action.VIEW_AUDIT: {A, AU},
    Action.VIEW_TASKS: EVERYONE - {P},
    Action.REGISTER_DOCUMENTS: {T},
    Action.HAND_OVER_TASKS: {T, A},
    Action.VIEW_STATS: {A, L, T, H, IN, AU},
    Action.IMPORT_PLANS: {T},
    Action.VIEW_NOTIFICATIONS: EVERYONE,
    Action.MANAGE_REMINDERS: {A},
    Action.VIEW_DASHBOARD: {A, L, T, H, IN, AU},
    Action.URGE_UNITS: {T},
    Action.VIEW_RANKING: {A, L, T, IN, AU},
    Action.VIEW_SCORECARD: {A, L, T, H, IN, AU},
    Action.SET_RANKING_FORMULA: {A},
    Action.ISSUE_SIGNED: {T},
    Action.CHECK_SIGNATURES: EVERYONE,
    Action.VIEW_OBSTACLES: {A, L, T, IN, AU},
    Action.MANAGE_REPORT_TYPES: {A},
    Action.VIEW_REPORTS: EVERYONE - {P},
    Action.REQUEST_REPORTS: {T},
    Action.VIEW_AGENCY_REPORTS: {A, L, T, IN, AU},
    Action.WRITE_AGENCY_REPORTS: {T},
    Action.MANAGE_WEBHOOKS: {A},
    Action.VIEW_TARGETS: EVERYONE - {P},
    Action.MANAGE_TARGETS: {T, A},
    Action.ENTER_TARGET_ACTUALS: {T, H, S},
    Action.VIEW_PARTNER_WORK: {A, L, T, IN, AU, P},
    Action.GENERATE_OBLIGATIONS: {T},
    Action.VIEW_MEETINGS: EVERYONE,
    Action.RECORD_MEETINGS: {T, H, S},
    Action.ASSIGN_CONCLUSIONS: {T},
    Action.VIEW_INSPECTIONS: EVERYONE - {P},
    Action.DRAFT_INSPECTION_PLANS: {T},
    Action.APPROVE_INSPECTIONS: {L},
    Action.CREATE_INSPECTIONS: {T},
    Action.WORK_ON_INSPECTIONS: {T, IN, H, S},
}


def letter_for(user) -> int:
    """An urging letter to the person's unit (the signing page shows one); any id will do for
    the anonymous visitor, who is sent to sign in first."""
    if not isinstance(user, User):
        return 1
    assert user.unit is not None
    letter = UrgingLetter.objects.create(
        unit=user.unit,
        issued_on=date(2026, 12, 8),
        as_of=date(2026, 12, 8),
        signer_authority="TL. TỔNG GIÁM ĐỐC",
        signer_title="CHÁNH VĂN PHÒNG",
        file="don-doc/2026/don-doc.docx",
        created_by=user,
    )
    return letter.pk


def token_for(user) -> int:
    """One of the person's API tokens (their token pages show one); any id for the anonymous
    visitor, who is sent to sign in first."""
    if not isinstance(user, User):
        return 1
    return token_create(actor=user, user=user, name="Kịch bản").token.pk


def a_subscription() -> int:
    """A webhook subscription's id (its pages show one)."""
    return Subscription.objects.create(url="https://vpdt.bhxh.test/webhook", events=[]).pk


def target_of(user) -> str:
    """The code of a target the person's unit owns (its entry page); any code for the
    anonymous visitor, who is sent to sign in first."""
    if not isinstance(user, User):
        return "hai-long"
    assert user.unit is not None
    target = Target.objects.filter(owner=user.unit).first()
    if target is None:
        target = Target.objects.create(
            code=f"hai-long-{user.pk}", name="Hài lòng", value=90, unit=Measure.PERCENT,
            direction=Direction.AT_LEAST, deadline=date(2026, 12, 31), owner=user.unit,
            source=Source.ENTERED,
        )  # fmt: skip
    return target.code


def in_a_province(user) -> None:
    """Move a unit's head or staff to a province: they record their own province's meeting
    (partners.scope.may_record); the Office records any."""
    if isinstance(user, User) and user.roles & {H, S}:
        province = UnitFactory.create(code="NGHEAN", kind=UnitKind.PROVINCE)
        User.objects.filter(pk=user.pk).update(unit=province)


def an_agreement() -> Agreement:
    """The shipped agreement, with the units it names."""
    UnitFactory.create(code="TLD", kind=UnitKind.EXTERNAL)
    UnitFactory.create(code="KT")
    return catalog.agreement()


def a_meeting(user) -> int:
    """A central meeting under the shipped agreement (its page shows one)."""
    agreement = an_agreement()
    vp = UnitFactory.create(code="VP")
    return Meeting.objects.create(
        agreement=agreement,
        kind=MeetingKind.ANNUAL_REVIEW,
        level=Level.CENTRAL,
        held_on=date(2026, 11, 20),
        host=Side.OURS,
        unit=vp,
        partner_unit=agreement.partner,
    ).pk


def record_meeting_page(user) -> str:
    in_a_province(user)
    an_agreement()
    return reverse("partners:meeting_create")


def a_draft_plan() -> int:
    """The year of a draft inspection plan (its approval page asks for one)."""
    InspectionPlan.objects.get_or_create(year=2026, defaults={"title": "Kế hoạch kiểm tra 2026"})
    return 2026


def an_inspection() -> Inspection:
    """An inspection of one unit whose decision is not issued yet."""
    inspection = Inspection.objects.create(
        kind=Kind.AD_HOC, conducted_by=UnitFactory.create(code="VP"), title="Kiểm tra",
        start=date(2026, 11, 2), end=date(2026, 11, 6),
    )  # fmt: skip
    inspection.units.add(UnitFactory.create(code="CNTT"))
    return inspection


def a_proposal() -> int:
    """A member proposed for an inspection's team (the leader's page to answer it)."""
    member = TeamMember.objects.create(
        inspection=an_inspection(), full_name="Phạm Bổ Sung", unit=UnitFactory.create(code="TST"),
        role=MemberRole.MEMBER, state=MemberState.PROPOSED, reason="Cần thêm người",
    )  # fmt: skip
    return member.pk


def inspection_of(user) -> int:
    """An inspection with `user` on its team (its report form is theirs: Office, inspectors,
    unit heads and staff serve on teams); any id for the anonymous visitor."""
    if not isinstance(user, User):
        return 1
    assert user.unit is not None
    inspection = Inspection.objects.create(
        kind=Kind.AD_HOC, conducted_by=user.unit, title="Kiểm tra đột xuất",
        start=date(2026, 11, 2), end=date(2026, 11, 6),
    )  # fmt: skip
    inspection.units.set([user.unit])
    TeamMember.objects.create(inspection=inspection, user=user, full_name=user.full_name or "X",
                              unit=user.unit, role=MemberRole.MEMBER)  # fmt: skip
    return inspection.pk


# One page per action (GET), to prove the pages ask the same table.
PAGES = {
    Action.VIEW_UNITS: lambda u: reverse("organisation:tree"),
    Action.EDIT_UNITS: lambda u: reverse("organisation:edit", args=[u.unit_id]),
    Action.VIEW_USERS: lambda u: reverse("accounts:list"),
    Action.MANAGE_USERS: lambda u: reverse("accounts:create"),
    Action.MANAGE_OWN_ACCOUNT: lambda u: reverse("profile:home"),
    Action.RESET_SECOND_FACTOR: lambda u: reverse("accounts:second_factor", args=[u.pk]),
    Action.VIEW_CALENDAR: lambda u: reverse("workcalendar:year", args=[2026]),
    Action.EDIT_CALENDAR: lambda u: reverse("workcalendar:override_create"),
    Action.VIEW_AUDIT: lambda u: reverse("audit:list"),
    Action.VIEW_TASKS: lambda u: reverse("tasks:list"),
    Action.REGISTER_DOCUMENTS: lambda u: reverse("tasks:document_create"),
    Action.HAND_OVER_TASKS: lambda u: reverse("tasks:handover", args=[u.unit_id]),
    Action.VIEW_STATS: lambda u: reverse("tasks:stats"),
    Action.IMPORT_PLANS: lambda u: reverse("imports:upload"),
    Action.VIEW_NOTIFICATIONS: lambda u: reverse("notifications:list"),
    Action.MANAGE_REMINDERS: lambda u: reverse("monitoring:policy"),
    Action.VIEW_DASHBOARD: lambda u: reverse("monitoring:dashboard"),
    Action.URGE_UNITS: lambda u: reverse("monitoring:urge", args=[u.unit_id]),
    Action.VIEW_RANKING: lambda u: reverse("evaluation:ranking"),
    Action.VIEW_SCORECARD: lambda u: reverse("evaluation:scorecard", args=[u.unit_id]),
    Action.SET_RANKING_FORMULA: lambda u: reverse("evaluation:formula"),
    Action.ISSUE_SIGNED: lambda u: reverse("monitoring:sign", args=[letter_for(u)]),
    Action.CHECK_SIGNATURES: lambda u: reverse("signing:check"),
    Action.VIEW_OBSTACLES: lambda u: reverse("tasks:obstacles"),
    Action.MANAGE_REPORT_TYPES: lambda u: reverse("report_types:list"),
    Action.VIEW_REPORTS: lambda u: reverse("reports:mine"),
    Action.REQUEST_REPORTS: lambda u: reverse("reports:adhoc_create"),
    Action.VIEW_AGENCY_REPORTS: lambda u: reverse("reports_agency:list"),
    Action.WRITE_AGENCY_REPORTS: lambda u: reverse("reports_agency:issue", args=["2025"]),
    Action.MANAGE_WEBHOOKS: lambda u: reverse("webhooks:list"),
    Action.VIEW_TARGETS: lambda u: reverse("targets:list"),
    Action.MANAGE_TARGETS: lambda u: reverse("targets:create"),
    Action.ENTER_TARGET_ACTUALS: lambda u: reverse("targets:enter", args=[target_of(u)]),
    Action.VIEW_PARTNER_WORK: lambda u: reverse("partners:home"),
    Action.GENERATE_OBLIGATIONS: lambda u: reverse("partners:generate") + "?nam=2026",
    Action.VIEW_MEETINGS: lambda u: reverse("partners:meetings"),
    Action.RECORD_MEETINGS: record_meeting_page,
    Action.ASSIGN_CONCLUSIONS: lambda u: reverse("partners:notice", args=[a_meeting(u)]),
    Action.VIEW_INSPECTIONS: lambda u: reverse("inspections:list"),
    Action.DRAFT_INSPECTION_PLANS: lambda u: reverse("inspections:plan_create"),
    Action.APPROVE_INSPECTIONS: lambda u: reverse(
        "inspections:plan_approve", args=[a_draft_plan()]
    ),
    Action.CREATE_INSPECTIONS: lambda u: reverse("inspections:create"),
    Action.WORK_ON_INSPECTIONS: lambda u: reverse("inspections:report", args=[inspection_of(u)]),
}
# Further pages of an action that has several: each asks the same rule.
MORE_PAGES = [
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:password")),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:enrol")),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:recovery_codes")),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:turn_off")),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:token_create")),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:token", args=[token_for(u)])),
    (Action.MANAGE_OWN_ACCOUNT, lambda u: reverse("profile:token_revoke", args=[token_for(u)])),
    (Action.MANAGE_USERS, lambda u: reverse("accounts:tokens", args=[u.pk])),
    (
        Action.MANAGE_USERS,
        lambda u: reverse("accounts:token_revoke", args=[u.pk, token_for(u)]),
    ),
    (Action.MANAGE_REPORT_TYPES, lambda u: reverse("report_types:create")),
    (Action.VIEW_REPORTS, lambda u: reverse("reports:rounds")),
    (Action.MANAGE_WEBHOOKS, lambda u: reverse("webhooks:create")),
    (Action.MANAGE_WEBHOOKS, lambda u: reverse("webhooks:detail", args=[a_subscription()])),
    (Action.MANAGE_WEBHOOKS, lambda u: reverse("webhooks:edit", args=[a_subscription()])),
    (Action.VIEW_TARGETS, lambda u: reverse("targets:detail", args=[target_of(u)])),
    (
        Action.VIEW_PARTNER_WORK,
        lambda u: reverse("partners:occurrence", args=[2026, "hop-dinh-ky-tinh", "2026-H1"]),
    ),
    (Action.MANAGE_TARGETS, lambda u: reverse("targets:edit", args=[target_of(u)])),
    (Action.MANAGE_TARGETS, lambda u: reverse("targets:retire", args=[target_of(u)])),
    (
        Action.DRAFT_INSPECTION_PLANS,
        lambda u: reverse("inspections:plan_edit", args=[a_draft_plan()]),
    ),
    (
        Action.CREATE_INSPECTIONS,
        lambda u: reverse("inspections:decision", args=[an_inspection().pk]),
    ),
    (
        Action.CREATE_INSPECTIONS,
        lambda u: reverse("inspections:decision_draft", args=[an_inspection().pk]),
    ),
    (
        Action.APPROVE_INSPECTIONS,
        lambda u: reverse("inspections:member_decide", args=[a_proposal()]),
    ),
]
CASES = [(role, action) for action in Action for role in Role.values]


def test_matrix_covers_every_action() -> None:
    assert set(EXPECTED) == set(Action) == set(RULES) == set(PAGES)


@pytest.mark.parametrize(("role", "action"), CASES)
def test_can(make_user, role: str, action: Action) -> None:
    user = make_user(role)
    assert can(user, action) is (role in EXPECTED[action])


PAGE_CASES = [(role, action, PAGES[action]) for role, action in CASES] + [
    (role, action, page) for action, page in MORE_PAGES for role in Role.values
]


@pytest.mark.parametrize(("role", "action", "page"), PAGE_CASES)
def test_page(make_user, role: str, action: Action, page) -> None:
    user = make_user(role)
    client = Client()
    client.force_login(user)
    response = client.get(page(user))
    assert response.status_code == (200 if role in EXPECTED[action] else 403)
    if response.status_code == 403:
        assert "Bạn không có quyền" in response.content.decode()


@pytest.mark.parametrize("action", list(Action))
def test_without_roles_or_inactive_nothing_is_allowed(make_user, action: Action) -> None:
    assert not can(make_user(), action)
    assert not can(make_user(Role.ADMIN, is_active=False), action)


@pytest.mark.parametrize("page", list(PAGES.values()) + [page for _, page in MORE_PAGES])
def test_anonymous_is_sent_to_login(db, page, sample_units) -> None:
    from types import SimpleNamespace

    url = page(SimpleNamespace(unit_id=sample_units["VP"].pk, pk=1))
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_posts_are_refused_as_well(make_user, sample_units) -> None:
    client = Client()
    client.force_login(make_user(Role.UNIT_HEAD))
    response = client.post(
        reverse("organisation:create"), with_token(client, {"code": "X", "name": "X"})
    )
    assert response.status_code == 403
    assert not sample_units["VP"].__class__.objects.filter(code="X").exists()
