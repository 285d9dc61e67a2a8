from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "funil.web"
    label = "web"
