from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "funil.core"
    label = "core"

    def ready(self) -> None:
        # Importing the task modules registers their recurring jobs with the scheduler.
        from funil.activities import tasks as _activities  # noqa: F401

        from . import tasks as _core  # noqa: F401
