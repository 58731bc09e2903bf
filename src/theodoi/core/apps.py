from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "theodoi.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from theodoi.core import lookups  # noqa: F401 — registers `field__among`
        from theodoi.core.collation import register_sqlite

        # the Vietnamese collation on each SQLite connection (PostgreSQL: migration core 0002)
        connection_created.connect(register_sqlite, dispatch_uid="theodoi-vi-collation")
