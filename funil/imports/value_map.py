"""Stage, source, campaign and owner names in a file that match nothing in the workspace: found in one pass
over the file, shown to the user with a proposed choice each (an existing row, a new source or campaign, or
left empty so the default applies), and resolved to row ids when the import starts."""

from collections import Counter
from typing import Any

from django.db import transaction

from funil.accounts.access import Actor, can
from funil.catalog.models import Campaign, Source
from funil.catalog.services.campaigns import campaign_create
from funil.catalog.services.sources import source_create

from .lookups import Lookups, fold
from .models import ImportJob
from .reading import FileFormat, read_rows

REFERENCE_TARGETS = ("stage", "source", "campaign", "owner")
CREATABLE = ("source", "campaign")
NEW = "new"
MAX_DISTINCT = 300  # a column with more distinct names is not a list of stages or sources


def scan(job: ImportJob, lookups: Lookups) -> dict[str, list[list[Any]]]:
    """{target: [[text, count], ...]} of the values that name nothing in the workspace, most frequent first."""
    columns = {i: t for i, t in enumerate(job.mapping) if t in REFERENCE_TARGETS}
    if not columns:
        return {}
    seen: dict[str, Counter[str]] = {t: Counter() for t in columns.values()}
    written: dict[str, str] = {}  # folded -> the first spelling met: "Feira" and "feira" are one value
    fmt = FileFormat(kind=job.file_kind, encoding=job.encoding, delimiter=job.delimiter)
    for row in read_rows(job.file.path, fmt):
        for index, target in columns.items():
            text = row.cells[index].strip() if index < len(row.cells) else ""
            if not text:
                continue
            key, counter = fold(text), seen[target]
            if key in counter or len(counter) < MAX_DISTINCT:
                counter[key] += 1
                written.setdefault(key, text)
    return {
        target: [[written[key], n] for key, n in counter.most_common() if lookups.get(target, key) is None]
        for target, counter in seen.items()
        if any(lookups.get(target, key) is None for key in counter)
    }


def proposed(actor: Actor, seen: dict[str, list[list[Any]]], current: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A choice for each unknown value: what the user chose before, else a new source or campaign when the
    member may create one, else empty."""
    may_create = can(actor, "settings", "update")
    choices: dict[str, dict[str, str]] = {}
    for target, values in seen.items():
        default = NEW if target in CREATABLE and may_create else ""
        chosen = current.get(target, {})
        choices[target] = {str(text): chosen.get(str(text), default) for text, _n in values}
    return choices


def check(actor: Actor, lookups: Lookups, value_map: dict[str, dict[str, str]]) -> list[str]:
    """The targets whose choices are not allowed (an unknown id, "new" where nothing can be created)."""
    allowed = {
        "stage": {str(pk) for pk in lookups.open_stages},
        "source": {str(pk) for pk in lookups.sources.values()},
        "campaign": {str(pk) for pk in lookups.campaigns.values()},
        "owner": {str(pk) for pk in lookups.owners.values()},
    }
    may_create = can(actor, "settings", "update")
    wrong = []
    for target, choices in value_map.items():
        for choice in choices.values():
            ok = choice == "" or choice in allowed.get(target, set())
            ok = ok or (choice == NEW and target in CREATABLE and may_create)
            if not ok:
                wrong.append(target)
                break
    return wrong


def create_new(actor: Actor, job: ImportJob) -> dict[str, dict[str, str]]:
    """Sources and campaigns chosen as "new", created (or found, when one of that name appeared meanwhile)."""
    resolved: dict[str, dict[str, str]] = {}
    with transaction.atomic():
        for target, choices in job.value_map.items():
            resolved[target] = {}
            for text, choice in choices.items():
                if choice == NEW:
                    choice = str(_create(actor, target, text))
                resolved[target][text] = choice
    return resolved


def _create(actor: Actor, target: str, text: str) -> int:
    name = text.strip()[:120]
    if target == "source":
        found = Source.objects.filter(workspace=actor.workspace, name__iexact=name).first()
        return (found or source_create(actor=actor, data={"name": name})).pk
    found_campaign = Campaign.objects.filter(workspace=actor.workspace, name__iexact=name).first()
    return (found_campaign or campaign_create(actor=actor, data={"name": name})).pk


def folded(value_map: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The map keyed as rows are looked up (folded text)."""
    return {target: {fold(text): choice for text, choice in choices.items()} for target, choices in value_map.items()}
