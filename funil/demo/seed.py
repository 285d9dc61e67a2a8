"""`funil demo`: a realistic workspace to try Funil, or a very large one to measure it.

The workspace, its members and its settings are made through the ordinary services; the bulk of records
(leads, contacts, companies, deals, the timeline) is generated deterministically and loaded in bulk.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from funil.accounts.models import Membership, User, Workspace
from funil.accounts.roles import Role
from funil.accounts.services import member_add, team_create, workspace_create
from funil.activities.models import Activity
from funil.catalog.models import Campaign, CustomField, Product, Source
from funil.contacts.models import Company, Contact
from funil.core.errors import DomainError
from funil.deals.models import Deal, DealLine
from funil.leads import stage_totals
from funil.leads.models import Lead
from funil.pipelines.models import CloseReason, Pipeline, PipelineKind, ReasonKind, Stage

from . import pools
from .bulk import load, reserve_ids
from .generator import DemoContext, Generator, IdBlocks, StageRef
from .indexes import deferred_indexes

DEMO_WORKSPACE = "Funil Demo"
ADMIN_EMAIL = "admin@funil-demo.com"
TEAM_MEMBERS = {
    "Brasil": [
        ("Mariana Costa", "manager"),
        ("Rafael Almeida", "salesperson"),
        ("Juliana Rocha", "salesperson"),
        ("Thiago Nunes", "salesperson"),
    ],
    "Iberia": [
        ("Lucía Navarro", "manager"),
        ("Tiago Ferreira", "salesperson"),
        ("Carmen Ruiz", "salesperson"),
        ("Daniel Moreno", "salesperson"),
    ],
}


@dataclass
class DemoResult:
    workspace: Workspace
    email: str
    password: str
    created: bool
    counts: dict[str, int]
    seconds: float


def credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.txt"


def _password() -> str:
    path = credentials_file()
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


def demo_load(
    *, leads: int = 2000, seed: int = 42, name: str = DEMO_WORKSPACE, progress: Callable[[str], None] = print
) -> DemoResult:
    """Create the demo workspace and fill it; a workspace of that name that has leads is reused as it is."""
    started = time.perf_counter()
    existing = Workspace.objects.filter(name=name).first()
    if existing and not Membership.objects.filter(workspace=existing, user__email=ADMIN_EMAIL).exists():
        raise DomainError("not_a_demo_workspace", f"{name!r} is a real workspace; demo data goes elsewhere.")
    fresh_password = not credentials_file().exists()
    password = _password()
    if existing and fresh_password:
        # The credentials file was lost (a new checkout on the same database): the printed password must work.
        User.objects.filter(memberships__workspace=existing, email__endswith="@funil-demo.com").update(
            password=make_password(password)
        )
    if existing and Lead.objects.filter(workspace=existing).exists():
        return DemoResult(existing, ADMIN_EMAIL, password, False, {}, time.perf_counter() - started)
    workspace = existing or _workspace(name, password)
    ctx = _context(workspace)
    counts = _fill(ctx, leads=leads, seed=seed, progress=progress)
    return DemoResult(workspace, ADMIN_EMAIL, password, True, counts, time.perf_counter() - started)


def _workspace(name: str, password: str) -> Workspace:
    with transaction.atomic():
        workspace = workspace_create(name=name, currency="BRL", country="BR", language="pt-br")
        admin = member_add(workspace=workspace, email=ADMIN_EMAIL, role=Role.ADMIN, full_name="Admin Demo")
        User.objects.filter(pk=admin.user_id).update(is_staff=True, is_superuser=True)
        for team_name, people in TEAM_MEMBERS.items():
            team = team_create(workspace=workspace, name=team_name)
            for full_name, role in people:
                email = f"{full_name.split()[0].lower()}@funil-demo.com".replace("í", "i")
                member_add(workspace=workspace, email=email, role=role, full_name=full_name, team=team)
        member_add(
            workspace=workspace, email="marketing@funil-demo.com", role=Role.MARKETING, full_name="Paula Marketing"
        )
        member_add(workspace=workspace, email="viewer@funil-demo.com", role=Role.READ_ONLY, full_name="Victor Viewer")
        # Every demo member logs in with the printed password; hashed once, as hashing is slow by design.
        User.objects.filter(memberships__workspace=workspace).update(password=make_password(password))
        _catalog(workspace)
    return workspace


def _catalog(workspace: Workspace) -> None:
    for name, sku, price in pools.PRODUCTS:
        Product.objects.create(
            workspace=workspace, name=name, sku=sku, price=Decimal(price), currency=workspace.currency
        )
    sources = {s.kind: s for s in Source.objects.filter(workspace=workspace)}
    today = timezone.localdate()
    for i, (name, kind, cost) in enumerate(pools.CAMPAIGNS):
        Campaign.objects.create(
            workspace=workspace,
            name=name,
            source=sources.get(kind),
            cost=Decimal(cost),
            currency=workspace.currency,
            starts_on=today.replace(day=1) if i % 2 else None,
        )
    CustomField.objects.create(
        workspace=workspace,
        entity="lead",
        key="segment",
        label="Segment",
        type="choice",
        choices=["SMB", "Mid-market", "Enterprise", "Public sector"],
        is_qualifier=True,
    )
    CustomField.objects.create(
        workspace=workspace,
        entity="lead",
        key="employees",
        label="Employees",
        type="number",
        is_qualifier=True,
        position=1,
    )


def _stages(workspace: Workspace, kind: str) -> tuple[int, dict[str, StageRef]]:
    pipeline = Pipeline.objects.get(workspace=workspace, kind=kind, is_default=True)
    stages = {s.name: StageRef(s.pk, s.name, s.meaning, s.probability) for s in Stage.objects.filter(pipeline=pipeline)}
    return pipeline.pk, stages


def _context(workspace: Workspace) -> DemoContext:
    lead_pipeline, lead_stages = _stages(workspace, PipelineKind.LEAD)
    deal_pipeline, deal_stages = _stages(workspace, PipelineKind.DEAL)
    owners: list[tuple[int, int | None]] = list(
        Membership.objects.filter(workspace=workspace, role__in=[Role.SALESPERSON, Role.MANAGER, Role.ADMIN])
        .order_by("pk")
        .values_list("user_id", "team_id")
    )
    return DemoContext(
        workspace_id=workspace.pk,
        currency=workspace.currency,
        now=timezone.now(),
        owners=owners,
        lead_pipeline_id=lead_pipeline,
        deal_pipeline_id=deal_pipeline,
        lead_stages=lead_stages,
        deal_stages=deal_stages,
        sources=list(Source.objects.filter(workspace=workspace).order_by("pk").values_list("pk", "kind")),
        campaigns=list(Campaign.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True)),
        products=list(Product.objects.filter(workspace=workspace).order_by("pk").values_list("pk", "price")),
        junk_reasons=list(
            CloseReason.objects.filter(workspace=workspace, kind=ReasonKind.JUNK).values_list("pk", flat=True)
        ),
        lost_reasons=list(
            CloseReason.objects.filter(workspace=workspace, kind=ReasonKind.LOST).values_list("pk", flat=True)
        ),
    )


def _fill(ctx: DemoContext, *, leads: int, seed: int, progress: Callable[[str], None]) -> dict[str, int]:
    started = time.perf_counter()
    gen = Generator(ctx, leads=leads, seed=seed)
    tables: dict[str, type[models.Model]] = {
        "company": Company,
        "contact": Contact,
        "lead": Lead,
        "lead_product": Lead.products.through,
        "deal": Deal,
        "deal_line": DealLine,
        "activity": Activity,
    }
    unvalidated: list[list[str]] = []
    with (
        transaction.atomic(),
        deferred_indexes(list(tables.values()), enabled=leads >= 50_000, unvalidated=unvalidated),
    ):
        # Sparse blocks: a contact or deal takes the index of the lead it came from, so chunks need no shared counter.
        ids = IdBlocks(
            company=reserve_ids(Company, gen.n_companies),
            contact=reserve_ids(Contact, leads),
            lead=reserve_ids(Lead, leads),
            deal=reserve_ids(Deal, leads),
        )
        totals_kept = connection.vendor == "postgresql"
        if totals_kept:  # one recount at the end instead of a trigger call per loaded lead
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE needs no pending trigger events
                cursor.execute("ALTER TABLE leads_lead DISABLE TRIGGER leads_stage_totals_trg")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # the load references rows it loads later
        counts = load(gen, ids, tables, progress)
        if totals_kept:
            stage_totals.rebuild(ctx.workspace_id)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE leads_lead ENABLE TRIGGER leads_stage_totals_trg")
        progress(f"  loaded in {time.perf_counter() - started:.1f} s; building indexes and checking foreign keys")
    progress(f"  committed in {time.perf_counter() - started:.1f} s")
    if unvalidated:
        from .tasks import validate_loaded_foreign_keys

        validate_loaded_foreign_keys.enqueue(unvalidated)
        progress(f"  {len(unvalidated)} foreign keys enforced; the worker checks the loaded rows against them")
    if connection.vendor == "postgresql":
        # VACUUM sets the visibility map too, so counts can be answered from indexes alone right away
        # (it cannot run inside a transaction: then statistics are all we refresh).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in tables.values():
                cursor.execute(f"{command} {model._meta.db_table}")
    for table, n in counts.items():
        progress(f"  {table}: {n:,} rows")
    return counts
