from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "theodoi.targets"
    verbose_name = "Chỉ tiêu"
