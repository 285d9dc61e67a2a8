"""A double click sends the same token twice at the same moment: one lead, and both answers are the thank-you."""

import threading

import pytest
from django.db import connection
from django.test import Client

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead

from .conftest import filled, url

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_posts_of_one_token_make_one_lead(webform):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL matter; SQLite serialises every write")
    data = filled(webform)
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def post() -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(Client().post(url(webform), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200, 200, 200]
    assert Lead.objects.filter(workspace=webform.workspace).count() == 1
    assert Activity.objects.filter(kind=Kind.FORM_SUBMISSION).count() == 1
    webform.refresh_from_db()
    assert (webform.submissions, webform.leads) == (1, 1)
