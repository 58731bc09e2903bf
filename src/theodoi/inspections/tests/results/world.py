"""An inspection built from any test's sample registry and Office person (for the tests of
other apps that need one: the once-per-form checks), decided with its decision's file."""

from datetime import date

from theodoi.accounts.models import User
from theodoi.inspections.models import Inspection, Kind
from theodoi.inspections.tests.results.conftest import docx
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments
from theodoi.tasks.models import Document, DocumentKind, Origin


def decided_inspection(units: dict[str, Unit], office: User) -> Inspection:
    decision = Document.objects.create(
        kind=DocumentKind.DECISION, number="15/QĐ-BHXH", issued_on=date(2026, 11, 2),
        issuer="Bảo hiểm xã hội Việt Nam", summary="Về việc kiểm tra", origin=Origin.INTERNAL,
        registered_by=office,
    )  # fmt: skip
    [scan] = attachments.save_files([docx()], actor=office)
    inspection = Inspection.objects.create(
        kind=Kind.PERIODIC, conducted_by=units["VP"], title="Kiểm tra nhiệm vụ năm 2026",
        start=date(2026, 11, 2), end=date(2026, 11, 6), decision=decision, decision_file=scan,
    )  # fmt: skip
    inspection.units.set([units["CNTT"], units["TST"]])
    return inspection
