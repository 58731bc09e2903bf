"""The targets' small world: the forms' world (the sample registry, the Office, a province's
head, the TTHC report types) and targets made through the real service."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from theodoi.organisation.models import Unit
from theodoi.statforms.tests.conftest import forms, media_in_tmp  # noqa: F401
from theodoi.targets.models import Direction, Measure, Source, Target
from theodoi.targets.services import TargetFields, target_create

ONLINE = "100 * [5.2] / [5.1]"


def fields(owner: Unit, **changed: Any) -> TargetFields:
    """An entered target of at least 90% by the end of 2026, `changed` as given."""
    base: dict[str, Any] = {
        "code": "hai-long",
        "name": "Mức độ hài lòng của người dân, doanh nghiệp đạt tối thiểu 90%",
        "value": Decimal(90),
        "unit": Measure.PERCENT,
        "direction": Direction.AT_LEAST,
        "deadline": date(2026, 12, 31),
        "owner": owner,
        "source": Source.ENTERED,
    }
    return TargetFields(**(base | changed))


def make_target(owner: Unit, **changed: Any) -> Target:
    return target_create(actor=None, fields=fields(owner, **changed))


def online_target(owner: Unit) -> Target:
    """`ho-so-truc-tuyen` as the issue writes it: 80% of dossiers processed online."""
    return make_target(
        owner,
        code="ho-so-truc-tuyen",
        name="80% hồ sơ TTHC được xử lý trực tuyến",
        value=Decimal(80),
        deadline=date(2025, 12, 31),
        source=Source.COMPUTED,
        form_code="tthc",
        formula=ONLINE,
    )


@pytest.fixture
def units(forms) -> dict[str, Unit]:  # noqa: F811
    return forms.units
