"""Test factories: small functions that build valid records through the real services."""

from itertools import count
from typing import Any

from funil.accounts.access import Actor
from funil.deals.models import Deal
from funil.deals.services import deal_create
from funil.leads.models import Lead
from funil.leads.services import lead_create
from funil.pipelines.models import CloseReason, Meaning, Pipeline, PipelineKind, ReasonKind, Stage

_seq = count(1)


def make_lead(actor: Actor, **data: Any) -> Lead:
    owner_id = data.pop("owner_id", None)
    n = next(_seq)
    data.setdefault("first_name", f"Lead{n}")
    data.setdefault("last_name", "Pereira")
    data.setdefault("email", f"lead{n}@example.com")
    return lead_create(actor=actor, data=data, owner_id=owner_id)


def make_deal(actor: Actor, **data: Any) -> Deal:
    owner_id = data.pop("owner_id", None)
    data.setdefault("title", f"Deal {next(_seq)}")
    data.setdefault("amount", "1000.00")
    return deal_create(actor=actor, data=data, owner_id=owner_id)


def stage(actor: Actor, kind: str, name: str) -> Stage:
    return Stage.objects.get(workspace=actor.workspace, pipeline__kind=kind, pipeline__is_default=True, name=name)


def lead_stage(actor: Actor, name: str) -> Stage:
    return stage(actor, PipelineKind.LEAD, name)


def deal_stage(actor: Actor, name: str) -> Stage:
    return stage(actor, PipelineKind.DEAL, name)


def reason(actor: Actor, kind: str = ReasonKind.JUNK) -> CloseReason:
    return CloseReason.objects.filter(workspace=actor.workspace, kind=kind).first()  # type: ignore[return-value]


def second_lead_pipeline(actor: Actor) -> Pipeline:
    pipeline = Pipeline.objects.create(workspace=actor.workspace, kind=PipelineKind.LEAD, name="Partners")
    for i, (name, meaning) in enumerate([("Inbox", Meaning.OPEN), ("Dropped", Meaning.JUNK)]):
        Stage.objects.create(workspace=actor.workspace, pipeline=pipeline, name=name, meaning=meaning, position=i)
    return pipeline
