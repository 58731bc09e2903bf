"""Report types, as an administrator defines them (DOMAIN §10): who reports what to whom, how
often, due when and over which days' data.

The sections are written one a line, "Tiêu đề | bắt buộc | gợi ý" (the last two parts may be
left out), and kept as [{"key", "title", "required", "hint"}]; a section's key is its title
folded ("Kết quả thực hiện" → "ket-qua-thuc-hien"), so two sections may not share a title.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.access import Action, can
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.periods import COUNT
from theodoi.core.text import clean_line, fold
from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule
from theodoi.reports.opening import REPORTER_GROUPS, reporter_tokens
from theodoi.reports.rules import KIND_OF
from theodoi.statforms import catalog

REQUIRED_WORDS = {"bat buoc", "bb", "co", "x"}
OPTIONAL_WORDS = {"", "khong bat buoc", "khong", "tuy chon"}
DUE_DAY_LIMITS = {
    DueRule.BEFORE_DAY_OF_LAST_MONTH: (1, 31),
    DueRule.DAY_OF_NEXT_MONTH: (1, 31),
    DueRule.WORKING_DAYS_AFTER: (1, 60),
}
AUDITED = [
    "code",
    "name",
    "frequency",
    "period_numbers",
    "collector",
    "due_rule",
    "due_day",
    "window_rule",
    "window_cutoff_day",
    "task_table",
    "form_code",
    "source",
    "active",
]


@dataclass(frozen=True)
class TypeFields:
    """What a report type's form gives (the sections already read by `parse_sections`)."""

    name: str
    frequency: str
    collector: Unit | None
    reporters: str
    due_rule: str
    due_day: int | None
    window_rule: str = WindowRule.CALENDAR
    window_cutoff_day: int | None = None
    period_numbers: list[int] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    task_table: bool = False
    form_code: str = ""
    source: str = ""
    active: bool = True


def section_key(title: str) -> str:
    return slugify(fold(title))[:60]


def parse_sections(text: str) -> list[dict[str, Any]]:
    """The sections written one a line ("Tiêu đề | bắt buộc | gợi ý")."""
    sections = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [clean_line(p).strip() for p in line.split("|")]
        title, flag, hint = parts[0], (parts[1:2] or [""])[0], " | ".join(parts[2:])
        if fold(flag) in REQUIRED_WORDS:
            required = True
        elif fold(flag) in OPTIONAL_WORDS:
            required = False
        else:
            raise ValidationFailed(
                {
                    "sections": f"Dòng {number}: «{flag}» không đọc được; sau dấu | ghi "
                    "«bắt buộc» hoặc «không bắt buộc»."
                }
            )
        sections.append({"key": section_key(title), "title": title, "required": required})
        if hint:
            sections[-1]["hint"] = hint
    return sections


def sections_text(sections: list[dict[str, Any]]) -> str:
    """The sections as the form shows them, one a line."""
    lines = []
    for s in sections:
        line = f"{s['title']} | {'bắt buộc' if s.get('required') else 'không bắt buộc'}"
        lines.append(line + (f" | {s['hint']}" if s.get("hint") else ""))
    return "\n".join(lines)


def _check_reporters(text: str, errors: dict[str, str]) -> None:
    tokens = reporter_tokens(text)
    if not tokens:
        errors["reporters"] = "Cần ghi đơn vị phải báo cáo (mã đơn vị hoặc nhóm, ví dụ @PROVINCES)."
        return
    groups = {g.value for g in REPORTER_GROUPS}
    codes = set(Unit.objects.filter(code__in=tokens).values_list("code", flat=True))
    unknown = [t for t in tokens if t not in groups and t not in codes]
    if unknown:
        known = ", ".join(f"{g.value} ({Group(g).label})" for g in REPORTER_GROUPS)
        errors["reporters"] = (
            f"Đơn vị phải báo cáo: không có đơn vị hay nhóm «{', '.join(unknown)}». "
            f"Ghi mã đơn vị hoặc một nhóm: {known}."
        )


def _check_calendar(fields: TypeFields, errors: dict[str, str]) -> None:
    kind = KIND_OF.get(fields.frequency)
    if fields.frequency not in Frequency.values:
        errors["frequency"] = f"Tần suất «{fields.frequency}» không có."
    elif kind is not None and fields.period_numbers:
        count = COUNT[kind]
        bad = [n for n in fields.period_numbers if not 1 <= n <= count]
        if count == 1 or bad:
            errors["period_numbers"] = (
                f"Các kỳ trong năm phải từ 1 đến {count}."
                if count > 1
                else "Báo cáo năm không chọn kỳ trong năm."
            )
    if fields.due_rule not in DUE_DAY_LIMITS:
        errors["due_rule"] = "Chọn cách tính hạn nộp."
    else:
        low, high = DUE_DAY_LIMITS[DueRule(fields.due_rule)]
        if fields.due_day is None or not low <= fields.due_day <= high:
            errors["due_day"] = f"N (ngày) của cách tính hạn này phải từ {low} đến {high}."
    if fields.window_rule not in WindowRule.values:
        errors["window_rule"] = "Chọn khoảng số liệu."
    elif fields.window_rule == WindowRule.CUTOFF:
        day = fields.window_cutoff_day
        if day is None or not 1 <= day <= 28:
            errors["window_cutoff_day"] = (
                "Khoảng số liệu đến ngày chốt: cần ghi ngày chốt số liệu từ 1 đến 28."
            )


def _check_sections(sections: list[dict[str, Any]], errors: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for number, section in enumerate(sections, start=1):
        title = str(section.get("title", "")).strip()
        if not title or not section.get("key"):
            errors["sections"] = f"Phần thứ {number} của báo cáo chưa có tiêu đề."
            return
        if section["key"] in seen:
            errors["sections"] = (
                f"Phần «{title}» trùng với phần «{seen[section['key']]}»: "
                "mỗi phần cần một tiêu đề khác."
            )
            return
        seen[section["key"]] = title


def _check_form(fields: TypeFields, errors: dict[str, str]) -> None:
    """A form the system has, asked as often as the form's calendar asks it."""
    if not fields.form_code:
        return
    forms = {s["code"]: s for s in catalog.shipped()}
    schema = forms.get(fields.form_code)
    if schema is None:
        known = ", ".join(f"{code} ({s['title']})" for code, s in sorted(forms.items()))
        errors["form_code"] = f"Không có biểu mẫu «{fields.form_code}»; các biểu mẫu có: {known}."
        return
    calendar = schema["calendar"]
    allowed = {Frequency.YEAR} if calendar.get("year") else set()
    if calendar.get("quarters"):
        allowed.add(Frequency.QUARTER)
    if fields.frequency not in allowed:
        words = " hoặc ".join(sorted(Frequency(f).label.lower() for f in allowed))
        errors["form_code"] = f"Biểu mẫu «{schema['title']}» được báo cáo {words}."


def _check(fields: TypeFields) -> TypeFields:
    errors: dict[str, str] = {}
    name = clean_line(fields.name).strip()
    if not name:
        errors["name"] = "Cần ghi tên báo cáo."
    if fields.collector is None:
        errors["collector"] = "Cần chọn đơn vị tổng hợp."
    _check_reporters(fields.reporters, errors)
    _check_calendar(fields, errors)
    _check_sections(fields.sections, errors)
    _check_form(fields, errors)
    if errors:
        missing = set(errors) <= {"name", "collector"} or not reporter_tokens(fields.reporters)
        raise ValidationFailed(errors, Code.REQUIRED if missing else Code.INVALID)
    cutoff = fields.window_cutoff_day if fields.window_rule == WindowRule.CUTOFF else None
    numbers = sorted(set(fields.period_numbers)) if KIND_OF.get(fields.frequency) else []
    return TypeFields(
        **{
            **asdict(fields),
            "name": name,
            "collector": fields.collector,
            "reporters": "; ".join(reporter_tokens(fields.reporters)),
            "window_cutoff_day": cutoff,
            "period_numbers": numbers,
        }
    )


def _refuse_unless_admin(actor: User) -> None:
    if not can(actor, Action.MANAGE_REPORT_TYPES):
        raise ValidationFailed(
            {"__all__": "Chỉ quản trị hệ thống được định nghĩa loại báo cáo."}, Code.NOT_PERMITTED
        )


def _kept(report_type: ReportType) -> dict[str, Any]:
    return snapshot(
        report_type,
        AUDITED,
        reporters=reporter_tokens(report_type.reporters),
        sections=sections_text(report_type.sections).splitlines(),
    )


def _new_code(name: str) -> str:
    base = slugify(fold(name))[:50] or "bao-cao"
    taken = set(ReportType.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def report_type_create(*, actor: User, fields: TypeFields, code: str = "") -> ReportType:
    _refuse_unless_admin(actor)
    checked = _check(fields)
    values = asdict(checked)
    values["collector"] = checked.collector
    report_type = ReportType.objects.create(code=code or _new_code(checked.name), **values)
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=report_type,
        before=None,
        after=_kept(report_type),
    )
    return report_type


@transaction.atomic
def report_type_update(
    *, actor: User, report_type: ReportType, expected_version: int, fields: TypeFields
) -> ReportType:
    _refuse_unless_admin(actor)
    locked = ReportType.objects.select_for_update().get(pk=report_type.pk)
    if locked.version != expected_version:
        raise ConflictError("Loại báo cáo này vừa được người khác sửa. Hãy tải lại trang.")
    checked = _check(fields)
    before = _kept(locked)
    values = asdict(checked)
    values["collector"] = checked.collector
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    record_change(
        actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=_kept(locked)
    )
    return locked


def reporter_names(text: str, units: Mapping[str, Unit] | None = None) -> str:
    """The units and groups `text` names, as people read them (groups by their label);
    `units` by code when the caller read them already (a list of types)."""
    tokens = reporter_tokens(text)
    if units is None:
        units = {u.code: u for u in Unit.objects.filter(code__in=tokens)}
    groups = {g.value for g in REPORTER_GROUPS}
    names = []
    for token in tokens:
        if token in groups:
            names.append(Group(token).label)
        elif token in units:
            names.append(unit_label(units[token]))
    return "; ".join(names)


def due_words(report_type: ReportType) -> str:
    n = report_type.due_day
    if report_type.due_rule == DueRule.BEFORE_DAY_OF_LAST_MONTH:
        return f"Trước ngày {n} của tháng cuối kỳ (hết ngày {n - 1})"
    if report_type.due_rule == DueRule.DAY_OF_NEXT_MONTH:
        return f"Đến ngày {n} của tháng sau kỳ"
    return f"{n} ngày làm việc sau khi hết kỳ"


def window_words(report_type: ReportType) -> str:
    if report_type.window_rule == WindowRule.CUTOFF:
        return f"Đến ngày {report_type.window_cutoff_day} của tháng cuối kỳ"
    return "Đúng kỳ"
