"""What several browser tests set up on the demo: a person's own browser window, signed in,
a CNTT task that BHXH Hà Nội coordinates, and a quarterly report Hà Nội owes."""

from datetime import date, timedelta

from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest
from theodoi.reports.tests.factories import make_round
from theodoi.tasks import services, steps
from theodoi.tasks.models import DocumentKind, Origin, Task

PASSWORD = "Demo-trinh-duyet-2026"  # given to `load_demo`


def open_as(browser, url: str, username: str):
    """A page in a window of its own (its own cookies), signed in as `username`."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/dang-nhap/")
    sign_in(page, username, PASSWORD)
    page.wait_for_url(f"{url}/")
    return page


def coordinated_task(number: str, content: str) -> Task:
    """A task of a 2026 plan led by CNTT and coordinated by BHXH Hà Nội, assigned by the
    demo's leader (the demo loaded)."""
    office, leader = (User.objects.get(username=n) for n in ("vanphong", "lanhdao"))
    cntt, hanoi = (Unit.objects.get(code=code) for code in ("CNTT", "HANOI"))
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number=number,
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office,
        document=document,
        content=content,
        lead_units=[cntt],
        deadline=date(2099, 12, 31),
    )
    return steps.task_assign(
        actor=leader,
        task=task,
        expected_version=task.version,
        leads=[cntt],
        coordinating=[hanoi],
        deadline=date(2099, 12, 31),
    )


def hanoi_quarterly_report() -> ReportRequest:
    """BHXH Hà Nội's request in a quarterly round of the Office's, its window begun 60 days ago
    and due in 10 days (the demo's own rounds are left as they are)."""
    today = timezone.localdate()
    report_round = make_round(
        Unit.objects.get(code="VP"),
        [Unit.objects.get(code="HANOI")],
        title="Báo cáo quý thử nghiệm",
        period="THU-Q",
        start=today - timedelta(days=60),
        end=today + timedelta(days=20),
        due=today + timedelta(days=10),
    )
    return ReportRequest.objects.get(round=report_round)
