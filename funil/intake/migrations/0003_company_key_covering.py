"""The lead company-key index carries the names and status it is read for, so "similar name at the same
company" is an index-only scan: one company's 200 most recent leads cost a few index pages, not 200 heap pages
scattered over a million-row table. company_name is included too: PostgreSQL plans an index-only scan of an
expression index only when the expression's own column can also be read from the index."""

from django.db import migrations

KEY = 'translate(lower(%(expressions)s), \'áàâãäåāÁÀÂÃÄÅĀéèêëēÉÈÊËĒíìîïÍÌÎÏóòôõöøÓÒÔÕÖØúùûüÚÙÛÜçÇñÑýÿÝŸ .,;:-_/&()+!?\'\'"`´\', \'aaaaaaaaaaaaaaeeeeeeeeeeiiiiiiiioooooooooooouuuuuuuuccnnyyyy\')'
LEAD_INDEX = (
    "CREATE INDEX IF NOT EXISTS intake_lead_company_key ON leads_lead "
    "(workspace_id, (" + KEY % {"expressions": "company_name"} + "), id) "
    "INCLUDE (first_name, last_name, status, company_name) WHERE company_name <> ''"
)
PREVIOUS = (
    "CREATE INDEX IF NOT EXISTS intake_lead_company_key ON leads_lead "
    "(workspace_id, (" + KEY % {"expressions": "company_name"} + "), id) WHERE company_name <> ''"
)


def replace(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS intake_lead_company_key")
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_company_key_indexes")]

    operations = [migrations.RunPython(replace(LEAD_INDEX), replace(PREVIOUS))]
