"""Installing a workspace's default pipelines, stages, reasons and sources."""

from funil.accounts.models import Workspace
from funil.catalog.models import Source

from . import defaults
from .models import CloseReason, Pipeline, PipelineKind, ReasonKind, Stage


def pipelines_install_defaults(*, workspace: Workspace) -> None:
    """Idempotent: a workspace that already has a default pipeline of a kind keeps it."""
    for kind, name, stages in (
        (PipelineKind.LEAD, "Leads", defaults.LEAD_STAGES),
        (PipelineKind.DEAL, "Sales", defaults.DEAL_STAGES),
    ):
        if Pipeline.objects.filter(workspace=workspace, kind=kind).exists():
            continue
        pipeline = Pipeline.objects.create(workspace=workspace, kind=kind, name=name, is_default=True)
        Stage.objects.bulk_create(
            Stage(
                workspace=workspace,
                pipeline=pipeline,
                name=stage_name,
                meaning=meaning,
                probability=prob,
                color=color,
                required_fields=required,
                position=i,
            )
            for i, (stage_name, meaning, prob, color, required) in enumerate(stages)
        )
    for reason_kind, names in ((ReasonKind.JUNK, defaults.JUNK_REASONS), (ReasonKind.LOST, defaults.LOST_REASONS)):
        if not CloseReason.objects.filter(workspace=workspace, kind=reason_kind).exists():
            CloseReason.objects.bulk_create(
                CloseReason(workspace=workspace, kind=reason_kind, name=n, position=i) for i, n in enumerate(names)
            )
    if not Source.objects.filter(workspace=workspace).exists():
        Source.objects.bulk_create(
            Source(workspace=workspace, name=n, kind=k, position=i) for i, (n, k) in enumerate(defaults.SOURCES)
        )
