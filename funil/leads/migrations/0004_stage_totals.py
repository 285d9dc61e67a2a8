"""Per-stage lead totals kept by a PostgreSQL trigger, so a board over a million leads reads a few rows.

SQLite (the embedded, small-scale database) computes board totals live and gets no table or trigger.
"""

from django.db import migrations

CREATE = """
CREATE TABLE leads_stage_totals (
    workspace_id bigint NOT NULL,
    stage_id bigint NOT NULL,
    owner_id bigint NOT NULL DEFAULT 0,
    team_id bigint NOT NULL DEFAULT 0,
    n bigint NOT NULL DEFAULT 0,
    value numeric(20, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, stage_id, owner_id, team_id)
);

CREATE FUNCTION leads_stage_totals_add(ws bigint, st bigint, ow bigint, tm bigint, dn bigint, dv numeric)
RETURNS void AS $$
    INSERT INTO leads_stage_totals AS t (workspace_id, stage_id, owner_id, team_id, n, value)
    VALUES (ws, st, COALESCE(ow, 0), COALESCE(tm, 0), dn, COALESCE(dv, 0))
    ON CONFLICT (workspace_id, stage_id, owner_id, team_id)
    DO UPDATE SET n = t.n + EXCLUDED.n, value = t.value + EXCLUDED.value;
$$ LANGUAGE sql;

CREATE FUNCTION leads_stage_totals_apply() RETURNS trigger AS $$
BEGIN
    -- Two rows change on a move: touch them in key order, so crossing moves cannot deadlock.
    IF TG_OP = 'UPDATE' AND (NEW.stage_id, COALESCE(NEW.owner_id, 0), COALESCE(NEW.team_id, 0))
                          < (OLD.stage_id, COALESCE(OLD.owner_id, 0), COALESCE(OLD.team_id, 0)) THEN
        PERFORM leads_stage_totals_add(NEW.workspace_id, NEW.stage_id, NEW.owner_id, NEW.team_id, 1, NEW.expected_value);
        PERFORM leads_stage_totals_add(OLD.workspace_id, OLD.stage_id, OLD.owner_id, OLD.team_id, -1, -OLD.expected_value);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM leads_stage_totals_add(OLD.workspace_id, OLD.stage_id, OLD.owner_id, OLD.team_id, -1, -OLD.expected_value);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM leads_stage_totals_add(NEW.workspace_id, NEW.stage_id, NEW.owner_id, NEW.team_id, 1, NEW.expected_value);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER leads_stage_totals_trg
AFTER INSERT OR DELETE OR UPDATE OF workspace_id, stage_id, owner_id, team_id, expected_value ON leads_lead
FOR EACH ROW EXECUTE FUNCTION leads_stage_totals_apply();

INSERT INTO leads_stage_totals (workspace_id, stage_id, owner_id, team_id, n, value)
SELECT workspace_id, stage_id, COALESCE(owner_id, 0), COALESCE(team_id, 0), count(*), COALESCE(sum(expected_value), 0)
FROM leads_lead GROUP BY 1, 2, 3, 4;
"""

DROP = """
DROP TRIGGER IF EXISTS leads_stage_totals_trg ON leads_lead;
DROP FUNCTION IF EXISTS leads_stage_totals_apply();
DROP FUNCTION IF EXISTS leads_stage_totals_add(bigint, bigint, bigint, bigint, bigint, numeric);
DROP TABLE IF EXISTS leads_stage_totals;
"""


def _run(schema_editor, sql):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one go


def forwards(apps, schema_editor):
    _run(schema_editor, CREATE)


def backwards(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_covering_board_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
