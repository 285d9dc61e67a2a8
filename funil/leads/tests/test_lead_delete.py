import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funil.accounts.access import actor_for
from funil.accounts.roles import Role
from funil.accounts.services import member_add
from funil.activities.attachments import attachment_add
from funil.activities.deletion import DeletionError
from funil.activities.models import Activity, Attachment, Kind
from funil.activities.services import activity_log
from funil.contacts.services import contact_create
from funil.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from funil.core.models import AuditEntry
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.leads.services import lead_convert, lead_delete, lead_delete_plan
from funil.testing.factories import make_deal, make_lead
from funil.testing.personas import PASSWORD


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_ana_deletes_a_lead_with_its_timeline_and_files_and_the_audit_log_says_so(
    ana, media, django_capture_on_commit_callbacks
):
    lead = make_lead(ana, first_name="Joana")
    activity_log(actor=ana, target=lead, kind=Kind.NOTE, body="Called")
    attachment_add(actor=ana, target=lead, upload=SimpleUploadedFile("offer.txt", b"our offer"))
    path = media / Attachment.objects.get(activity__lead=lead).file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert lead_delete(actor=ana, leads=[lead]) == 1

    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert not Activity.objects.filter(lead_id=lead.pk).exists()
    assert not Attachment.objects.exists()
    assert not path.exists()
    entry = AuditEntry.objects.get(entity="lead", record_id=lead.pk)
    assert (entry.action, entry.actor_id, entry.workspace_id) == ("delete", ana.user.pk, ana.workspace.pk)
    assert entry.label == "Joana Pereira" and entry.details["timeline"] == 3 and entry.details["files"] == 1


def test_the_plan_counts_what_goes_and_writes_nothing(ana, media):
    lead = make_lead(ana)
    activity_log(actor=ana, target=lead, kind=Kind.NOTE, body="Called")
    attachment_add(actor=ana, target=lead, upload=SimpleUploadedFile("a.txt", b"x"))
    deal = make_deal(ana)
    Deal.objects.filter(pk=deal.pk).update(lead=lead)
    plan = lead_delete_plan(actor=ana, leads=[lead])
    [item] = plan.deletable
    assert (item.timeline, item.files, item.extra["deals_unlinked"]) == (3, 1, 1)
    assert plan.totals["records"] == 1 and plan.refused == []
    assert Lead.objects.filter(pk=lead.pk).exists() and Activity.objects.filter(lead=lead).count() == 3


def test_a_deal_that_named_the_lead_as_origin_stays_without_it(ana):
    lead, deal = make_lead(ana), make_deal(ana)
    Deal.objects.filter(pk=deal.pk).update(lead=lead)
    lead_delete(actor=ana, leads=[lead])
    assert Deal.objects.get(pk=deal.pk).lead_id is None


def test_a_timeline_row_shared_with_a_contact_stays_on_the_contacts_timeline(ana):
    lead, contact = make_lead(ana), contact_create(actor=ana, data={"first_name": "Joana"})
    shared = Activity.objects.create(
        workspace=ana.workspace, kind=Kind.NOTE, subject="Both", lead=lead, contact=contact
    )
    lead_delete(actor=ana, leads=[lead])
    row = Activity.objects.get(pk=shared.pk)
    assert (row.lead_id, row.contact_id) == (None, contact.pk)


def test_salespeople_and_read_only_members_cannot_delete_even_their_own(ana, bruno, rita):
    mine = make_lead(bruno)
    for actor in (bruno, rita):
        with pytest.raises(Forbidden):
            lead_delete(actor=actor, leads=[mine])
        [item] = lead_delete_plan(actor=actor, leads=[mine]).refused
        assert item.refusal.code == "forbidden"
    assert Lead.objects.filter(pk=mine.pk).exists()


def test_carla_cannot_delete_acmes_leads(ana, carla):
    lead = make_lead(ana)
    with pytest.raises(Forbidden):
        lead_delete(actor=carla, leads=[lead])
    assert Lead.objects.filter(pk=lead.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_manager_deletes_the_teams_leads_but_not_others(ana, bruno, acme, sales_team):
    manager = actor_for(
        member_add(
            workspace=acme, email="m@acme.example.com", role=Role.MANAGER, password=PASSWORD, team=sales_team
        ).user,
        acme,
    )
    outsider = actor_for(
        member_add(workspace=acme, email="o@acme.example.com", role=Role.SALESPERSON, password=PASSWORD).user, acme
    )
    teams, others = make_lead(ana, owner_id=bruno.user.pk), make_lead(ana, owner_id=outsider.user.pk)
    with pytest.raises(Forbidden):
        lead_delete(actor=manager, leads=[teams, others])
    assert Lead.objects.filter(pk__in=[teams.pk, others.pk]).count() == 2  # all or nothing
    assert lead_delete(actor=manager, leads=[teams]) == 1


def test_a_converted_lead_is_refused_and_nothing_of_the_batch_goes(ana):
    converted, plain = make_lead(ana, company_name="Padaria"), make_lead(ana)
    lead_convert(actor=ana, lead=converted, expected_version=converted.version)
    converted.refresh_from_db()
    plan = lead_delete_plan(actor=ana, leads=[converted, plain])
    assert [i.record.pk for i in plan.deletable] == [plain.pk]
    assert plan.refused[0].refusal.code == DeletionError.LEAD_CONVERTED
    with pytest.raises(DomainError) as exc:
        lead_delete(actor=ana, leads=[converted, plain])
    assert exc.value.code == DeletionError.LEAD_CONVERTED
    assert Lead.objects.filter(pk__in=[converted.pk, plain.pk]).count() == 2


def test_a_lead_deleted_meanwhile_is_not_found_and_nothing_else_goes(ana):
    gone, other = make_lead(ana), make_lead(ana)
    lead_delete(actor=ana, leads=[gone])
    with pytest.raises(NotFound):
        lead_delete(actor=ana, leads=[gone, other])
    assert Lead.objects.filter(pk=other.pk).exists()


def test_too_many_at_once_is_refused(ana, monkeypatch):
    monkeypatch.setattr("funil.activities.deletion.MAX_BATCH", 2)
    leads = [make_lead(ana) for _ in range(3)]
    with pytest.raises(ValidationFailed) as exc:
        lead_delete(actor=ana, leads=leads)
    assert exc.value.code == DeletionError.TOO_MANY
    assert Lead.objects.count() == 3


def test_nothing_to_delete_is_not_an_error(ana):
    assert lead_delete(actor=ana, leads=[]) == 0


def test_timeline_rows_still_cannot_be_deleted_one_by_one(ana):
    lead = make_lead(ana)
    from funil.activities.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        Activity.objects.filter(lead=lead).delete()


def test_the_boards_counts_and_totals_follow_a_deletion(ana):
    from funil.leads.selectors import LeadFilter, board_columns, default_pipeline

    keep, gone = make_lead(ana, expected_value="100"), make_lead(ana, expected_value="250")
    pipeline = default_pipeline(ana, "lead")

    def first_column():
        column = board_columns(ana, pipeline, LeadFilter())[0]  # kept totals on PostgreSQL, live on SQLite
        return column.count, column.total

    assert first_column() == (2, 350)
    lead_delete(actor=ana, leads=[gone])
    assert first_column() == (1, 100)
    assert keep.stage_id == gone.stage_id
