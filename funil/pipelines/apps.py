from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "funil.pipelines"
    label = "pipelines"
