"""Lists, the task page and the export name units as people know them ("BHXH An Giang"),
never by their code (ANGIANG); a group token such as @PROVINCES reads as its label."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from theodoi.tasks import services
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
LEAD, COORDINATING = 4, 5  # export columns "Đơn vị chủ trì", "Đơn vị phối hợp"


def _tasks(world: World) -> tuple[Task, Task]:
    document = world.document()
    province = services.task_create(
        actor=world.office,
        document=document,
        content="Rà soát đối tượng tại tỉnh",
        code="1",
        lead_units=[world.units["ANGIANG"]],
        coordinating=[world.units["CSXH"]],
    )
    every = services.task_create(
        actor=world.office,
        document=document,
        content="Triển khai tại các tỉnh",
        code="2",
        lead_text="@PROVINCES",
    )
    return province, every


def test_the_list_names_units_and_groups(world: World) -> None:
    _tasks(world)
    page = client_for(world.office).get(reverse("tasks:list")).content.decode()
    assert "BHXH An Giang" in page and "BHXH các tỉnh, thành phố" in page
    assert "ANGIANG" not in page and "@PROVINCES" not in page


def test_the_task_page_names_the_lead(world: World) -> None:
    province, every = _tasks(world)
    office = client_for(world.office)
    one = office.get(reverse("tasks:detail", args=[province.pk])).content.decode()
    assert "BHXH An Giang" in one and "ANGIANG" not in one
    group = office.get(reverse("tasks:detail", args=[every.pk])).content.decode()
    assert "BHXH các tỉnh, thành phố" in group and "@PROVINCES" not in group


def test_the_export_names_lead_and_coordinating_units(world: World) -> None:
    _tasks(world)
    content = client_for(world.office).get(reverse("tasks:export")).content
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(min_row=2, values_only=True))
    by_code = {row[2]: row for row in rows}
    assert by_code["1"][LEAD] == "BHXH An Giang"
    assert by_code["1"][COORDINATING] == str(world.units["CSXH"])
    assert by_code["2"][LEAD] == "BHXH các tỉnh, thành phố"
