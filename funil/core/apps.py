from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "funil.core"
    label = "core"
