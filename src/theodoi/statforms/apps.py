from django.apps import AppConfig


class StatformsConfig(AppConfig):
    name = "theodoi.statforms"
    verbose_name = "Biểu mẫu thống kê"
