"""The duplicates report: flagged clusters, same-email and same-phone groups, paging, and "Not duplicates"."""

import pytest
from django.urls import reverse

from funil.core.errors import Forbidden
from funil.intake.merge.dismiss import duplicates_dismiss
from funil.intake.merge.report import flag_clusters, same_email, same_phone
from funil.intake.models import DuplicateFlag
from funil.leads.services import lead_mark_junk
from funil.testing.factories import make_lead, reason

from .helpers import flag


def ids(page):
    return [sorted(lead.pk for lead in cluster.leads) for cluster in page.clusters]


def test_connected_flags_make_one_cluster_newest_first(ana):
    a, b, c, d, e = (make_lead(ana) for _ in range(5))
    flag(a, b, "same phone", 0.9)
    flag(c, b, "similar name", 0.7)
    flag(d, e, "same email", 1.0)
    page = flag_clusters(ana)
    assert ids(page) == [sorted([d.pk, e.pk]), sorted([a.pk, b.pk, c.pk])]
    assert page.clusters[1].reasons == ["same phone", "similar name"] and page.clusters[1].confidence == 0.9
    first, second = flag_clusters(ana, 0, size=1), flag_clusters(ana, 1, size=1)
    assert (ids(first), first.next, ids(second), second.next) == (ids(page)[:1], "1", ids(page)[1:], "")


def test_a_cluster_shows_only_leads_the_member_may_see(ana, bruno):
    mine, also_mine, anas = make_lead(bruno), make_lead(bruno), make_lead(ana)
    flag(mine, also_mine)
    flag(also_mine, anas)
    assert ids(flag_clusters(bruno)) == [sorted([mine.pk, also_mine.pk])]


def test_open_leads_with_the_same_email_or_phone_are_grouped_and_paged(ana):
    a = make_lead(ana, email="joana@padaria.com.br", phone="(81) 3333-4444")
    b = make_lead(ana, email="Joana@Padaria.com.br")
    c = make_lead(ana, email="zeca@bar.com.br", mobile="(81) 3333-4444")
    d = make_lead(ana, email="zeca@bar.com.br")
    junk = make_lead(ana, email="zeca@bar.com.br")
    lead_mark_junk(actor=ana, lead=junk, reason=reason(ana))
    make_lead(ana, email="alone@example.com")
    assert ids(same_email(ana)) == [sorted([a.pk, b.pk]), sorted([c.pk, d.pk])]
    first = same_email(ana, size=1)
    assert (ids(first), first.next) == ([sorted([a.pk, b.pk])], "joana@padaria.com.br")
    assert ids(same_email(ana, first.next, size=1)) == [sorted([c.pk, d.pk])]
    assert ids(same_phone(ana)) == [sorted([a.pk, c.pk])]  # one's phone is the other's mobile
    assert same_phone(ana).clusters[0].key == "+558133334444"


def test_not_duplicates_resolves_the_flags_and_removes_the_cluster(ana):
    a, b, c = make_lead(ana, email="x@y.com.br"), make_lead(ana, email="x@y.com.br"), make_lead(ana)
    flag(a, c)
    duplicates_dismiss(actor=ana, leads=[a, b, c])
    assert not DuplicateFlag.objects.filter(resolved_at__isnull=True).exists()
    assert DuplicateFlag.objects.filter(reason="dismissed").count() == 2  # a-b and b-c remembered; a-c had a flag
    assert flag_clusters(ana).clusters == [] and same_email(ana).clusters == []


def test_not_duplicates_needs_the_right_to_change_the_leads(ana, bruno, rita):
    a, b = make_lead(ana), make_lead(ana)
    flag(a, b)
    for actor in (rita, bruno):
        with pytest.raises(Forbidden):
            duplicates_dismiss(actor=actor, leads=[a, b])
    assert DuplicateFlag.objects.get().resolved_at is None


def test_the_report_page_lists_clusters_with_merge_and_not_duplicates(client, ana, django_assert_max_num_queries):
    pairs = [(make_lead(ana), make_lead(ana)) for _ in range(5)]
    for a, b in pairs:
        flag(a, b)
    client.force_login(ana.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("web:merge_report"))
    body = response.content.decode()
    a, b = pairs[0]
    assert f"{reverse('web:lead_merge')}?ids={min(a.pk, b.pk)}&amp;ids={max(a.pk, b.pk)}" in body
    assert "Not duplicates" in body
    dismissed = client.post(reverse("web:duplicates_dismiss"), {"ids": [a.pk, b.pk]}, HTTP_HX_REQUEST="true")
    assert dismissed.status_code == 200
    assert (
        f"cluster-flags-{min(a.pk, b.pk)}-{max(a.pk, b.pk)}"
        not in client.get(reverse("web:merge_report")).content.decode()
    )
    for by in ("email", "phone", "nonsense"):
        assert client.get(reverse("web:merge_report"), {"by": by, "after": "zz"}).status_code == 200


def test_the_report_is_linked_from_the_lead_list_and_empty_for_carla(client, ana, carla):
    a, b = make_lead(ana, email="x@y.com.br"), make_lead(ana, email="x@y.com.br")
    client.force_login(ana.user)
    assert reverse("web:merge_report") in client.get(reverse("web:lead_list")).content.decode()
    client.force_login(carla.user)
    body = client.get(reverse("web:merge_report"), {"by": "email"}).content.decode()
    assert "x@y.com.br" not in body and "No possible duplicates" in body
    assert client.post(reverse("web:duplicates_dismiss"), {"ids": [a.pk, b.pk]}).status_code == 404


def test_exact_groups_are_found_across_chunks_and_a_page_stops_at_its_scan_budget(ana, monkeypatch):
    from funil.intake.merge import report

    monkeypatch.setattr(report, "CHUNK", 2)
    leads = [make_lead(ana, phone=f"(81) 3333-40{i:02d}") for i in range(6)]
    shares = make_lead(ana, mobile="(81) 3333-4003")  # its mobile is the fourth lead's phone
    assert ids(same_phone(ana)) == [sorted([leads[3].pk, shares.pk])]
    monkeypatch.setattr(report, "SCAN_BUDGET", 3)
    pages, cursor = [], ""
    while True:
        page = same_phone(ana, cursor)
        pages.append(ids(page))
        if not page.next:
            break
        cursor = page.next
    assert pages[0] == [] and len(pages) > 1  # the first page ran out of budget before the shared number
    assert [cluster for page in pages for cluster in page] == [sorted([leads[3].pk, shares.pk])]
