"""Pipelines and their ordered stages, for leads and for deals; close reasons for junk leads and lost deals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from funil.core.models import WorkspaceScoped


class PipelineKind(models.TextChoices):
    LEAD = "lead", _("Leads")
    DEAL = "deal", _("Deals")


class Meaning(models.TextChoices):
    """What entering a stage means for the record's status."""

    OPEN = "open", _("Open")
    CONVERTED = "converted", _("Converted")
    JUNK = "junk", _("Junk")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


LEAD_MEANINGS = {Meaning.OPEN, Meaning.CONVERTED, Meaning.JUNK}
DEAL_MEANINGS = {Meaning.OPEN, Meaning.WON, Meaning.LOST}


class Pipeline(WorkspaceScoped):
    ACCESS_ENTITY = "settings"

    kind = models.CharField(max_length=4, choices=PipelineKind.choices)
    name = models.CharField(max_length=120)
    is_default = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind", "name"], name="pipeline_unique_name"),
            models.UniqueConstraint(
                fields=["workspace", "kind"], condition=models.Q(is_default=True), name="pipeline_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(WorkspaceScoped):
    ACCESS_ENTITY = "settings"

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    meaning = models.CharField(max_length=10, choices=Meaning.choices, default=Meaning.OPEN)
    probability = models.PositiveSmallIntegerField(default=0, help_text="Default probability, 0-100.")
    color = models.CharField(max_length=7, default="#64748b")
    required_fields = models.JSONField(
        default=list, blank=True, help_text="Fields a record must have filled before entering this stage."
    )

    class Meta:
        ordering = ["pipeline_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__lte=100), name="stage_probability_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closing(self) -> bool:
        return self.meaning != Meaning.OPEN


class ReasonKind(models.TextChoices):
    JUNK = "junk", _("Junk lead")
    LOST = "lost", _("Lost deal")


class CloseReason(WorkspaceScoped):
    ACCESS_ENTITY = "settings"

    kind = models.CharField(max_length=4, choices=ReasonKind.choices)
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "kind", "name"], name="reason_unique_name")]

    def __str__(self) -> str:
        return self.name
