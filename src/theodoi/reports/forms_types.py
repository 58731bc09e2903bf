"""The report type's form (administrators): sections are written one a line."""

import re
from typing import Any

from django import forms
from django.utils import timezone

from theodoi.core.forms import TextForm
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import units_active_on
from theodoi.reports.models import DueRule, Frequency, WindowRule
from theodoi.statforms import catalog

NUMBERS = re.compile(r"^\s*\d+(\s*[,;]\s*\d+)*\s*$")


class ReportTypeForm(TextForm):
    name = forms.CharField(label="Tên báo cáo", max_length=255, required=False)
    frequency = forms.ChoiceField(label="Tần suất", choices=Frequency.choices)
    period_numbers = forms.CharField(
        label="Các kỳ trong năm",
        required=False,
        help_text="Để trống: mọi kỳ. Ví dụ báo cáo quý I, II, III: 1, 2, 3.",
    )
    collector = forms.ModelChoiceField(
        label="Đơn vị tổng hợp", queryset=Unit.objects.none(), required=False
    )
    reporters = forms.CharField(
        label="Đơn vị phải báo cáo",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mã đơn vị hoặc nhóm, cách nhau bởi dấu chấm phẩy: @PROVINCES (BHXH các "
        "tỉnh, thành phố), @CENTRAL (các đơn vị trực thuộc), TST; PC.",
    )
    due_rule = forms.ChoiceField(label="Cách tính hạn nộp", choices=DueRule.choices)
    due_day = forms.IntegerField(
        label="N (ngày)",
        required=False,
        help_text="«Trước ngày 19 của tháng cuối quý»: 19 (hạn là hết ngày 18).",
    )
    window_rule = forms.ChoiceField(label="Khoảng số liệu", choices=WindowRule.choices)
    window_cutoff_day = forms.IntegerField(
        label="Ngày chốt số liệu",
        required=False,
        help_text="Chỉ với khoảng số liệu đến ngày chốt, ví dụ 14.",
    )
    sections = forms.CharField(
        label="Các phần của báo cáo",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Mỗi dòng một phần: Tiêu đề | bắt buộc | gợi ý (hai phần sau có thể bỏ).",
    )
    task_table = forms.BooleanField(label="Kèm bảng nhiệm vụ của đơn vị", required=False)
    form_code = forms.ChoiceField(
        label="Biểu mẫu",
        required=False,
        help_text="Nội dung báo cáo là một biểu mẫu thống kê (số liệu kiểm tra theo quy tắc).",
    )
    source = forms.CharField(
        label="Căn cứ",
        max_length=255,
        required=False,
        help_text="Ví dụ: Quy chế 1142, Điều 8.1.",
    )
    active = forms.BooleanField(label="Đang áp dụng", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [UnitKind.AGENCY, UnitKind.CENTRAL, UnitKind.PROVINCE]
        units = units_active_on(timezone.localdate()).filter(kind__in=kinds).order_by("code")
        field = self.fields["collector"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        choices = [("", "— Không (báo cáo bằng lời) —")]
        choices += [(s["code"], s["title"]) for s in catalog.shipped()]
        form_field = self.fields["form_code"]
        assert isinstance(form_field, forms.ChoiceField)
        form_field.choices = choices

    def clean_period_numbers(self) -> list[int]:
        text = str(self.cleaned_data.get("period_numbers") or "")
        if not text.strip():
            return []
        if not NUMBERS.match(text):
            raise forms.ValidationError(
                f"«{text}» không đọc được: ghi số thứ tự các kỳ, cách nhau bởi dấu phẩy."
            )
        return [int(n) for n in re.split(r"[,;]", text)]
