"""The catalog pages: custom fields, products, sources and campaigns, each form with its errors in place."""

from django.urls import reverse

from funil.catalog.models import Campaign, CustomField, Product, Source
from funil.testing.factories import make_lead


def test_a_custom_field_is_added_edited_retired_and_deleted(client, ana):
    client.force_login(ana.user)
    url = reverse("web:settings_fields")
    bad = client.post(url, {"entity": "deal", "label": "", "type": "choice", "choices": "", "is_qualifier": "1"})
    assert bad.status_code == 422
    assert set(bad.context["errors"]) == {"label", "choices", "is_qualifier"}
    client.post(url, {"entity": "lead", "label": "Segment", "type": "choice", "choices": "SMB\nEnterprise"})
    field = CustomField.objects.get(workspace=ana.workspace, key="segment")
    make_lead(ana, custom_fields={"segment": "SMB"})
    edit = reverse("web:settings_field", args=[field.pk])
    page = client.get(edit).content.decode()
    assert "1 record has a value." in page and "Delete field" not in page
    refused = client.post(edit, {"label": "Segment", "position": "0", "choices": "Enterprise"})
    assert refused.status_code == 422 and "Records hold SMB" in refused.context["errors"]["choices"]
    client.post(edit, {"label": "Market", "position": "2", "choices": "SMB\nEnterprise\nPublic", "is_qualifier": "1"})
    field.refresh_from_db()
    assert (field.label, field.position, field.choices, field.is_qualifier) == (
        "Market",
        2,
        ["SMB", "Enterprise", "Public"],
        True,
    )
    client.post(reverse("web:settings_field_active", args=[field.pk]), {"active": "0"})
    assert not CustomField.objects.get(pk=field.pk).active
    used = client.post(reverse("web:settings_field_delete", args=[field.pk]), follow=True)
    assert "retire it instead" in used.content.decode()
    client.post(url, {"entity": "contact", "label": "Birthday", "type": "date"})
    unused = CustomField.objects.get(workspace=ana.workspace, key="birthday")
    client.post(reverse("web:settings_field_delete", args=[unused.pk]))
    assert not CustomField.objects.filter(pk=unused.pk).exists()


def test_products_are_added_with_errors_next_to_the_fields_and_edited(client, ana):
    client.force_login(ana.user)
    url = reverse("web:settings_products")
    bad = client.post(url, {"name": "", "sku": "", "price": "abc", "currency": "BRL"})
    assert bad.status_code == 422 and set(bad.context["errors"]) == {"name", "price"}
    assert 'aria-invalid="true"' in bad.content.decode()
    client.post(url, {"name": "CRM Pro", "sku": "CRM-PRO", "price": "1234.5", "currency": "BRL", "active": "1"})
    product = Product.objects.get(workspace=ana.workspace, sku="CRM-PRO")
    assert "1,234.50" in client.get(url).content.decode()
    client.post(
        reverse("web:settings_product", args=[product.pk]), {"name": "CRM Pro", "price": "10", "currency": "BRL"}
    )
    product.refresh_from_db()
    assert (product.sku, product.active) == ("", False)  # a cleared box and an unticked box are what was sent


def test_sources_are_added_renamed_inline_and_retired(client, ana):
    client.force_login(ana.user)
    client.post(reverse("web:settings_sources"), {"name": "Trade fair", "kind": "other"})
    fair = Source.objects.get(workspace=ana.workspace, name="Trade fair")
    renamed = client.post(
        reverse("web:settings_source_rename", args=[fair.pk]), {"name": "Fair 2026"}, HTTP_HX_REQUEST="true"
    )
    assert "Fair 2026" in renamed.content.decode()
    client.post(reverse("web:settings_source_active", args=[fair.pk]), {"active": "0"})
    fair.refresh_from_db()
    assert (fair.name, fair.active) == ("Fair 2026", False)


def test_campaigns_are_added_and_their_dates_checked(client, ana):
    client.force_login(ana.user)
    url = reverse("web:settings_campaigns")
    bad = client.post(url, {"name": "Spring", "starts_on": "2026-03-10", "ends_on": "2026-03-01", "cost": "100"})
    assert bad.status_code == 422 and "ends on or after" in bad.context["errors"]["ends_on"]
    source = Source.objects.filter(workspace=ana.workspace).first()
    client.post(url, {"name": "Spring", "source": source.pk, "starts_on": "2026-03-01", "cost": "100", "currency": ""})
    campaign = Campaign.objects.get(workspace=ana.workspace, name="Spring")
    assert (campaign.source, campaign.currency) == (source, "BRL")
    edit = client.get(reverse("web:settings_campaign", args=[campaign.pk])).content.decode()
    assert 'value="2026-03-01"' in edit and f'value="{source.pk}" selected' in edit
