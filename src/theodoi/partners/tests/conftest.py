"""The partners' small world: the sample registry (34 provinces from 01/07/2025, 63 before,
the Office VP, the inspection board KT, the partner TLD) with the shipped agreement installed."""

import pytest

from theodoi.organisation.models import Unit
from theodoi.partners import catalog
from theodoi.partners.models import Agreement


@pytest.fixture
def agreement(sample_units: dict[str, Unit]) -> Agreement:
    return catalog.agreement()
