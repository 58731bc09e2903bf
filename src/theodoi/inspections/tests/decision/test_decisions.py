"""Recording the signed decision (Art. 15): refused while it misses what Art. 15.2 asks or
its number is malformed or taken; issued, it is in the register with its Word file, logged,
and the team is fixed."""

import re
from collections.abc import Callable
from datetime import date, datetime

import pytest
from django.test import Client

from theodoi.accounts.models import Role, User
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections.decisions import decision_issue
from theodoi.inspections.models import Inspection, MemberRole
from theodoi.inspections.team import Person, team_add
from theodoi.inspections.tests.decision.conftest import HANOI
from theodoi.tasks.models import Document, DocumentKind, Origin

SIGNED = date(2026, 10, 28)
NOW = datetime(2026, 10, 29, 10, tzinfo=HANOI)


def issue(inspection: Inspection, actor: User, number: str = "15/QĐ-BHXH", **more) -> Document:
    values = {"issued_on": SIGNED, "signer_name": "Nguyễn Lãnh Đạo",
              "signer_title": "Phó Giám đốc", "at": NOW, **more}  # fmt: skip
    return decision_issue(actor=actor, inspection=inspection, number=number, **values)


def test_a_decision_without_a_legal_basis_is_refused(ready: Inspection, office: User) -> None:
    Inspection.objects.filter(pk=ready.pk).update(legal_basis="  ")
    ready.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        issue(ready, office)
    assert refused.value.code == Code.REQUIRED
    assert refused.value.errors["legal_basis"] == (
        "Quyết định kiểm tra phải nêu căn cứ pháp lý (Điều 15.2.a)."
    )
    ready.refresh_from_db()
    assert ready.decision is None and not Document.objects.exists()


def test_a_decision_without_a_head_or_units_is_refused(
    make_inspection: Callable[..., Inspection], office: User
) -> None:
    nobody = make_inspection(decided=False, units=())
    with pytest.raises(ValidationFailed) as refused:
        issue(nobody, office)
    assert set(refused.value.errors) == {"team", "units"}
    assert not Document.objects.exists()


@pytest.mark.parametrize("number", ["15/QĐ-VP", "QĐ-BHXH", "abc", "0/QĐ-BHXH"])
def test_a_malformed_number_is_refused(ready: Inspection, office: User, number: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        issue(ready, office, number=number)
    assert "15/QĐ-BHXH" in refused.value.errors["number"]
    assert not Document.objects.exists()


def test_the_same_number_on_the_same_day_is_refused(
    ready: Inspection, make_inspection: Callable[..., Inspection], office: User
) -> None:
    make_inspection(number="15/QĐ-BHXH", start=SIGNED)  # registered 15/QĐ-BHXH on 28/10
    with pytest.raises(ValidationFailed) as refused:
        issue(ready, office)
    assert refused.value.code == Code.DUPLICATE
    ready.refresh_from_db()
    assert ready.decision is None


def test_issuing_registers_the_decision_with_its_word_file_and_logs_it(
    ready: Inspection, office: User
) -> None:
    decision = issue(ready, office, number="15", expected_version=1)
    assert (decision.kind, decision.number, decision.issued_on, decision.origin) == (
        DocumentKind.DECISION, "15/QĐ-BHXH", SIGNED, Origin.INTERNAL)  # fmt: skip
    ready.refresh_from_db()
    assert ready.decision == decision
    assert ready.decision_file is not None
    assert ready.decision_file.document == decision
    assert ready.decision_file.name == "quyet-dinh-kiem-tra-15.docx"
    assert ready.decision_file.file.read().startswith(b"PK")
    record = ChangeRecord.objects.get(object_type="inspections.inspection", action=ChangeKind.ISSUE)
    assert record.after["number"] == "15/QĐ-BHXH" and record.before["decision"] is None


def test_a_stale_form_issues_nothing(ready: Inspection, office: User) -> None:
    with pytest.raises(ConflictError):
        issue(ready, office, expected_version=99)
    assert not Document.objects.exists()


def test_the_change_log_reads_the_decision_and_the_team_in_words(
    ready: Inspection, office: User, person: Callable[..., User]
) -> None:
    issue(ready, office)
    auditor = person("VP", "Lê Kiểm Soát", Role.AUDITOR)
    client = Client()
    client.force_login(auditor)
    words = " ".join(re.sub(r"<[^>]+>", " ", client.get("/nhat-ky/").content.decode()).split())
    assert "Ghi quyết định kiểm tra đã ký" in words
    assert "Số quyết định kiểm tra: — → 15/QĐ-BHXH" in words.replace(" :", ":")


def test_a_page_opened_before_the_decision_changes_nothing_after_it(
    ready: Inspection, office: User, person: Callable[..., User]
) -> None:
    """Two people on the decision page at once: one records the signed decision; the other,
    whose copy still has none, neither records a second one nor changes the team."""
    seen_before = Inspection.objects.get(pk=ready.pk)
    issue(Inspection.objects.get(pk=ready.pk), office)
    with pytest.raises(ValidationFailed) as again:
        issue(seen_before, office, number="16/QĐ-BHXH")
    assert again.value.code == Code.WRONG_STATE
    member = Person(role=MemberRole.MEMBER, user=person("TST", "Phạm Đến Muộn"))
    with pytest.raises(ValidationFailed) as added:
        team_add(actor=office, inspection=seen_before, person=member, day=SIGNED)
    assert added.value.code == Code.WRONG_STATE
    assert Document.objects.filter(kind=DocumentKind.DECISION).count() == 1
    assert ready.team.count() == 1
