from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funil.activities.models import Activity, Attachment, Kind
from funil.leads.models import Lead
from funil.testing.factories import make_lead, reason


def test_the_card_shows_fields_in_their_groups_and_the_timeline(client, ana):
    lead = make_lead(ana, first_name="Joana", company_name="Padaria Boa", need="A shared pipeline")
    client.force_login(ana.user)
    response = client.get(reverse("web:lead_card", args=[lead.pk]))
    assert response.status_code == 200
    titles = [str(title) for title, _ in response.context["groups"]]
    assert titles == ["Basic info", "Qualifiers", "Complementary info"]
    body = response.content.decode()
    assert "Padaria Boa" in body and "A shared pipeline" in body and "Lead created" in body


def test_a_field_is_edited_inline_and_validated(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    url = reverse("web:lead_field", args=[lead.pk, "email"])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert 'name="value"' in form.content.decode()
    bad = client.post(url, {"value": "not-an-email", "version": 1}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
    good = client.post(url, {"value": "Joana@Padaria.com.br", "version": 1}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and good.headers["HX-Trigger"] == "lead-changed"
    assert Lead.objects.get(pk=lead.pk).email_normalized == "joana@padaria.com.br"


def test_an_inline_edit_from_a_stale_form_is_refused(client, ana):
    lead = make_lead(ana, city="Recife")
    client.force_login(ana.user)
    url = reverse("web:lead_field", args=[lead.pk, "city"])
    client.post(url, {"value": "Olinda", "version": 1})
    stale = client.post(url, {"value": "Natal", "version": 1}, HTTP_HX_REQUEST="true")
    assert "changed this record meanwhile" in stale.content.decode()
    assert Lead.objects.get(pk=lead.pk).city == "Olinda"


def test_custom_qualifiers_and_products_are_editable(client, ana):
    from funil.catalog.models import CustomField, Product

    CustomField.objects.create(
        workspace=ana.workspace,
        entity="lead",
        key="segment",
        label="Segment",
        type="choice",
        choices=["SMB", "Enterprise"],
        is_qualifier=True,
    )
    crm = Product.objects.create(workspace=ana.workspace, name="CRM", currency="BRL")
    lead = make_lead(ana)
    client.force_login(ana.user)
    client.post(reverse("web:lead_field", args=[lead.pk, "custom:segment"]), {"value": "SMB", "version": 1})
    client.post(reverse("web:lead_field", args=[lead.pk, "products"]), {"value": [crm.pk], "version": 2})
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.custom_fields == {"segment": "SMB"} and list(lead.products.all()) == [crm]


def test_logging_a_call_and_attaching_a_file(client, ana, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lead = make_lead(ana)
    client.force_login(ana.user)
    url = reverse("web:lead_log", args=[lead.pk])
    response = client.post(url, {"kind": "call", "direction": "out", "subject": "Discovery"}, HTTP_HX_REQUEST="true")
    assert response.headers["HX-Trigger"] == "lead-changed"
    assert Lead.objects.get(pk=lead.pk).first_contacted_at is not None
    pdf = SimpleUploadedFile("proposal.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {"file": pdf, "body": "Proposal v1"})
    attachment = Attachment.objects.get(activity__lead=lead)
    download = client.get(reverse("web:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_a_file_that_lies_about_its_type_or_is_too_big_is_refused(client, ana, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FUNIL_MAX_UPLOAD_MB = 1
    lead = make_lead(ana)
    client.force_login(ana.user)
    url = reverse("web:lead_log", args=[lead.pk])
    fake = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, HTTP_HX_REQUEST="true")
    assert "Allowed files" in fake.content.decode()
    big = client.post(url, {"file": SimpleUploadedFile("x.txt", b"a" * (1024 * 1024 + 1))}, HTTP_HX_REQUEST="true")
    assert "at most 1 MB" in big.content.decode()
    assert not Attachment.objects.exists()


def test_scheduling_and_completing_a_followup(client, ana):
    lead = make_lead(ana)
    client.force_login(ana.user)
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("web:lead_schedule", args=[lead.pk]), {"kind": "call", "subject": "Call back", "due_at": due})
    followup = Activity.objects.get(lead=lead, due_at__isnull=False)
    assert Lead.objects.get(pk=lead.pk).next_followup_at == followup.due_at
    missing = client.post(
        reverse("web:lead_schedule", args=[lead.pk]), {"kind": "call", "subject": "x"}, HTTP_HX_REQUEST="true"
    )
    assert "due date" in missing.content.decode()
    client.post(reverse("web:followup_done", args=[followup.pk]))
    assert Activity.objects.get(pk=followup.pk).done_at is not None
    assert Lead.objects.get(pk=lead.pk).next_followup_at is None


def test_junk_and_assign_from_the_card(client, ana, bruno):
    lead = make_lead(ana)
    client.force_login(ana.user)
    client.post(reverse("web:lead_assign", args=[lead.pk]), {"owner": bruno.user.pk, "version": 1})
    assert Lead.objects.get(pk=lead.pk).owner == bruno.user
    client.post(reverse("web:lead_junk", args=[lead.pk]), {"reason": "", "version": 2})
    assert Lead.objects.get(pk=lead.pk).status == "open"
    client.post(reverse("web:lead_junk", args=[lead.pk]), {"reason": reason(ana).pk, "version": 2})
    assert Lead.objects.get(pk=lead.pk).status == "junk"


def test_bruno_cannot_open_a_lead_that_is_not_his_and_carla_sees_nothing(client, ana, bruno, carla):
    lead = make_lead(ana)
    for who in (bruno, carla):
        client.force_login(who.user)
        assert client.get(reverse("web:lead_card", args=[lead.pk])).status_code == 404
        assert client.post(reverse("web:lead_log", args=[lead.pk]), {"kind": "note", "body": "x"}).status_code == 404


def test_the_timeline_filters_by_kind_and_pages(client, ana):
    lead = make_lead(ana)
    for i in range(35):
        Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.NOTE, subject=f"n{i}")
    client.force_login(ana.user)
    first = client.get(reverse("web:lead_timeline", args=[lead.pk]) + "?kind=notes")
    page = first.context["timeline"]
    assert len(page.activities) == 30 and page.next_cursor
    rest = client.get(reverse("web:lead_timeline", args=[lead.pk]) + f"?kind=notes&cursor={page.next_cursor}")
    assert len(rest.context["timeline"].activities) == 5
    changes = client.get(reverse("web:lead_timeline", args=[lead.pk]) + "?kind=changes")
    assert [a.subject for a in changes.context["timeline"].activities] == ["Lead created"]


def test_the_card_makes_a_fixed_number_of_queries(client, ana, django_assert_max_num_queries):
    lead = make_lead(ana)
    for i in range(40):
        Activity.objects.create(workspace=ana.workspace, lead=lead, kind=Kind.NOTE, subject=f"n{i}")
    client.force_login(ana.user)
    with django_assert_max_num_queries(30):
        client.get(reverse("web:lead_card", args=[lead.pk]))
