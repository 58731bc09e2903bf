"""A username is one name whatever its case: "racer" and "Racer" cannot both exist.

Accounts created before this rule may hold such pairs (two created at the same moment passed
the check of the service). Before the constraint is added, every account of a pair but the
oldest is renamed to "<name>-<id>" (e.g. "Racer-42"), the rename is written to the change log
(Người dùng, reason naming the older account) and printed by `theodoi migrate`, so that the
administrator can tell the person their new sign-in name. Nothing else of the account changes.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower

REASON = (
    "Tên đăng nhập trùng với tài khoản «{kept}» khi không phân biệt chữ hoa, chữ thường: "
    "đổi thành «{new}» (nâng cấp accounts 0002)."
)


def rename_case_duplicates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    ChangeRecord = apps.get_model("audit", "ChangeRecord")
    users = User.objects.using(schema_editor.connection.alias)
    names = users.annotate(low=Lower("username"))
    counted = names.order_by().values("low").annotate(n=Count("id"))
    for low in list(counted.filter(n__gt=1).values_list("low", flat=True)):
        kept, *others = names.filter(low=low).order_by("id")
        for user in others:
            new = f"{user.username}-{user.pk}"
            while names.filter(low=new.lower()).exists():
                new += "-1"
            old, user.username = user.username, new
            user.save(update_fields=["username"])
            ChangeRecord.objects.using(schema_editor.connection.alias).create(
                actor=None,
                actor_label="hệ thống (nâng cấp)",
                action="update",
                object_type="accounts.user",
                object_id=str(user.pk),
                object_repr=(user.full_name or new)[:300],
                before={"username": old},
                after={"username": new},
                reason=REASON.format(kept=kept.username, new=new),
            )
            print(f"\n  Tên đăng nhập «{old}» trùng với «{kept.username}»: đổi thành «{new}».")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_users_and_roles"),
        ("audit", "0002_change_kinds"),
    ]

    operations = [
        migrations.RunPython(rename_case_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="user_username_lower_unique",
            ),
        ),
    ]
