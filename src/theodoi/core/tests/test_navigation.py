"""The main menu marks the item of the page shown, found from the resolved URL."""

import re
from datetime import date

import pytest
from django.template import engines
from django.test import Client
from django.urls import resolve, reverse, set_script_prefix

from theodoi.accounts.models import Role
from theodoi.core.navigation import BELOW, ITEMS, MenuItem, menu_for, section_of
from theodoi.monitoring import urls as monitoring_urls
from theodoi.statforms import urls as statforms_urls
from theodoi.tasks import services
from theodoi.tasks import urls as task_urls
from theodoi.tasks.models import DocumentKind, Origin

MENU = re.compile(r'<nav aria-label="Chính">(.*?)</nav>', re.S)
CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">([^<]*)</a>')


def current_items(client: Client, url: str) -> list[str]:
    response = client.get(url, follow=True)  # the calendar's address sends on to this year
    assert response.status_code == 200, url
    menu = MENU.search(response.content.decode()).group(1)
    return CURRENT.findall(menu)


@pytest.mark.django_db
def test_each_page_marks_its_menu_item(sample_units, make_user) -> None:
    office = make_user(Role.TRACKER, unit="VP")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.DECISION,
        number="1/QĐ-TTg",
        issued_on=date(2024, 1, 5),
        issuer="Thủ tướng Chính phủ",
        summary="Giao nhiệm vụ",
        origin=Origin.GOVERNMENT,
    )
    task = services.task_create(actor=office, document=document, content="Báo cáo quý")
    unit = sample_units["TST"]
    client = Client()
    client.force_login(office)
    pages = {
        reverse("monitoring:dashboard"): "Tổng quan",
        reverse("tasks:mine"): "Việc của tôi",
        reverse("tasks:list"): "Nhiệm vụ",
        reverse("tasks:detail", args=[task.pk]): "Nhiệm vụ",
        reverse("tasks:act", args=[task.pk, "edit"]): "Nhiệm vụ",
        reverse("tasks:documents"): "Văn bản",
        reverse("tasks:document", args=[document.pk]): "Văn bản",
        reverse("tasks:task_create", args=[document.pk]): "Văn bản",
        reverse("tasks:stats"): "Thống kê",
        reverse("tasks:obstacles"): "Khó khăn, vướng mắc",
        reverse("organisation:tree"): "Đơn vị",
        reverse("organisation:detail", args=[unit.pk]): "Đơn vị",
        reverse("tasks:handover", args=[unit.pk]): "Đơn vị",
        reverse("workcalendar:current"): "Lịch làm việc",
        reverse("workcalendar:year", args=[2025]): "Lịch làm việc",
        reverse("imports:upload"): "Nhập kế hoạch",
        reverse("monitoring:urge", args=[unit.pk]): "Tổng quan",
    }
    for url, item in pages.items():
        assert current_items(client, url) == [item], url
    assert current_items(client, reverse("home")) == []
    notifications = client.get(reverse("notifications:list")).content.decode()
    assert 'id="bell" href="/thong-bao/" aria-current="page"' in notifications
    assert 'aria-current="page"' not in MENU.search(notifications).group(1)


@pytest.mark.django_db
def test_the_administrators_pages_mark_theirs(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    pages = {
        reverse("accounts:list"): "Người dùng",
        reverse("accounts:create"): "Người dùng",
        reverse("audit:list"): "Nhật ký",
        reverse("monitoring:policy"): "Nhắc việc",
    }
    for url, item in pages.items():
        assert current_items(client, url) == [item], url


def test_every_page_of_a_namespace_with_several_items_is_placed() -> None:
    downloads = {
        "tasks:export",
        "tasks:obstacle_export",
        "tasks:attachment",
        "monitoring:letter",
        "monitoring:signed",
        "statforms:template",
        "statforms:rollup_xlsx",
        "statforms:rollup_word",
    }
    # steps that answer a form's POST, and the live check's fragment: not pages of their own
    steps = {"statforms:check", "statforms:accept", "statforms:return", "statforms:reopen"}
    for urls in (task_urls, monitoring_urls, statforms_urls):
        for pattern in urls.urlpatterns:
            name = f"{urls.app_name}:{pattern.name}"
            assert name in ITEMS or name in BELOW or name in downloads | steps, name


def test_pages_outside_the_menu_belong_to_none() -> None:
    assert section_of(resolve(reverse("home"))) == ""
    assert section_of(resolve(reverse("login"))) == ""
    assert section_of(None) == ""
    assert section_of(resolve(reverse("evaluation:formula"))) == "evaluation:home"


@pytest.mark.django_db
def test_the_menu_s_addresses_follow_the_script_prefix_they_are_served_under(make_user) -> None:
    # the addresses are remembered per process: one served under a prefix (a site behind a
    # proxy at /theodoi/) must not be handed to a page served without it, nor the reverse
    user = make_user(Role.TRACKER, unit="VP")
    plain = {item.name: item.url for item in menu_for(user)}
    set_script_prefix("/theodoi/")
    try:
        prefixed = {item.name: item.url for item in menu_for(user)}
    finally:
        set_script_prefix("/")
    assert plain["tasks:list"] == reverse("tasks:list") and not plain["tasks:list"].startswith(
        "/theodoi/"
    )
    assert prefixed == {name: "/theodoi" + url for name, url in plain.items()}
    assert {item.name: item.url for item in menu_for(user)} == plain


# the menu's items as base.html's loop wrote them before `{% menu_items %}`
MENU_LOOP = (
    '{% for item in menu %}<li><a href="{{ item.url }}"{% if item.current %} '
    'aria-current="page"{% endif %}>{{ item.label }}</a></li>{% endfor %}'
)


def test_the_menu_is_written_as_the_template_loop_wrote_it() -> None:
    items = [
        MenuItem("Tổng quan", "/", "home", current=False),
        MenuItem('Báo cáo "năm" & <quý>', "/bao-cao/?a=1&b=2", "reports:mine", current=True),
    ]
    engine = engines["django"]
    looped = engine.from_string(MENU_LOOP).render({"menu": items})
    written = engine.from_string("{% load theodoi %}{% menu_items menu %}").render({"menu": items})
    assert written == looped
    assert 'href="/bao-cao/?a=1&amp;b=2" aria-current="page"' in written
    assert "&quot;năm&quot; &amp; &lt;quý&gt;" in written
