"""Indexes for "similar name at the same company": one company's records are one short index range.

PostgreSQL only: the company key is translate(lower(name)) (funil/intake/keys.py, COMPANY_KEY_SQL; a test
checks the two agree). SQLite has no translate(); there matching narrows by the company's longest word.
The lead index is partial (only leads with a company name) and ends with id, so "the most recent 200" is
read in index order.
"""

from django.db import migrations

KEY = "translate(lower(%(expressions)s), 'áàâãäåāÁÀÂÃÄÅĀéèêëēÉÈÊËĒíìîïÍÌÎÏóòôõöøÓÒÔÕÖØúùûüÚÙÛÜçÇñÑýÿÝŸ .,;:-_/&()+!?''\"`´', 'aaaaaaaaaaaaaaeeeeeeeeeeiiiiiiiioooooooooooouuuuuuuuccnnyyyy')"
LEAD_INDEX = (
    "CREATE INDEX IF NOT EXISTS intake_lead_company_key ON leads_lead "
    "(workspace_id, (" + KEY % {"expressions": "company_name"} + "), id) WHERE company_name <> ''"
)
COMPANY_INDEX = (
    "CREATE INDEX IF NOT EXISTS intake_company_name_key ON contacts_company "
    "(workspace_id, (" + KEY % {"expressions": "name"} + "))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LEAD_INDEX)
        schema_editor.execute(COMPANY_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS intake_lead_company_key")
        schema_editor.execute("DROP INDEX IF EXISTS intake_company_name_key")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("leads", "0004_stage_totals"),
        ("contacts", "0002_search_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
