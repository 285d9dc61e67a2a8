"""export_records: every field and custom field, names for foreign keys, CSV and XLSX as a spreadsheet reads them,
formulas neutralised, the export scope, and the audit entry."""

import datetime
import glob
import os
import re
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from funil.catalog.models import CustomField, FieldType
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create
from funil.core.errors import DomainError, Forbidden
from funil.core.models import AuditEntry
from funil.deals.models import Deal, DealLine
from funil.deals.services import deal_mark_lost
from funil.exports import rows, writers
from funil.exports.service import export_records
from funil.leads.models import Lead
from funil.leads.services import lead_mark_junk
from funil.pipelines.models import ReasonKind
from funil.testing.factories import make_deal, make_lead, reason

from .files import csv_records, csv_table, joined, workbook, xlsx_records

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def export(actor, kind, model, fmt="csv", **kw):
    filename, content_type, chunks = export_records(actor, kind, model.objects.all(), fmt, **kw)
    return filename, content_type, joined(chunks)


@pytest.fixture
def full_lead(ana, bruno, lead_fields, products, referral):
    return make_lead(
        ana,
        first_name="João",
        last_name="Conceição",
        title="Diretor",
        company_name="Açaí & Cia, Ltda",
        email="joao@acai.example.com",
        phone="+55 11 98765-4321",
        city="São Paulo",
        country="BR",
        source=referral.pk,
        utm_source="newsletter",
        budget="1500.50",
        expected_value="2500",
        authority="decision_maker",
        timeline="quarter",
        need="Precisa de um CRM\nem português",
        marketing_consent=True,
        products=[p.pk for p in products],
        custom_fields={"segment": "SMB", "employees": 300, "since": "2024-05-01", "vip": True, "tags": ["a", "c"]},
        owner_id=bruno.user.pk,
    )


def test_a_csv_export_has_a_bom_every_field_names_for_keys_and_custom_field_columns(ana, full_lead):
    filename, content_type, data = export(ana, "lead", Lead)
    assert re.fullmatch(r"leads-\d{4}-\d{2}-\d{2}\.csv", filename)
    assert filename == f"leads-{datetime.datetime.now(SAO_PAULO).date().isoformat()}.csv"
    assert content_type == "text/csv; charset=utf-8"
    header = csv_table(data)[0]
    assert header[:3] == ["ID", "First name", "Last name"]
    assert header[-6:] == ["Segmento", "Funcionários", "Cliente desde", "VIP", "Etiquetas", "Observação"]
    [row] = csv_records(data)
    assert row["ID"] == str(full_lead.pk)
    assert (row["First name"], row["Last name"], row["Company"], row["City"]) == (
        "João",
        "Conceição",
        "Açaí & Cia, Ltda",
        "São Paulo",
    )
    assert (row["Stage"], row["Pipeline"], row["Status"], row["Source"]) == ("New", "Leads", "Open", "Referral")
    assert (row["Owner"], row["Team"], row["Created by"]) == (
        "bruno@acme.example.com",
        "Inside sales",
        "ana@acme.example.com",
    )
    assert row["Products"] == "Consultoria, Plano Básico"
    assert (row["Budget"], row["Expected value"], row["Score"]) == ("1500.50", "2500.00", "0")
    assert (row["Authority"], row["Timeline"], row["Marketing consent"]) == (
        "Decision maker",
        "Within three months",
        "Yes",
    )
    assert row["Need"] == "Precisa de um CRM\nem português"
    assert row["Phone"] == "+55 11 98765-4321" and row["Phone (E.164)"] == "+5511987654321"
    assert (row["Segmento"], row["Funcionários"], row["Cliente desde"], row["VIP"], row["Etiquetas"]) == (
        "SMB",
        "300",
        "2024-05-01",
        "Yes",
        "a, c",
    )
    assert row["Observação"] == "" and row["Junk reason"] == "" and row["Next follow-up"] == ""
    # Times as the workspace's clock shows them, in a form spreadsheets read as a date and time.
    assert row["Created"] == full_lead.created_at.astimezone(SAO_PAULO).strftime("%Y-%m-%d %H:%M:%S")


def test_an_xlsx_export_keeps_numbers_dates_booleans_and_accents(ana, full_lead):
    filename, content_type, data = export(ana, "lead", Lead, "xlsx")
    assert filename.endswith(".xlsx") and content_type.startswith("application/vnd.openxmlformats")
    book = workbook(data)
    assert book.sheetnames == ["Leads"]
    sheet = book["Leads"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    [row] = xlsx_records(data)
    assert row["ID"] == full_lead.pk
    assert (row["First name"], row["Company"], row["City"]) == ("João", "Açaí & Cia, Ltda", "São Paulo")
    assert row["Budget"] == 1500.5 and row["Expected value"] == 2500 and row["Score"] == 0
    assert row["Marketing consent"] is True
    assert row["Created"] == full_lead.created_at.astimezone(SAO_PAULO).replace(tzinfo=None, microsecond=0)
    assert sheet.cell(2, list(row).index("Created") + 1).is_date
    assert (row["Segmento"], row["Funcionários"], row["VIP"], row["Etiquetas"]) == ("SMB", 300, True, "a, c")
    assert row["Cliente desde"] == datetime.datetime(2024, 5, 1)
    assert row["Products"] == "Consultoria, Plano Básico" and row["Owner"] == "bruno@acme.example.com"
    assert row["Next follow-up"] is None and row["Observação"] is None


def test_a_retired_custom_field_is_still_exported_and_marked(ana, lead_fields):
    make_lead(ana, custom_fields={"note": "antiga"})
    CustomField.objects.filter(pk=lead_fields["note"].pk).update(active=False)
    [row] = csv_records(export(ana, "lead", Lead)[2])
    assert row["Observação (retired)"] == "antiga"


def test_a_closed_lead_names_its_junk_reason(ana):
    lead = make_lead(ana)
    junk = reason(ana, ReasonKind.JUNK)
    lead_mark_junk(actor=ana, lead=lead, reason=junk.pk, note="Sem orçamento")
    [row] = csv_records(export(ana, "lead", Lead)[2])
    assert (row["Status"], row["Junk reason"], row["Junk note"]) == ("Junk", junk.name, "Sem orçamento")
    assert row["Closed"] != ""


DANGEROUS = {
    "first_name": '=HYPERLINK("http://evil.example","Click")',
    "last_name": "+cmd|' /C calc'!A0",
    "company_name": "@SUM(A1:A9)",
    "title": "-2+3+cmd|' /C calc'!A0",
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cells_that_would_run_are_written_as_text_and_phones_and_numbers_are_left_alone(ana, lead_fields, fmt):
    make_lead(ana, **DANGEROUS, phone="+55 11 98765-4321", need="-12.5", custom_fields={"note": "=1+1"})
    CustomField.objects.filter(pk=lead_fields["note"].pk).update(label="=Label")
    data = export(ana, "lead", Lead, fmt)[2]
    [row] = csv_records(data) if fmt == "csv" else xlsx_records(data)
    assert [row[label] for label in ("First name", "Last name", "Company", "Job title")] == [
        f"'{DANGEROUS[name]}" for name in ("first_name", "last_name", "company_name", "title")
    ]
    assert (row["Phone"], row["Need"], row["'=Label"]) == ("+55 11 98765-4321", "-12.5", "'=1+1")
    if fmt == "xlsx":
        sheet = workbook(data).worksheets[0]
        assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {
            "inlineStr",
            "s",
            "n",
            "b",
            "d",
        }  # no "f"


def test_a_salesperson_exports_only_their_own_leads_whatever_queryset_is_given(ana, bruno, carla):
    make_lead(ana, first_name="Hers")
    make_lead(ana, first_name="His", owner_id=bruno.user.pk)
    make_lead(carla, first_name="Elsewhere")
    rows = csv_records(export(bruno, "lead", Lead)[2])
    assert [r["First name"] for r in rows] == ["His"]


def test_another_workspace_never_appears(ana, carla):
    make_lead(ana, first_name="Acme lead")
    make_lead(carla, first_name="Globex lead")
    assert [r["First name"] for r in csv_records(export(carla, "lead", Lead)[2])] == ["Globex lead"]
    assert [r["First name"] for r in csv_records(export(ana, "lead", Lead)[2])] == ["Acme lead"]


@pytest.mark.parametrize("kind", ["lead", "deal", "contact", "company"])
def test_a_role_without_the_export_scope_is_refused_and_nothing_is_audited(rita, kind):
    model = {"lead": Lead, "deal": Deal, "contact": Contact, "company": Company}[kind]
    with pytest.raises(Forbidden):
        export_records(rita, kind, model.objects.all(), "csv")
    assert not AuditEntry.objects.filter(action="export").exists()


def test_each_export_is_audited_with_its_format_count_and_filter(ana):
    for i in range(3):
        make_lead(ana, first_name=f"L{i}")
    _name, _type, chunks = export_records(ana, "lead", Lead.objects.all(), "xlsx", query="owner=me&q=l")
    entry = AuditEntry.objects.get(action="export")
    assert (entry.workspace, entry.actor, entry.entity, entry.record_id) == (ana.workspace, ana.user, "lead", 0)
    assert entry.details == {"format": "xlsx", "count": 3, "filter": "owner=me&q=l"}
    assert joined(chunks)  # written before the first byte, the file still streams whole


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV;", "xls"])
def test_an_unknown_format_is_refused_with_its_code(ana, fmt):
    with pytest.raises(DomainError) as refused:
        export_records(ana, "lead", Lead.objects.all(), fmt)
    assert (refused.value.code, refused.value.field, refused.value.status) == ("export_format_invalid", "format", 400)
    assert "csv or xlsx" in refused.value.message
    assert not AuditEntry.objects.exists()


def test_the_format_is_read_without_case_or_spaces(ana):
    assert export_records(ana, "lead", Lead.objects.all(), " XLSX ")[0].endswith(".xlsx")


def test_an_unknown_kind_or_a_queryset_of_another_model_is_refused(ana):
    with pytest.raises(DomainError) as refused:
        export_records(ana, "activity", Lead.objects.all(), "csv")
    assert refused.value.code == "export_kind_invalid"
    with pytest.raises(TypeError):
        export_records(ana, "deal", Lead.objects.all(), "csv")


def test_merged_leads_are_not_exported(ana):
    kept, merged = make_lead(ana, first_name="Kept"), make_lead(ana, first_name="Merged")
    Lead.all_objects.filter(pk=merged.pk).update(merged_into=kept)
    assert [r["First name"] for r in csv_records(export(ana, "lead", Lead)[2])] == ["Kept"]


def test_deals_name_their_company_contact_lead_products_and_lost_reason(ana, products):
    CustomField.objects.create(workspace=ana.workspace, entity="deal", key="po", label="Pedido", type=FieldType.TEXT)
    company = company_create(actor=ana, data={"name": "Ótica Visão"})
    contact = contact_create(actor=ana, data={"first_name": "Maria", "last_name": "Souza", "company": company.pk})
    lead = make_lead(ana, first_name="", last_name="", company_name="Ótica Lead")
    deal = make_deal(
        ana,
        title="Óculos para 30",
        company=company.pk,
        contact=contact.pk,
        lead=lead.pk,
        expected_close_date="2026-12-20",
        custom_fields={"po": "PO-77"},
    )
    for product in products:
        DealLine.objects.create(workspace=ana.workspace, deal=deal, product=product, unit_price="10")
    lost = reason(ana, ReasonKind.LOST)
    deal_mark_lost(actor=ana, deal=Deal.objects.get(pk=deal.pk), reason=lost.pk, note="Preço")
    data = export(ana, "deal", Deal)[2]
    [row] = csv_records(data)
    assert (row["Title"], row["Company"], row["Contact"], row["Lead"]) == (
        "Óculos para 30",
        "Ótica Visão",
        "Maria Souza",
        "Ótica Lead",
    )
    assert (row["Amount"], row["Status"], row["Lost reason"], row["Lost note"]) == (
        "1000.00",
        "Lost",
        lost.name,
        "Preço",
    )
    assert (row["Products"], row["Expected close"], row["Pedido"]) == (
        "Consultoria, Plano Básico",
        "2026-12-20",
        "PO-77",
    )
    [cells] = xlsx_records(export(ana, "deal", Deal, "xlsx")[2])
    assert cells["Amount"] == 1000 and cells["Expected close"] == datetime.datetime(2026, 12, 20)
    assert isinstance(cells["Probability"], int) and str(cells["Probability"]) == row["Probability"]


def test_contacts_and_companies_export_their_fields(ana, bruno):
    CustomField.objects.create(
        workspace=ana.workspace, entity="company", key="tier", label="Nível", type=FieldType.NUMBER
    )
    company = company_create(actor=ana, data={"name": "Padaria Pão Quente", "size": 12, "custom_fields": {"tier": 2}})
    contact_create(
        actor=ana,
        data={"first_name": "Zé", "email": "ze@example.com", "company": company.pk, "lifecycle": "customer"},
        owner_id=bruno.user.pk,
    )
    [contact] = csv_records(export(ana, "contact", Contact)[2])
    assert (contact["First name"], contact["Company"], contact["Lifecycle"], contact["Owner"]) == (
        "Zé",
        "Padaria Pão Quente",
        "Customer",
        "bruno@acme.example.com",
    )
    [row] = xlsx_records(export(ana, "company", Company, "xlsx")[2])
    assert (row["Name"], row["Employees"], row["Nível"]) == ("Padaria Pão Quente", 12, 2)
    assert export(ana, "company", Company)[0].startswith("companies-")


def test_values_of_the_wrong_type_are_written_as_safe_text(ana, lead_fields):
    lead = make_lead(ana)
    odd = {"employees": "=lots", "since": "someday", "vip": "@yes", "tags": "=a", "unknown": 1}
    Lead.objects.filter(pk=lead.pk).update(custom_fields=odd)
    for fmt in ("csv", "xlsx"):
        data = export(ana, "lead", Lead, fmt)[2]
        [row] = csv_records(data) if fmt == "csv" else xlsx_records(data)
        assert (row["Funcionários"], row["Cliente desde"], row["VIP"], row["Etiquetas"]) == (
            "'=lots",
            "someday",
            "'@yes",
            "'=a",
        )


def test_a_workbook_goes_on_to_another_sheet_when_one_is_full(ana, monkeypatch):
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 3)  # a header and two rows per sheet
    for i in range(5):
        make_lead(ana, first_name=f"L{i}")
    data = export(ana, "lead", Lead, "xlsx")[2]
    assert workbook(data).sheetnames == ["Leads", "Leads (2)", "Leads (3)"]
    names = [r["First name"] for sheet in ("Leads", "Leads (2)", "Leads (3)") for r in xlsx_records(data, sheet)]
    assert names == ["L4", "L3", "L2", "L1", "L0"]  # newest first, as the list opens


def test_an_xlsx_export_stopped_halfway_leaves_no_temporary_files(ana):
    def rows():
        yield ["a"]
        raise RuntimeError("the database went away")

    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "openpyxl.*")))
    with pytest.raises(RuntimeError):
        b"".join(writers.xlsx_chunks("Leads", ["A"], rows()))
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "openpyxl.*"))) <= before


def test_rows_are_read_in_chunks_each_with_its_own_products(ana, products, monkeypatch):
    monkeypatch.setattr(rows, "CHUNK", 2)
    monkeypatch.setattr(writers, "FLUSH_SIZE", 10)
    monkeypatch.setattr(writers, "FLUSH_ROWS", 1)
    basic, consulting = products
    picks = [[basic.pk], [], [consulting.pk], [basic.pk, consulting.pk], [consulting.pk]]
    for i, pick in enumerate(picks):
        make_lead(ana, first_name=f"L{i}", products=pick)
    _name, _type, chunks = export_records(ana, "lead", Lead.objects.all(), "csv")
    parts = list(chunks)
    assert len(parts) > 5  # the header, then as the buffer fills
    found = [(r["First name"], r["Products"]) for r in csv_records(b"".join(parts))]
    assert found == [
        ("L4", "Consultoria"),
        ("L3", "Consultoria, Plano Básico"),
        ("L2", "Consultoria"),
        ("L1", ""),
        ("L0", "Plano Básico"),
    ]


def test_decimal_amounts_keep_their_cents_in_csv(ana):
    make_lead(ana, expected_value="1234.5")
    [row] = csv_records(export(ana, "lead", Lead)[2])
    assert Decimal(row["Expected value"]) == Decimal("1234.50")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_times_are_in_the_workspaces_own_time_zone(carla, fmt):
    lead = make_lead(carla, first_name="Lucía")
    data = export(carla, "lead", Lead, fmt)[2]
    [row] = csv_records(data) if fmt == "csv" else xlsx_records(data)
    madrid = lead.created_at.astimezone(ZoneInfo("Europe/Madrid")).replace(tzinfo=None, microsecond=0)
    assert row["Created"] == (madrid.isoformat(" ") if fmt == "csv" else madrid)


def test_a_time_zone_the_system_does_not_know_falls_back_to_utc(ana):
    lead = make_lead(ana)
    type(ana.workspace).objects.filter(pk=ana.workspace.pk).update(time_zone="Nowhere/Atlantis")
    ana.workspace.refresh_from_db()
    filename, _type, data = export(ana, "lead", Lead)
    [row] = csv_records(data)
    assert row["Created"] == lead.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert filename.startswith("leads-")
