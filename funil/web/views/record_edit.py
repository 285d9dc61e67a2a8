"""Editing any record's card: one field inline at a time (through its `<kind>_update` service) and its owner."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from funil.accounts.access import Actor, can
from funil.accounts.models import Membership
from funil.core.errors import Conflict, DomainError, Forbidden, NotFound

from ..doors import Request, error_text, field_errors, member_view, navigate, page
from ..record_fields import change_from_post, choices_for, display_value, form_value, link_of
from .record_kinds import KINDS, RecordKind, spec_for


def value_context(record: Any, spec: Any) -> dict[str, Any]:
    """What `_field_value.html` shows of one field: its text and, for a reference, the card it links to."""
    link_url, link_pk = link_of(record, spec)
    return {"spec": spec, "display": display_value(record, spec), "link_url": link_url, "link_pk": link_pk}


def edit_context(actor: Actor, rk: RecordKind, record: Any) -> dict[str, Any]:
    """The card's fields in their groups, and whether this actor may edit and reassign the record."""
    can_assign = rk.can_assign(actor, record)
    members = Membership.objects.filter(workspace=actor.workspace, is_active=True).select_related("user")
    return {
        "groups": [(title, [value_context(record, spec) for spec in specs]) for title, specs in rk.groups(actor)],
        "can_edit": rk.can_edit(actor, record),
        "can_act": can(actor, rk.entity, "update", record),  # follow-ups stay workable on a closed lead
        "can_assign": can_assign,
        "members": list(members) if can_assign else [],
        "can_delete": can(actor, rk.entity, "delete", record),
    }


@member_view
def field(request: Request, actor: Actor, kind: str, record_id: int, name: str) -> HttpResponse:
    """GET: the inline form of one field (`?q=` narrows a reference's choices); POST: save it, show the value."""
    rk = KINDS[kind]
    record = rk.load(actor, record_id)
    spec = spec_for(actor, rk, name)
    if spec is None:
        raise Http404
    query = request.GET.get("q", "")[:200]
    context: dict[str, Any] = {"rk": rk, "record": record, "spec": spec, "q": query}
    if request.method == "POST":
        try:
            record = rk.save(
                actor, record, _int(request.POST.get("version")) or 0, change_from_post(spec, request.POST)
            )
        except (Forbidden, NotFound):
            raise  # no form to correct: member_view answers 403 / 404
        except DomainError as exc:
            context.update(
                value=request.POST.get("value", ""),
                choices=choices_for(actor, spec, record),
                error=error_text(exc),
                errors=field_errors(exc),
                version=exc.current_version if isinstance(exc, Conflict) else record.version,
            )
            return render(request, "web/records/_field_form.html", context, status=422 if request.htmx else 200)
        record = rk.load(actor, record.pk)
        context.update(record=record, **value_context(record, spec))
        return page(request, "web/records/_field.html", context, headers={"HX-Trigger": rk.event})
    if request.GET.get("cancel"):
        return render(request, "web/records/_field.html", {**context, **value_context(record, spec)})
    context.update(
        value=form_value(record, spec), version=record.version, choices=choices_for(actor, spec, record, query)
    )
    if request.GET.get("part") == "choices":
        return render(request, "web/records/_ref_options.html", context)
    return render(request, "web/records/_field_form.html", context)


@require_POST
@member_view
def assign(request: Request, actor: Actor, kind: str, record_id: int) -> HttpResponse:
    rk = KINDS[kind]
    record = rk.load(actor, record_id)
    owner = _int(request.POST.get("owner"))
    try:
        rk.give(actor, record, owner, _int(request.POST.get("version")), request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return navigate(request, reverse(rk.card_url, args=[record.pk]))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Trigger": rk.event})
    return redirect(reverse(rk.card_url, args=[record.pk]))


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None
