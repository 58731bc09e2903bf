"""Each province's counterpart (its LĐLĐ tỉnh) coordinates the province's joint tasks; without
one the partner's top unit does. A counterpart that is not a province's partner body is refused
in words and nothing is written; a LĐLĐ's people see their province's duties and no other's."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import UnitKind
from theodoi.organisation.services import unit_create
from theodoi.partners.counterparts import counterpart_set
from theodoi.partners.generation import generate
from theodoi.partners.models import Counterpart, Obligation
from theodoi.partners.tests.meeting_world import federation, person

pytestmark = pytest.mark.django_db


def coordinators(province: str, year: int = 2026) -> set[str]:
    """The units coordinating the province's provincial tasks of `year`."""
    found = Obligation.objects.filter(
        unit__code=province, year=year, duty__level="provincial"
    ).values_list("task__coordinations__unit__code", flat=True)
    return set(found)


def words(response) -> str:
    body = response.content.decode()
    body = body[body.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_a_provinces_tasks_are_coordinated_by_its_counterpart_else_the_partner(
    agreement, sample_units
) -> None:
    ldld = federation(sample_units)
    made = counterpart_set(
        actor=None, agreement=agreement, province=sample_units["NGHEAN"], partner_unit=ldld
    )
    generate(actor=None, agreement=agreement, year=2026)
    assert coordinators("NGHEAN") == {"LDLD_NGHEAN"}
    assert coordinators("HANOI") == {"TLD"}  # no counterpart registered: the partner
    review = Obligation.objects.get(duty__code="tong-ket-hang-nam", year=2026)
    assert list(review.task.coordinating_units.values_list("code", flat=True)) == ["TLD"]
    log = ChangeRecord.objects.get(object_type="partners.counterpart", object_id=str(made.pk))
    assert log.action == ChangeKind.CREATE and log.after["partner_unit"] == ldld.pk


def test_changing_a_counterpart_is_logged_and_setting_it_again_is_not(
    agreement, sample_units
) -> None:
    first, second = federation(sample_units), federation(sample_units, "LDLD_NA2", "Nghệ An 2")
    province = sample_units["NGHEAN"]
    for unit in (first, second, second):
        counterpart_set(actor=None, agreement=agreement, province=province, partner_unit=unit)
    assert Counterpart.objects.get().partner_unit == second
    actions = ChangeRecord.objects.filter(object_type="partners.counterpart")
    assert sorted(actions.values_list("action", flat=True)) == ["create", "update"]


@pytest.mark.parametrize(
    ("province", "partner", "field", "message"),
    [
        ("VP", "LDLD", "province", "«Văn phòng» không phải BHXH tỉnh"),
        ("NGHEAN", "TLD", "partner_unit", "không phải đơn vị trực thuộc"),
        ("NGHEAN", "KT", "partner_unit", "không phải đơn vị trực thuộc"),
        ("NGHEAN", "ALONE", "partner_unit", "không phải đơn vị trực thuộc"),
    ],
)
def test_a_counterpart_outside_the_partner_or_not_for_a_province_is_refused(
    agreement, sample_units, province, partner, field, message
) -> None:
    units = dict(sample_units, LDLD=federation(sample_units))
    units["ALONE"] = unit_create(
        actor=None, code="CD_KHAC", name="Công đoàn khác", kind=UnitKind.EXTERNAL
    )
    with pytest.raises(ValidationFailed) as refused:
        counterpart_set(
            actor=None, agreement=agreement, province=units[province], partner_unit=units[partner]
        )
    assert refused.value.code == Code.INVALID
    assert message in refused.value.errors[field]
    assert not Counterpart.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="partners.counterpart").exists()


def test_a_federations_people_see_their_provinces_duties_only(agreement, sample_units) -> None:
    ldld = federation(sample_units)
    counterpart_set(
        actor=None, agreement=agreement, province=sample_units["NGHEAN"], partner_unit=ldld
    )
    generate(actor=None, agreement=agreement, year=2026)
    federation_user, top_user = Client(), Client()
    federation_user.force_login(person(Role.PARTNER, ldld))
    top_user.force_login(person(Role.PARTNER, sample_units["TLD"]))

    home = words(federation_user.get(reverse("partners:home"), {"nam": "2026"}))
    home = home[: home.index("Các nhiệm vụ định kỳ của quy chế")]  # the year's table
    assert "Họp định kỳ" in home and "Trao đổi thông tin" in home
    assert "1 tỉnh: 0 xong, 1 đang làm" in home  # their province only, with its state
    assert "Xây dựng kế hoạch kiểm tra liên ngành" not in home  # central: Tổng LĐLĐ's
    url = reverse("partners:occurrence", args=[2026, "hop-dinh-ky-tinh", "2026-H1"])
    own = words(federation_user.get(url))
    assert "BHXH Nghệ An" in own and "Đã giao, chờ đơn vị nhận" in own
    assert "BHXH Hà Nội" not in own and "/nhiem-vu/" not in own

    everything = words(top_user.get(url))  # Tổng LĐLĐ still sees every province
    assert "BHXH Nghệ An" in everything and "BHXH Hà Nội" in everything
    assert "34 tỉnh" in words(top_user.get(reverse("partners:home"), {"nam": "2026"}))


def test_a_provinces_meeting_form_offers_its_counterpart_first(agreement, sample_units) -> None:
    ldld = federation(sample_units)
    counterpart_set(
        actor=None, agreement=agreement, province=sample_units["NGHEAN"], partner_unit=ldld
    )
    client = Client()
    client.force_login(person(Role.UNIT_HEAD, sample_units["NGHEAN"]))
    body = client.get(reverse("partners:meeting_create")).content.decode()
    assert re.search(rf'<option value="{ldld.pk}" selected>', body)


def test_the_office_reads_who_coordinates_each_province(agreement, sample_units) -> None:
    office = Client()
    office.force_login(person(Role.TRACKER, sample_units["VP"]))
    before = words(office.get(reverse("partners:home"), {"nam": "2026"}))
    assert "Chưa đăng ký đơn vị phối hợp cấp tỉnh" in before
    counterpart_set(
        actor=None,
        agreement=agreement,
        province=sample_units["NGHEAN"],
        partner_unit=federation(sample_units),
    )
    after = words(office.get(reverse("partners:home"), {"nam": "2026"}))
    assert "Đơn vị phối hợp của đối tác tại các tỉnh (1) BHXH tỉnh Đơn vị phối hợp" in after
    assert "BHXH Nghệ An LĐLĐ Nghệ An" in after
