from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "funil.accounts"
    label = "accounts"
