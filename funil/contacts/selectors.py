"""Reads of contacts and companies for their lists: every one starts from the actor's scope."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, scoped
from funil.core.listing import (
    OWNER_CHOICES,
    UrlFilter,
    owner_q,
    read_choice,
    read_date,
    read_int,
    read_text,
)
from funil.core.search import is_email, search_terms

from .models import Company, Contact, Lifecycle

LIFECYCLE_CHOICES = ("", *Lifecycle.values)


def _country(params: QueryDict, errors: dict[str, str]) -> str:
    raw = read_text(params, "country", 20).upper()
    if raw and not (len(raw) == 2 and raw.isalpha()):
        errors["country"] = _("not a country code")
        return ""
    return raw


@dataclass(frozen=True)
class ContactFilter(UrlFilter):
    owner: str = "any"
    company: int | None = None
    lifecycle: str = ""
    country: str = ""
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    q: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_query(cls, params: QueryDict) -> "ContactFilter":
        errors: dict[str, str] = {}
        return cls(
            owner=read_choice(params, "owner", OWNER_CHOICES, errors, "any"),
            company=read_int(params, "company", errors),
            lifecycle=read_choice(params, "lifecycle", LIFECYCLE_CHOICES, errors, ""),
            country=_country(params, errors),
            created_from=read_date(params, "created_from", errors),
            created_to=read_date(params, "created_to", errors),
            q=read_text(params, "q"),
            errors=errors,
        )


def contacts_listed(actor: Actor, f: ContactFilter) -> QuerySet[Contact]:
    qs = scoped(actor, Contact).filter(owner_q(actor, f.owner))
    if f.company is not None:
        qs = qs.filter(company_id=f.company)
    if f.lifecycle:
        qs = qs.filter(lifecycle=f.lifecycle)
    if f.country:
        qs = qs.filter(country=f.country)
    if f.created_from:
        qs = qs.filter(created_at__date__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__date__lte=f.created_to)
    for term in search_terms(f.q):
        qs = qs.filter(email_normalized=term) if is_email(term) else qs.filter(search_text__contains=term)
    return qs


@dataclass(frozen=True)
class CompanyFilter(UrlFilter):
    owner: str = "any"
    industry: str = ""
    country: str = ""
    size_min: int | None = None
    size_max: int | None = None
    q: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_query(cls, params: QueryDict) -> "CompanyFilter":
        errors: dict[str, str] = {}
        return cls(
            owner=read_choice(params, "owner", OWNER_CHOICES, errors, "any"),
            industry=read_text(params, "industry", 120),
            country=_country(params, errors),
            size_min=read_int(params, "size_min", errors),
            size_max=read_int(params, "size_max", errors),
            q=read_text(params, "q"),
            errors=errors,
        )


def companies_listed(actor: Actor, f: CompanyFilter) -> QuerySet[Company]:
    qs = scoped(actor, Company).filter(owner_q(actor, f.owner))
    if f.industry:
        qs = qs.filter(industry__iexact=f.industry)
    if f.country:
        qs = qs.filter(country=f.country)
    if f.size_min is not None:
        qs = qs.filter(size__gte=f.size_min)
    if f.size_max is not None:
        qs = qs.filter(size__lte=f.size_max)
    for term in search_terms(f.q):
        qs = qs.filter(domain=term.rpartition("@")[2]) if is_email(term) else qs.filter(search_text__contains=term)
    return qs


def company_counts(actor: Actor, company_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{company id: (contacts, open deals)} the actor can see, for one page of the company list: two grouped
    queries, whatever the page size."""
    from funil.deals.models import Deal, DealStatus

    contacts = dict(
        scoped(actor, Contact)
        .filter(company_id__in=company_ids)
        .values_list("company_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    deals = dict(
        scoped(actor, Deal)
        .filter(company_id__in=company_ids, status=DealStatus.OPEN)
        .values_list("company_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {pk: (contacts.get(pk, 0), deals.get(pk, 0)) for pk in company_ids}


def industries(actor: Actor) -> list[str]:
    """The industries the workspace's companies carry, for the filter's choices."""
    rows = scoped(actor, Company).exclude(industry="").values_list("industry", flat=True).distinct().order_by()
    return sorted(set(rows[:300]), key=str.lower)


def countries(actor: Actor, model: type[Contact] | type[Company]) -> list[str]:
    """The countries the actor's contacts (or companies) are in, for the filter's choices."""
    qs: QuerySet[Any] = scoped(actor, model)
    return sorted(qs.exclude(country="").values_list("country", flat=True).distinct().order_by()[:300])


def company_choices(actor: Actor, selected: int | None) -> list[tuple[int, str]]:
    """Companies for the contact list's filter: the first 300 by name, and the selected one always."""
    qs = scoped(actor, Company)
    chosen = Q(pk=selected) if selected else Q(pk__in=[])
    rows = list(qs.order_by("name").values_list("pk", "name")[:300])
    if selected and selected not in {pk for pk, _ in rows}:
        rows += list(qs.filter(chosen).values_list("pk", "name"))
    return rows
