"""Admin helpers: record edits in the admin go through the same domain services as every other door."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from funil.accounts.access import Actor, actor_for
from funil.core.errors import DomainError, NotFound


def admin_actor(request: HttpRequest, workspace: Any) -> Actor:
    """The admin user acting in the record's workspace: as its member when it is one, else as 'admin'."""
    try:
        return actor_for(request.user, workspace)  # type: ignore[arg-type]
    except NotFound:
        return Actor.system(workspace, f"admin: {request.user}")


class ServiceAdmin(admin.ModelAdmin):
    """Subclasses implement create() and update(); fields the services own are read-only here."""

    service_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*self.service_fields, "version", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in form.changed_data if name not in self.service_fields}
        try:
            if change:
                saved = self.update(admin_actor(request, obj.workspace), obj, data)
            else:
                saved = self.create(admin_actor(request, form.cleaned_data["workspace"]), data)
        except DomainError as exc:
            self.message_user(request, f"Not saved: {exc.message}", level=messages.ERROR)
            raise
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # many-to-many values travel through the service with the other fields

    def create(self, actor: Actor, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, actor: Actor, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError
