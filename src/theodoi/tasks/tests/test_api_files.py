"""/api/v1/files/{id}/: a file downloaded with a token, only by those the page lets download it."""

import pytest
from django.core.files.base import ContentFile

from theodoi.api.tests.conftest import api_client_for
from theodoi.tasks import services
from theodoi.tasks.models import Attachment
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 ke hoach"


@pytest.fixture
def attached(world: World, settings, tmp_path) -> Attachment:
    """A file of a document whose only task CNTT leads."""
    settings.MEDIA_ROOT = tmp_path
    document = world.document()
    services.task_create(
        actor=world.office, document=document, content="Sao lưu", lead_units=[world.units["CNTT"]]
    )
    found = Attachment(name="Kế hoạch 12.pdf", size=len(PDF), document=document)
    found.file.save("kh.pdf", ContentFile(PDF))
    return found


def test_those_who_see_the_document_download_its_file(world: World, attached) -> None:
    for who in [world.office, world.other_head]:  # the Office; the head of CNTT
        response = api_client_for(who).get(f"/api/v1/files/{attached.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/octet-stream"
        assert "K%E1%BA%BF%20ho%E1%BA%A1ch%2012.pdf" in response["Content-Disposition"]


def test_others_get_404_as_if_it_did_not_exist(world: World, attached) -> None:
    client = api_client_for(world.staff)  # staff of TST: not their unit's document
    for pk in [attached.pk, attached.pk + 1000]:
        response = client.get(f"/api/v1/files/{pk}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
