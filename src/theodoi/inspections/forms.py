"""Forms of the plan and of an inspection (docs/inspections.md, "Kế hoạch và cuộc kiểm tra").

Units are typed with the unit picker and read through the unit registry by name; an ended
unit is read as itself (not as its successor), so that the service refuses it by name and
says who carries on its work."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import TextForm, VnDateField, field_of
from theodoi.inspections import checks
from theodoi.inspections.models import Ground, Kind
from theodoi.organisation.forms import UNITS_HELP, UnitPickerInput
from theodoi.organisation.models import LEADING_KINDS, Unit, UnitAlias, UnitName
from theodoi.organisation.resolver import UnitResolver
from theodoi.organisation.selectors import units_active_on
from theodoi.partners.models import Side
from theodoi.tasks.models import Document
from theodoi.tasks.unitlist import expand, read_units

MONTHS = [("", "—")] + [(str(m), f"Tháng {m}") for m in range(1, 13)]
SEPARATORS = ";,\n"


def registry() -> UnitResolver:
    """Every unit by its names, without successions: a name reads as the unit it names."""
    return UnitResolver(
        units=list(Unit.objects.all()),
        aliases=list(UnitAlias.objects.all()),
        past_names=list(UnitName.objects.all()),
        successions=[],
    )


class UnitsField(forms.CharField):
    """Inspected units typed by name ("BHXH Nghệ An, Trung tâm CNTT") or a group."""

    widget = UnitPickerInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Đơn vị được kiểm tra")
        kwargs.setdefault("help_text", UNITS_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Unit]:
        text = super().clean(value) or ""
        today = timezone.localdate()
        try:
            return expand(read_units(text, today, "units", registry()), today, "units")
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors["units"]) from None


def conductors() -> QuerySet[Unit]:
    """Who may conduct: the Office and the other units that lead tasks, in force today."""
    day = timezone.localdate()
    return units_active_on(day).filter(kind__in=LEADING_KINDS).order_by("kind", "name")


def partner_choices() -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=checks.partner_unit_ids()).order_by("name")


def documents_text(documents: list[Document]) -> str:
    return "; ".join(d.number for d in documents)


class DocumentsField(forms.CharField):
    """Registered documents by their numbers ("12/QĐ-TTg; 45/NQ-CP")."""

    def clean(self, value: Any) -> list[Document]:
        text = super().clean(value) or ""
        for sep in SEPARATORS:
            text = text.replace(sep, ";")
        numbers = [n.strip() for n in text.split(";") if n.strip()]
        found: list[Document] = []
        for number in numbers:
            documents = list(Document.objects.filter(number__iexact=number))
            if not documents:
                raise forms.ValidationError(f"Không có văn bản số «{number}» trong sổ.")
            found.extend(documents)
        return found


class PlanForm(TextForm):
    year = forms.IntegerField(label="Năm", min_value=1900, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch", max_length=300)


class PlanEditForm(TextForm):
    title = forms.CharField(label="Tên kế hoạch", max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ItemForm(TextForm):
    content = forms.CharField(
        label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    units = UnitsField(required=False)
    conducted_by = forms.ModelChoiceField(
        label="Đơn vị thực hiện",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": "Đơn vị này không thực hiện kiểm tra được."},
    )
    month_from = forms.TypedChoiceField(
        label="Từ tháng", choices=MONTHS, coerce=int, empty_value=None, required=False
    )
    month_to = forms.TypedChoiceField(
        label="Đến tháng", choices=MONTHS, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "conducted_by", forms.ModelChoiceField).queryset = conductors()


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=60, absolute_max=60, can_delete=True)


class ApproveForm(TextForm):
    number = forms.CharField(
        label="Số, ký hiệu kế hoạch", max_length=60, help_text="Ví dụ: 25/KH-BHXH"
    )
    approved_on = VnDateField(label="Ngày phê duyệt")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class InspectionForm(TextForm):
    """An inspection; `planned` (from a plan item) asks its kind, an ad hoc one its ground."""

    title = forms.CharField(label="Tên cuộc kiểm tra", max_length=300)
    kind = forms.ChoiceField(
        label="Hình thức kiểm tra",
        choices=[(Kind.REGULAR, Kind.REGULAR.label), (Kind.PERIODIC, Kind.PERIODIC.label)],
    )
    ground = forms.ChoiceField(
        label="Căn cứ kiểm tra đột xuất (Điều 14.3)", choices=[("", "—"), *Ground.choices]
    )
    ground_detail = forms.CharField(
        label="Nội dung căn cứ",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Số, ngày văn bản yêu cầu, ý kiến chỉ đạo của Lãnh đạo hoặc đơn thư.",
    )
    units = UnitsField()
    conducted_by = forms.ModelChoiceField(
        label="Đơn vị thực hiện",
        queryset=Unit.objects.none(),
        empty_label="—",
        error_messages={"invalid_choice": "Đơn vị này không thực hiện kiểm tra được."},
    )
    start = VnDateField(label="Ngày bắt đầu")
    end = VnDateField(label="Ngày kết thúc")
    documents = DocumentsField(
        label="Văn bản giao nhiệm vụ được kiểm tra",
        required=False,
        help_text="Số văn bản đã vào sổ, cách nhau bởi dấu chấm phẩy (ví dụ 12/QĐ-TTg).",
    )
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    scope = forms.CharField(
        label="Phạm vi, đối tượng, nhiệm vụ kiểm tra",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    content = forms.CharField(
        label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    partner_unit = forms.ModelChoiceField(
        label="Kiểm tra liên ngành với (đơn vị đối tác)",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Không —",
        error_messages={"invalid_choice": "Đơn vị này không phải đơn vị của đối tác."},
    )
    host = forms.ChoiceField(label="Bên chủ trì", choices=Side.choices, initial=Side.OURS)

    def __init__(self, *args: Any, planned: bool, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing or not planned:  # the kind is chosen once; an ad hoc one has no choice
            del self.fields["kind"]
        if planned:
            del self.fields["ground"], self.fields["ground_detail"]
        field_of(self, "conducted_by", forms.ModelChoiceField).queryset = conductors()
        field_of(self, "partner_unit", forms.ModelChoiceField).queryset = partner_choices()
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
