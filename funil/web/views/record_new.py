"""Creating a deal, a contact or a company by hand: a short form through the same services the API and import
call; every other field is then edited inline on the new record's card."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from funil.accounts.access import Actor, require, scoped
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create
from funil.core.errors import DomainError
from funil.deals.services import deal_create
from funil.pipelines.models import Meaning, PipelineKind, Stage

from ..doors import Request, error_text, field_errors, member_view
from ..filters import filter_choices
from ..templatetags.humanize_funil import label


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    widget: str = "text"  # text, email, tel, number, date, select (choices come from the view)


@dataclass(frozen=True)
class NewForm:
    entity: str
    title: Promise
    submit: Promise
    nav: str
    fields: tuple[Field, ...]
    create: Callable[..., Any]


DEAL = NewForm(
    "deal",
    _("New deal"),
    _("Create deal"),
    "deals",
    (
        Field("title", _("Title")),
        Field("amount", _("Amount"), "number"),
        Field("expected_close_date", _("Expected close"), "date"),
        Field("stage", _("Stage"), "select"),
        Field("source", _("Source"), "select"),
        Field("campaign", _("Campaign"), "select"),
    ),
    deal_create,
)
CONTACT = NewForm(
    "contact",
    _("New contact"),
    _("Create contact"),
    "contacts",
    (
        Field("first_name", _("First name")),
        Field("last_name", _("Last name")),
        Field("title", _("Job title")),
        Field("email", _("Email"), "email"),
        Field("phone", _("Phone"), "tel"),
        Field("mobile", _("Mobile / WhatsApp"), "tel"),
        Field("city", _("City")),
        Field("country", _("Country (ISO code)")),
    ),
    contact_create,
)
COMPANY = NewForm(
    "company",
    _("New company"),
    _("Create company"),
    "companies",
    (
        Field("name", _("Name")),
        Field("domain", _("Domain")),
        Field("website", _("Website")),
        Field("industry", _("Industry")),
        Field("phone", _("Phone"), "tel"),
        Field("city", _("City")),
        Field("country", _("Country (ISO code)")),
    ),
    company_create,
)


def _choices(actor: Actor, form: NewForm) -> dict[str, list[tuple[Any, str]]]:
    if form is not DEAL:
        return {}
    stages = Stage.objects.filter(
        workspace=actor.workspace, pipeline__kind=PipelineKind.DEAL, meaning=Meaning.OPEN
    ).select_related("pipeline")
    catalog = filter_choices(actor)
    return {
        "stage": [(s.pk, f"{label(s.pipeline.name)} · {label(s.name)}") for s in stages],
        "source": catalog["sources"],
        "campaign": catalog["campaigns"],
    }


def _linked(actor: Actor, request: Request) -> dict[str, Any]:
    """A deal started from a contact's or a company's card comes with it (only one the member can see)."""
    linked: dict[str, Any] = {}
    for name, model in (("contact", Contact), ("company", Company)):
        raw = request.POST.get(name) or request.GET.get(name) or ""
        if raw.isdigit():
            linked[name] = scoped(actor, model).filter(pk=int(raw)).first()
    return {k: v for k, v in linked.items() if v is not None}


def _create(actor: Actor, form: NewForm, request: Request, linked: dict[str, Any]) -> Any:
    data = {f.name: request.POST.get(f.name, "") for f in form.fields if request.POST.get(f.name, "") != ""}
    if form is not DEAL:
        return form.create(actor=actor, data=data)
    stage = None
    if "stage" in data:
        stage = Stage.objects.filter(workspace=actor.workspace, pk=int(data.pop("stage") or 0)).first()
    return deal_create(actor=actor, data={**data, **{k: v.pk for k, v in linked.items()}}, stage=stage)


def _view(form: NewForm) -> Callable[..., HttpResponse]:
    @member_view
    def view(request: Request, actor: Actor) -> HttpResponse:
        require(actor, form.entity, "create")
        linked = _linked(actor, request) if form is DEAL else {}
        context: dict[str, Any] = {
            "actor": actor,
            "nav": form.nav,
            "spec": form,
            "choices": _choices(actor, form),
            "linked": linked,
            "values": {},
            "back": reverse(f"web:{form.entity}_list"),
            "errors": {},
        }
        if request.method == "POST":
            try:
                record = _create(actor, form, request, linked)
            except DomainError as exc:
                context.update(values=request.POST, errors=field_errors(exc), error=error_text(exc))
                return render(request, "web/records/new.html", context, status=422)
            return redirect(reverse(f"web:{form.entity}_card", args=[record.pk]))
        return render(request, "web/records/new.html", context)

    view.__name__ = f"{form.entity}_new"
    return view


deal_new = _view(DEAL)
contact_new = _view(CONTACT)
company_new = _view(COMPANY)
