"""Background work after a bulk demo load."""

from django.tasks import task

from .indexes import validate_foreign_keys


@task()
def validate_loaded_foreign_keys(pairs: list[list[str]]) -> int:
    validate_foreign_keys(pairs)
    return len(pairs)
