"""The pipeline and stage pages: add, rename inline, reorder with the keyboard's buttons, edit, remove."""

from django.urls import reverse

from funil.leads.services import lead_create
from funil.pipelines.models import Pipeline, PipelineKind, Stage
from funil.testing.factories import lead_stage

HTMX = {"HTTP_HX_REQUEST": "true"}


def lead_pipeline(actor):
    return Pipeline.objects.get(workspace=actor.workspace, kind=PipelineKind.LEAD, is_default=True)


def order(pipeline):
    return list(Stage.objects.filter(pipeline=pipeline).order_by("position").values_list("name", flat=True))


def test_the_pipeline_page_lists_stages_with_their_records_in_few_queries(client, ana, django_assert_max_num_queries):
    pipeline = lead_pipeline(ana)
    for _ in range(3):
        lead_create(actor=ana, data={"first_name": "Joana"}, stage=lead_stage(ana, "Contacted"))
    client.force_login(ana.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("web:settings_pipeline", args=[pipeline.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("New") < body.index("Contacted") < body.index("Unqualified")
    assert 'aria-label="Move New up"' in body and "Add a stage" in body
    assert response.context["rows"][1].records == 3


def test_adding_a_stage_shows_errors_next_to_the_fields_and_then_adds_it(client, ana):
    pipeline = lead_pipeline(ana)
    url = reverse("web:settings_pipeline", args=[pipeline.pk])
    client.force_login(ana.user)
    bad = client.post(url, {"name": "", "meaning": "won", "color": "#64748b", "probability": "150"})
    assert bad.status_code == 422
    assert set(bad.context["errors"]) == {"name", "meaning", "probability"}
    assert bad.content.decode().count('class="field-error"') >= 3
    good = client.post(url, {"name": "Demo booked", "meaning": "open", "color": "#22c55e", "probability": "60"})
    assert good.status_code == 302
    assert order(pipeline)[4] == "Demo booked"


def test_a_stage_is_renamed_inline_with_htmx_and_without(client, ana):
    stage = lead_stage(ana, "Nurturing")
    url = reverse("web:settings_stage_rename", args=[stage.pk])
    client.force_login(ana.user)
    form = client.get(url, **HTMX)
    assert 'name="name"' in form.content.decode() and f'id="rename-stage-{stage.pk}"' in form.content.decode()
    bad = client.post(url, {"name": "Contacted"}, **HTMX)
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    good = client.post(url, {"name": "Warming up"}, **HTMX)
    assert good.status_code == 200 and "Warming up" in good.content.decode() and "<form" not in good.content.decode()
    assert client.get(url + "?cancel=1", **HTMX).content.decode().count("<form") == 0
    # Without JavaScript: the link opens the page with the row as a form, and saving goes back to the page.
    opened = client.get(url)
    assert opened.status_code == 302 and f"rename_stage={stage.pk}" in opened.url
    page = client.get(opened.url)
    assert f'id="rename-input-stage-{stage.pk}"' in page.content.decode()
    assert client.post(url, {"name": "Nurturing again"}).status_code == 302
    assert Stage.objects.get(pk=stage.pk).name == "Nurturing again"


def test_saving_a_default_name_unchanged_keeps_it_a_default(client, ana):
    stage = lead_stage(ana, "Nurturing")
    client.force_login(ana.user)
    client.post(reverse("web:settings_stage_rename", args=[stage.pk]), {"name": "Nurturing"}, **HTMX)
    assert Stage.objects.get(pk=stage.pk).name == "Nurturing"


def test_stages_are_reordered_with_htmx_keeping_the_pressed_button(client, ana):
    pipeline, stage = lead_pipeline(ana), lead_stage(ana, "Contacted")
    url = reverse("web:settings_stage_move", args=[stage.pk])
    client.force_login(ana.user)
    response = client.post(url, {"direction": "up"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<section class="panel" id="stages"')
    assert f'id="stage-{stage.pk}-up"' in body and "Contacted moved up." in body
    assert order(pipeline)[:2] == ["Contacted", "New"]
    plain = client.post(url, {"direction": "down"})
    assert plain.status_code == 302 and plain.url.endswith("#stages")
    assert order(pipeline)[:2] == ["New", "Contacted"]
    assert "Contacted moved down." in client.get(plain.url).content.decode()  # said on the page without htmx too
    refused = client.post(url, {"direction": "left"}, **HTMX)
    assert refused.status_code == 422 and "Move up or down." in refused.content.decode()


def test_the_stage_page_edits_colour_probability_and_required_fields(client, ana):
    stage = lead_stage(ana, "Qualified")
    url = reverse("web:settings_stage", args=[stage.pk])
    client.force_login(ana.user)
    page = client.get(url).content.decode()
    assert 'value="budget" checked' in page and 'value="products"' in page
    bad = client.post(url, {"name": "Qualified", "meaning": "open", "color": "blue", "probability": "50"})
    assert bad.status_code == 422 and "colour is written" in bad.context["errors"]["color"]
    assert "field-error" in bad.content.decode()
    good = client.post(
        url,
        {
            "name": "Qualified",
            "meaning": "open",
            "color": "#f59e0b",
            "probability": "55",
            "required_fields": ["budget", "email"],
        },
    )
    assert good.status_code == 302
    stored = Stage.objects.get(pk=stage.pk)
    assert (stored.probability, stored.required_fields) == (55, ["budget", "email"])


def test_removing_a_stage_with_leads_is_refused_with_a_clear_message(client, ana):
    stage = lead_stage(ana, "Nurturing")
    lead_create(actor=ana, data={"first_name": "Joana"}, stage=stage)
    client.force_login(ana.user)
    response = client.post(reverse("web:settings_stage_delete", args=[stage.pk]), follow=True)
    assert "1 leads are in Nurturing. Move its records to another stage first." in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()
    empty = lead_stage(ana, "Contacted")
    client.post(reverse("web:settings_stage_delete", args=[empty.pk]))
    assert not Stage.objects.filter(pk=empty.pk).exists()


def test_a_pipeline_is_added_renamed_and_made_default(client, ana):
    client.force_login(ana.user)
    bad = client.post(reverse("web:settings_pipelines"), {"kind": "lead", "name": "Leads"})
    assert bad.status_code == 422 and bad.context["errors"]["name"]
    created = client.post(reverse("web:settings_pipelines"), {"kind": "lead", "name": "Partners"})
    partners = Pipeline.objects.get(workspace=ana.workspace, name="Partners")
    assert created.url == reverse("web:settings_pipeline", args=[partners.pk])
    client.post(reverse("web:settings_pipeline_rename", args=[partners.pk]), {"name": "Resellers"}, **HTMX)
    client.post(reverse("web:settings_pipeline_default", args=[partners.pk]))
    partners.refresh_from_db()
    assert (partners.name, partners.is_default) == ("Resellers", True)


def test_reasons_are_added_renamed_and_retired_from_their_page(client, ana):
    from funil.pipelines.models import CloseReason

    client.force_login(ana.user)
    url = reverse("web:settings_reasons")
    bad = client.post(url, {"kind": "junk", "name": "Spam"})
    assert bad.status_code == 422 and "already in use" in bad.content.decode()
    client.post(url, {"kind": "lost", "name": "Went silent"})
    reason = CloseReason.objects.get(workspace=ana.workspace, name="Went silent")
    client.post(reverse("web:settings_reason_rename", args=[reason.pk]), {"name": "Ghosted"}, **HTMX)
    client.post(reverse("web:settings_reason_active", args=[reason.pk]), {"active": "0"})
    reason.refresh_from_db()
    assert (reason.kind, reason.name, reason.active) == ("lost", "Ghosted", False)
    assert "Bring back Ghosted" in client.get(url).content.decode()


def test_an_inline_stage_rename_refreshes_the_stage_list_that_names_it(client, ana):
    stage = lead_stage(ana, "Nurturing")
    client.force_login(ana.user)
    renamed = client.post(reverse("web:settings_stage_rename", args=[stage.pk]), {"name": "Warming up"}, **HTMX)
    assert renamed.headers["HX-Trigger"] == "stages-changed"
    assert f'id="rename-link-stage-{stage.pk}"' in renamed.content.decode()  # focus returns to the link
    part = client.get(reverse("web:settings_pipeline", args=[stage.pipeline_id]) + "?part=stages", **HTMX)
    body = part.content.decode()
    assert body.lstrip().startswith('<section class="panel" id="stages"') and "Move Warming up up" in body
    assert "<html" not in body


def test_the_overview_tells_who_changed_which_setting(client, ana):
    stage = lead_stage(ana, "Nurturing")
    client.force_login(ana.user)
    client.post(reverse("web:settings_stage_rename", args=[stage.pk]), {"name": "Warming up"})
    body = client.get(reverse("web:settings")).content.decode()
    assert "Stage <strong>Warming up</strong> changed" in body and "(name)" in body and "Ana Souza" in body
