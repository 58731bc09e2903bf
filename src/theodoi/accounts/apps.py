from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "theodoi.accounts"
    verbose_name = "Người dùng, vai trò"
