from django.db import models
from django.db.models import QuerySet

from theodoi.audit.models import ChangeRecord

# The kinds of record the log holds today, for the filter.
OBJECT_TYPE_LABELS = {
    "organisation.unit": "Đơn vị",
    "accounts.user": "Người dùng",
    "api.apitoken": "Khóa API",
    "workcalendar.calendaroverride": "Lịch làm việc",
    "tasks.document": "Văn bản",
    "imports.planimport": "Nhập kế hoạch",
    "monitoring.urgingletter": "Văn bản đôn đốc",
    "signing.signeddocument": "Văn bản ký số",
    "monitoring.reminderpolicy": "Cấu hình nhắc việc",
    "evaluation.rankingformula": "Công thức xếp hạng",
}


def changes_for(obj: models.Model) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def change_list(*, object_type: str = "", query: str = "") -> QuerySet[ChangeRecord]:
    records = ChangeRecord.objects.select_related("actor")
    if object_type:
        records = records.filter(object_type=object_type)
    if query:
        records = records.filter(
            models.Q(object_repr__icontains=query) | models.Q(actor_label__icontains=query)
        )
    return records
