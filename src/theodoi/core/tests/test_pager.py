"""The pager under every long list (core/_pager.html): the same words, label and links, which
keep the list's query and change only the page number."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from theodoi.core.paging import kept_query


def pager(number: int, query: str = "", count: int = 120, **extra: object) -> str:
    page = Paginator(list(range(count)), 50).get_page(number)
    return render_to_string("core/_pager.html", {"page": page, "query": query, **extra})


def test_a_middle_page_links_both_ways_keeping_the_query() -> None:
    html = pager(2, kept_query(loai="organisation.unit", q="kế hoạch"))
    keep = "?loai=organisation.unit&amp;q=k%E1%BA%BF+ho%E1%BA%A1ch&amp;"
    assert '<nav class="pager" aria-label="Phân trang">' in html
    assert f'<a href="{keep}trang=1" rel="prev">‹ Trang trước</a>' in html
    assert f'<a href="{keep}trang=3" rel="next">Trang sau ›</a>' in html
    assert "<span>Trang 2/3</span>" in html
    assert "hx-get" not in html


def test_the_first_and_last_pages_link_one_way() -> None:
    first, last = pager(1), pager(3)
    assert 'href="?trang=2"' in first and "Trang trước" not in first
    assert 'href="?trang=2"' in last and "Trang sau" not in last


def test_one_page_has_no_pager_unless_it_counts() -> None:
    assert pager(1, count=50).strip() == ""
    assert "<span>Trang 1/1 (50 bản ghi)</span>" in pager(1, count=50, noun="bản ghi")


def test_with_a_target_a_link_loads_its_page_in_place() -> None:
    html = pager(2, "q=a", target="#results")
    assert (
        '<a href="?q=a&amp;trang=3" rel="next" hx-get="?q=a&amp;trang=3" hx-target="#results"'
        ' hx-push-url="true">Trang sau ›</a>'
    ) in html


def test_the_kept_query_leaves_out_what_is_not_set() -> None:
    assert kept_query(loai="", q="") == ""
    assert kept_query(loai="", q="ban kiểm tra") == "q=ban+ki%E1%BB%83m+tra"
