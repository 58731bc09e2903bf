"""Search by relevance (issue 20, point 3): the best match first, quoted phrases, and
diacritics that narrow when typed (tasks/search.py, docs/adr/0010-search-relevance.md)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.tasks import search, services
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

# what a province's register holds around "ký số", soonest deadline first: in the list's own
# order the task about digital signatures comes last
AROUND_KY_SO = [
    ("Ký hợp đồng dịch vụ sau khi rà soát gói thầu", date(2030, 1, 10)),
    ("Rà soát số liệu thu, ký xác nhận đối chiếu với đơn vị", date(2030, 1, 20)),
    ("Ký xác nhận sổ BHXH và số hóa hồ sơ người lao động", date(2030, 2, 10)),
    ("Rà soát sổ BHXH, ký nhận bàn giao", date(2030, 2, 20)),
    ("Triển khai ký số trên hồ sơ điện tử", date(2030, 3, 31)),
]
KY_SO = "Triển khai ký số trên hồ sơ điện tử"
ONLY_BEGINS = "Ký hợp đồng dịch vụ sau khi rà soát gói thầu"  # "so" only begins "soát"


@pytest.fixture
def register(world: World) -> None:
    for content, deadline in AROUND_KY_SO:
        services.task_create(
            actor=world.office,
            document=world.document(),
            content=content,
            lead_units=[world.units["PC"]],  # "Pháp chế": no "ký", no "so" in the lead
            deadline=deadline,
        )


def listed(world: World, text: str, sort: str = "") -> list[str]:
    page = client_for(world.office).get(reverse("tasks:list"), {"q": text, "sap_xep": sort})
    assert page.status_code == 200
    return [row.task.content for row in page.context["rows"]]


def test_the_task_about_digital_signatures_comes_first(world: World, register) -> None:
    typed = listed(world, "ký số")
    assert typed[0] == KY_SO
    # "sổ" and "soát" are not "số" when the accents are typed
    assert set(typed) == {
        KY_SO,
        "Rà soát số liệu thu, ký xác nhận đối chiếu với đơn vị",
        "Ký xác nhận sổ BHXH và số hóa hồ sơ người lao động",
    }
    folded = listed(world, "ky so")
    assert folded[0] == KY_SO  # whole words side by side
    assert folded[-1] == ONLY_BEGINS  # "so" only as the beginning of "soát": last
    assert len(folded) == 5


def test_a_quoted_phrase_wants_its_words_side_by_side_in_that_order(world: World, register) -> None:
    assert listed(world, '"ký số"') == [KY_SO]
    assert listed(world, '"ky so"') == [KY_SO]
    assert listed(world, "“ký số” điện tử") == [KY_SO]  # typographic quotes, and a word more
    assert listed(world, '"số ký"') == []
    assert listed(world, '"ký xác nhận" hóa') == [
        "Ký xác nhận sổ BHXH và số hóa hồ sơ người lao động"
    ]


def test_typed_diacritics_narrow_and_plain_letters_find_every_spelling(world: World) -> None:
    for content in ("Cấp sổ BHXH cho người lao động", "Cấp số định danh cho người lao động"):
        services.task_create(actor=world.office, document=world.document(), content=content)
    assert listed(world, "sổ") == ["Cấp sổ BHXH cho người lao động"]
    assert listed(world, "SỐ") == ["Cấp số định danh cho người lao động"]
    assert listed(world, "cấp số đ") == ["Cấp số định danh cho người lao động"]
    assert set(listed(world, "so")) == {
        "Cấp sổ BHXH cho người lao động",
        "Cấp số định danh cho người lao động",
    }
    assert set(listed(world, "cap so")) == set(listed(world, "so"))
    assert listed(world, "sơ") == []


def test_a_folded_query_finds_what_it_found_before(world: World, register) -> None:
    contents = {content for content, _ in AROUND_KY_SO}
    assert set(listed(world, "ky so")) == contents
    assert set(listed(world, "ra soat")) == {c for c in contents if "rà soát" in c.lower()}
    assert listed(world, "ssat") == []  # inside a word: not a match


def test_the_person_can_still_choose_the_order(world: World, register) -> None:
    by_deadline = [content for content, _ in AROUND_KY_SO]
    assert listed(world, "ky so", sort="han") == by_deadline
    assert listed(world, "ky so", sort="-han") == by_deadline[::-1]
    assert listed(world, "") == by_deadline  # no query: the list's own order


def test_ordering_by_relevance_costs_no_query(world: World, register) -> None:
    client = client_for(world.office)
    client.get(reverse("tasks:list"), {"q": "ky so"})  # session, caches
    counts = []
    for sort in ("", "han"):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("tasks:list"), {"q": "ky so", "sap_xep": sort})
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert search.task_match("ky so").relevance is not None


def test_the_terms_looked_up() -> None:
    assert search.search_terms("Ký SỐ, vss-id") == ["ký", "số", "vss", "id"]
    query = search.parse('"ký  số" "một" 2024')
    assert query.phrases == [["ky", "so"]]  # a lone quoted word is a plain term
    assert [t.word for t in query.terms] == ["ký", "số", "một", "2024"]
    assert search.indexed_text("Rà soát sổ") == "ra soat so rà soát sổ"
