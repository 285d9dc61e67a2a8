"""Background jobs of the web-form channel; each calls one function."""

from datetime import timedelta

from django.tasks import task

from funil.core.scheduler import every

from .ratelimit import forget_old


@every(timedelta(minutes=15), name="webform-rate-counters")
@task()
def forget_old_rate_counters() -> int:
    return forget_old()
