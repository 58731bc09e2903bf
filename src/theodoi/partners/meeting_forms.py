"""The forms of the meetings' pages (Vietnamese labels and messages); the rules are the
services' (partners.meetings, partners.conclusions)."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.forms import TextForm, VnDateField, field_of
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.counterparts import counterparts_of
from theodoi.partners.meetings import Person
from theodoi.partners.models import Agreement, MeetingKind, Obligation, Side
from theodoi.partners.scope import our_units, partner_units
from theodoi.tasks.attachments import ACCEPTED_TEXT, MAX_BYTES
from theodoi.tasks.forms import leaders

MAIN = ["kind", "held_on", "host", "unit", "partner_unit", "obligation", "place", "summary"]
MAIN += ["minutes"]
ROWS = 8  # participant rows of the form (works without script; empty rows are left out)
# The agreement's duties a meeting carries out (partners/definitions/tld-2015.json).
MEETING_DUTIES = {
    MeetingKind.ANNUAL_REVIEW: "tong-ket-hang-nam",
    MeetingKind.PROVINCIAL: "hop-dinh-ky-tinh",
}
FILE_HELP = f"Một tệp: {ACCEPTED_TEXT}; tối đa 20 MB."


def _file(label: str, required: bool = False) -> forms.FileField:
    field = forms.FileField(
        label=label,
        required=required,
        help_text=FILE_HELP,
        error_messages={"required": f"Cần chọn tệp {label.lower()}."},
    )
    field.widget.attrs["data-max-bytes"] = str(MAX_BYTES)
    return field


def _unit_choices(units: list[Unit]) -> list[tuple[str, str]]:
    return [("", "— Chọn đơn vị —")] + [(str(u.pk), unit_label(u)) for u in units]


class MeetingForm(TextForm):
    kind = forms.ChoiceField(label="Loại cuộc họp", choices=MeetingKind.choices)
    held_on = VnDateField(
        label="Ngày họp", error_messages={"required": "Cần nhập ngày họp (dd/mm/yyyy)."}
    )
    host = forms.ChoiceField(label="Bên chủ trì")
    unit = forms.ChoiceField(
        label="Đơn vị của BHXH Việt Nam",
        help_text="Họp cấp tỉnh: BHXH tỉnh; hội nghị tổng kết: Văn phòng.",
        error_messages={"required": "Cần chọn đơn vị của BHXH Việt Nam dự họp."},
    )
    partner_unit = forms.ChoiceField(
        label="Đơn vị của đối tác",
        help_text="Họp cấp tỉnh: Liên đoàn Lao động tỉnh.",
        error_messages={"required": "Cần chọn đơn vị của đối tác dự họp."},
    )
    obligation = forms.ChoiceField(label="Thực hiện nhiệm vụ định kỳ", required=False)
    place = forms.CharField(label="Địa điểm", required=False, max_length=300)
    summary = forms.CharField(
        label="Nội dung cuộc họp", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = _file("Biên bản cuộc họp")

    def __init__(self, *args: Any, agreement: Agreement, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = agreement.partner
        field_of(self, "host", forms.ChoiceField).choices = [
            (Side.OURS, Side.OURS.label),
            (Side.PARTNER, unit_label(partner)),
        ]
        ours = [u for u in our_units(timezone.localdate()) if u.kind != UnitKind.GRASSROOTS]
        if user.unit is not None and user.unit.kind == UnitKind.PROVINCE:
            ours = [user.unit]  # a province records its own meeting (partners.scope)
            theirs = counterparts_of(agreement).get(user.unit.pk)
            if theirs is not None:  # its LĐLĐ tỉnh is offered first (partners.counterparts)
                self.initial.setdefault("partner_unit", str(theirs.pk))
        self.ours = {str(u.pk): u for u in ours}
        self.theirs = {str(u.pk): u for u in partner_units(agreement)}
        field_of(self, "unit", forms.ChoiceField).choices = _unit_choices(ours)
        field_of(self, "partner_unit", forms.ChoiceField).choices = _unit_choices(
            list(self.theirs.values())
        )
        found = Obligation.objects.filter(
            duty__agreement=agreement,
            duty__code__in=MEETING_DUTIES.values(),
            unit__in=ours,
            year__gte=timezone.localdate().year - 1,
        ).select_related("duty", "unit")
        self.obligations = {str(o.pk): o for o in found}
        field_of(self, "obligation", forms.ChoiceField).choices = [("", "— Không —")] + [
            (str(o.pk), f"{o.duty.article}, kỳ {o.period}: {unit_label(o.unit)}") for o in found
        ]
        for n in range(1, ROWS + 1):
            self.fields[f"p{n}_side"] = forms.ChoiceField(
                label=f"Bên (người thứ {n})",
                choices=[(Side.OURS, Side.OURS.label), (Side.PARTNER, unit_label(partner))],
                initial=Side.OURS if n <= ROWS // 2 else Side.PARTNER,
                required=False,
            )
            self.fields[f"p{n}_name"] = forms.CharField(
                label=f"Họ và tên (người thứ {n})", required=False, max_length=200
            )
            self.fields[f"p{n}_position"] = forms.CharField(
                label=f"Chức vụ, đơn vị (người thứ {n})", required=False, max_length=200
            )
            for key in ("side", "name", "position"):  # the table's cells have no <label>
                field = self.fields[f"p{n}_{key}"]
                field.widget.attrs["aria-label"] = str(field.label)

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MAIN]

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (n, self[f"p{n}_side"], self[f"p{n}_name"], self[f"p{n}_position"])
            for n in range(1, ROWS + 1)
        ]

    def people(self) -> list[Person]:
        data = self.cleaned_data
        return [
            Person(
                data.get(f"p{n}_name", ""),
                data.get(f"p{n}_position", ""),
                data.get(f"p{n}_side") or Side.OURS,
            )
            for n in range(1, ROWS + 1)
        ]

    def picked(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit": self.ours.get(data["unit"]),
            "partner_unit": self.theirs.get(data["partner_unit"]),
            "obligation": self.obligations.get(data.get("obligation") or ""),
        }


class ConclusionForm(TextForm):
    text = forms.CharField(
        label="Nội dung kết luận",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Cần ghi nội dung kết luận."},
    )
    lead = forms.ChoiceField(
        label="Đơn vị chủ trì thực hiện",
        error_messages={"required": "Cần chọn đơn vị chủ trì thực hiện."},
    )
    deadline = VnDateField(
        label="Thời hạn",
        error_messages={"required": "Cần nhập thời hạn thực hiện kết luận (dd/mm/yyyy)."},
    )

    def __init__(self, *args: Any, agreement: Agreement, day: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ours = [u for u in our_units(day) if u.kind != UnitKind.GRASSROOTS]
        theirs = partner_units(agreement)
        self.units = {f"{Side.OURS}:{u.pk}": u for u in ours}
        self.units.update({f"{Side.PARTNER}:{u.pk}": u for u in theirs})
        partner = unit_label(agreement.partner)
        field_of(self, "lead", forms.ChoiceField).choices = [
            ("", "— Chọn đơn vị —"),
            (Side.OURS.label, [(f"{Side.OURS}:{u.pk}", unit_label(u)) for u in ours]),
            (partner, [(f"{Side.PARTNER}:{u.pk}", unit_label(u)) for u in theirs]),
        ]

    def lead_side_and_unit(self) -> tuple[str, Unit | None]:
        value = self.cleaned_data["lead"]
        return value.partition(":")[0], self.units.get(value)


class NoticeForm(TextForm):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = VnDateField(
        label="Ngày thông báo",
        error_messages={"required": "Cần nhập ngày của thông báo kết luận (dd/mm/yyyy)."},
    )
    notice = _file("Thông báo kết luận", required=True)


class AssignForm(TextForm):
    leader = forms.ModelChoiceField(
        label="Lãnh đạo đã kết luận",
        queryset=User.objects.none(),  # the active leaders, read per form (__init__)
        error_messages={
            "required": "Cần chọn lãnh đạo đã kết luận.",
            "invalid_choice": "Lãnh đạo đã chọn không có trong danh sách.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()
