from types import SimpleNamespace

import pytest
from django.db.models import Sum

from funil.accounts.access import Actor, actor_for, can, load, require, scoped
from funil.accounts.models import User
from funil.accounts.roles import ACTIONS, Role
from funil.accounts.services import member_add, team_create
from funil.activities.models import Activity, Kind
from funil.activities.services import activity_log
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, contact_create
from funil.core.errors import Forbidden, NotFound
from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead

RECORDS = (Lead, Deal, Contact, Company, Activity)


def pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


@pytest.fixture
def acme_records(ana, bruno):
    """Ana's records, Bruno's records, and a note on each lead."""
    lead = make_lead(ana)
    brunos_lead = make_lead(bruno)
    given_to_bruno = make_lead(ana, owner_id=bruno.user.pk)
    records = SimpleNamespace(
        lead=lead,
        deal=make_deal(ana),
        contact=contact_create(actor=ana, data={"first_name": "Joana"}),
        company=company_create(actor=ana, data={"name": "Padaria Boa"}),
        note=activity_log(actor=ana, target=lead, kind=Kind.NOTE, body="Ana's note"),
        brunos_lead=brunos_lead,
        brunos_note=activity_log(actor=bruno, target=brunos_lead, kind=Kind.NOTE, body="Bruno's note"),
        given_to_bruno=given_to_bruno,
        anas_note_on_brunos_lead=activity_log(actor=ana, target=given_to_bruno, kind=Kind.NOTE, body="For Bruno"),
    )
    records.all = [records.lead, records.deal, records.contact, records.company, records.note]
    return records


def acme_ids(model, acme) -> set[int]:
    return pks(model.objects.filter(workspace=acme))


# Carla: another workspace sees nothing of Acme
def test_carla_sees_nothing_of_acme_through_any_scoped_query(acme, acme_records, carla):
    for model in RECORDS:
        assert acme_ids(model, acme), f"the test needs Acme {model.__name__} rows"
        for action in ACTIONS:
            assert not scoped(carla, model, action).exists(), (model.__name__, action)
            assert scoped(carla, model.objects.filter(workspace=acme), action).count() == 0


def test_carla_cannot_load_any_acme_record_by_id(acme_records, carla):
    for record in acme_records.all:
        for action in ACTIONS:
            with pytest.raises(NotFound):
                load(carla, type(record), record.pk, action)
            with pytest.raises(NotFound):
                load(carla, type(record).objects.filter(pk=record.pk), record.pk, action)
        with pytest.raises(NotFound):
            load(carla, type(record), str(record.pk))


def test_carla_counts_zero_of_acme_and_sums_nothing(acme_records, carla):
    assert [scoped(carla, model).count() for model in RECORDS] == [0, 0, 0, 0, 0]
    assert scoped(carla, Deal).aggregate(total=Sum("amount"))["total"] is None
    assert scoped(carla, Activity.objects.filter(lead=acme_records.lead)).count() == 0


def test_carla_sees_her_own_records_and_only_those(acme_records, carla):
    hers = make_lead(carla)
    assert pks(scoped(carla, Lead)) == {hers.pk}
    assert load(carla, Lead, hers.pk) == hers
    assert pks(scoped(carla, Activity)) == pks(Activity.objects.filter(lead=hers))


def test_carla_may_not_act_on_an_acme_record_even_with_it_in_hand(acme_records, carla):
    for record in acme_records.all:
        entity = type(record).ACCESS_ENTITY
        assert not can(carla, entity, "read", record)
        with pytest.raises(Forbidden):
            require(carla, entity, "update", record)


def test_a_system_actor_of_globex_sees_nothing_of_acme(acme_records, globex):
    robot = Actor.system(globex, "nightly import")
    for model in RECORDS:
        assert scoped(robot, model).count() == 0
    with pytest.raises(NotFound):
        load(robot, Lead, acme_records.lead.pk)


# actor_for
def test_a_user_without_a_membership_has_no_actor(acme, carla):
    stranger = User.objects.create_user("stranger@example.com", "x")
    with pytest.raises(NotFound):
        actor_for(stranger, acme)
    with pytest.raises(NotFound):
        actor_for(carla.user, acme.pk)


def test_a_deactivated_membership_or_user_has_no_actor(acme, bruno):
    assert actor_for(bruno.user, acme.pk).role == Role.SALESPERSON
    bruno.membership.is_active = False
    bruno.membership.save()
    with pytest.raises(NotFound):
        actor_for(bruno.user, acme)
    bruno.membership.is_active = True
    bruno.membership.save()
    bruno.user.is_active = False
    bruno.user.save()
    with pytest.raises(NotFound):
        actor_for(bruno.user, acme)


# Bruno: a salesperson sees his own
def test_bruno_sees_only_his_own_leads(acme_records, bruno):
    assert pks(scoped(bruno, Lead)) == {acme_records.brunos_lead.pk, acme_records.given_to_bruno.pk}
    assert load(bruno, Lead, acme_records.given_to_bruno.pk).owner_id == bruno.user.pk
    with pytest.raises(NotFound):
        load(bruno, Lead, acme_records.lead.pk)


def test_bruno_sees_the_activities_of_his_leads_and_none_of_anas(acme_records, bruno):
    visible = pks(scoped(bruno, Activity))
    his_leads = [acme_records.brunos_lead, acme_records.given_to_bruno]
    assert visible == pks(Activity.objects.filter(lead__in=his_leads))
    assert acme_records.anas_note_on_brunos_lead.pk in visible
    assert not visible & pks(Activity.objects.filter(lead=acme_records.lead))
    with pytest.raises(NotFound):
        load(bruno, Activity, acme_records.note.pk)


def test_bruno_sees_none_of_anas_deals_contacts_or_companies(acme_records, bruno):
    for record in (acme_records.deal, acme_records.contact, acme_records.company):
        assert scoped(bruno, type(record)).count() == 0
        with pytest.raises(NotFound):
            load(bruno, type(record), record.pk)


def test_bruno_may_update_his_lead_but_not_anas(acme_records, bruno):
    require(bruno, "lead", "update", acme_records.brunos_lead)
    with pytest.raises(Forbidden):
        require(bruno, "lead", "update", acme_records.lead)
    with pytest.raises(Forbidden):
        require(bruno, "lead", "delete", acme_records.brunos_lead)


# Ana: the admin sees all of Acme
def test_ana_sees_all_of_acme_and_nothing_of_globex(acme, acme_records, ana, carla):
    carlas = make_lead(carla)
    for model in RECORDS:
        assert pks(scoped(ana, model)) == acme_ids(model, acme)
    assert pks(scoped(ana, Lead)) == {
        acme_records.lead.pk,
        acme_records.brunos_lead.pk,
        acme_records.given_to_bruno.pk,
    }
    with pytest.raises(NotFound):
        load(ana, Lead, carlas.pk)
    for record in acme_records.all:
        require(ana, type(record).ACCESS_ENTITY, "delete", record)


# Rita: read-only sees all, changes nothing
def test_rita_reads_everything_in_acme(acme, acme_records, rita):
    for model in RECORDS:
        assert pks(scoped(rita, model)) == acme_ids(model, acme)
    assert load(rita, Lead, acme_records.brunos_lead.pk) == acme_records.brunos_lead


def test_rita_may_not_change_anything(acme_records, rita):
    for record in acme_records.all:
        entity = type(record).ACCESS_ENTITY
        assert can(rita, entity, "read", record)
        for action in ("create", "update", "delete", "assign"):
            with pytest.raises(Forbidden):
                require(rita, entity, action, record)
        assert scoped(rita, type(record), "update").count() == 0
    with pytest.raises(Forbidden):
        require(rita, "lead", "update")
    with pytest.raises(NotFound):
        load(rita, Lead, acme_records.lead.pk, "update")


# A manager sees his team's records
@pytest.fixture
def field_team(acme):
    return team_create(workspace=acme, name="Field sales")


@pytest.fixture
def marcos(acme, sales_team) -> Actor:
    membership = member_add(workspace=acme, email="marcos@acme.example.com", role=Role.MANAGER, team=sales_team)
    return actor_for(membership.user, acme)


@pytest.fixture
def olga(acme, field_team) -> Actor:
    membership = member_add(workspace=acme, email="olga@acme.example.com", role=Role.SALESPERSON, team=field_team)
    return actor_for(membership.user, acme)


def test_a_manager_sees_the_records_of_his_team_and_not_of_other_teams(acme_records, marcos, olga):
    olgas_lead = make_lead(olga)
    olgas_deal = make_deal(olga)
    team_leads = {acme_records.lead.pk, acme_records.brunos_lead.pk, acme_records.given_to_bruno.pk}
    assert pks(scoped(marcos, Lead)) == team_leads
    assert pks(scoped(marcos, Deal)) == {acme_records.deal.pk}
    with pytest.raises(NotFound):
        load(marcos, Lead, olgas_lead.pk)
    with pytest.raises(NotFound):
        load(marcos, Deal, olgas_deal.pk)
    assert load(marcos, Lead, acme_records.brunos_lead.pk, "update") == acme_records.brunos_lead


def test_a_manager_sees_his_teams_activities_only(acme_records, marcos, olga):
    olgas_note = activity_log(actor=olga, target=make_lead(olga), kind=Kind.NOTE, body="Olga's note")
    visible = pks(scoped(marcos, Activity))
    assert {acme_records.note.pk, acme_records.brunos_note.pk} <= visible
    assert olgas_note.pk not in visible
    assert not visible & pks(Activity.objects.filter(lead__owner=olga.user))


def test_a_manager_may_update_his_teams_records_only(acme_records, marcos, olga):
    require(marcos, "lead", "update", acme_records.brunos_lead)
    require(marcos, "lead", "assign", acme_records.brunos_lead)
    with pytest.raises(Forbidden):
        require(marcos, "lead", "update", make_lead(olga))


def test_records_stay_with_the_team_they_were_made_in(acme, acme_records, bruno, marcos, field_team):
    member_add(workspace=acme, email="bruno@acme.example.com", role=Role.SALESPERSON, team=field_team)
    moved = actor_for(bruno.user, acme)
    new_lead = make_lead(moved)
    visible = pks(scoped(marcos, Lead))
    assert acme_records.brunos_lead.pk in visible  # its team is still Inside sales
    assert new_lead.pk not in visible
    assert can(marcos, "lead", "read", acme_records.brunos_lead)
    assert not can(marcos, "lead", "read", new_lead)


def test_owned_lists_only_what_the_actor_owns_and_nothing_for_another_workspace(ana, bruno, carla):
    from funil.accounts.access import owned
    from funil.leads.models import Lead
    from funil.testing.factories import make_lead

    mine = make_lead(ana, owner_id=bruno.user.pk)
    make_lead(ana)
    assert list(owned(bruno, Lead, "owner")) == [mine]
    assert list(owned(carla, Lead, "owner")) == []


def test_owned_refuses_a_field_that_is_not_a_direct_owner(bruno):
    import pytest

    from funil.accounts.access import owned
    from funil.leads.models import Lead

    with pytest.raises(ValueError):
        owned(bruno, Lead, "team")
