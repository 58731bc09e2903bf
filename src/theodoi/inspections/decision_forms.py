"""The forms of the decision and team pages (Vietnamese labels); the rules are the services'
(inspections.decisions, inspections.team)."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.core.agency import structure_on
from theodoi.core.forms import TextForm, VnDateField, field_of
from theodoi.inspections.models import Inspection, MemberRole
from theodoi.inspections.team import Person
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import subtree_ids
from theodoi.partners.models import Side

TEXT = forms.Textarea(attrs={"rows": 3})


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=TEXT, help_text=help_text)


class MemberForm(TextForm):
    """One member: our person by account; on a joint inspection a partner's by name."""

    side = forms.ChoiceField(label="Bên", choices=Side.choices, initial=Side.OURS)
    user = forms.ChoiceField(label="Tài khoản", required=False)
    full_name = forms.CharField(
        label="Họ và tên", required=False, max_length=150, help_text="Thành viên của đối tác."
    )
    position = forms.CharField(label="Chức vụ", required=False, max_length=150)
    unit = forms.ChoiceField(label="Đơn vị của đối tác", required=False)
    role = forms.ChoiceField(label="Nhiệm vụ trong đoàn", choices=MemberRole.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        has_head = inspection.team.filter(role=MemberRole.HEAD).exists()
        self.fields["role"].initial = MemberRole.MEMBER if has_head else MemberRole.HEAD
        people = User.objects.filter(is_active=True, unit__isnull=False).exclude(
            Q(role_grants__role=Role.PARTNER) | Q(unit__kind=UnitKind.EXTERNAL)
        )
        field_of(self, "user", forms.ChoiceField).choices = [("", "— Chọn người —")] + [
            (str(u.pk), f"{u.full_name or u.username} ({u.unit})")
            for u in people.select_related("unit").order_by("full_name", "username")
        ]
        if inspection.partner_unit_id is None:
            for name in ("side", "full_name", "unit"):
                del self.fields[name]
            return
        below = Unit.objects.filter(pk__in=subtree_ids({inspection.partner_unit_id}))
        field_of(self, "unit", forms.ChoiceField).choices = [("", "— Chọn đơn vị —")] + [
            (str(u.pk), unit_label(u)) for u in below.order_by("code")
        ]

    def person(self) -> Person:
        data = self.cleaned_data
        user = User.objects.filter(pk=data["user"]).first() if data.get("user") else None
        unit = Unit.objects.filter(pk=data["unit"]).first() if data.get("unit") else None
        return Person(
            role=data["role"],
            side=data.get("side") or Side.OURS,
            user=user,
            full_name=data.get("full_name", ""),
            position=data.get("position", ""),
            unit=unit,
        )


class ProposeForm(MemberForm):
    reason = forms.CharField(label="Lý do đề xuất", widget=TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        extra = [c for c in MemberRole.choices if c[0] != MemberRole.HEAD]
        field_of(self, "role", forms.ChoiceField).choices = extra
        self.fields["reason"].error_messages["required"] = "Cần ghi lý do đề xuất."


class IssueForm(TextForm):
    number = forms.CharField(
        label="Số quyết định", max_length=50, help_text="Dạng 15/QĐ-BHXH (số đã lấy ở Văn thư)."
    )
    issued_on = VnDateField(label="Ngày ký")
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["signer_title"].initial = structure_on(today).signer_title
        self.fields["issued_on"].initial = today
        for name, label in (("number", "số quyết định"), ("signer_name", "người ký")):
            self.fields[name].error_messages["required"] = f"Cần ghi {label}."
        self.fields["issued_on"].error_messages["required"] = "Cần nhập ngày ký (dd/mm/yyyy)."
