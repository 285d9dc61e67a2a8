"""Every write of the Settings pages to pipelines, stages and close reasons; each keeps the pipelines usable."""

from .pipelines import pipeline_create, pipeline_rename, pipeline_set_default
from .reasons import reason_create, reason_rename, reason_set_active
from .stages import stage_create, stage_delete, stage_move, stage_update

__all__ = [
    "pipeline_create",
    "pipeline_rename",
    "pipeline_set_default",
    "reason_create",
    "reason_rename",
    "reason_set_active",
    "stage_create",
    "stage_delete",
    "stage_move",
    "stage_update",
]
