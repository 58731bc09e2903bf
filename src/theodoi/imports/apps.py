from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "theodoi.imports"
    verbose_name = "Nhập kế hoạch"
