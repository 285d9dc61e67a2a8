from django.contrib import admin

from .models import PeriodicJobState


@admin.register(PeriodicJobState)
class PeriodicJobStateAdmin(admin.ModelAdmin):
    list_display = ("name", "last_run_at", "last_enqueued_by")
    readonly_fields = ("name", "last_run_at", "last_enqueued_by")
