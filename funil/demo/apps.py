from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "funil.demo"
    label = "demo"
