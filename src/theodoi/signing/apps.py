from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "theodoi.signing"
    verbose_name = "Chữ ký số"
