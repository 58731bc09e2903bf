"""The task list's addresses are written as `urllib.parse.urlencode` writes them, whatever the
words typed: the quick path for values that need no quoting changes nothing."""

from datetime import date
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.tasks.links import task_list_url


# no deadline: the first example loads the site's URLs (1.7 s) when this module runs first
@settings(deadline=None)
@given(q=st.text(max_size=30), document_id=st.none() | st.integers(1, 10**9), day=st.dates())
def test_an_address_is_the_one_urlencode_writes(q: str, document_id: int | None, day: date) -> None:
    url = task_list_url(q=q, document_id=document_id, states=["b c", "a/á"], due_from=day)
    pairs = [("q", q)] if q else []
    pairs += [("van_ban", str(document_id))] if document_id else []
    pairs += [("trang_thai", "a/á"), ("trang_thai", "b c"), ("han_tu", f"{day:%d/%m/%Y}")]
    assert url == "/nhiem-vu/?" + urlencode(pairs)
