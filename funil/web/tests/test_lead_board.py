from django.urls import reverse

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead
from funil.testing.factories import lead_stage, make_lead, reason


def test_the_board_shows_each_stage_with_its_count_and_cards(client, ana, bruno):
    make_lead(ana, first_name="Alice", company_name="Padaria Boa", expected_value="100")
    make_lead(ana, first_name="Berta", owner_id=bruno.user.pk, expected_value="250")
    client.force_login(ana.user)
    response = client.get(reverse("web:lead_board"))
    assert response.status_code == 200
    new = response.context["columns"][0]
    assert (new.stage.name, new.count, new.total) == ("New", 2, 250 + 100)
    body = response.content.decode()
    assert "Alice" in body and "Padaria Boa" in body and 'data-testid="count-New"' in body


def test_bruno_sees_only_his_cards_and_carla_sees_none(client, ana, bruno, carla):
    make_lead(ana, first_name="Alice")
    make_lead(ana, first_name="Berta", owner_id=bruno.user.pk)
    client.force_login(bruno.user)
    body = client.get(reverse("web:lead_board")).content.decode()
    assert "Berta" in body and "Alice" not in body
    client.force_login(carla.user)
    response = client.get(reverse("web:lead_board"))
    assert sum(c.count for c in response.context["columns"]) == 0


def test_filters_live_in_the_url_and_bad_values_are_reported(client, ana, bruno):
    make_lead(ana, first_name="Alice", company_name="Padaria Boa")
    make_lead(ana, first_name="Berta", owner_id=bruno.user.pk)
    client.force_login(ana.user)
    response = client.get(reverse("web:lead_board") + "?owner=me&q=padaria")
    assert [c.first_name for c in response.context["columns"][0].cards] == ["Alice"]
    response = client.get(reverse("web:lead_board") + "?score_min=lots&created_from=yesterday")
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"score_min", "created_from"}


def test_load_more_pages_a_column_without_repeating_cards(client, ana):
    for i in range(25):
        make_lead(ana, first_name=f"L{i:02d}")
    client.force_login(ana.user)
    first = client.get(reverse("web:lead_board")).context["columns"][0]
    assert len(first.cards) == 20 and first.next_cursor
    more = client.get(reverse("web:lead_board_column", args=[first.stage.pk]) + f"?cursor={first.next_cursor}")
    names = {c.first_name for c in first.cards} | {c.first_name for c in more.context["cards"]}
    assert len(names) == 25 and more.context["next_cursor"] is None


def test_moving_a_card_goes_through_lead_move(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(
        reverse("web:lead_move", args=[lead.pk]),
        {"stage": lead_stage(ana, "Contacted").pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response.headers["HX-Location"]
    assert Lead.objects.get(pk=lead.pk).stage.name == "Contacted"
    assert Activity.objects.filter(lead=lead, kind=Kind.STAGE_CHANGE).count() == 1


def test_a_stale_card_is_refused_with_a_clear_message(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    client.post(reverse("web:lead_move", args=[lead.pk]), {"stage": lead_stage(ana, "Contacted").pk, "version": 1})
    response = client.post(
        reverse("web:lead_move", args=[lead.pk]), {"stage": lead_stage(ana, "Nurturing").pk, "version": 1}, follow=True
    )
    assert Lead.objects.get(pk=lead.pk).stage.name == "Contacted"
    assert "changed this record meanwhile" in response.content.decode()


def test_moving_into_junk_asks_for_the_reason_first(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    junk = lead_stage(ana, "Unqualified")
    asked = client.post(
        reverse("web:lead_move", args=[lead.pk]), {"stage": junk.pk, "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert asked.headers["HX-Retarget"] == "#dialog" and 'name="junk_reason"' in asked.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == "open"
    client.post(
        reverse("web:lead_move", args=[lead.pk]), {"stage": junk.pk, "version": 1, "junk_reason": reason(ana).pk}
    )
    assert Lead.objects.get(pk=lead.pk).status == "junk"


def test_moving_into_converted_opens_the_conversion(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    response = client.post(reverse("web:lead_move", args=[lead.pk]), {"stage": lead_stage(ana, "Converted").pk})
    assert response.url == reverse("web:lead_convert", args=[lead.pk])


def test_carla_cannot_move_acmes_leads(client, ana, carla):
    lead = make_lead(ana)
    client.force_login(carla.user)
    response = client.post(reverse("web:lead_move", args=[lead.pk]), {"stage": lead_stage(carla, "Contacted").pk})
    assert response.status_code == 404
    assert Lead.objects.get(pk=lead.pk).stage.name == "New"


def test_the_board_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    for _ in range(5):
        make_lead(ana)
    client.force_login(ana.user)
    client.get(reverse("web:lead_board"))
    for _ in range(30):
        make_lead(ana)
    with django_assert_max_num_queries(20):
        client.get(reverse("web:lead_board"))


def test_a_workspace_with_two_lead_pipelines_can_pick_the_board(client, ana):
    from funil.testing.factories import second_lead_pipeline

    other = second_lead_pipeline(ana)
    client.force_login(ana.user)
    page = client.get(reverse("web:lead_board"), {"pipeline": other.pk})
    body = page.content.decode()
    assert [c.stage.name for c in page.context["columns"]] == ["Inbox", "Dropped"]
    assert f'<option value="{other.pk}" selected' in body
    assert f"pipeline={other.pk}" in page.context["query"]  # the board's refresh stays on this pipeline
