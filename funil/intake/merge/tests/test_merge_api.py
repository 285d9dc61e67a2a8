import json

import pytest

from funil.intake.merge.models import MergeRecord
from funil.leads.models import Lead
from funil.testing.factories import make_lead

pytestmark = pytest.mark.urls("funil.intake.merge.tests.api_urls")


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def body(survivor, *others, **extra):
    leads = [survivor, *others]
    return {
        "survivor": survivor.pk,
        "others": [o.pk for o in others],
        "expected_versions": {str(lead.pk): lead.version for lead in leads},
        **extra,
    }


def test_merge_and_undo_over_the_api(client, ana):
    survivor = make_lead(ana, email="joana@old.com.br")
    other = make_lead(ana, email="joana@new.com.br")
    client.force_login(ana.user)
    merged = post(client, "/api/v1/leads/merge", body(survivor, other, choices={"email": other.pk}))
    assert merged.status_code == 200, merged.content
    data = merged.json()
    assert (data["survivor"], data["merged"]) == (survivor.pk, [other.pk])
    assert Lead.objects.get(pk=survivor.pk).email_normalized == "joana@new.com.br"
    undone = post(client, f"/api/v1/merges/{data['merge']}/undo")
    assert undone.status_code == 200, undone.content
    assert undone.json()["restored"] == [other.pk]
    assert Lead.objects.get(pk=other.pk).merged_into_id is None
    again = post(client, f"/api/v1/merges/{data['merge']}/undo")
    assert (again.status_code, again.json()["code"]) == (400, "merge_already_undone")


def test_a_stale_version_answers_409_and_writes_nothing(client, ana):
    survivor, other = make_lead(ana), make_lead(ana)
    client.force_login(ana.user)
    stale = body(survivor, other)
    stale["expected_versions"][str(other.pk)] = 7
    response = post(client, "/api/v1/leads/merge", stale)
    assert (response.status_code, response.json()["code"]) == (409, "stale_version")
    assert not MergeRecord.objects.exists()


def test_bad_input_answers_422_with_the_field(client, ana):
    survivor, other = make_lead(ana), make_lead(ana)
    client.force_login(ana.user)
    response = post(client, "/api/v1/leads/merge", body(survivor, other, choices={"nickname": other.pk}))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "nickname",
        "code": "merge_choice_unknown",
        "message": "Leads have no field 'nickname'.",
    }
    malformed = post(client, "/api/v1/leads/merge", {"survivor": "x"})
    assert malformed.status_code == 422


def test_permissions_over_the_api(client, ana, bruno, rita, carla):
    anas, brunos = make_lead(ana), make_lead(bruno)
    client.force_login(bruno.user)
    assert post(client, "/api/v1/leads/merge", body(brunos, anas)).status_code == 404  # not his to see as update
    client.force_login(rita.user)
    assert post(client, "/api/v1/leads/merge", body(anas, brunos)).status_code == 404
    client.force_login(ana.user)
    record = post(client, "/api/v1/leads/merge", body(anas, brunos)).json()
    client.force_login(carla.user)
    assert post(client, f"/api/v1/merges/{record['merge']}/undo").status_code == 404
    client.logout()
    assert post(client, "/api/v1/leads/merge", body(anas, brunos)).status_code == 401
