from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Integration


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    """Read-only: integrations are written through Settings (its services audit them); secrets never show here."""

    list_display = ("name", "kind", "workspace", "active", "received_count", "captured_count", "refused_count")
    list_filter = ("kind", "active")
    exclude = ("secret", "previous_secret", "settings")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
