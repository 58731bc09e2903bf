from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "theodoi.monitoring"
    verbose_name = "Theo dõi, đôn đốc"
