"""The workspace's duplicates report: clusters of leads that may be one person, three kinds, each paged on its own.

- Flagged: connected groups of open lead-to-lead duplicate flags (intake matching wrote them), newest first.
- Same email / same phone: open leads sharing a normalised email, or an E.164 number as phone or mobile. Grouped
  counts read in value order from the (workspace, email), (workspace, phone) and (workspace, mobile) indexes
  alone, keyset-paged on the value with a bounded scan per page; only that page's leads are then read.
Pairs someone marked as not duplicates (a resolved flag between them) leave a cluster once all its pairs are.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count, Q, QuerySet

from funil.accounts.access import Actor, scoped
from funil.intake.models import DuplicateFlag
from funil.leads.models import Lead, LeadStatus

from .services import MAX_MERGED

PAGE_SIZE = 20
CHUNK = 2000  # distinct values read per column and query
SCAN_BUDGET = 100_000  # distinct values read per page at most
FLAG_CAP = 20_000  # the newest open flags a page of flagged clusters is computed from
SHOWN_PER_CLUSTER = MAX_MERGED + 1  # as many as one merge takes


@dataclass
class Cluster:
    kind: str  # flags, email or phone
    key: str  # the shared value, or the flagged lead ids
    leads: list[Lead]
    reasons: list[str]  # the flags' labels (intake wrote them)
    confidence: float | None = None


@dataclass
class ClusterPage:
    clusters: list[Cluster]
    next: str = ""  # the next page number (flagged) or value cursor (email, phone); empty on the last page


def flag_clusters(actor: Actor, page: int = 0, size: int = PAGE_SIZE) -> ClusterPage:
    visible = scoped(actor, Lead).values("pk")
    flags = (
        DuplicateFlag.objects.filter(
            workspace=actor.workspace,
            resolved_at__isnull=True,
            other_lead__isnull=False,
            lead__in=visible,
            other_lead__in=visible,
        )
        .order_by("-id")
        .values_list("lead_id", "other_lead_id", "label", "confidence")[:FLAG_CAP]
    )
    groups = _connected(flags)
    page = max(page, 0)
    chosen = groups[page * size : (page + 1) * size]
    leads = _leads(scoped(actor, Lead).filter(pk__in=[pk for ids, _, _ in chosen for pk in ids]))
    clusters = [
        Cluster(
            kind="flags",
            key="-".join(map(str, sorted(ids))),
            leads=[leads[pk] for pk in sorted(ids) if pk in leads][:SHOWN_PER_CLUSTER],
            reasons=sorted(labels),
            confidence=confidence,
        )
        for ids, labels, confidence in chosen
    ]
    more = len(groups) > (page + 1) * size
    return ClusterPage([c for c in clusters if len(c.leads) > 1], str(page + 1) if more else "")


def _connected(flags: Iterable[tuple[int, int, str, float]]) -> list[tuple[set[int], set[str], float]]:
    """Union-find over the flag pairs; groups in the order their newest flag was read."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows = list(flags)
    for a, b, _label, _conf in rows:
        parent[root(a)] = root(b)
    groups: dict[int, tuple[set[int], set[str], list[float]]] = {}
    for a, b, label, conf in rows:
        ids, labels, confs = groups.setdefault(root(a), (set(), set(), []))
        ids.update((a, b))
        labels.add(label)
        confs.append(conf)
    return [(ids, labels, max(confs)) for ids, labels, confs in groups.values()]


def same_email(actor: Actor, cursor: str = "", size: int = PAGE_SIZE) -> ClusterPage:
    values, after = shared_values(actor, ("email_normalized",), cursor, size)
    leads = _leads(_open(actor).filter(email_normalized__in=values)).values()
    clusters = [Cluster("email", v, [lead for lead in leads if lead.email_normalized == v], []) for v in values]
    return ClusterPage(_undismissed(clusters), after)


def same_phone(actor: Actor, cursor: str = "", size: int = PAGE_SIZE) -> ClusterPage:
    """A number shared as phone or as mobile: one lead's phone may be another's mobile."""
    values, after = shared_values(actor, ("phone_e164", "mobile_e164"), cursor, size)
    leads = _leads(_open(actor).filter(Q(phone_e164__in=values) | Q(mobile_e164__in=values))).values()
    clusters = [
        Cluster("phone", v, [lead for lead in leads if v in (lead.phone_e164, lead.mobile_e164)], []) for v in values
    ]
    return ClusterPage(_undismissed(clusters), after)


def _open(actor: Actor) -> QuerySet[Lead]:
    return scoped(actor, Lead).filter(status=LeadStatus.OPEN)


def shared_values(actor: Actor, columns: tuple[str, ...], cursor: str, size: int) -> tuple[list[str], str]:
    """Values after `cursor` that more than one lead of the workspace holds in any of `columns`, in order, and
    the cursor of the next page ("" at the end).

    Each column is read in chunks of (value, count) from its (workspace, column) index alone (no status or scope
    filter, which would need the table: the page's leads are filtered afterwards), and the chunks are merged up
    to the smallest last value read. At most SCAN_BUDGET values are read per page, so a page costs the same
    wherever it is and however rare duplicates are; a page may then hold fewer clusters, with a next page."""
    found: list[str] = []
    scanned = 0
    while True:
        chunks = {column: _counts(actor, column, cursor) for column in columns}
        full = [rows[-1][0] for rows in chunks.values() if len(rows) == CHUNK]
        bound = min(full) if full else None  # every value up to here is counted in every column
        totals: dict[str, int] = {}
        for rows in chunks.values():
            for value, n in rows:
                if bound is None or value <= bound:
                    totals[value] = totals.get(value, 0) + n
        found += sorted(value for value, n in totals.items() if n > 1)
        scanned += sum(len(rows) for rows in chunks.values())
        if len(found) > size:
            return found[:size], found[size - 1]
        if bound is None:
            return found, ""
        cursor = bound
        if scanned >= SCAN_BUDGET:
            return found, cursor


def _counts(actor: Actor, column: str, cursor: str) -> list[tuple[str, int]]:
    rows = (
        Lead.all_objects.filter(workspace=actor.workspace, **{f"{column}__gt": cursor})
        .values_list(column)
        .annotate(n=Count("*"))
        .order_by(column)[:CHUNK]
    )
    return [(value, n) for value, n in rows]


def _leads(qs: QuerySet[Lead]) -> dict[int, Lead]:
    return {lead.pk: lead for lead in qs.select_related("owner", "stage").order_by("created_at", "id")}


def _undismissed(clusters: list[Cluster]) -> list[Cluster]:
    """Drop the clusters every pair of which was marked as not duplicates; trim the rest for display."""
    ids = {lead.pk for cluster in clusters for lead in cluster.leads}
    dismissed = {
        frozenset(pair)
        for pair in DuplicateFlag.objects.filter(
            lead_id__in=ids, other_lead_id__in=ids, resolved_at__isnull=False
        ).values_list("lead_id", "other_lead_id")
    }
    kept = []
    for cluster in clusters:
        pairs = {frozenset(pair) for pair in combinations([lead.pk for lead in cluster.leads], 2)}
        if pairs and not pairs <= dismissed:
            cluster.leads = cluster.leads[:SHOWN_PER_CLUSTER]
            kept.append(cluster)
    return kept
