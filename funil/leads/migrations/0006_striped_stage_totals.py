"""Stage totals striped per database connection, so concurrent captures never queue on one row.

Every new lead of a web form lands in the same (stage, owner, team) total. With one row per key, each capture
transaction held that row's lock from its lead INSERT to its commit, and captures ran one at a time. Each
connection now adds to its own stripe (`slot`, from its backend pid); readers already sum per stage.
Transactions on one connection are sequential, and two connections sharing a stripe still take rows in key
order, so moves cannot deadlock.
"""

from django.db import migrations

STRIPES = 16

STRIPED = f"""
ALTER TABLE leads_stage_totals ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE leads_stage_totals DROP CONSTRAINT leads_stage_totals_pkey;
ALTER TABLE leads_stage_totals ADD PRIMARY KEY (workspace_id, stage_id, owner_id, team_id, slot);

CREATE OR REPLACE FUNCTION leads_stage_totals_add(ws bigint, st bigint, ow bigint, tm bigint, dn bigint, dv numeric)
RETURNS void AS $$
    INSERT INTO leads_stage_totals AS t (workspace_id, stage_id, owner_id, team_id, slot, n, value)
    VALUES (ws, st, COALESCE(ow, 0), COALESCE(tm, 0), pg_backend_pid() % {STRIPES}, dn, COALESCE(dv, 0))
    ON CONFLICT (workspace_id, stage_id, owner_id, team_id, slot)
    DO UPDATE SET n = t.n + EXCLUDED.n, value = t.value + EXCLUDED.value;
$$ LANGUAGE sql;
"""

SINGLE = """
CREATE TEMP TABLE leads_stage_totals_folded AS
SELECT workspace_id, stage_id, owner_id, team_id, SUM(n) AS n, SUM(value) AS value
FROM leads_stage_totals GROUP BY 1, 2, 3, 4;
DELETE FROM leads_stage_totals;
ALTER TABLE leads_stage_totals DROP CONSTRAINT leads_stage_totals_pkey;
ALTER TABLE leads_stage_totals DROP COLUMN slot;
ALTER TABLE leads_stage_totals ADD PRIMARY KEY (workspace_id, stage_id, owner_id, team_id);
INSERT INTO leads_stage_totals (workspace_id, stage_id, owner_id, team_id, n, value)
SELECT workspace_id, stage_id, owner_id, team_id, n, value FROM leads_stage_totals_folded;
DROP TABLE leads_stage_totals_folded;

CREATE OR REPLACE FUNCTION leads_stage_totals_add(ws bigint, st bigint, ow bigint, tm bigint, dn bigint, dv numeric)
RETURNS void AS $$
    INSERT INTO leads_stage_totals AS t (workspace_id, stage_id, owner_id, team_id, n, value)
    VALUES (ws, st, COALESCE(ow, 0), COALESCE(tm, 0), dn, COALESCE(dv, 0))
    ON CONFLICT (workspace_id, stage_id, owner_id, team_id)
    DO UPDATE SET n = t.n + EXCLUDED.n, value = t.value + EXCLUDED.value;
$$ LANGUAGE sql;
"""


def _run(schema_editor, sql):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one go


def forwards(apps, schema_editor):
    _run(schema_editor, STRIPED)


def backwards(apps, schema_editor):
    _run(schema_editor, SINGLE)


class Migration(migrations.Migration):
    dependencies = [("leads", "0005_merged_tombstones")]

    operations = [migrations.RunPython(forwards, backwards)]
