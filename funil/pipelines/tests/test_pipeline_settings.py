"""Pipelines added, renamed and made default from the Settings pages."""

import pytest

from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.services import lead_create
from funil.pipelines.errors import PipelineError
from funil.pipelines.models import Meaning, Pipeline, PipelineKind, Stage
from funil.pipelines.selectors import first_open_stage
from funil.pipelines.settings_services import pipeline_create, pipeline_rename, pipeline_set_default


def test_a_new_pipeline_starts_with_one_open_stage_and_the_closing_stages_it_needs(ana):
    leads = pipeline_create(actor=ana, kind=PipelineKind.LEAD, name="Partners")
    deals = pipeline_create(actor=ana, kind=PipelineKind.DEAL, name="Renewals")
    lead_stages = list(Stage.objects.filter(pipeline=leads).order_by("position").values_list("name", "meaning"))
    assert lead_stages == [("New", Meaning.OPEN), ("Converted", Meaning.CONVERTED), ("Unqualified", Meaning.JUNK)]
    deal_stages = list(Stage.objects.filter(pipeline=deals).order_by("position").values_list("meaning", flat=True))
    assert deal_stages == [Meaning.OPEN, Meaning.WON, Meaning.LOST]
    assert not leads.is_default and not deals.is_default  # Acme already has default pipelines


def test_the_first_pipeline_of_a_kind_becomes_the_default(ana):
    Pipeline.objects.filter(workspace=ana.workspace, kind=PipelineKind.DEAL).delete()
    assert pipeline_create(actor=ana, kind=PipelineKind.DEAL, name="Sales").is_default


def test_bad_pipeline_input_is_refused(ana):
    with pytest.raises(ValidationFailed) as kind:
        pipeline_create(actor=ana, kind="contact", name="X")
    assert kind.value.errors[0].code == PipelineError.KIND_INVALID
    with pytest.raises(ValidationFailed) as empty:
        pipeline_create(actor=ana, kind=PipelineKind.LEAD, name=" ")
    assert empty.value.errors[0].code == "name_required"
    with pytest.raises(ValidationFailed) as taken:
        pipeline_create(actor=ana, kind=PipelineKind.LEAD, name="leads")
    assert taken.value.errors[0].code == "name_taken"
    pipeline_create(actor=ana, kind=PipelineKind.DEAL, name="Leads")  # names are unique per kind only


def test_making_a_pipeline_the_default_sends_new_records_there(ana):
    partners = pipeline_create(actor=ana, kind=PipelineKind.LEAD, name="Partners")
    pipeline_set_default(actor=ana, pipeline=partners)
    defaults = Pipeline.objects.filter(workspace=ana.workspace, kind=PipelineKind.LEAD, is_default=True)
    assert list(defaults) == [partners]
    assert first_open_stage(ana.workspace, PipelineKind.LEAD).pipeline == partners
    assert lead_create(actor=ana, data={"first_name": "Joana"}).pipeline_id == partners.pk
    pipeline_set_default(actor=ana, pipeline=partners)  # already the default: nothing changes
    assert defaults.count() == 1


def test_a_pipeline_is_renamed(ana):
    pipeline = Pipeline.objects.get(workspace=ana.workspace, kind=PipelineKind.DEAL)
    assert pipeline_rename(actor=ana, pipeline=pipeline, name="  New   business ").name == "New business"
    with pytest.raises(ValidationFailed):
        pipeline_rename(actor=ana, pipeline=pipeline, name="")


def test_only_acme_admins_change_acme_pipelines(ana, bruno, rita, carla):
    pipeline = Pipeline.objects.get(workspace=ana.workspace, kind=PipelineKind.DEAL)
    for outsider in (bruno, rita):
        with pytest.raises(Forbidden):
            pipeline_create(actor=outsider, kind=PipelineKind.LEAD, name="Mine")
    for outsider in (bruno, rita, carla):
        with pytest.raises(Forbidden):
            pipeline_rename(actor=outsider, pipeline=pipeline, name="Mine")
        with pytest.raises(Forbidden):
            pipeline_set_default(actor=outsider, pipeline=pipeline)
    assert Pipeline.objects.get(pk=pipeline.pk).name == "Sales"
    assert not Pipeline.objects.filter(name="Mine").exists()
