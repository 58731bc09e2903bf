from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "theodoi.tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self) -> None:
        from theodoi.tasks import checks  # noqa: F401 — registers the database objects' check
