from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "theodoi.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from theodoi.core import lookups  # noqa: F401 — registers `field__among`
