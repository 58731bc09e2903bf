"""The main menu: the items a person may open, and the one the current page belongs to.

A page belongs to the menu item of its own URL name; or, for the pages below an item, to the
item `BELOW` names for its URL name; or else to the one item of its URL namespace (every page
of `organisation` is under "Đơn vị"). The `tasks` and `monitoring` namespaces hold several
items, so their other pages are listed in `BELOW`. The bell counts as an item here, so that
the notifications page marks it as the current page.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import ResolverMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from theodoi.accounts.models import User
from theodoi.core.access import Action, can

CURRENT = ' aria-current="page"'
MENU = [  # (who may open it, its words, its URL name)
    (Action.VIEW_DASHBOARD, "Tổng quan", "monitoring:dashboard"),
    (Action.VIEW_TASKS, "Việc của tôi", "tasks:mine"),
    (Action.VIEW_TASKS, "Nhiệm vụ", "tasks:list"),
    (Action.VIEW_TASKS, "Văn bản", "tasks:documents"),
    (Action.VIEW_OBSTACLES, "Khó khăn, vướng mắc", "tasks:obstacles"),
    (Action.IMPORT_PLANS, "Nhập kế hoạch", "imports:upload"),
    (Action.VIEW_REPORTS, "Báo cáo", "reports:mine"),
    (Action.VIEW_AGENCY_REPORTS, "Báo cáo tổng hợp", "reports_agency:list"),
    (Action.VIEW_STATS, "Thống kê", "tasks:stats"),
    (Action.VIEW_PARTNER_WORK, "Phối hợp", "partners:home"),
    (Action.VIEW_MEETINGS, "Họp phối hợp", "partners:meetings"),
    (Action.VIEW_INSPECTIONS, "Kiểm tra", "inspections:list"),
    (Action.VIEW_SCORECARD, "Đánh giá", "evaluation:home"),
    (Action.VIEW_TARGETS, "Chỉ tiêu", "targets:list"),
    (Action.VIEW_UNITS, "Đơn vị", "organisation:tree"),
    (Action.VIEW_CALENDAR, "Lịch làm việc", "workcalendar:current"),
    (Action.MANAGE_REMINDERS, "Nhắc việc", "monitoring:policy"),
    (Action.MANAGE_REPORT_TYPES, "Loại báo cáo", "report_types:list"),
    (Action.MANAGE_WEBHOOKS, "Webhook", "webhooks:list"),
    (Action.VIEW_USERS, "Người dùng", "accounts:list"),
    (Action.VIEW_AUDIT, "Nhật ký", "audit:list"),
    (Action.CHECK_SIGNATURES, "Kiểm tra chữ ký", "signing:check"),
]
BELL = "notifications:list"
BELOW = {  # page → the item it is under, where its namespace does not say
    "tasks:detail": "tasks:list",
    "tasks:act": "tasks:list",
    "tasks:document": "tasks:documents",
    "tasks:document_create": "tasks:documents",
    "tasks:document_edit": "tasks:documents",
    "tasks:task_create": "tasks:documents",
    "tasks:handover": "organisation:tree",
    "tasks:obstacle_raise": "tasks:list",
    "tasks:obstacle": "tasks:obstacles",
    "tasks:obstacle_refer": "tasks:obstacles",
    "tasks:obstacle_decide": "tasks:obstacles",
    "monitoring:urge": "monitoring:dashboard",
    "monitoring:sign": "monitoring:dashboard",
    "statforms:entry": "reports:mine",
    "statforms:upload": "reports:mine",
    "statforms:rollups": "reports:mine",
    "statforms:rollup": "reports:mine",
    "statforms:version": "reports:mine",
    "partners:generate": "partners:home",
    "partners:occurrence": "partners:home",
    "partners:meeting_create": "partners:meetings",
    "partners:meeting": "partners:meetings",
    "partners:conclusion_add": "partners:meetings",
    "partners:notice": "partners:meetings",
    "partners:conclusion_assign": "partners:meetings",
    "inspections:decision": "inspections:list",
    "inspections:propose": "inspections:list",
    "inspections:member_decide": "inspections:list",
}
ITEMS = [name for _, _, name in MENU] + [BELL]


def _only_item_of(namespace: str) -> str:
    found = [name for name in ITEMS if name.partition(":")[0] == namespace]
    return found[0] if len(found) == 1 else ""


NAMESPACE_ITEM = {n: _only_item_of(n) for n in {name.partition(":")[0] for name in ITEMS}}


def section_of(match: ResolverMatch | None) -> str:
    """The URL name of the menu item (or the bell) the resolved page belongs to; "" for a page
    under none (the home page, signing in, an address that resolved to nothing)."""
    if match is None:
        return ""
    name = match.view_name
    if name in ITEMS:
        return name
    return BELOW.get(name) or NAMESPACE_ITEM.get(match.namespace, "")


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    name: str  # the URL name
    current: bool = False  # the current page is this item's or below it


def landing_url(user: User) -> str:
    """Where a person lands after signing in: the home page, or for a partner's people, who
    open no task page, the joint work with the partner (`/phoi-hop/`)."""
    if not can(user, Action.VIEW_TASKS) and can(user, Action.VIEW_PARTNER_WORK):
        return reverse("partners:home")
    return ""


@lru_cache(maxsize=256)
def _address(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def address(name: str) -> str:
    """`reverse(name)` for a page without arguments, worked out once per process for each
    script prefix and URL configuration: the menu's seventeen or so addresses cost half a
    millisecond to reverse on every page (docs/adr/0026-menu-addresses.md)."""
    return _address(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def menu_html(items: Iterable[MenuItem]) -> SafeString:
    """The menu's items as base.html lists them (docs/adr/0013, "The filter panel and the
    menu"): written here, as a loop of the template engine took a tenth of a list page's
    drawing."""
    return mark_safe(  # the address and the words escaped as the template would
        "".join(
            f'<li><a href="{conditional_escape(item.url)}"{CURRENT if item.current else ""}>'
            f"{conditional_escape(item.label)}</a></li>"
            for item in items
        )
    )


def menu_for(user: User, section: str = "") -> list[MenuItem]:
    """The items `user` may open, the one named `section` marked current."""
    return [
        MenuItem(label, address(name), name, name == section)
        for action, label, name in MENU
        if can(user, action)
    ]
