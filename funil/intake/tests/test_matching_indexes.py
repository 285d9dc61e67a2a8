"""Every lookup matching makes is served by an index (checked with EXPLAIN on PostgreSQL)."""

import importlib

import pytest
from django.db import connection, transaction

from funil.accounts.access import Actor
from funil.contacts.models import Company, Contact
from funil.intake import keys
from funil.intake.candidates import company_block, statements
from funil.intake.keys import keys_for
from funil.leads.models import Lead
from funil.pipelines.models import PipelineKind
from funil.pipelines.selectors import first_open_stage

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")


def test_the_migrated_indexes_are_built_on_the_expression_matching_queries():
    for name in ("0002_company_key_indexes", "0003_company_key_covering"):
        migration = importlib.import_module(f"funil.intake.migrations.{name}")
        assert migration.KEY == keys.COMPANY_KEY_SQL


def fill(workspace, n=3000):
    """Enough varied rows, analysed, for the planner to weigh indexes as it would on a real table."""
    stage = first_open_stage(workspace, PipelineKind.LEAD)
    companies = Company.objects.bulk_create(
        Company(workspace=workspace, name=f"Company {i}", domain=f"c{i}.example.com") for i in range(n)
    )
    Lead.objects.bulk_create(
        Lead(
            workspace=workspace,
            pipeline_id=stage.pipeline_id,
            stage=stage,
            first_name=f"P{i}",
            company_name=f"Company {i % 500}",
            email_normalized=f"p{i}@example.com",
            phone_e164=f"+55819{i:08d}",
            mobile_e164=f"+55819{i + 50000:08d}",
        )
        for i in range(n)
    )
    Contact.objects.bulk_create(
        Contact(
            workspace=workspace, company=companies[i], email_normalized=f"c{i}@example.com", phone_e164=f"+5511{i:08d}"
        )
        for i in range(n)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead; ANALYZE contacts_contact; ANALYZE contacts_company")


def plans(workspace, person, messenger=None) -> list[str]:
    found = []
    actor = Actor.system(workspace, "test")
    for sql, params in statements(actor, keys_for("BR", person, messenger)):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # small tables: ask whether an index *can* serve
            cursor.execute("EXPLAIN " + sql, params)
            found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found


@postgres_only
def test_each_lookup_of_one_incoming_person_is_an_index_scan(acme):
    fill(acme)
    person = {
        "full_name": "Ana Lima",
        "email": "ana@c7.example.com",
        "phone": "(81) 3333-4444",
        "company_name": "Company 7",
    }
    exact_leads, exact_contacts, identities, domains, company_leads, company_namesakes, company_contacts = plans(
        acme, person, {"whatsapp": "+5581988887777"}
    )
    for name in ("lead_ws_email", "lead_ws_phone", "lead_ws_mobile", "leads_lead_pkey", "identity_lookup"):
        assert name in exact_leads, exact_leads
    for name in ("contact_ws_email", "contact_ws_phone", "contact_ws_mobile", "contacts_contact_pkey"):
        assert name in exact_contacts, exact_contacts
    assert "identity_lookup" in identities
    assert "company_ws_domain" in domains
    for plan in (company_leads, company_namesakes):
        assert "Index Only Scan Backward using intake_lead_company_key" in plan, plan
    assert "intake_company_name_key" in company_contacts, company_contacts


def test_the_orm_form_of_the_company_narrowing_finds_the_same_company(ana):
    from funil.contacts.services import company_create

    vertice = company_create(actor=ana, data={"name": "Vértice Transportes ME"})
    company_create(actor=ana, data={"name": "Aurora"})
    assert list(company_block(Company.objects.filter(workspace=ana.workspace), "name", "vertice transportes, me")) == [
        vertice
    ]
