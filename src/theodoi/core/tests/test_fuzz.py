"""No page answers a malformed query string with an error page (500): every URL pattern of
every app, its path filled with real demo records, each query parameter the page reads (found
by recording what it reads from the query string) given each of a fixed set of nasty values,
with a few parameters no page reads, as the Office and as a unit's staff member (as an
administrator for the pages only administrators open). One request per page and value sets
every key the page reads to that value (one key at a time where a page reads some keys only
once others are right), so the test stays bounded: one demo load and about 400 requests
through the test client, some 10-20 seconds per database."""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from theodoi.accounts.models import User
from theodoi.api.tokens import token_create
from theodoi.core.errors import ValidationFailed
from theodoi.demo.tests.copies import copy_demo
from theodoi.imports.examples import excel
from theodoi.imports.services import plan_upload
from theodoi.inspections.models import Inspection, MemberRole, MemberState, TeamMember
from theodoi.monitoring.models import UrgingLetter
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.services import urging_create
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.partners.models import Conclusion, Meeting
from theodoi.reports.adhoc import adhoc_create
from theodoi.reports.agency.services import agency_report_issue
from theodoi.reports.models import ReportType
from theodoi.reports.services import report_attach
from theodoi.targets.models import TargetActual, TargetFile
from theodoi.tasks import steps
from theodoi.tasks.models import Attachment, Document, State, Task
from theodoi.tasks.obstacles.services import obstacle_raise
from theodoi.tasks.tests.conftest import client_for
from theodoi.webhooks.models import Delivery, Subscription
from theodoi.workcalendar.models import CalendarOverride

# every request commits on its own, as on the site: on PostgreSQL an error inside one shared
# test transaction would make every later request fail
pytestmark = pytest.mark.django_db(transaction=True)

NASTY: list[Any] = [
    "99999999999999999999",  # larger than any id either database holds
    "-1",
    "0",
    "a\x00b",  # %00
    "x" * 3000,  # one word longer than PostgreSQL's full-text limit
    "01/01/0001",
    "31/12/9999",
    "Đường ống ơ 💥 ﷽",
    "'",
    "<script>alert(1)</script>",
    "",
    ["1", "2"],  # the key twice
]
UNKNOWN = ["id", "page"]  # keys no page reads
# pages whose other keys are read only once these are given
BASE: dict[str, dict[str, str]] = {
    "evaluation:home": {"loai": "quy", "nam": "2026", "so": "1"},
    "evaluation:ranking": {"loai": "quy", "nam": "2026", "so": "1"},
    "evaluation:scorecard": {"loai": "quy", "nam": "2026", "so": "1"},
    "imports:row": {"sua": "1"},
}


class Reads:
    """The keys of a query string a page reads while it is recorded."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.on = False

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(query: MultiValueDict, key: str, *args: Any, **kwargs: Any) -> Any:
            if self.on and isinstance(query, QueryDict):
                self.keys.add(key)
            return method(query, key, *args, **kwargs)

        return recorded


def _patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name}", pattern


def _member(inspection: Inspection) -> TeamMember:
    """A member proposed for the inspection's team (the leader's page to answer it)."""
    return TeamMember.objects.create(
        inspection=inspection, full_name="Phạm Bổ Sung", unit=Unit.objects.get(code="TST"),
        role=MemberRole.MEMBER, state=MemberState.PROPOSED, reason="Cần thêm người",
    )  # fmt: skip


def _records() -> dict[str, Any]:
    """Real records for every path: the demo, and what it lacks (a file, a plan, a letter,
    notifications)."""
    copy_demo("Demo-trinh-duyet-2026")  # the pages make their own rows
    office = User.objects.get(username="vanphong")
    today = timezone.localdate()
    run_reminders(today)
    task = Task.objects.filter(state=State.IN_PROGRESS, lead_unit__code="CNTT").first()
    assert task is not None
    head = User.objects.get(username="cntt.truongban")
    steps.task_progress(
        actor=head,
        task=task,
        expected_version=task.version,
        note="Đã làm",
        progress=10,
        files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    obstacle = obstacle_raise(
        actor=head, task=task, difficulty="Thiếu dữ liệu", proposal="Đề nghị gia hạn"
    )
    rows = [["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"]]
    rows.append(["1", "Rà soát", "Văn phòng", "Quý IV/2026"])
    plan = plan_upload(
        actor=office,
        file=SimpleUploadedFile("kh.xlsx", excel(rows)),
        number="9/KH-BHXH",
        plan_date=date(2026, 1, 1),
        signer_name="Nguyễn Văn Ký",
    )
    for unit in Unit.objects.filter(led_tasks__state=State.IN_PROGRESS).distinct():
        try:
            urging_create(
                actor=office,
                unit=unit,
                issued_on=today,
                soon_days=30,
                signer_authority="TL. TỔNG GIÁM ĐỐC",
                signer_title="CHÁNH VĂN PHÒNG",
            )
            break
        except ValidationFailed:
            continue
    report_round = adhoc_create(
        actor=office,
        title="Báo cáo nhanh",
        content="Đề nghị báo cáo.",
        units=[Unit.objects.get(code="CNTT")],
        due_date=today,
    )
    report = report_round.requests.get()
    (report_file,) = report_attach(
        actor=head,
        request=report,
        expected_version=report.version,
        files=[SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    last_year = str(today.year - 1)
    staff = User.objects.get(username="cntt.chuyenvien")
    api_token = token_create(actor=staff, user=staff, name="Kịch bản").token
    agency_report = agency_report_issue(actor=office, period=last_year, number="1", issued_on=today)
    subscription = Subscription.objects.create(
        url="https://vpdt.bhxh.test/webhook", events=["task.assigned"]
    )
    target_file = TargetFile(actual=TargetActual.objects.first(), name="minh-chung.pdf", size=15)
    target_file.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    inspection = Inspection.objects.first()
    assert inspection is not None  # the demo's inspections
    return {
        "target_file": target_file,
        "subscription": subscription,
        "delivery": Delivery.objects.create(subscription=subscription, event="task.assigned"),
        "agency_report": agency_report,
        "api_token": api_token,
        "round": report_round,
        "report": report,
        "task": Task.objects.filter(lead_unit__code="CNTT").first(),
        "document": Document.objects.first(),
        "unit": Unit.objects.get(code="CNTT"),
        "user": User.objects.get(username="cntt.chuyenvien"),
        "attachment": Attachment.objects.first(),
        "plan": plan,
        "letter": UrgingLetter.objects.first(),
        "obstacle": obstacle,
        "notification": Notification.objects.filter(user__username="cntt.chuyenvien").first()
        or Notification.objects.first(),
        "override": CalendarOverride.objects.first(),
        "report_type": ReportType.objects.first(),  # the demo's
        "meeting": Meeting.objects.first(),  # the demo's meetings with the partner
        "conclusion": Conclusion.objects.first(),
        "inspection": inspection,
        "member": TeamMember.objects.first() or _member(inspection),
        "today": today,
        "parts": {  # the other parts of a path
            "year": today.year,
            "number": 1,
            "act": "progress",
            "period": last_year,  # the agency's report of an ended period
            "uidb64": urlsafe_base64_encode(force_bytes(head.pk)),  # a password reset link
            "token": default_token_generator.make_token(head),
            "file_id": report_file.pk,
            "form": "tthc",  # a statistical form's roll-up (of `period`: no round, a 404)
            "duty": "hop-dinh-ky-tinh",  # a duty of the partner agreement (partners)
            "which": "bien-ban",  # a meeting's minutes
            "token_pk": api_token.pk,  # a token of "user", for its administrator's page
            "submission_id": report.submissions.values_list("pk", flat=True).first() or 1,
            "code": "hai-long-tthc",  # a demo target
        },
    }


# which record fills the `pk` of each page (the other path parts are fixed)
PK_OF = {
    "accounts:edit": "user",
    "accounts:password": "user",
    "accounts:second_factor": "user",
    "profile:token": "api_token",
    "profile:token_revoke": "api_token",
    "accounts:tokens": "user",
    "accounts:token_revoke": "user",
    "organisation:detail": "unit",
    "organisation:edit": "unit",
    "organisation:rename": "unit",
    "workcalendar:override_edit": "override",
    "workcalendar:override_delete": "override",
    "tasks:detail": "task",
    "tasks:act": "task",
    "tasks:document": "document",
    "tasks:document_edit": "document",
    "tasks:task_create": "document",
    "tasks:attachment": "attachment",
    "tasks:handover": "unit",
    "tasks:obstacle_raise": "task",
    "tasks:obstacle": "obstacle",
    "tasks:obstacle_refer": "obstacle",
    "tasks:obstacle_decide": "obstacle",
    "imports:preview": "plan",
    "imports:row": "plan",
    "imports:commit": "plan",
    "imports:discard": "plan",
    "notifications:open": "notification",
    "monitoring:urge": "unit",
    "monitoring:letter": "letter",
    "monitoring:sign": "letter",
    "monitoring:signed": "letter",
    "signing:attachment": "attachment",
    "evaluation:scorecard": "unit",
    "report_types:edit": "report_type",
    "reports:round": "round",
    "reports:round_export": "round",
    "reports:remind": "round",
    "reports:template": "round",
    "reports:request": "report",
    "reports:submit": "report",
    "reports:accept": "report",
    "reports:return": "report",
    "reports:attach": "report",
    "reports:file": "report",
    "reports:detach": "report",
    "reports:version": "report",
    "reports:reopen": "report",
    "statforms:entry": "report",
    "statforms:check": "report",
    "statforms:accept": "report",
    "statforms:return": "report",
    "statforms:reopen": "report",
    "reports_agency:download": "agency_report",
    "statforms:template": "report",
    "statforms:upload": "report",
    "webhooks:detail": "subscription",
    "webhooks:edit": "subscription",
    "webhooks:new_secret": "subscription",
    "webhooks:resend": "delivery",
    "targets:file": "target_file",
    "partners:meeting": "meeting",
    "partners:conclusion_add": "meeting",
    "partners:notice": "meeting",
    "partners:meeting_file": "meeting",
    "partners:conclusion_assign": "conclusion",
    "inspections:detail": "inspection",
    "inspections:edit": "inspection",
    "inspections:file_add": "inspection",
    "inspections:file_archive": "inspection",
    "inspections:file_download": "inspection",
    "inspections:decision": "inspection",
    "inspections:decision_draft": "inspection",
    "inspections:decision_file": "inspection",
    "inspections:propose": "inspection",
    "inspections:member_decide": "member",
    "inspections:records_request": "inspection",
    "inspections:report": "inspection",
    "inspections:report_send": "inspection",
    "inspections:notice": "inspection",
    "inspections:recommendation_assign": "inspection",
}


def _pages(records: dict[str, Any]) -> list[tuple[str, str]]:
    """Every URL pattern's name and address, its path filled with real records."""
    pages = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name.startswith("api:"):
            continue  # the API: schemathesis sends it generated input (api/tests/test_contract.py)
        kwargs: dict[str, Any] = {}
        for part in pattern.pattern.converters:
            if part == "pk":
                record = records[PK_OF[name]]
                assert record is not None, f"{name}: no {PK_OF[name]} in the demo"
                kwargs[part] = record.pk
            else:
                kwargs[part] = records["parts"][part]
        pages.append((name, reverse(name, kwargs=kwargs)))
    return pages


def _queries(keys: set[str], value: Any, base: dict[str, str]) -> list[list[tuple[str, str]]]:
    """The query strings that give `value` (both values, for the repeated key) to every key: all
    keys in one request; for a page with a base, one key at a time beside the base's others."""
    values = value if isinstance(value, list) else [value]

    def given(chosen: set[str], beside: dict[str, str]) -> list[tuple[str, str]]:
        kept = [(k, v) for k, v in beside.items() if k not in chosen]
        return [*kept, *((key, one) for key in sorted(chosen | set(UNKNOWN)) for one in values)]

    if not base or not keys:
        return [given(keys, base)]
    return [given({key}, base) for key in sorted(keys)]


def test_no_page_gives_an_error_page_for_a_nasty_query_string(monkeypatch) -> None:
    records = _records()
    reads = Reads()
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        monkeypatch.setattr(MultiValueDict, method, reads.wrap(getattr(MultiValueDict, method)))
    office, staff, admin = (
        client_for(User.objects.get(username=name))
        for name in ("vanphong", "cntt.chuyenvien", "quantri")
    )
    for client in (office, staff, admin):
        client.raise_request_exception = False  # a 500 is counted, and the next page tried
    failures, sent, keys_read = [], 0, 0
    for name, url in _pages(records):
        base = BASE.get(name, {})
        opened = []
        for client in (office, staff):
            reads.keys, reads.on = set(), True
            status = client.get(url, {**base, "_": "1"}).status_code
            reads.on = False
            assert status < 500, url
            opened.append((client, reads.keys - {"_"}))
        if all(keys == set() for _, keys in opened) and not any(
            client.get(url).status_code < 400 for client in (office, staff)
        ):  # a page for administrators only (people, the change log): as one of them
            reads.keys, reads.on = set(), True
            admin.get(url, {**base, "_": "1"})
            reads.on = False
            opened = [(admin, reads.keys - {"_"})]
        for client, keys in opened:
            keys_read += len(keys)
            for value in NASTY if keys else NASTY[:1]:
                for query in _queries(keys, value, base):
                    response = client.get(url, query)
                    sent += 1
                    if response.status_code >= 500:
                        failures.append(f"{url}?{query!r:.60} ({name})")
    assert not failures, failures
    assert keys_read > 60 and sent > 300  # the pages did read their keys
