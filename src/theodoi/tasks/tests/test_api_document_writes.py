"""/api/v1/documents/: registering a document with the page's checks and records, and
refusing what the page refuses, writing nothing."""

import base64
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.api.tests.conftest import api_client_for
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.tasks import services
from theodoi.tasks.models import Attachment, Document
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
DOCS = "/api/v1/documents/"
PDF = b"%PDF-1.4 bien ban"


def fields(number: str) -> dict[str, str]:
    return {
        "kind": "ke_hoach",
        "number": number,
        "issued_on": "2024-02-20",
        "issuer": "Bảo hiểm xã hội Việt Nam",
        "origin": "internal",
        "summary": "Kế hoạch kiểm soát\r\nthủ tục hành chính năm 2024",
    }


def file_of(name: str, content: bytes) -> dict[str, str]:
    return {"name": name, "content": base64.b64encode(content).decode()}


def written(document: Document) -> tuple[Any, ...]:
    change = ChangeRecord.objects.get(object_type="tasks.document", object_id=str(document.pk))
    files = [(f.name, f.size, f.file.read()) for f in document.attachments.all()]
    after = {k: v for k, v in change.after.items() if k != "number"}
    values = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS if f != "number"}
    return values, document.search_text.split()[1:], files, change.action, after


def test_registering_writes_what_the_page_writes(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = api_client_for(world.office, name="Văn thư điện tử")
    body = fields("15/KH-BHXH") | {"files": [file_of("kh.pdf", PDF)]}
    response = client.post(DOCS, body)
    assert response.status_code == 201
    made = Document.objects.get(pk=response.json()["id"])
    form: dict[str, Any] = fields("16/KH-BHXH") | {"issued_on": "20/02/2024"}
    form["files"] = SimpleUploadedFile("kh.pdf", PDF)
    page = client_for(world.office).post(
        reverse("tasks:document_create"), with_token(world.office, form)
    )
    assert page.status_code == 302
    by_page = Document.objects.get(number="16/KH-BHXH")
    assert written(made) == written(by_page)
    assert made.summary == "Kế hoạch kiểm soát\nthủ tục hành chính năm 2024"
    assert made.registered_by == world.office
    change = ChangeRecord.objects.get(object_id=str(made.pk), object_type="tasks.document")
    assert change.via == "api:Văn thư điện tử" and change.action == ChangeKind.CREATE
    page_change = ChangeRecord.objects.get(object_id=str(by_page.pk), object_type="tasks.document")
    assert page_change.via == ""
    shown = response.json()
    assert [f["name"] for f in shown["files"]] == ["kh.pdf"] and shown["tasks"] == []


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"summary": "  "}, "summary", "invalid"),
        ({"kind": "thu_tay"}, "kind", "invalid"),
        ({"origin": "nuoc_ngoai"}, "origin", "invalid"),
        ({"issued_on": "31/02/2024"}, "issued_on", "invalid"),
        ({"issued_on": "1800-02-01"}, "issued_on", "invalid"),
        ({"number": "x" * 61}, "number", "invalid"),
        ({"files": [file_of("kh.exe", b"MZ")]}, "files", "file_refused"),
        ({"files": [file_of("kh.pdf", b"PK\x03\x04")]}, "files", "file_refused"),
        ({"files": [{"name": "kh.pdf", "content": "không phải base64"}]}, "files", "file_refused"),
        ({"number": "1/QĐ-TTg", "issued_on": "2024-01-05"}, "number", "duplicate"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    world: World, settings, tmp_path, changes: dict[str, Any], field: str, code: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world.document()  # 1/QĐ-TTg of 05/01/2024
    client = api_client_for(world.office)
    before = (Document.objects.count(), Attachment.objects.count(), ChangeRecord.objects.count())
    body = fields("20/KH-BHXH") | {"files": [file_of("kh.pdf", PDF)]} | changes
    response = client.post(DOCS, body)
    assert response.status_code == 400
    refusal = response.json()
    assert refusal["code"] == code and list(refusal["errors"]) == [field]
    after = (Document.objects.count(), Attachment.objects.count(), ChangeRecord.objects.count())
    assert after == before and not list(tmp_path.rglob("*.pdf"))


def test_only_the_office_registers(world: World) -> None:
    for who in [world.staff, world.head, world.leader]:
        response = api_client_for(who).post(DOCS, fields("21/KH-BHXH"))
        assert response.status_code == 403 and response.json()["code"] == "not_permitted"
    assert not Document.objects.exists()
