"""Global search across leads, contacts, companies and deals: every part through the actor's scope."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from funil.accounts.access import Actor, scoped
from funil.contacts.models import Company, Contact
from funil.core.search import is_email, search_terms
from funil.deals.models import Deal
from funil.leads.models import Lead

PER_KIND = 8


@dataclass
class SearchResults:
    leads: list[Any]
    contacts: list[Any]
    companies: list[Any]
    deals: list[Any]

    @property
    def empty(self) -> bool:
        return not (self.leads or self.contacts or self.companies or self.deals)


def _matching(terms: list[str]) -> Q:
    """Every term must match: a whole email address by its exact (indexed) value, anything else in the text."""
    q = Q()
    for term in terms:
        q &= Q(email_normalized=term) if is_email(term) else Q(search_text__contains=term)
    return q


def global_search(actor: Actor, query: str) -> SearchResults:
    terms = search_terms(query)
    if not terms:
        return SearchResults([], [], [], [])
    match = _matching(terms)
    title = Q()
    for term in query.split():
        title &= Q(title__icontains=term)
    return SearchResults(
        leads=list(scoped(actor, Lead).filter(match).select_related("stage").order_by("-created_at")[:PER_KIND]),
        contacts=list(
            scoped(actor, Contact).filter(match).select_related("company").order_by("-created_at")[:PER_KIND]
        ),
        companies=list(scoped(actor, Company).filter(_company_matching(terms)).order_by("name")[:PER_KIND]),
        deals=list(scoped(actor, Deal).filter(title).select_related("stage").order_by("-created_at")[:PER_KIND]),
    )


def _company_matching(terms: list[str]) -> Q:
    q = Q()
    for term in terms:
        q &= Q(domain=term.rpartition("@")[2]) if is_email(term) else Q(search_text__contains=term)
    return q
