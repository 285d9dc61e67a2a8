"""Deterministic synthetic CRM data: the same seed and size always give the same rows.

Used by `funil demo` (a realistic workspace to try Funil) and by the benchmarks (one million leads).
Rows are plain dicts for `bulk.TableWriter`; ids come from blocks reserved by the caller.
"""

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from . import pools

LEAD_STAGE_WEIGHTS = {"New": 20, "Contacted": 20, "Nurturing": 15, "Qualified": 10, "Converted": 15, "Unqualified": 20}
DEAL_STAGE_WEIGHTS = {"Qualification": 25, "Proposal": 20, "Negotiation": 15, "Won": 25, "Lost": 15}
DEALS_PER_LEAD = 0.15
ACTIVITIES_PER_LEAD = 5  # including the deals' share, so N leads come with 5N timeline rows


@dataclass
class StageRef:
    id: int
    name: str
    meaning: str
    probability: int


@dataclass
class DemoContext:
    workspace_id: int
    currency: str
    now: datetime
    owners: list[tuple[int, int | None]]  # (user id, team id) of the members who own records
    lead_pipeline_id: int
    deal_pipeline_id: int
    lead_stages: dict[str, StageRef]
    deal_stages: dict[str, StageRef]
    sources: list[tuple[int, str]]  # (id, kind)
    campaigns: list[tuple[int, int | None]]  # (id, source id)
    products: list[tuple[int, Decimal]]
    junk_reasons: list[int]
    lost_reasons: list[int]
    custom_segments: list[str] = field(default_factory=lambda: ["SMB", "Mid-market", "Enterprise", "Public sector"])


@dataclass
class LeadSummary:
    """What the timeline generator needs to know about a lead, kept compact for a million of them."""

    id: int
    created_at: datetime
    stage: str
    owner_id: int | None
    followup_at: datetime | None
    closed_at: datetime | None


@dataclass
class DealSummary:
    id: int
    created_at: datetime
    stage: str
    owner_id: int | None
    contact_id: int | None
    followup_at: datetime | None


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class Generator:
    def __init__(self, ctx: DemoContext, *, leads: int, seed: int = 42) -> None:
        self.ctx = ctx
        self.n_leads = leads
        self.n_companies = max(20, leads // 5)
        self.n_contacts = max(30, int(leads * 0.3))
        self.n_deals = int(leads * DEALS_PER_LEAD)
        self.rng = random.Random(seed)
        self.lead_summaries: list[LeadSummary] = []
        self.deal_summaries: list[DealSummary] = []
        self.company_domains: list[str] = []
        self.company_names: list[str] = []
        self.lines: list[tuple[int, int, Decimal, Decimal]] = []  # (deal, product, unit price, quantity)
        self.converted: list[tuple[int, int | None, int | None]] = []  # (lead, contact, company)
        self._stage_names = list(LEAD_STAGE_WEIGHTS)
        self._stage_weights = list(LEAD_STAGE_WEIGHTS.values())
        self._deal_names = list(DEAL_STAGE_WEIGHTS)
        self._deal_weights = list(DEAL_STAGE_WEIGHTS.values())

    # People and places -------------------------------------------------------------------------------------------
    def _digits(self, pattern: str) -> str:
        rng = self.rng
        return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)

    def _phone(self, locale: pools.Locale) -> tuple[str, str]:
        shown, e164, pattern = self.rng.choice(locale.phone_prefixes)
        digits = self._digits(pattern)
        if locale.country == "BR":
            shown_digits = f"{digits[:-4]}-{digits[-4:]}"
        else:
            shown_digits = digits
        return f"{shown}{shown_digits}", f"{e164}{digits}"

    def _address(self, locale: pools.Locale) -> dict[str, str]:
        city, region, postal = self.rng.choice(locale.cities)
        return {
            "street": f"{self.rng.choice(locale.streets)}, {self.rng.randint(10, 2999)}",
            "city": city,
            "region": region,
            "postal_code": self._digits(postal),
            "country": locale.country,
        }

    def _company_name(self, locale: pools.Locale) -> str:
        rng = self.rng
        return f"{rng.choice(pools.COMPANY_WORDS)} {rng.choice(pools.COMPANY_TRADES)} {rng.choice(locale.company_suffixes)}"

    def _owner(self) -> tuple[int | None, int | None]:
        return self.rng.choice(self.ctx.owners) if self.ctx.owners else (None, None)

    def _when(self, index: int, total: int, days: int = 365) -> datetime:
        """Spread creation over the past year in id order, so newer ids are newer records."""
        base = self.ctx.now - timedelta(days=days)
        offset = (index + self.rng.random()) / max(total, 1) * days * 86400
        return base + timedelta(seconds=offset)

    # Tables --------------------------------------------------------------------------------------------------------
    def companies(self, first_id: int) -> Iterator[dict[str, Any]]:
        ctx, rng = self.ctx, self.rng
        for i in range(self.n_companies):
            locale = rng.choice(pools.LOCALES)
            name = self._company_name(locale)
            domain = f"{ascii_slug(name)[:24]}{i}.com" + (".br" if locale.country == "BR" else "")
            self.company_domains.append(domain)
            self.company_names.append(name)
            owner_id, team_id = self._owner()
            created = self._when(i, self.n_companies)
            yield {
                "id": first_id + i, "workspace_id": ctx.workspace_id, "name": name, "domain": domain,
                "website": f"https://www.{domain}", "industry": rng.choice(pools.INDUSTRIES),
                "size": rng.choice((5, 12, 25, 60, 150, 400, 1200)), "owner_id": owner_id, "team_id": team_id,
                "created_at": created, "updated_at": created, "version": 1, **self._address(locale),
            }  # fmt: skip

    def contacts(self, first_id: int, first_company_id: int) -> Iterator[dict[str, Any]]:
        ctx, rng = self.ctx, self.rng
        for i in range(self.n_contacts):
            locale = rng.choice(pools.LOCALES)
            first, last = rng.choice(locale.first_names), rng.choice(locale.last_names)
            company_index = rng.randrange(self.n_companies) if rng.random() < 0.7 else None
            domain = self.company_domains[company_index] if company_index is not None else rng.choice(locale.mail_providers)
            email = f"{ascii_slug(first)}.{ascii_slug(last)}{i}@{domain}"
            phone, e164 = self._phone(locale)
            owner_id, team_id = self._owner()
            created = self._when(i, self.n_contacts)
            yield {
                "id": first_id + i, "workspace_id": ctx.workspace_id, "first_name": first, "last_name": last,
                "title": rng.choice(pools.TITLES), "email": email, "email_normalized": email, "phone": phone,
                "phone_e164": e164, "company_id": first_company_id + company_index if company_index is not None else None,
                "lifecycle": rng.choice(("lead", "customer", "customer", "inactive")), "language": locale.language,
                "owner_id": owner_id, "team_id": team_id, "created_at": created, "updated_at": created, "version": 1,
                **self._address(locale),
            }  # fmt: skip

    def leads(self, first_id: int, first_contact_id: int, first_company_id: int) -> Iterator[dict[str, Any]]:
        ctx, rng = self.ctx, self.rng
        contact_cursor = 0
        for i in range(self.n_leads):
            lead_id = first_id + i
            locale = rng.choice(pools.LOCALES)
            first, last = rng.choice(locale.first_names), rng.choice(locale.last_names)
            stage_name = rng.choices(self._stage_names, self._stage_weights)[0]
            stage = ctx.lead_stages[stage_name]
            created = self._when(i, self.n_leads)
            company_index = rng.randrange(self.n_companies) if rng.random() < 0.5 else None
            if company_index is not None:
                domain = self.company_domains[company_index]
                company_name = self.company_names[company_index]
            else:
                domain = rng.choice(locale.mail_providers)
                company_name = self._company_name(locale)
            email = f"{ascii_slug(first)}.{ascii_slug(last)}.{i}@{domain}"
            phone, phone_e164 = self._phone(locale)
            mobile, mobile_e164 = self._phone(locale) if rng.random() < 0.4 else ("", "")
            source_id, source_kind = rng.choice(ctx.sources)
            campaign_id = rng.choice(ctx.campaigns)[0] if rng.random() < 0.35 and ctx.campaigns else None
            owner_id, team_id = (None, None) if stage_name == "New" and rng.random() < 0.25 else self._owner()
            is_open = stage.meaning == "open"
            qualified = stage_name in ("Qualified", "Converted")
            closed_at = created + timedelta(days=rng.randint(1, 60)) if not is_open else None
            closed_at = min(closed_at, ctx.now) if closed_at else None
            followup = ctx.now + timedelta(hours=rng.randint(-72, 240)) if is_open and rng.random() < 0.6 else None
            contact_id = None
            if stage_name == "Converted":
                contact_id = first_contact_id + (contact_cursor % self.n_contacts)
                contact_cursor += 1
                self.converted.append(
                    (lead_id, contact_id, first_company_id + company_index if company_index is not None else None)
                )
            self.lead_summaries.append(LeadSummary(lead_id, created, stage_name, owner_id, followup, closed_at))
            budget = Decimal(rng.choice((5, 10, 20, 35, 50, 80, 120))) * 1000 if qualified or rng.random() < 0.2 else None
            yield {
                "id": lead_id, "workspace_id": ctx.workspace_id, "first_name": first, "last_name": last,
                "title": rng.choice(pools.TITLES), "company_name": company_name,
                "company_id": first_company_id + company_index if company_index is not None else None,
                "contact_id": contact_id, "language": locale.language, "email": email, "email_normalized": email,
                "phone": phone, "phone_e164": phone_e164, "mobile": mobile, "mobile_e164": mobile_e164,
                "website": f"https://{domain}" if company_index is not None else "",
                "source_id": source_id, "campaign_id": campaign_id,
                "utm_source": "google" if source_kind in ("campaign", "web_form") else "",
                "utm_medium": "cpc" if source_kind == "campaign" else ("organic" if source_kind == "web_form" else ""),
                "utm_campaign": f"campaign-{campaign_id}" if campaign_id else "",
                "budget": budget, "authority": rng.choice(("", "decision_maker", "influencer", "user")),
                "need": rng.choice(pools.NEEDS) if rng.random() < 0.5 else "",
                "timeline": rng.choice(("", "now", "month", "quarter", "half_year", "later")),
                "custom_fields": {"segment": rng.choice(ctx.custom_segments), "employees": rng.choice((5, 20, 80, 300))},
                "pipeline_id": ctx.lead_pipeline_id, "stage_id": stage.id,
                "status": {"open": "open", "converted": "converted", "junk": "junk"}[stage.meaning],
                "junk_reason_id": rng.choice(ctx.junk_reasons) if stage.meaning == "junk" else None,
                "score": min(100, max(0, int(rng.gauss(45 + 10 * qualified, 20)))),
                "expected_value": budget, "currency": ctx.currency, "owner_id": owner_id, "team_id": team_id,
                "next_followup_at": followup,
                "first_contacted_at": created + timedelta(hours=rng.randint(1, 72)) if stage_name != "New" else None,
                "closed_at": closed_at, "marketing_consent": rng.random() < 0.6,
                "consent_at": created, "consent_source": "web form checkbox" if source_kind == "web_form" else "",
                "created_at": created, "updated_at": closed_at or created, "version": 1, **self._address(locale),
            }  # fmt: skip

    def lead_products(self, first_lead_id: int) -> Iterator[dict[str, Any]]:
        rng, products = self.rng, self.ctx.products
        for i in range(self.n_leads):
            if rng.random() < 0.6:
                for product_id, _ in rng.sample(products, rng.choice((1, 1, 2))):
                    yield {"lead_id": first_lead_id + i, "product_id": product_id}

    def deals(self, first_id: int, first_contact_id: int) -> Iterator[dict[str, Any]]:
        ctx, rng = self.ctx, self.rng
        for i in range(self.n_deals):
            deal_id = first_id + i
            lead_id, contact_id, company_id = self.converted[i] if i < len(self.converted) else (None, None, None)
            if contact_id is None:
                contact_id = first_contact_id + rng.randrange(self.n_contacts)
            stage_name = rng.choices(self._deal_names, self._deal_weights)[0]
            stage = ctx.deal_stages[stage_name]
            product_id, price = rng.choice(ctx.products)
            quantity = Decimal(rng.choice((1, 1, 2, 3, 5)))
            amount = price * quantity
            self.lines.append((deal_id, product_id, price, quantity))
            created = self._when(i, self.n_deals, days=300)
            owner_id, team_id = self._owner()
            closed = stage.meaning != "open"
            followup = ctx.now + timedelta(hours=rng.randint(-48, 240)) if not closed and rng.random() < 0.7 else None
            self.deal_summaries.append(DealSummary(deal_id, created, stage_name, owner_id, contact_id, followup))
            yield {
                "id": deal_id, "workspace_id": ctx.workspace_id, "title": f"Funil — proposta {deal_id}",
                "amount": amount, "currency": ctx.currency, "pipeline_id": ctx.deal_pipeline_id, "stage_id": stage.id,
                "probability": stage.probability, "contact_id": contact_id, "company_id": company_id,
                "lead_id": lead_id, "status": stage.meaning,
                "lost_reason_id": rng.choice(ctx.lost_reasons) if stage.meaning == "lost" else None,
                "expected_close_date": (created + timedelta(days=rng.randint(15, 90))).date(),
                "next_followup_at": followup, "owner_id": owner_id, "team_id": team_id,
                "closed_at": min(created + timedelta(days=rng.randint(5, 60)), ctx.now) if closed else None,
                "created_at": created, "updated_at": created, "version": 1, "custom_fields": {},
            }  # fmt: skip

    def deal_lines(self) -> Iterator[dict[str, Any]]:
        for deal_id, product_id, price, quantity in self.lines:
            yield {"workspace_id": self.ctx.workspace_id, "deal_id": deal_id, "product_id": product_id,
                   "unit_price": price, "quantity": quantity}  # fmt: skip

    # Timeline ------------------------------------------------------------------------------------------------------
    def activity_count(self) -> int:
        lead_rows = sum(4 + (1 if i % 5 < 2 else 0) for i in range(len(self.lead_summaries)))
        return lead_rows + 4 * len(self.deal_summaries)

    def activities(self, first_id: int) -> Iterator[dict[str, Any]]:
        next_id = first_id
        for row in self._lead_activities():
            row["id"] = next_id
            next_id += 1
            yield row
        for row in self._deal_activities():
            row["id"] = next_id
            next_id += 1
            yield row

    def _base(self, when: datetime, actor: int | None, kind: str, subject: str, **extra: Any) -> dict[str, Any]:
        return {"workspace_id": self.ctx.workspace_id, "created_at": when, "actor_id": actor, "kind": kind,
                "subject": subject, "actor_label": "" if actor else "demo data", **extra}  # fmt: skip

    def _lead_activities(self) -> Iterator[dict[str, Any]]:
        rng, stages = self.rng, self.ctx.lead_stages
        new_stage = stages["New"]
        for index, lead in enumerate(self.lead_summaries):
            count = 4 + (1 if index % 5 < 2 else 0)  # 4.4 per lead on average; the deals bring the rest
            when, actor = lead.created_at, lead.owner_id
            yield self._base(when, None, "system", "Lead created", lead_id=lead.id, payload={"stage": "New"})
            made = 1
            if lead.stage != "New":
                when = when + timedelta(hours=rng.randint(1, 96))
                stage = stages[lead.stage]
                yield self._base(when, actor, "stage_change", f"New → {lead.stage}", lead_id=lead.id,
                                 payload={"stage": [new_stage.id, stage.id], "stage_name": ["New", lead.stage]})  # fmt: skip
                made += 1
            last = count - (1 if lead.followup_at else 0)
            while made < last:
                when = when + timedelta(hours=rng.randint(1, 72))
                yield self._touch(when, actor, lead_id=lead.id)
                made += 1
            if lead.followup_at:
                kind = rng.choice(("call", "meeting", "task"))
                yield self._base(when + timedelta(minutes=5), actor, kind, f"Follow up: {rng.choice(pools.CALL_SUBJECTS)}",
                                 lead_id=lead.id, due_at=lead.followup_at, assignee_id=actor)  # fmt: skip

    def _deal_activities(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for deal in self.deal_summaries:
            when, actor = deal.created_at, deal.owner_id
            yield self._base(when, actor, "system", "Deal created", deal_id=deal.id, payload={})
            when = when + timedelta(hours=rng.randint(1, 96))
            yield self._base(when, actor, "stage_change", f"Qualification → {deal.stage}", deal_id=deal.id,
                             payload={"stage_name": ["Qualification", deal.stage]})  # fmt: skip
            yield self._touch(when + timedelta(hours=2), actor, deal_id=deal.id)
            if deal.followup_at:
                yield self._base(when + timedelta(hours=3), actor, "meeting", "Apresentação da proposta",
                                 deal_id=deal.id, due_at=deal.followup_at, assignee_id=actor)  # fmt: skip
            else:
                yield self._touch(when + timedelta(hours=3), actor, deal_id=deal.id)

    def _touch(self, when: datetime, actor: int | None, **record: Any) -> dict[str, Any]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return self._base(when, actor, "call", rng.choice(pools.CALL_SUBJECTS), direction="out", channel="phone",
                              body=rng.choice(pools.NOTES), done_at=when, **record)  # fmt: skip
        if roll < 0.6:
            return self._base(when, actor, "email", rng.choice(pools.EMAIL_SUBJECTS), direction=rng.choice(("in", "out")),
                              channel="email", **record)  # fmt: skip
        if roll < 0.8:
            return self._base(when, actor, "message", rng.choice(pools.MESSAGE_SUBJECTS), direction="in",
                              channel=rng.choice(("whatsapp", "telegram", "chat")), **record)  # fmt: skip
        return self._base(when, actor, "note", "Note", body=rng.choice(pools.NOTES), **record)
