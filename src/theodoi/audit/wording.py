"""How each value kept in the change log reads to a person: the words for an action, the label
of each key a service records and the way its value is read (a day, a unit, a list of tasks…).

A key that is a field of the audited model reads by its `verbose_name`, its choices and its
type; the keys services add of their own (`aliases`, `roles`, `led`…) and the fields whose
model gives no Vietnamese name are listed here. Nothing stored is ever rewritten: these only
decide how a record reads."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from theodoi.accounts.models import Role
from theodoi.audit.models import ChangeKind
from theodoi.evaluation.scoring import LABELS as CRITERIA
from theodoi.inspections.models import Ground
from theodoi.webhooks.events import CHOICES as WEBHOOK_EVENTS

UNKNOWN_FIELD = "trường này không còn trong hệ thống, ghi nguyên giá trị"
UNKNOWN_TYPE = "loại đối tượng này không còn trong hệ thống"
UNKNOWN_ACTION = "thao tác không còn trong hệ thống"
UNKNOWN_CHOICE = "giá trị không còn trong danh mục"
GONE = "không còn trong hệ thống"


class Way(enum.Enum):
    """How one value is read."""

    PLAIN = "plain"  # text, numbers; a day or a moment written as ISO text still reads dd/mm/yyyy
    DAY = "day"
    MOMENT = "moment"
    FLAG = "flag"
    CHOICE = "choice"
    REF = "ref"  # a primary key (or a list of them) of `model`
    UNIT_CODE = "unit_code"  # a unit's code (or a list of codes)
    SOURCE = "source"  # a primary key of the model named by the record's `source_type`
    MODEL_NAME = "model_name"  # a model label ("monitoring.urgingletter")
    WEIGHTS = "weights"  # {criterion: decimal as text}


@dataclass(frozen=True)
class Reading:
    label: str
    way: Way = Way.PLAIN
    model: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


# Keys that are not fields of the model.
EXTRA: dict[tuple[str, str], Reading] = {
    ("organisation.unit", "aliases"): Reading("tên gọi khác"),
    ("organisation.unit", "effective_date"): Reading("ngày có hiệu lực", Way.DAY),
    ("organisation.unit", "successors"): Reading("đơn vị kế thừa", Way.UNIT_CODE),
    ("organisation.unit", "successor"): Reading("đơn vị kế thừa", Way.UNIT_CODE),
    ("organisation.unit", "led"): Reading(
        "nhiệm vụ chủ trì đã chuyển", Way.REF, model="tasks.task"
    ),
    ("organisation.unit", "coordinated"): Reading(
        "nhiệm vụ phối hợp đã chuyển", Way.REF, model="tasks.task"
    ),
    ("accounts.user", "roles"): Reading("vai trò", Way.CHOICE, choices=dict(Role.choices)),
    ("accounts.user", "second_factor"): Reading("xác thực hai bước", Way.FLAG),
    ("accounts.user", "recovery_codes"): Reading("số mã dự phòng còn dùng được"),
    ("imports.planimport", "created"): Reading("số nhiệm vụ tạo mới"),
    ("imports.planimport", "updated"): Reading("số nhiệm vụ cập nhật"),
    ("imports.planimport", "unchanged"): Reading("số nhiệm vụ không đổi"),
    ("imports.planimport", "conflicts"): Reading("số nhiệm vụ người khác đã sửa (giữ nguyên)"),
    ("imports.planimport", "missing"): Reading("số dòng cũ không còn trong tệp"),
    ("signing.signeddocument", "source_type"): Reading("loại văn bản nguồn", Way.MODEL_NAME),
    ("signing.signeddocument", "source_id"): Reading("văn bản nguồn", Way.SOURCE),
    ("reports.reporttype", "reporters"): Reading("đơn vị phải báo cáo", Way.UNIT_CODE),
    ("reports.reportrequest", "number"): Reading("lần nộp"),
    ("inspections.inspection", "number"): Reading("số quyết định kiểm tra"),
    ("reports.reportrequest", "comment"): Reading("ý kiến"),
    ("reports.reportrequest", "files"): Reading("số tệp kèm theo"),
    ("reports.reportround", "recipients"): Reading("đơn vị nhận yêu cầu", Way.UNIT_CODE),
    ("evaluation.rankingformula", "weights"): Reading(
        "trọng số", Way.WEIGHTS, choices=dict(CRITERIA)
    ),
    ("targets.target", "owner"): Reading("đơn vị chủ trì", Way.UNIT_CODE),
    ("targets.targetactual", "files"): Reading("số tệp minh chứng"),
    ("partners.meeting", "participants"): Reading("thành phần tham dự"),
    ("partners.meeting", "sent_to"): Reading("thông báo đồng gửi"),
    ("inspections.inspectionplan", "items"): Reading("các cuộc kiểm tra theo kế hoạch"),
    ("inspections.inspection", "ground"): Reading(
        "căn cứ kiểm tra đột xuất", Way.CHOICE, choices=dict(Ground.choices)
    ),
    ("inspections.recordsrequest", "due"): Reading("hạn cung cấp", Way.DAY),
    ("inspections.inspectionreport", "recommendations"): Reading("số kiến nghị"),
    ("inspections.inspectionreport", "late_days"): Reading("số ngày làm việc nộp muộn"),
    ("inspections.inspection", "signer"): Reading("người ký thông báo"),
    ("webhooks.subscription", "events"): Reading(
        "sự kiện", Way.CHOICE, choices=dict(WEBHOOK_EVENTS)
    ),
}

# Fields whose model names them in English (Django's own, or no `verbose_name` given).
LABELS = {
    ("accounts.user", "username"): "tên đăng nhập",
    ("accounts.user", "email"): "thư điện tử",
    ("accounts.user", "is_active"): "đang hoạt động",
    ("imports.planimport", "status"): "trạng thái",
    ("monitoring.urgingletter", "unit"): "đơn vị nhận",
    ("monitoring.urgingletter", "tasks"): "nhiệm vụ được đôn đốc",
    ("inspections.recordsrequest", "inspection"): "cuộc kiểm tra",
    ("inspections.recordsrequest", "task"): "nhiệm vụ",
    ("inspections.inspectionreport", "inspection"): "cuộc kiểm tra",
    ("inspections.recommendation", "task"): "nhiệm vụ",
}

# What a model is called where its Meta gives no Vietnamese name.
NOUNS = {"monitoring.urgingletter": "văn bản đôn đốc"}

# Actions whose words are a verb followed by what was acted on ("Sửa đơn vị"); the others say
# it all by themselves ("Nhập kế hoạch", "Đặt mật khẩu").
VERBS = {
    ChangeKind.CREATE: "Tạo",
    ChangeKind.UPDATE: "Sửa",
    ChangeKind.DELETE: "Xóa",
    ChangeKind.RENAME: "Đổi tên",
    ChangeKind.MERGE: "Sáp nhập",
    ChangeKind.SPLIT: "Chia tách",
    ChangeKind.REPLACE: "Thay thế",
}
SPECIAL = {
    (ChangeKind.CREATE, "monitoring.urgingletter"): "Lập văn bản đôn đốc",
    (ChangeKind.CREATE, "signing.signeddocument"): "Ký số, phát hành văn bản",
    (ChangeKind.CREATE, "tasks.document"): "Vào sổ văn bản",
    (ChangeKind.CREATE, "reports.reportround"): "Gửi yêu cầu báo cáo đột xuất",
    (ChangeKind.CREATE, "reports.agencyreport"): "Lập dự thảo báo cáo tình hình thực hiện nhiệm vụ",
    (ChangeKind.UPDATE, "reports.agencyreport"): "Sửa dự thảo báo cáo tình hình thực hiện nhiệm vụ",
    (ChangeKind.ISSUE, "reports.agencyreport"): "Ban hành báo cáo tình hình thực hiện nhiệm vụ",
    (ChangeKind.ISSUE, "inspections.inspection"): "Ghi quyết định kiểm tra đã ký",
    (ChangeKind.CREATE, "inspections.recordsrequest"): "Yêu cầu cung cấp hồ sơ kiểm tra",
    (ChangeKind.CREATE, "inspections.inspectionreport"): "Ghi báo cáo kết quả kiểm tra",
}


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def noun(object_type: str) -> str:
    """What a person calls the kind of record ("đơn vị"); the label as kept if it is gone."""
    if object_type in NOUNS:
        return NOUNS[object_type]
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def action_words(action: str, object_type: str) -> tuple[str, str]:
    """The action as words ("Sửa đơn vị") and a note when the action is no longer known."""
    if action not in ChangeKind.values:
        return action, UNKNOWN_ACTION
    kind = ChangeKind(action)
    if (kind, object_type) in SPECIAL:
        return SPECIAL[(kind, object_type)], ""
    if kind in VERBS:
        return f"{VERBS[kind]} {noun(object_type)}", ""
    return kind.label, ""


def reading_for(object_type: str, key: str) -> Reading:
    """How the value of `key` in a record about `object_type` reads."""
    if (object_type, key) in EXTRA:
        return EXTRA[(object_type, key)]
    model = model_of(object_type)
    if model is None:
        return Reading(key, note=UNKNOWN_TYPE)
    try:
        f = model._meta.get_field(key)
    except FieldDoesNotExist:
        return Reading(key, note=UNKNOWN_FIELD)
    if not isinstance(f, models.Field):
        return Reading(key, note=UNKNOWN_FIELD)
    label = LABELS.get((object_type, key)) or str(f.verbose_name)
    if f.is_relation and f.related_model is not None:
        related = f.related_model
        assert not isinstance(related, str)
        return Reading(label, Way.REF, model=related._meta.label_lower)
    if f.choices:
        return Reading(label, Way.CHOICE, choices={str(k): str(v) for k, v in f.flatchoices})
    if isinstance(f, models.DateTimeField):
        return Reading(label, Way.MOMENT)
    if isinstance(f, models.DateField):
        return Reading(label, Way.DAY)
    if isinstance(f, models.BooleanField):
        return Reading(label, Way.FLAG)
    return Reading(label)
