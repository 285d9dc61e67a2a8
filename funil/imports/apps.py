from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "funil.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from . import tasks as _tasks  # noqa: F401  (registers the recurring resume job)
