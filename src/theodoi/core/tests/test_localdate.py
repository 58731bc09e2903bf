"""`LocalDate` gives the date Django's `TruncDate` gives, on both databases: at either side
of local midnight in the site's zone (SQLite's own `date()` shifted by UTC+7), and in a zone
with summer time, where it keeps Django's way."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import DateTimeField, Value
from django.db.models.functions import TruncDate

from theodoi.core.localdate import LocalDate, fixed_offset
from theodoi.organisation.models import Unit
from theodoi.organisation.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

SITE, PARIS = ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("Europe/Paris")
MOMENTS = [
    datetime(2026, 1, 5, 16, 59, 59, 999999, tzinfo=UTC),  # 23:59:59 in Hà Nội
    datetime(2026, 1, 5, 17, 0, tzinfo=UTC),  # midnight: the 6th
    datetime(2026, 12, 31, 17, 30, tzinfo=UTC),  # the new year there
    datetime(2026, 7, 1, 22, 30, tzinfo=UTC),  # 00:30 of the 2nd in Paris (summer time)
    datetime(2026, 1, 1, 23, 30, tzinfo=UTC),  # 00:30 of the 2nd in Paris (winter)
]


def test_the_site_zone_keeps_one_offset_and_a_zone_with_summer_time_has_none() -> None:
    assert fixed_offset("Asia/Ho_Chi_Minh") == 7 * 3600
    assert fixed_offset("UTC") == 0
    assert fixed_offset("Europe/Paris") is None
    assert fixed_offset("UTC+07:00") is None  # a fixed zone's name ZoneInfo does not know


@pytest.mark.parametrize("zone", [SITE, PARIS], ids=["Hà Nội", "Paris"])
@pytest.mark.parametrize("moment", MOMENTS, ids=[m.isoformat() for m in MOMENTS])
def test_the_local_date_is_the_one_django_gives(zone: ZoneInfo, moment: datetime) -> None:
    UnitFactory.create()
    value = Value(moment, output_field=DateTimeField())
    ours, django = (
        Unit.objects.annotate(day=f(value, tzinfo=zone)).values_list("day", flat=True).get()
        for f in (LocalDate, TruncDate)
    )
    assert ours == django == moment.astimezone(zone).date()
