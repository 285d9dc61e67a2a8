"""Admin helpers: record edits in the admin go through the same domain services as every other door."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from funil.accounts.access import Actor, actor_for
from funil.core.errors import DomainError, NotFound

_REFUSED = "_funil_service_refused"


def admin_actor(request: HttpRequest, workspace: Any) -> Actor:
    """The admin user acting in the record's workspace: as its member when it is one, else as 'admin'."""
    try:
        return actor_for(request.user, workspace)  # type: ignore[arg-type]
    except NotFound:
        return Actor.system(workspace, f"admin: {request.user}")


class VersionedForm(forms.ModelForm):
    """Carries the version the form was opened with."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class ServiceAdmin(admin.ModelAdmin):
    """Subclasses implement create() and update(); fields the services own are read-only here.

    The version the form was opened with travels in a hidden field, so a stale admin form is refused like any
    other stale write; a refusal is shown on the form page instead of a server error.
    """

    service_fields: tuple[str, ...] = ()
    form = VersionedForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*self.service_fields, "version", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        skip = {*self.service_fields, "expected_version"}
        data = {name: form.cleaned_data[name] for name in form.changed_data if name not in skip}
        try:
            if change:
                expected = form.cleaned_data.get("expected_version") or obj.version
                saved = self.update(admin_actor(request, obj.workspace), obj, data, expected)
            else:
                saved = self.create(admin_actor(request, form.cleaned_data["workspace"]), data)
        except DomainError as exc:
            setattr(request, _REFUSED, True)
            self.message_user(request, f"Not saved: {exc.message}", level=messages.ERROR)
            return
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # many-to-many values travel through the service with the other fields

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if getattr(request, _REFUSED, False) else super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None if getattr(request, _REFUSED, False) else super().log_change(request, obj, message)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def create(self, actor: Actor, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, actor: Actor, obj: Any, data: dict[str, Any], expected_version: int) -> Any:
        raise NotImplementedError
