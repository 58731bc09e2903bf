"""`make bench-peer` reads what the peer's script printed and judges the list by the median
of each run's ratio to the peer's run after it, ours over Taiga's (issue 26: three times
faster, at most 1/3); a failed peer run is a message, not a traceback."""

import json

import pytest

from theodoi.bench import peer
from theodoi.bench.peer import PAIRS, PeerFailed, Timed, parse_peer, rows, table

THEIRS = sorted({pair.theirs for pair in PAIRS})


def peer_output(medians: dict[str, float]) -> str:
    result = {name: {"median": ms, "statements": 3} for name, ms in medians.items()}
    return f"case  median ms\nfiltered page of 50  40.00\nRESULT {json.dumps(result)}\ncleanup: 2\n"


def test_the_peers_medians_are_read_from_its_result_line() -> None:
    read = parse_peer(peer_output({name: 10.0 + k for k, name in enumerate(THEIRS)}))
    assert read["counts by state for one assignee"] == Timed(10.0, 3)
    assert read["text search"] == Timed(10.0 + THEIRS.index("text search"), 3)


def test_an_output_without_the_result_line_or_a_case_is_refused_by_name() -> None:
    with pytest.raises(PeerFailed, match="Không thấy dòng «RESULT»"):
        parse_peer("Traceback (most recent call last):\n")
    with pytest.raises(PeerFailed, match="thiếu: create a task, text search"):
        kept = [name for name in THEIRS if name not in {"create a task", "text search"}]
        parse_peer(peer_output(dict.fromkeys(kept, 1.0)))


def runs(side: str, medians: list[float]) -> list[dict[str, Timed]]:
    """Each run giving every case of one side the same median."""
    names = {pair.ours if side == "ours" else pair.theirs for pair in PAIRS}
    return [{name: Timed(ms, 5) for name in names} for ms in medians]


def test_the_list_is_judged_by_a_third_of_each_pair_of_runs() -> None:
    # the machine slowed by half for the second pair: both sides alike, as it does here
    ours = runs("ours", [10.0, 21.0, 30.0])
    made = rows(ours, runs("theirs", [40.0, 84.0, 60.0]))  # pairs 0.25, 0.25, 0.5
    listed = next(row for row in made if row.pair.ours == "list_filtered")
    assert listed.ours == [10.0, 21.0, 30.0] and listed.paired == pytest.approx(0.25)
    assert listed.ratio == pytest.approx(0.35)  # 21 / 60: medians of runs at different paces
    assert listed.met is True
    slower = rows(runs("ours", [14.0]), runs("theirs", [40.0]))  # 0.35
    assert [row.met for row in slower if row.pair.goal] == [False, False]
    assert all(row.met is None for row in slower if row.pair.goal is None)
    printed = table(made).splitlines()
    assert printed[2].startswith("| Danh sách lọc, trang 50 dòng | 10.0, 21.0, 30.0 (5 truy vấn)")
    assert "| 0.250 | 0.350 | ≤ 0.333: đạt |" in printed[2]
    assert "CHƯA ĐẠT" in table(slower)


def test_a_failed_peer_run_is_a_message(tmp_path, monkeypatch) -> None:
    script = tmp_path / "run.sh"
    script.write_text("#!/bin/sh\necho 'django.db.utils.OperationalError' >&2\nexit 3\n")
    script.chmod(0o755)
    monkeypatch.setattr(peer, "SCRIPTS", tmp_path)
    with pytest.raises(PeerFailed) as failed:
        peer._peer_run(1)
    assert str(failed.value) == (
        "timing.py của Taiga dừng với mã 3:\ndjango.db.utils.OperationalError\n"
    )
