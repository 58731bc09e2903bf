"""The targets' forms: the Office's new target, and an actual with its evidence. Numbers are
read as Vietnamese writes them (`amounts.parse_amount`) and refused on their own field."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import MultipleFileField, TextForm, VnDateField, field_of
from theodoi.organisation.models import Unit, UnitKind
from theodoi.targets.amounts import parse_amount, show
from theodoi.targets.models import Direction, Measure, Source, Target
from theodoi.tasks.attachments import MAX_BYTES

OWNERS = Q(kind__in=[UnitKind.CENTRAL, UnitKind.PROVINCE], valid_to__isnull=True)
NUMBER_HELP = "Số như người Việt viết: 80 hoặc 80,5 (một chữ số thập phân); số lượng là số nguyên."


def _amount(form: forms.Form, name: str, unit: str, label: str) -> Decimal | None:
    text = str(form.cleaned_data.get(name) or "")
    if not text.strip():
        return None
    try:
        return parse_amount(text, unit, field=name, label=label)
    except ValidationFailed as exc:
        form.add_error(name, exc.errors[name])
        return None


class TargetForm(TextForm):
    code = forms.CharField(
        label="Mã chỉ tiêu",
        max_length=60,
        help_text="Chữ thường không dấu, ví dụ ho-so-truc-tuyen.",
    )
    name = forms.CharField(label="Tên chỉ tiêu (như kế hoạch viết)", max_length=500)
    direction = forms.ChoiceField(label="Chiều", choices=Direction.choices)
    value = forms.CharField(
        label="Giá trị chỉ tiêu",
        max_length=30,
        help_text="Với «giảm ít nhất X%»: X. " + NUMBER_HELP,
    )
    unit = forms.ChoiceField(label="Đơn vị tính", choices=Measure.choices)
    baseline_value = forms.CharField(label="Giá trị mốc", max_length=30, required=False)
    baseline_date = VnDateField(label="Ngày của mốc", required=False)
    deadline = VnDateField(label="Thời hạn")
    owner = forms.ModelChoiceField(
        label="Đơn vị chủ trì",
        queryset=Unit.objects.filter(OWNERS).order_by("kind", "code"),
    )
    item = forms.CharField(label="Mục trong văn bản", max_length=40, required=False)
    source = forms.ChoiceField(label="Cách lấy số thực hiện", choices=Source.choices)
    form_code = forms.CharField(
        label="Mã biểu mẫu", max_length=60, required=False, help_text="Khi tính từ biểu mẫu: tthc."
    )
    formula = forms.CharField(
        label="Công thức",
        max_length=300,
        required=False,
        help_text="Khi tính từ biểu mẫu: mã ô trong ngoặc vuông, + - * / và ngoặc tròn, "
        "ví dụ 100 * [5.2] / [5.1].",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = str(data.get("unit") or Measure.PERCENT)
        value_unit = Measure.PERCENT if data.get("direction") == Direction.REDUCE_BY else unit
        data["value"] = _amount(self, "value", value_unit, "Giá trị chỉ tiêu")
        data["baseline_value"] = _amount(self, "baseline_value", unit, "Giá trị mốc")
        return data


class TargetEditForm(TargetForm):
    """The same fields, the code shown but not sent (it does not change), a reason and the
    version the form shows."""

    reason = forms.CharField(
        label="Lý do sửa",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,  # the service names what is missing
        help_text="Ghi vào lịch sử của chỉ tiêu cùng các giá trị cũ.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.disabled, code.initial = True, target.code
        code.help_text = "Mã không sửa được: trang, lệnh kpi và API tìm chỉ tiêu theo mã này."
        owner = field_of(self, "owner", forms.ModelChoiceField)
        owner.queryset = Unit.objects.filter(OWNERS | Q(pk=target.owner_id)).order_by(
            "kind", "code"
        )  # the owner as it is, even if no longer in force


class RetireForm(TextForm):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,  # the service names what is missing
        help_text="Ví dụ: kế hoạch đã được thay thế; ghi vào lịch sử của chỉ tiêu.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def target_initial(target: Target) -> dict[str, Any]:
    """The edit form as the target stands: numbers as Vietnamese writes them."""
    initial: dict[str, Any] = {
        name: getattr(target, name)
        for name in ("name", "direction", "unit", "baseline_date", "deadline", "item")
    }
    initial |= {"source": target.source, "form_code": target.form_code, "formula": target.formula}
    initial |= {"owner": target.owner_id, "version": target.version}
    for name in ("value", "baseline_value"):
        amount = getattr(target, name)
        initial[name] = show(amount) if amount is not None else ""
    return initial


class ActualForm(TextForm):
    period = forms.CharField(
        label="Kỳ", max_length=10, help_text="Quý hoặc năm như biểu mẫu: 2026-Q2 hoặc 2026."
    )
    value = forms.CharField(label="Giá trị thực hiện", max_length=30, help_text=NUMBER_HELP)
    evidence = forms.CharField(
        label="Minh chứng",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Số liệu lấy từ đâu: báo cáo, văn bản, hệ thống nào.",
    )
    evidence_files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp minh chứng")
    reason = forms.CharField(
        label="Lý do sửa",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Khi kỳ này đã có số: vì sao sửa (số cũ vẫn được giữ).",
    )
    number = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, unit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["value"] = _amount(self, "value", self.unit, "Giá trị thực hiện")
        if data["value"] is None and "value" not in self.errors:
            self.add_error("value", "Hãy nhập giá trị thực hiện.")
        return data
