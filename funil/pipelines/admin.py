from django.contrib import admin

from .models import CloseReason, Pipeline, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "name", "meaning", "probability", "color", "required_fields")


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "workspace", "is_default")
    list_filter = ("kind", "workspace")
    inlines = (StageInline,)


@admin.register(CloseReason)
class CloseReasonAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "workspace", "active", "position")
    list_filter = ("kind", "workspace", "active")
