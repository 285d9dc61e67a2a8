from collections import Counter

import pytest

from funil.activities.models import Activity
from funil.catalog.models import Source
from funil.contacts.models import Company, Contact
from funil.core.normalize import normalize_email, normalize_phone
from funil.deals.models import Deal
from funil.demo.generator import DemoContext, Generator, IdBlocks
from funil.demo.seed import ADMIN_EMAIL, _context, demo_load
from funil.leads.models import Lead
from funil.pipelines.models import Stage


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return demo_load(leads=500, name="Demo Test", progress=lambda line: None)


def test_the_demo_workspace_is_full_and_every_stage_and_source_is_used(demo):
    ws = demo.workspace
    leads = Lead.objects.filter(workspace=ws)
    assert leads.count() == 500
    assert Company.objects.filter(workspace=ws).count() == 100
    assert Contact.objects.filter(workspace=ws).count() > 100
    assert Deal.objects.filter(workspace=ws).count() > 40
    assert 2400 <= Activity.objects.filter(workspace=ws).count() <= 2600
    used_stages = set(leads.values_list("stage_id", flat=True)) | set(
        Deal.objects.filter(workspace=ws).values_list("stage_id", flat=True)
    )
    assert used_stages == set(Stage.objects.filter(workspace=ws).values_list("pk", flat=True))
    assert set(leads.values_list("source_id", flat=True)) == set(
        Source.objects.filter(workspace=ws).values_list("pk", flat=True)
    )


def test_demo_rows_obey_the_same_rules_as_the_services(demo):
    ws = demo.workspace
    for lead in Lead.objects.filter(workspace=ws).select_related("stage")[:200]:
        assert normalize_email(lead.email) == lead.email_normalized
        assert normalize_phone(lead.phone, country=ws.country).e164 == lead.phone_e164
        if lead.mobile:
            assert normalize_phone(lead.mobile, country=ws.country).e164 == lead.mobile_e164
        assert lead.status == lead.stage.meaning
        assert (lead.junk_reason_id is not None) == (lead.status == "junk")
        if lead.stage.name == "Qualified":
            assert lead.budget is not None  # the stage gate
    for deal in Deal.objects.filter(workspace=ws, status="lost"):
        assert deal.lost_reason_id is not None
    # Outbound touches mean the lead was contacted, as activity_log records it.
    outbound = Activity.objects.filter(workspace=ws, lead__isnull=False, direction="out")
    assert not outbound.filter(lead__first_contacted_at__isnull=True).exists()
    open_followups = Activity.objects.filter(workspace=ws, lead__isnull=False, due_at__isnull=False, done_at=None)
    for activity in open_followups[:50]:
        assert activity.lead.next_followup_at == activity.due_at


def test_the_admin_can_log_in_with_the_printed_password(demo, client):
    assert demo.email == ADMIN_EMAIL
    assert client.login(username=demo.email, password=demo.password)


def test_running_the_demo_again_reuses_what_exists(demo, settings):
    again = demo_load(leads=500, name="Demo Test", progress=lambda line: None)
    assert not again.created
    assert again.workspace == demo.workspace
    assert again.password == demo.password
    assert Lead.objects.filter(workspace=demo.workspace).count() == 500


def test_the_same_seed_gives_the_same_data(demo):
    ctx: DemoContext = _context(demo.workspace)
    ids = IdBlocks(company=1, contact=1, lead=1, deal=1)
    first = Generator(ctx, leads=300, seed=7).chunk(0, ids)
    second = Generator(ctx, leads=300, seed=7).chunk(0, ids)
    other = Generator(ctx, leads=300, seed=8).chunk(0, ids)
    assert first["lead"] == second["lead"] and first["activity"] == second["activity"]
    assert first["lead"] != other["lead"]
    assert Counter(row[1] for row in first["activity"])  # kinds present


def test_a_real_workspace_is_never_filled_with_demo_data(db, settings, tmp_path, ana):
    from funil.core.errors import DomainError

    settings.VAR_DIR = tmp_path
    with pytest.raises(DomainError):
        demo_load(leads=10, name=ana.workspace.name, progress=lambda line: None)
    assert not Lead.objects.filter(workspace=ana.workspace).exists()


def test_a_lost_credentials_file_gives_a_new_password_that_works(demo, settings, client):
    from funil.demo.seed import credentials_file

    credentials_file().unlink()
    again = demo_load(leads=500, name="Demo Test", progress=lambda line: None)
    assert again.password != demo.password
    assert client.login(username=again.email, password=again.password)
