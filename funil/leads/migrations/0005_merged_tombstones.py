"""Merged leads become tombstones (merged_into, merged_at): the covering board indexes cover live leads only, and
the stage-totals trigger counts live leads only (a merge drops the merged ones, its undo brings them back)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# A row counts while it is live (merged_into_id IS NULL); an UPDATE that merges or restores it moves the totals.
LIVE_TOTALS = """
CREATE OR REPLACE FUNCTION leads_stage_totals_apply() RETURNS trigger AS $$
DECLARE
    old_live boolean := false;
    new_live boolean := false;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        old_live := OLD.merged_into_id IS NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        new_live := NEW.merged_into_id IS NULL;
    END IF;
    -- Two rows change on a move: touch them in key order, so crossing moves cannot deadlock.
    IF old_live AND new_live AND (NEW.stage_id, COALESCE(NEW.owner_id, 0), COALESCE(NEW.team_id, 0))
                               < (OLD.stage_id, COALESCE(OLD.owner_id, 0), COALESCE(OLD.team_id, 0)) THEN
        PERFORM leads_stage_totals_add(NEW.workspace_id, NEW.stage_id, NEW.owner_id, NEW.team_id, 1, NEW.expected_value);
        PERFORM leads_stage_totals_add(OLD.workspace_id, OLD.stage_id, OLD.owner_id, OLD.team_id, -1, -OLD.expected_value);
        RETURN NULL;
    END IF;
    IF old_live THEN
        PERFORM leads_stage_totals_add(OLD.workspace_id, OLD.stage_id, OLD.owner_id, OLD.team_id, -1, -OLD.expected_value);
    END IF;
    IF new_live THEN
        PERFORM leads_stage_totals_add(NEW.workspace_id, NEW.stage_id, NEW.owner_id, NEW.team_id, 1, NEW.expected_value);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS leads_stage_totals_trg ON leads_lead;
CREATE TRIGGER leads_stage_totals_trg
AFTER INSERT OR DELETE OR UPDATE OF workspace_id, stage_id, owner_id, team_id, expected_value, merged_into_id
ON leads_lead FOR EACH ROW EXECUTE FUNCTION leads_stage_totals_apply();
"""

ALL_TOTALS = """
CREATE OR REPLACE FUNCTION leads_stage_totals_apply() RETURNS trigger AS $$
BEGIN
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

DROP TRIGGER IF EXISTS leads_stage_totals_trg ON leads_lead;
CREATE TRIGGER leads_stage_totals_trg
AFTER INSERT OR DELETE OR UPDATE OF workspace_id, stage_id, owner_id, team_id, expected_value ON leads_lead
FOR EACH ROW EXECUTE FUNCTION leads_stage_totals_apply();
"""


def _run(schema_editor, sql):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one go


def live_totals(apps, schema_editor):
    _run(schema_editor, LIVE_TOTALS)


def all_totals(apps, schema_editor):
    _run(schema_editor, ALL_TOTALS)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('catalog', '0002_settings_pages'),
        ('contacts', '0002_search_text'),
        ('leads', '0004_stage_totals'),
        ('pipelines', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='lead',
            name='lead_ws_owner_status_stage',
        ),
        migrations.RemoveIndex(
            model_name='lead',
            name='lead_ws_stage_created',
        ),
        migrations.AddField(
            model_name='lead',
            name='merged_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='lead',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='leads.lead'),
        ),
        migrations.AddIndex(
            model_name='lead',
            index=models.Index(condition=models.Q(('merged_into__isnull', True)), fields=['workspace', 'owner', 'status', 'stage'], include=('expected_value',), name='lead_ws_owner_status_stage'),
        ),
        migrations.AddIndex(
            model_name='lead',
            index=models.Index(condition=models.Q(('merged_into__isnull', True)), fields=['workspace', 'stage', '-created_at'], include=('expected_value',), name='lead_ws_stage_created'),
        ),
        migrations.AddIndex(
            model_name='lead',
            index=models.Index(condition=models.Q(('merged_into__isnull', False)), fields=['merged_into'], name='lead_merged_into'),
        ),
        migrations.RunPython(live_totals, all_totals),
    ]
