from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "theodoi.reports"
    verbose_name = "Báo cáo"
