"""Names in a file resolved to the workspace's own rows once per job: a stage, source or campaign by its name
(as stored, or as a default name reads in English, Portuguese or Spanish), an owner by email or full name."""

import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext

from funil.accounts.models import Membership, Workspace
from funil.catalog.models import Campaign, Source
from funil.pipelines.defaults import DEFAULT_LABELS
from funil.pipelines.models import Meaning, Pipeline, Stage

LANGUAGES = ("en", "pt-br", "es")


def fold(text: str) -> str:
    """Lower case, accents and extra spaces gone: "  Negociação " and "negociacao" are the same name."""
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(ch for ch in plain if not unicodedata.combining(ch)).split())


def _names(name: str) -> set[str]:
    """A name as written, and a default name as each language shows it."""
    found = {fold(name)}
    if name in DEFAULT_LABELS:
        for language in LANGUAGES:
            with translation.override(language):
                found.add(fold(gettext(name)))
    return found


@dataclass
class Lookups:
    stages: dict[str, int] = field(default_factory=dict)
    open_stages: set[int] = field(default_factory=set)
    stage_pipeline: dict[int, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    owners: dict[str, int] = field(default_factory=dict)
    teams: dict[int, int | None] = field(default_factory=dict)  # owner -> their team
    import_source: int | None = None  # the source of rows that name none

    def get(self, target: str, text: str) -> int | None:
        table = {"stage": self.stages, "source": self.sources, "campaign": self.campaigns, "owner": self.owners}
        return table[target].get(fold(text))


def load_lookups(workspace: Workspace, pipeline_kind: str | None) -> Lookups:
    found = Lookups()
    default = Pipeline.objects.filter(workspace=workspace, kind=pipeline_kind or "", is_default=True).first()
    # The default pipeline's stages win over same-named stages elsewhere.
    stages = Stage.objects.filter(workspace=workspace, pipeline__kind=pipeline_kind or "").order_by("position")
    for stage in sorted(stages, key=lambda s: s.pipeline_id != (default.pk if default else None)):
        for name in _names(stage.name):
            found.stages.setdefault(name, stage.pk)
        found.stage_pipeline[stage.pk] = stage.pipeline_id
        if stage.meaning == Meaning.OPEN:
            found.open_stages.add(stage.pk)
    for source in Source.objects.filter(workspace=workspace, active=True).order_by("position", "pk"):
        for name in _names(source.name):
            found.sources.setdefault(name, source.pk)
        if source.kind == "import" and found.import_source is None:
            found.import_source = source.pk
    for campaign in Campaign.objects.filter(workspace=workspace):
        found.campaigns.setdefault(fold(campaign.name), campaign.pk)
    members = Membership.objects.filter(workspace=workspace, is_active=True).select_related("user")
    for member in members:
        found.owners[fold(member.user.email)] = member.user_id
        if member.user.full_name:
            found.owners.setdefault(fold(member.user.full_name), member.user_id)
        found.teams[member.user_id] = member.team_id
    return found
