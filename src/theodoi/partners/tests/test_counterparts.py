"""Each province's counterpart (its LĐLĐ tỉnh) is registered once and its changes logged; a
counterpart that is not a province's partner body is refused in words and nothing is
written."""

import pytest

from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import UnitKind
from theodoi.organisation.services import unit_create
from theodoi.partners.counterparts import counterpart_set
from theodoi.partners.models import Counterpart
from theodoi.partners.tests.meeting_world import federation

pytestmark = pytest.mark.django_db


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
