"""What a visit costs the database: the hosted page and the script one query each; spam three statements (the
form, one upsert of its rate counters, its spam counter), so a flood of robots costs little."""

import json

from django.urls import reverse

from funil.intake.webforms.services import webform_update

from .conftest import filled, url


def test_the_hosted_page_and_the_script_read_only_the_form(client, webform, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(url(webform)).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("intake_webforms:embed", args=[webform.public_id])).status_code == 200


def test_spam_costs_three_statements(client, webform, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.post(url(webform), json.dumps(filled(webform, homepage="x")), content_type="application/json")
    assert response.status_code == 200


def test_a_refused_flood_costs_no_more(client, webform, ana, django_assert_max_num_queries):
    webform_update(actor=ana, form=webform, changes={"form_limit_per_minute": 1})
    first = filled(webform, email="first@example.com", full_name="First Visitor")  # spends the form's one slot
    client.post(url(webform), json.dumps(first), content_type="application/json")
    with django_assert_max_num_queries(3):
        response = client.post(url(webform), json.dumps(filled(webform)), content_type="application/json")
    assert response.status_code == 429
