"""The ICU collation "vi" on PostgreSQL, for `core.collation.vi_order` (SQLite gets its own
on each connection: `core.collation.register_sqlite`)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS vi (provider = icu, locale = 'vi-VN')"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS vi")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_form_submissions")]
    operations = [migrations.RunPython(create, drop)]
