"""No page a person reads shows an internal unit code ("ANGIANG") or a group token
("@PROVINCES"): a walk over the demo's pages, lists, notifications, forms and export, with
what the demo lacks (a plan being imported whose rows name groups, reminders sent), as the
Office, a leader, a unit and a province. Only the visible text counts: hidden inputs and
attributes carry codes on purpose."""

import re
from datetime import date
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from theodoi.accounts.models import User
from theodoi.demo.tests.copies import copy_demo
from theodoi.imports.examples import excel
from theodoi.imports.services import plan_upload
from theodoi.monitoring.reminders import run_reminders
from theodoi.organisation.models import Unit
from theodoi.tasks import services
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import Document, State, Task
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db
GROUP_TOKEN = re.compile(r"@[A-Z][A-Z_]+")
PEOPLE = ("vanphong", "lanhdao", "cntt.truongban", "hanoi.giamdoc")


class VisibleText(HTMLParser):
    """The text a browser shows: no scripts, styles, attributes or hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def code_pattern() -> re.Pattern[str]:
    """Unit codes as whole words, but for those a unit's own name also uses ("CNTT" in
    "Trung tâm CNTT"): those read as words, not codes."""
    words = " ".join(" ".join((u.name, u.short_name)) for u in Unit.objects.all())
    codes = [c for c in Unit.objects.values_list("code", flat=True) if c not in words.split()]
    return re.compile(r"(?<![\w@])(" + "|".join(map(re.escape, codes)) + r")(?!\w)")


def leaks(text: str, codes: re.Pattern[str]) -> list[str]:
    return sorted({*GROUP_TOKEN.findall(text), *codes.findall(text)})


def _plan() -> int:
    rows = [["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]]
    rows.append(["1", "Rà soát quy trình", "Các đơn vị liên quan", "", "Quý IV/2026"])
    rows.append(["2", "Tổng kết", "Theo phân công của Lãnh đạo Ngành", "", "Quý IV/2026"])
    rows.append(["3", "Báo cáo", "BHXH các tỉnh, thành phố", "Văn phòng", "Quý IV/2026"])
    office = User.objects.get(username="vanphong")
    file = SimpleUploadedFile("kh.xlsx", excel(rows))
    plan = plan_upload(
        actor=office,
        file=file,
        number="9/KH-BHXH",
        plan_date=date(2026, 1, 1),
        signer_name="Nguyễn Văn Ký",
    )
    return plan.pk


def _draft() -> Task:
    """A draft the Office proposes for every province, with a province coordinating."""
    return services.task_create(
        actor=User.objects.get(username="vanphong"),
        document=Document.objects.earliest("pk"),
        content="Rà soát hồ sơ tại các tỉnh",
        lead_text="@PROVINCES",
        coordinating=[Unit.objects.get(code="CSXH")],
    )


def _task_pages() -> list[str]:
    """Every task led by a group, one child of each, one task in each state."""
    chosen = set(Task.objects.filter(lead_unit=None).values_list("pk", flat=True))
    chosen |= {
        Task.objects.filter(parent_id=pk).values_list("pk", flat=True).first() or pk
        for pk in list(chosen)
    }
    for state in State:
        chosen.add(Task.objects.filter(state=state).values_list("pk", flat=True).first() or 0)
    chosen.discard(0)
    return [reverse("tasks:detail", args=[pk]) for pk in sorted(chosen)]


def test_no_page_shows_a_unit_code_or_group_token() -> None:
    copy_demo("Demo-trinh-duyet-2026")
    plan = _plan()
    codes = code_pattern()
    draft = _draft()
    run_reminders(timezone.localdate())  # notifications about group and province tasks
    pages = [reverse("tasks:list"), reverse("tasks:mine"), reverse("notifications:list")]
    pages += _task_pages()
    pages += [reverse("tasks:list") + "?trang=2", reverse("imports:preview", args=[plan])]
    pages += [reverse("imports:row", args=[plan, n]) + "?sua=1" for n in (1, 2, 3)]
    acts = (Act.ASSIGN, Act.EDIT, Act.RECORD_ASSIGNMENT)
    forms = [reverse("tasks:act", args=[draft.pk, act]) for act in acts]
    forms.append(reverse("tasks:task_create", args=[draft.document_id]))
    found: dict[str, list[str]] = {}
    for username in PEOPLE:
        client = client_for(User.objects.get(username=username))
        for url in pages + forms:
            response = client.get(url)
            if response.status_code != 200:
                continue
            leaked = leaks(visible(response.content.decode()), codes)
            if leaked:
                found[f"{username} {url}"] = leaked
        export = client.get(reverse("tasks:export"))
        if export.status_code == 200:
            sheet = load_workbook(BytesIO(export.content)).active
            cells = " | ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
            if leaked := leaks(cells, codes):
                found[f"{username} export"] = leaked
    assert found == {}
