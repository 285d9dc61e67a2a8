"""One chunk of generated rows: the leads of an index range, with their contacts, deals and timelines."""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from funil.core.search import search_blob

from .. import pools
from .columns import COLUMNS
from .context import IdBlocks
from .people import Company, activities_for, ascii_slug, company_name_of
from .settings import CHUNK, COMPANIES_PER_LEAD, EXTRA_CONTACT_RATE


def _pick(rng: random.Random, names: list[str], cumulative: list[float]) -> str:
    roll = rng.random()
    for name, edge in zip(names, cumulative, strict=True):
        if roll < edge:
            return name
    return names[-1]


class Chunk:
    """Generates one chunk; split from Generator to keep per-chunk state (rng, row lists) apart."""

    def __init__(self, gen: Any, k: int, ids: IdBlocks) -> None:
        self.g, self.ctx, self.ids = gen, gen.ctx, ids
        self.rng = random.Random(gen.seed * 1_000_003 + k)
        self.first = k * CHUNK
        self.last = min(gen.n_leads, self.first + CHUNK)
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        self.ws = self.ctx.workspace_id

    def run(self) -> dict[str, list[tuple[Any, ...]]]:
        per = COMPANIES_PER_LEAD
        for j in range((self.first + per - 1) // per, (self.last + per - 1) // per):
            if j < self.g.n_companies:
                self._company(j)
        for i in range(self.first, self.last):
            self._lead(i)
        return self.rows

    # Helpers -------------------------------------------------------------------------------------------------
    def _digits(self, pattern: str) -> str:
        rand = self.rng.randrange
        return "".join(str(rand(10)) if ch == "#" else ch for ch in pattern)

    def _phone(self, locale: pools.Locale) -> tuple[str, str]:
        shown, e164, pattern = self.rng.choice(locale.phone_prefixes)
        digits = self._digits(pattern)
        shown_digits = f"{digits[:-4]}-{digits[-4:]}" if locale.country == "BR" else digits
        return f"{shown}{shown_digits}", f"{e164}{digits}"

    def _address(self, locale: pools.Locale) -> tuple[str, str, str, str, str]:
        city, region, postal = self.rng.choice(locale.cities)
        street = f"{self.rng.choice(locale.streets)}, {self.rng.randint(10, 2999)}"
        return street, city, region, self._digits(postal), locale.country

    def _owner(self) -> tuple[int | None, int | None]:
        return self.rng.choice(self.ctx.owners) if self.ctx.owners else (None, None)

    def _when(self, index: int, total: int) -> datetime:
        """Creation spread over the past year in index order, so newer ids are newer records."""
        return self.g._start + timedelta(seconds=(index + self.rng.random()) / max(total, 1) * 365 * 86400)

    # Records -------------------------------------------------------------------------------------------------
    def _company(self, j: int) -> None:
        locale, name, domain = Company.profile(j)
        owner_id, team_id = self._owner()
        created = self._when(j, self.g.n_companies)
        phone, e164 = self._phone(locale)
        self.rows["company"].append(
            (
                self.ids.company + j,
                self.ws,
                name,
                domain,
                f"https://www.{domain}",
                phone,
                e164,
                self.rng.choice(pools.INDUSTRIES),
                self.rng.choice((5, 12, 25, 60, 150, 400, 1200)),
                {},
                owner_id,
                team_id,
                created,
                created,
                1,
                *self._address(locale),
                search_blob(name, domain, e164),
            )
        )

    def _contact(
        self,
        i: int,
        locale: pools.Locale,
        first: str,
        last: str,
        email: str,
        phone: tuple[str, str],
        company: int | None,
        created: datetime,
        lifecycle: str,
    ) -> int:
        contact_id = self.ids.contact + i
        owner_id, team_id = self._owner()
        self.rows["contact"].append(
            (
                contact_id,
                self.ws,
                first,
                last,
                self.rng.choice(pools.TITLES),
                email,
                email,
                phone[0],
                phone[1],
                "",
                "",
                "",
                "",
                self.ids.company + company if company is not None else None,
                lifecycle,
                locale.language,
                {},
                "",
                owner_id,
                team_id,
                created,
                created,
                1,
                *self._address(locale),
                search_blob(first, last, company_name_of(company), email, phone[1]),
            )
        )
        return contact_id

    def _lead(self, i: int) -> None:
        ctx, rng = self.ctx, self.rng
        locale = rng.choice(pools.LOCALES)
        first, last = rng.choice(locale.first_names), rng.choice(locale.last_names)
        stage_name = _pick(rng, self.g._lead_names, self.g._lead_cum)
        stage = ctx.lead_stages[stage_name]
        created = self._when(i, self.g.n_leads)
        company = rng.randrange(self.g.n_companies) if rng.random() < 0.5 else None
        if company is not None:
            _, company_name, domain = Company.profile(company)
        else:
            domain = rng.choice(locale.mail_providers)
            words = (pools.COMPANY_WORDS, pools.COMPANY_TRADES, locale.company_suffixes)
            company_name = " ".join(rng.choice(w) for w in words)
        email = f"{ascii_slug(first)}.{ascii_slug(last)}.{i}@{domain}"
        phone = self._phone(locale)
        mobile = self._phone(locale) if rng.random() < 0.4 else ("", "")
        source_id, source_kind = rng.choice(ctx.sources)
        campaign_id = rng.choice(ctx.campaigns) if ctx.campaigns and rng.random() < 0.35 else None
        owner_id, team_id = (None, None) if stage_name == "New" and rng.random() < 0.25 else self._owner()
        is_open = stage.meaning == "open"
        qualified = stage_name in ("Qualified", "Converted")
        closed_at = min(created + timedelta(days=rng.randint(1, 60)), ctx.now) if not is_open else None
        followup = ctx.now + timedelta(hours=rng.randint(-72, 240)) if is_open and rng.random() < 0.6 else None
        contact_id = None
        if stage_name == "Converted":
            contact_id = self._contact(i, locale, first, last, email, phone, company, closed_at or created, "customer")
        elif rng.random() < EXTRA_CONTACT_RATE:
            other = rng.choice(pools.LOCALES)
            f2, l2 = rng.choice(other.first_names), rng.choice(other.last_names)
            self._contact(
                i,
                other,
                f2,
                l2,
                f"{ascii_slug(f2)}.{ascii_slug(l2)}.c{i}@{rng.choice(other.mail_providers)}",
                self._phone(other),
                company,
                created,
                rng.choice(("lead", "customer", "inactive")),
            )
        budget = Decimal(rng.choice((5, 10, 20, 35, 50, 80, 120)) * 1000) if qualified or rng.random() < 0.2 else None
        lead_id = self.ids.lead + i
        self.rows["lead"].append(
            (
                lead_id,
                self.ws,
                first,
                last,
                rng.choice(pools.TITLES),
                company_name,
                self.ids.company + company if company is not None else None,
                contact_id,
                locale.language,
                email,
                email,
                phone[0],
                phone[1],
                "",
                mobile[0],
                mobile[1],
                f"https://{domain}" if company is not None else "",
                source_id,
                campaign_id,
                "google" if source_kind in ("campaign", "web_form") else "",
                "cpc" if source_kind == "campaign" else ("organic" if source_kind == "web_form" else ""),
                f"campaign-{campaign_id}" if campaign_id else "",
                "",
                "",
                budget,
                rng.choice(("", "decision_maker", "influencer", "user")),
                rng.choice(pools.NEEDS) if rng.random() < 0.5 else "",
                rng.choice(("", "now", "month", "quarter", "half_year", "later")),
                {"segment": rng.choice(ctx.segments), "employees": rng.choice((5, 20, 80, 300))},
                ctx.lead_pipeline_id,
                stage.id,
                stage.meaning,
                rng.choice(ctx.junk_reasons) if stage.meaning == "junk" else None,
                "",
                min(100, max(0, int(rng.gauss(45 + 10 * qualified, 20)))),
                budget,
                ctx.currency,
                followup,
                created + timedelta(hours=rng.randint(1, 72)) if stage_name != "New" else None,
                closed_at,
                rng.random() < 0.6,
                created,
                "web form checkbox" if source_kind == "web_form" else "",
                owner_id,
                team_id,
                created,
                closed_at or created,
                1,
                *self._address(locale),
                search_blob(first, last, company_name, email, phone[1], mobile[1]),
            )
        )
        if rng.random() < 0.6:
            for product_id, _ in rng.sample(ctx.products, rng.choice((1, 1, 2))):
                self.rows["lead_product"].append((lead_id, product_id))
        self._lead_timeline(i, lead_id, stage, created, owner_id, followup)
        if stage_name == "Converted":
            self._deal(i, lead_id, contact_id, company, closed_at or created, source_id)

    def _deal(
        self, i: int, lead_id: int, contact_id: int | None, company: int | None, created: datetime, source_id: int
    ) -> None:
        ctx, rng = self.ctx, self.rng
        deal_id = self.ids.deal + i
        stage = ctx.deal_stages[_pick(rng, self.g._deal_names, self.g._deal_cum)]
        product_id, price = rng.choice(ctx.products)
        quantity = Decimal(rng.choice((1, 1, 2, 3, 5)))
        owner_id, team_id = self._owner()
        closed = stage.meaning != "open"
        followup = ctx.now + timedelta(hours=rng.randint(-48, 240)) if not closed and rng.random() < 0.7 else None
        closed_at = min(created + timedelta(days=rng.randint(5, 60)), ctx.now) if closed else None
        self.rows["deal"].append(
            (
                deal_id,
                self.ws,
                f"Funil — proposta {deal_id}",
                price * quantity,
                ctx.currency,
                ctx.deal_pipeline_id,
                stage.id,
                stage.probability,
                (created + timedelta(days=rng.randint(15, 90))).date(),
                contact_id,
                self.ids.company + company if company is not None else None,
                lead_id,
                source_id,
                stage.meaning,
                rng.choice(ctx.lost_reasons) if stage.meaning == "lost" else None,
                "",
                followup,
                closed_at,
                {},
                owner_id,
                team_id,
                created,
                closed_at or created,
                1,
            )
        )
        self.rows["deal_line"].append((self.ws, deal_id, product_id, quantity, price))
        self._deal_timeline(deal_id, stage.name, created, owner_id, followup)

    # Timeline ------------------------------------------------------------------------------------------------
    def _act(
        self,
        kind: str,
        subject: str,
        when: datetime,
        actor: int | None,
        *,
        lead: int | None = None,
        deal: int | None = None,
        body: str = "",
        direction: str = "",
        channel: str = "",
        due: datetime | None = None,
        done: datetime | None = None,
        payload: Any = None,
    ) -> None:
        self.rows["activity"].append(
            (
                self.ws,
                kind,
                subject,
                body,
                direction,
                channel,
                due,
                done,
                actor if due else None,
                actor,
                "" if actor else "demo data",
                lead,
                deal,
                payload or {},
                when,
            )
        )

    def _lead_timeline(
        self, i: int, lead_id: int, stage: Any, created: datetime, owner: int | None, followup: datetime | None
    ) -> None:
        rng = self.rng
        self._act("system", "Lead created", created, None, lead=lead_id, payload={"stage": "New"})
        made, when = 1, created
        if stage.name != "New":
            when = when + timedelta(hours=rng.randint(1, 96))
            new = self.ctx.lead_stages["New"]
            self._act(
                "stage_change",
                f"New → {stage.name}",
                when,
                owner,
                lead=lead_id,
                payload={"stage": [new.id, stage.id], "stage_name": ["New", stage.name]},
            )
            made += 1
        last = activities_for(i) - (1 if followup else 0)
        while made < last:
            when = when + timedelta(hours=rng.randint(1, 72))
            self._touch(when, owner, inbound_only=stage.name == "New", lead=lead_id)
            made += 1
        if followup:
            self._act(
                rng.choice(("call", "meeting", "task")),
                f"Follow up: {rng.choice(pools.CALL_SUBJECTS)}",
                when + timedelta(minutes=5),
                owner,
                lead=lead_id,
                due=followup,
            )

    def _deal_timeline(
        self, deal_id: int, stage: str, created: datetime, owner: int | None, followup: datetime | None
    ) -> None:
        when = created + timedelta(hours=self.rng.randint(1, 96))
        self._act("system", "Deal created", created, owner, deal=deal_id)
        self._act(
            "stage_change",
            f"Qualification → {stage}",
            when,
            owner,
            deal=deal_id,
            payload={"stage_name": ["Qualification", stage]},
        )
        self._touch(when + timedelta(hours=2), owner, deal=deal_id)
        if followup:
            self._act(
                "meeting", "Apresentação da proposta", when + timedelta(hours=3), owner, deal=deal_id, due=followup
            )
        else:
            self._touch(when + timedelta(hours=3), owner, deal=deal_id)

    def _touch(self, when: datetime, actor: int | None, *, inbound_only: bool = False, **record: Any) -> None:
        """A call, email, message or note. A lead not contacted yet only receives: it has no outbound touch."""
        rng = self.rng
        roll = rng.random()
        if inbound_only:
            channel = rng.choice(("whatsapp", "chat", "email"))
            kind = "email" if channel == "email" else "message"
            subjects = pools.EMAIL_SUBJECTS if kind == "email" else pools.MESSAGE_SUBJECTS
            self._act(kind, rng.choice(subjects), when, actor, direction="in", channel=channel, **record)
            return
        if roll < 0.35:
            self._act(
                "call",
                rng.choice(pools.CALL_SUBJECTS),
                when,
                actor,
                direction="out",
                channel="phone",
                body=rng.choice(pools.NOTES),
                done=when,
                **record,
            )
        elif roll < 0.6:
            self._act(
                "email",
                rng.choice(pools.EMAIL_SUBJECTS),
                when,
                actor,
                direction=rng.choice(("in", "out")),
                channel="email",
                **record,
            )
        elif roll < 0.8:
            self._act(
                "message",
                rng.choice(pools.MESSAGE_SUBJECTS),
                when,
                actor,
                direction="in",
                channel=rng.choice(("whatsapp", "telegram", "chat")),
                **record,
            )
        else:
            self._act("note", "Note", when, actor, body=rng.choice(pools.NOTES), **record)
