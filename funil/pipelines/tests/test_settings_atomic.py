"""A settings change and its audit row are one transaction: if the audit row cannot be written, nothing changed."""

from unittest import mock

import pytest

from funil.accounts.models import Membership
from funil.accounts.services import member_deactivate, team_set_members
from funil.catalog.models import Product
from funil.catalog.services import product_create
from funil.pipelines.models import Stage
from funil.pipelines.settings_services import stage_create, stage_delete, stage_move
from funil.testing.factories import lead_stage


def failing_audit():
    return mock.patch("funil.accounts.audit.AuditEntry.objects.create", side_effect=RuntimeError("audit down"))


def order(actor) -> list[tuple[str, int]]:
    stages = Stage.objects.filter(workspace=actor.workspace, pipeline__kind="lead").order_by("position")
    return list(stages.values_list("name", "position"))


@pytest.mark.parametrize(
    "write",
    [
        lambda a: stage_create(actor=a, pipeline=lead_stage(a, "New").pipeline, data={"name": "Demo"}),
        lambda a: stage_move(actor=a, stage=lead_stage(a, "Contacted"), direction="up"),
        lambda a: stage_delete(actor=a, stage=lead_stage(a, "Nurturing")),
    ],
    ids=["stage_create", "stage_move", "stage_delete"],
)
def test_a_stage_write_whose_audit_row_fails_leaves_the_pipeline_as_it_was(ana, write):
    before = order(ana)
    with failing_audit(), pytest.raises(RuntimeError):
        write(ana)
    assert order(ana) == before


def test_member_and_catalog_writes_whose_audit_row_fails_leave_nothing(ana, bruno, sales_team):
    with failing_audit(), pytest.raises(RuntimeError):
        member_deactivate(actor=ana, membership=bruno.membership)
    with failing_audit(), pytest.raises(RuntimeError):
        team_set_members(actor=ana, team=sales_team, user_ids=[])
    with failing_audit(), pytest.raises(RuntimeError):
        product_create(actor=ana, data={"name": "CRM"})
    assert Membership.objects.get(pk=bruno.membership.pk).is_active
    assert Membership.objects.filter(team=sales_team).count() == 2
    assert not Product.objects.filter(workspace=ana.workspace).exists()
