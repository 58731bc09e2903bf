from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "theodoi.backups"
    verbose_name = "Sao lưu và khôi phục"
