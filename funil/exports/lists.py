"""The lists an export follows: how each reads its filter from a query string and turns it into rows, with the
very functions the list pages use, so an export holds exactly the rows its list shows."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from funil.accounts.access import Actor
from funil.contacts.selectors import CompanyFilter, ContactFilter, companies_listed, contacts_listed
from funil.core.listing import UrlFilter
from funil.deals.selectors import DealFilter, deals_listed
from funil.leads.selectors import LeadFilter, leads_filtered


@dataclass(frozen=True)
class Listed:
    read: Callable[[QueryDict], UrlFilter]  # unreadable values dropped and kept in the filter's `errors`
    rows: Callable[[Actor, Any], QuerySet[Any]]


LISTS = {
    "lead": Listed(LeadFilter.from_query, leads_filtered),
    "deal": Listed(DealFilter.from_query, deals_listed),
    "contact": Listed(ContactFilter.from_query, contacts_listed),
    "company": Listed(CompanyFilter.from_query, companies_listed),
}
