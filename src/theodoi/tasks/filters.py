"""The task list's filter form (GET): parsed into `selectors.TaskFilters`.

One field per query key of `links.PARAMS` (a test holds the two together)."""

from collections.abc import Hashable
from datetime import date
from functools import cached_property, partial
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.forms import BoundField
from django.forms.renderers import get_default_renderer
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from theodoi.accounts.models import Role, User
from theodoi.core.collation import person_key
from theodoi.core.compiled import Compiled
from theodoi.core.dates import format_date
from theodoi.core.forms import IdField, TextForm, VnDateField, field_of
from theodoi.core.rendering import DrawnOnce, field_blocks
from theodoi.organisation.selectors import Registry, unit_choices
from theodoi.tasks.links import PAGE, UnitRole
from theodoi.tasks.models import Document, State
from theodoi.tasks.selectors import RELEVANCE, SORT_LABELS, TaskFilters
from theodoi.tasks.stats import CLASS_LABELS, VIEW_LABELS, View

ROLE_LABELS = {
    UnitRole.ANY: "Chủ trì hoặc phối hợp",
    UnitRole.LEAD: "Chủ trì",
    UnitRole.COORD: "Phối hợp",
}


# the leaders' select, on every list page: compiled once per process (docs/adr/0027)
LEADERS = Compiled(
    lambda: User.objects.filter(role_grants__role=Role.LEADER).values_list(
        "pk", "full_name", "username"
    )
)

# the filter panel's fields drawn, each by what it shows (`TaskFilterForm.panel`)
FIELDS = DrawnOnce(1024)


class TaskFilterForm(TextForm):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Nội dung, mã, số văn bản… (không cần dấu)"}
        ),
    )
    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False, empty_value=None)
    vai_tro = forms.ChoiceField(
        label="Vai trò của đơn vị",
        required=False,
        choices=list(ROLE_LABELS.items()),
    )
    trang_thai = forms.MultipleChoiceField(
        label="Trạng thái", choices=State.choices, required=False
    )
    loai = forms.ChoiceField(
        label="Tình hình", required=False, choices=[("", "Tất cả"), *CLASS_LABELS.items()]
    )
    goc_nhin = forms.ChoiceField(
        label="Tính hạn theo", required=False, choices=list(VIEW_LABELS.items())
    )
    han_tu = VnDateField(label="Thời hạn từ", required=False)
    han_den = VnDateField(label="Thời hạn đến", required=False)
    lanh_dao = forms.TypedChoiceField(
        label="Lãnh đạo giao", coerce=int, required=False, empty_value=None
    )
    van_ban = IdField(required=False, widget=forms.HiddenInput)
    sap_xep = forms.ChoiceField(label="Sắp xếp", required=False, choices=list(SORT_LABELS.items()))
    chua_cap_nhat = forms.BooleanField(
        label="Chưa cập nhật theo kỳ",
        required=False,
        help_text="Nhiệm vụ không có thời hạn đã hết kỳ cập nhật mà đơn vị chưa cập nhật.",
    )
    ngay = VnDateField(label="Ngày thống kê", required=False)

    def __init__(
        self, data: QueryDict | None = None, units: Registry | None = None, **kwargs: Any
    ) -> None:
        """`data`: the list's query string (`request.GET`), or None for an unbound form;
        `units`: the registry when the page read it already (else read when needed)."""
        super().__init__(data, **kwargs)
        self.query = data
        self.units = units
        # read only when the select is drawn or a chosen value checked (not for the htmx
        # results, the export or the statistics page), and as plain rows, not model instances
        field_of(self, "don_vi", forms.ChoiceField).choices = lambda: self._unit_choices
        field_of(self, "lanh_dao", forms.ChoiceField).choices = lambda: self._leader_choices

    @cached_property
    def _unit_choices(self) -> list[tuple[Any, str]]:
        today = timezone.localdate()
        units = self.units.choices(today) if self.units is not None else unit_choices(today)
        return [("", "Tất cả"), *units]

    @cached_property
    def _leader_choices(self) -> list[tuple[Any, str]]:
        rows = [(pk, full or username) for pk, full, username in LEADERS.rows(Role.LEADER)]
        return [("", "Tất cả"), *sorted(rows, key=lambda r: person_key(r[1]))]

    def panel(self) -> SafeString:
        """The panel of filters but the search box: each field with its label, value and
        errors (`core.rendering.field_blocks`). Each field is drawn once per process for the
        same value, errors, choices and day: they are its key, so a renamed unit, a new
        leader or another value is drawn afresh, and a unit asked for again with another
        window reuses its select (docs/adr/0032-filter-fields-drawn-once.md). A form built
        otherwise than the list builds it (a prefix, initial values, other ids or renderer)
        is drawn each time: the key does not hold those."""
        fields = [field for field in self.visible_fields() if field.name != "q"]
        as_built = self.auto_id == "id_%s" and self.renderer is get_default_renderer()
        if self.prefix or self.initial or not as_built:
            return field_blocks(fields)
        today = timezone.localdate()
        drawn = [
            FIELDS.get(self._key(field, today), partial(field_blocks, [field])) for field in fields
        ]
        return mark_safe("".join(drawn))  # each block is safe HTML

    def _key(self, field: BoundField, today: date) -> Hashable:
        """Everything one field's block shows: its value as asked, its errors (a rule across
        fields too), the choices of a select read from the database, and the day."""
        values = tuple(self.query.getlist(field.name)) if self.query is not None else ()
        choices: list[tuple[Any, str]] = []
        if field.name == "don_vi":
            choices = self._unit_choices
        elif field.name == "lanh_dao":
            choices = self._leader_choices
        return (field.name, values, tuple(field.errors), tuple(choices), today)

    def refines(self) -> bool:
        """Whether a filter other than the text search is set (the panel then opens)."""
        return self.is_bound and any(
            self.data.get(name) for name in self.fields if name not in {"q", "van_ban", "sap_xep"}
        )

    def _data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # bad values are shown on the form and ignored in the filter
        return self.cleaned_data

    def filters(self) -> TaskFilters:
        data = self._data()
        view = data.get("goc_nhin") or View.AGENCY
        return TaskFilters(
            q=data.get("q") or "",
            document_id=data.get("van_ban"),
            unit_id=data.get("don_vi"),
            unit_role=UnitRole(data.get("vai_tro") or UnitRole.ANY),
            states=data.get("trang_thai") or [],
            klass=data.get("loai") or "",
            view=View(view),
            due_from=data.get("han_tu"),
            due_to=data.get("han_den"),
            leader_id=data.get("lanh_dao"),
            sort=data.get("sap_xep") or RELEVANCE,
            missing_update=bool(data.get("chua_cap_nhat")),
        )

    def described(self) -> list[str]:
        """The filters set, as a person reads them (the export's title says what it holds):
        names, labels and dd/mm/yyyy, never ids or codes."""
        data = self._data()
        said: list[str] = []
        if data.get("q"):
            said.append(f"tìm «{data['q']}»")
        if data.get("van_ban"):
            document = Document.objects.filter(pk=data["van_ban"]).first()
            said.append(f"văn bản: {document.title if document else data['van_ban']}")
        if data.get("don_vi") is not None:
            unit = dict(self._unit_choices).get(data["don_vi"], str(data["don_vi"]))
            role = ROLE_LABELS[UnitRole(data.get("vai_tro") or UnitRole.ANY)].lower()
            said.append(f"đơn vị: {unit} ({role})")
        if data.get("trang_thai"):
            chosen = set(data["trang_thai"])  # in the cycle's order, whatever the link's order
            said.append("trạng thái: " + ", ".join(s.label for s in State if s in chosen))
        if data.get("loai"):
            said.append(f"tình hình: {CLASS_LABELS[data['loai']]}")
        if data.get("goc_nhin") and data["goc_nhin"] != View.AGENCY:
            said.append(f"tính hạn theo: {VIEW_LABELS[View(data['goc_nhin'])]}")
        if data.get("han_tu") or data.get("han_den"):
            start, end = data.get("han_tu"), data.get("han_den")
            said.append(
                "thời hạn"
                + (f" từ {format_date(start)}" if start else "")
                + (f" đến {format_date(end)}" if end else "")
            )
        if data.get("lanh_dao") is not None:
            said.append(f"lãnh đạo giao: {dict(self._leader_choices).get(data['lanh_dao'], '')}")
        return said

    def as_of(self) -> date:
        return self._data().get("ngay") or timezone.localdate()

    def query_without_page(self) -> str:
        if self.query is None:
            return ""
        query = self.query
        return urlencode([(k, v) for k in query for v in query.getlist(k) if k != PAGE and v])
