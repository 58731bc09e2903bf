from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "theodoi.tasks"
    verbose_name = "Nhiệm vụ"
