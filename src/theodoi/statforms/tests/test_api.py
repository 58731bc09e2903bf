"""The forms API: a province's tool submits its TTHC form with the command's JSON, refused
and warned the way the form's page is, and the Office reads who sent what and the roll-up."""

import contextlib
import html
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from theodoi.api.tests.conftest import ApiClient, api_client_for
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.periods import parse_period
from theodoi.notifications.models import Notification
from theodoi.reports.models import ReportRequest, ReportSubmission, RequestState
from theodoi.statforms.models import FormEntry, FormVersion
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.tests.filled import province_values
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db
FORMS = "/api/v1/forms/"
HANOI = f"{FORMS}tthc/2026-Q2/HANOI/"
WARNED = "5.1 = 5.7 + 5.10"  # a rule that warns: 5.1 = 1.200 but 5.7 + 5.10 = 1.190


@pytest.fixture
def hanoi(forms) -> ReportRequest:
    return request_in(round_or_open("tthc", parse_period("2026-Q2")), "HANOI")


def put(api: ApiClient, path: str, body: dict[str, Any]) -> Any:
    return api.client.put(path, json.dumps(body), content_type="application/json",
                          headers=api._headers({}))  # fmt: skip


def written() -> tuple[int, ...]:
    models = (ReportSubmission, FormVersion, FormEntry, ChangeRecord, Notification)
    return tuple(m.objects.count() for m in models)


def command(capsys, *args: str) -> dict[str, Any]:
    with contextlib.suppress(SystemExit):
        call_command("forms", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_a_province_submits_and_the_office_reads_it_as_the_command_does(
    forms, hanoi, capsys, tmp_path
) -> None:
    answer = api_client_for(forms.hanoi, name="phần mềm một cửa").post(
        f"{HANOI}submit/", {"values": province_values(), "texts": {"7": "Tập huấn 3 huyện"}}
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json() | {"request_version": 0} == {
        "status": "stored", "version": 1, "errors": [], "warnings": [], "dry_run": False,
        "request_version": 0,
    }  # fmt: skip
    sent = ReportSubmission.objects.get()
    assert sent.submitted_by == forms.hanoi and sent.form_version.texts == {"7": "Tập huấn 3 huyện"}
    record = ChangeRecord.objects.get(action=ChangeKind.REPORT_SUBMIT)
    assert record.via == "api:phần mềm một cửa"
    # another province through the command, so that the sums add two units up
    data = tmp_path / "haiphong.json"
    data.write_text(json.dumps({"values": province_values(**{"5_2": 800, "5_1": 1100,
        "5_7": 1050, "5_8": 1040, "6_2_total": 1100, "6_2_online": 800})}), "utf-8")  # fmt: skip
    command(
        capsys, "submit", "tthc", "--unit", "HAIPHONG", "--period", "2026-Q2", "--data", str(data)
    )
    office = api_client_for(forms.office)
    rollup = office.get(f"{FORMS}tthc/2026-Q2/rollup/").json()
    expected = command(capsys, "aggregate", "tthc", "--period", "2026-Q2")
    assert {k: rollup[k] for k in expected} == expected
    assert expected["submitted"] == 2 and expected["values"]["5.1"] == 2300
    by_unit = {u["unit"]["code"]: (u["state"], u["version"]) for u in rollup["units"]}
    assert by_unit["HANOI"] == ("submitted", 1) and by_unit["CNTT"] == ("open", None)
    entry = office.get(HANOI).json()
    assert entry["draft"] is None and entry["state_label"] == "Đã nộp, chờ tiếp nhận"
    assert [v["version"] for v in entry["versions"]] == [1]
    assert entry["versions"][0]["values"]["5.1"] == 1200
    assert entry["versions"][0]["by"]["username"] == forms.hanoi.username
    # the Office's roll-up page shows the unit as sent too
    page = client_for(forms.office).get(reverse("statforms:rollup", args=["tthc", "2026-Q2"]))
    assert "Đã nộp lần 1" in page.content.decode()


def test_a_refused_submission_names_each_cell_as_the_page_and_writes_nothing(forms, hanoi) -> None:
    api = api_client_for(forms.hanoi)
    before = written()
    values = province_values(**{"5_13": 31, "4a_total": "1,5"})
    answer = api.post(f"{HANOI}submit/", {"values": values})
    assert answer.status_code == 400 and answer.json()["status"] == "refused"
    errors = answer.json()["errors"]
    assert set(errors) == {"4a.total"} and "có dấu phẩy" in errors["4a.total"]
    values["4a.total"] = 30
    answer = api.post(f"{HANOI}submit/", {"values": values})
    errors = answer.json()["errors"]
    assert set(errors) == {"5.13", "5.14", "5.15", "5.16"}
    assert [f["rule"] for f in answer.json()["findings"]] == ["5.13 = 5.14+5.15+5.16"]
    assert written() == before
    page = client_for(forms.hanoi).post(
        reverse("statforms:entry", args=[hanoi.pk]),
        {"version": hanoi.version, **{k: str(v) for k, v in values.items()}, "nop": "1"},
    )
    assert page.status_code == 422
    assert html.escape(errors["5.13"]) in page.content.decode()
    assert written() == before


def test_a_warning_needs_its_explanation(forms, hanoi) -> None:
    api = api_client_for(forms.hanoi)
    values = province_values(**{"5_7": 1140, "5_8": 1130})
    answer = api.post(f"{HANOI}submit/", {"values": values})
    assert answer.status_code == 400 and answer.json()["unexplained"] == [WARNED]
    assert "Chưa giải trình cảnh báo «5.1 = 5.7 + 5.10»" in answer.json()["errors"]["5.1"]
    assert not ReportSubmission.objects.exists()
    explained = {WARNED: "Hồ sơ chuyển sang kỳ sau do nghỉ lễ."}
    answer = api.post(f"{HANOI}submit/", {"values": values, "explanations": explained})
    assert answer.status_code == 200 and [w["rule"] for w in answer.json()["warnings"]] == [WARNED]
    assert FormVersion.objects.get().explanations == explained


def test_a_dry_run_answers_as_the_submission_would_and_writes_nothing(forms, hanoi) -> None:
    api, office_api = api_client_for(forms.hanoi), api_client_for(forms.office)
    before = written()
    answer = api.post(f"{HANOI}submit/", {"values": province_values(), "dry_run": True})
    assert answer.status_code == 200
    assert (answer.json()["version"], answer.json()["dry_run"]) == (1, True)
    assert answer.json()["request_version"] == hanoi.version
    refused = api.post(f"{HANOI}submit/", {"values": {"5.1": 3}, "dry_run": True})
    assert refused.status_code == 400 and refused.json()["dry_run"] is True
    office = office_api.post(f"{HANOI}submit/", {"values": province_values(), "dry_run": True})
    assert office.status_code == 403  # as the real submission: the Office does not send it
    assert written() == before
    assert ReportRequest.objects.get(pk=hanoi.pk).state == RequestState.OPEN


def test_a_stale_draft_is_refused_with_409(forms, hanoi) -> None:
    api = api_client_for(forms.hanoi)
    read = api.get(HANOI).json()["version"]
    saved = put(api, f"{HANOI}draft/", {"values": province_values(**{"5_1": 7}), "version": read})
    assert saved.status_code == 200 and saved.json()["state"] == "draft"
    assert saved.json()["errors"][0]["rule"] == "5.1 = 5.2+5.3+5.4+5.5+5.6"  # kept all the same
    assert api.get(HANOI).json()["draft"]["values"]["5.1"] == 7
    before = written()
    answer = api.post(f"{HANOI}submit/", {"values": province_values(), "version": read})
    assert answer.status_code == 409 and answer.json()["code"] == "stale"
    answer = api.post(f"{HANOI}draft/", {"values": province_values()}, **{"If-Match": str(read)})
    assert answer.status_code == 409
    assert written() == before and api.get(HANOI).json()["draft"]["values"]["5.1"] == 7
    fresh = api.post(f"{HANOI}submit/", {"values": province_values(), "version": read + 1})
    assert fresh.status_code == 200


def test_a_province_cannot_read_or_send_another_provinces_form(forms, hanoi) -> None:
    haiphong, cntt = api_client_for(forms.haiphong), api_client_for(forms.cntt)
    for api in (haiphong, cntt):
        assert api.get(HANOI).status_code == 404
        assert api.post(f"{HANOI}submit/", {"values": province_values()}).status_code == 404
        assert put(api, f"{HANOI}draft/", {"values": {}}).status_code == 404
        assert api.get(f"{FORMS}tthc/2026-Q2/rollup/").status_code == 404
    assert not ReportSubmission.objects.exists()
    hanoi_api = api_client_for(forms.hanoi)
    assert hanoi_api.get(f"{FORMS}tthc/2026-Q2/rollup/").status_code == 404
    assert hanoi_api.get(f"{FORMS}tthc/2026-Q4/HANOI/").status_code == 404  # no round
    assert hanoi_api.get(f"{FORMS}tthc/quy-2/HANOI/").status_code == 404
    assert hanoi_api.get(f"{FORMS}khac/2026-Q2/HANOI/").status_code == 404
    assert api_client_for(forms.office).get(HANOI).status_code == 200


def test_the_forms_and_their_periods_read_as_the_command(forms, capsys) -> None:
    api = api_client_for(forms.cntt)
    found = api.get(FORMS).json()
    tthc = next(f for f in found if f["code"] == "tthc")
    codes = {f["code"]: f for s in tthc["sections"] for f in s["fields"]}
    assert codes["5.1"]["label"] == "cột 1 (Tổng số)" and codes["5.1"]["required"] is True
    assert codes["5.1"]["units"] == ["province"]
    assert WARNED in {r["id"] for r in tthc["rules"]}
    periods = api.get(f"{FORMS}tthc/periods/", {"year": 2026}).json()
    assert periods == command(capsys, "periods", "tthc", "2026")
    assert api.get(f"{FORMS}tthc/periods/", {"year": 1800}).status_code == 400


def test_the_rollup_and_a_units_form_read_in_fixed_queries(
    forms, hanoi, django_assert_max_num_queries
) -> None:
    office = api_client_for(forms.office)
    office.get(HANOI)  # the first reading installs the form's definition
    with django_assert_max_num_queries(11):
        assert office.get(f"{FORMS}tthc/2026-Q2/rollup/").status_code == 200
    for user in (forms.hanoi, forms.haiphong):
        unit = user.unit.code
        api_client_for(user).post(
            f"{FORMS}tthc/2026-Q2/{unit}/submit/", {"values": province_values()}
        )
    with django_assert_max_num_queries(11):
        assert office.get(f"{FORMS}tthc/2026-Q2/rollup/").json()["submitted"] == 2
    with django_assert_max_num_queries(11):
        assert office.get(HANOI).json()["versions"][0]["version"] == 1
