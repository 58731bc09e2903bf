"""Event kinds as choices; events name units by id (codes can be corrected, ADR 0002).

Events written before name units by code: a coordinating unit's input (`unit`) and an
assignment's units (`leads`, `coordinating`). Their ids are added beside the codes as written
(`unit_id`, `lead_ids`, `coordinating_ids`), read through the registry as it is now; an input
whose code is no longer known takes its author's unit. Nothing written is removed.
"""

from django.db import migrations, models

BATCH = 2000


def add_unit_ids(apps, schema_editor):
    TaskEvent = apps.get_model("tasks", "TaskEvent")
    Unit = apps.get_model("organisation", "Unit")
    User = apps.get_model("accounts", "User")
    ids = dict(Unit.objects.values_list("code", "pk"))
    author_units = dict(User.objects.values_list("pk", "unit_id"))
    changed = []
    events = TaskEvent.objects.filter(action__in=["contribute", "assign"]).order_by("pk")
    for event in events.iterator(chunk_size=BATCH):
        data = dict(event.data or {})
        if event.action == "contribute" and "unit_id" not in data:
            unit_id = ids.get(data.get("unit", "")) or author_units.get(event.actor_id)
            data["unit_id"] = unit_id
        elif event.action == "assign" and "lead_ids" not in data:
            data["lead_ids"] = [ids[c] for c in data.get("leads", []) if c in ids]
            data["coordinating_ids"] = [ids[c] for c in data.get("coordinating", []) if c in ids]
        else:
            continue
        event.data = data
        changed.append(event)
        if len(changed) == BATCH:
            TaskEvent.objects.bulk_update(changed, ["data"])
            changed = []
    TaskEvent.objects.bulk_update(changed, ["data"])


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0008_event_unit'),
        ('organisation', '0001_units_names_aliases_successions'),
        ('accounts', '0001_users_and_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='taskevent',
            name='action',
            field=models.CharField(choices=[('create', 'Vào sổ nhiệm vụ'), ('edit', 'Sửa nội dung'), ('propose', 'Trình phân công'), ('assign', 'Giao nhiệm vụ'), ('confirm', 'Giữ nguyên phân công'), ('return', 'Trả lại nhiệm vụ'), ('accept', 'Nhận và phân công thực hiện'), ('distribute', 'Phân công lại trong đơn vị'), ('progress', 'Cập nhật tiến độ'), ('contribute', 'Gửi ý kiến phối hợp'), ('request_extension', 'Đề nghị gia hạn'), ('decide_extension', 'Quyết định gia hạn'), ('submit', 'Gửi kết quả về Văn phòng'), ('send_back', 'Trả lại để hoàn thiện'), ('forward', 'Trình lãnh đạo duyệt'), ('approve', 'Phê duyệt kết quả'), ('report', 'Ghi nhận đã báo cáo cấp trên'), ('suspend', 'Tạm dừng'), ('resume', 'Tiếp tục thực hiện'), ('cancel', 'Hủy nhiệm vụ'), ('fan_out', 'Giao cho từng đơn vị'), ('complete', 'Hoàn thành'), ('hand_over', 'Chuyển sang đơn vị kế thừa'), ('import_plan', 'Nhập từ kế hoạch'), ('plan_update', 'Cập nhật theo kế hoạch sửa đổi'), ('remind', 'Nhắc việc tự động'), ('urge', 'Đôn đốc bằng văn bản')], max_length=30, verbose_name='thao tác'),
        ),
        migrations.RunPython(add_unit_ids, migrations.RunPython.noop),
    ]
