"""Custom fields of leads, deals, contacts and companies: list and add, edit, retire and restore, delete."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, load
from funil.catalog.models import CHOICE_TYPES, CustomField, CustomFieldEntity, FieldType
from funil.catalog.selectors import custom_field_usage, custom_fields_by_entity
from funil.catalog.services import (
    custom_field_create,
    custom_field_delete,
    custom_field_set_active,
    custom_field_update,
)
from funil.core.errors import DomainError

from ...doors import Request
from .common import context, posted_flag, refused, refused_back, saved, settings_view

LIST_TEMPLATE = "web/settings/fields.html"
EDIT_TEMPLATE = "web/settings/field.html"


def _url() -> str:
    return reverse("web:settings_fields")


@settings_view
def fields(request: Request, actor: Actor) -> HttpResponse:
    ctx = context(
        actor,
        "fields",
        groups=custom_fields_by_entity(actor),
        entities=CustomFieldEntity.choices,
        types=FieldType.choices,
        form={"entity": request.GET.get("entity", CustomFieldEntity.LEAD), "type": FieldType.TEXT},
        errors={},
    )
    if request.method == "POST":
        data: dict[str, Any] = {name: request.POST.get(name, "") for name in ("entity", "label", "type", "choices")}
        data.update(required=posted_flag(request, "required"), is_qualifier=posted_flag(request, "is_qualifier"))
        try:
            field = custom_field_create(actor=actor, data=data)
        except DomainError as exc:
            return refused(request, LIST_TEMPLATE, ctx, exc, shown=(*data, "required", "is_qualifier"))
        return saved(request, _url(), _("Field %(label)s added.") % {"label": field.label})
    return render(request, LIST_TEMPLATE, ctx)


@settings_view
def edit(request: Request, actor: Actor, pk: int) -> HttpResponse:
    field = load(actor, CustomField, pk)
    ctx = context(
        actor,
        "fields",
        field=field,
        has_choices=field.type in CHOICE_TYPES,
        usage=custom_field_usage(field),
        form={
            "label": field.label,
            "choices": "\n".join(field.choices),
            "position": field.position,
            "required": field.required,
            "is_qualifier": field.is_qualifier,
        },
        errors={},
    )
    if request.method == "POST":
        changes: dict[str, Any] = {
            "label": request.POST.get("label", ""),
            "position": request.POST.get("position", ""),
            "required": posted_flag(request, "required"),
        }
        if field.type in CHOICE_TYPES:
            changes["choices"] = request.POST.get("choices", "")
        if field.entity == CustomFieldEntity.LEAD:
            changes["is_qualifier"] = posted_flag(request, "is_qualifier")
        try:
            custom_field_update(actor=actor, field=field, changes=changes)
        except DomainError as exc:
            return refused(request, EDIT_TEMPLATE, ctx, exc, shown=changes, form=changes)
        return saved(request, _url(), _("Field %(label)s saved.") % {"label": changes["label"].strip()})
    return render(request, EDIT_TEMPLATE, ctx)


@require_POST
@settings_view
def set_active(request: Request, actor: Actor, pk: int) -> HttpResponse:
    field = load(actor, CustomField, pk)
    active = posted_flag(request, "active")
    try:
        custom_field_set_active(actor=actor, field=field, active=active)
    except DomainError as exc:
        return refused_back(request, _url(), exc)
    message = _("%(name)s is back on the forms.") if active else _("%(name)s is retired: hidden, its values kept.")
    return saved(request, _url(), message % {"name": field.label})


@require_POST
@settings_view
def delete(request: Request, actor: Actor, pk: int) -> HttpResponse:
    field = load(actor, CustomField, pk)
    try:
        custom_field_delete(actor=actor, field=field)
    except DomainError as exc:
        return refused_back(request, reverse("web:settings_field", args=[field.pk]), exc)
    return saved(request, _url(), _("Field %(label)s deleted.") % {"label": field.label})
