import pytest

from funil.activities.models import Activity, Kind
from funil.core.errors import Forbidden, ValidationFailed
from funil.leads.models import LeadStatus
from funil.leads.services import lead_create
from funil.testing.factories import lead_stage


def codes(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_a_new_lead_starts_open_in_the_first_stage_owned_by_its_creator(bruno):
    lead = lead_create(actor=bruno, data={"first_name": "  João ", "last_name": "Silva", "company_name": "Padaria Boa"})
    assert lead.stage.name == "New"
    assert lead.status == LeadStatus.OPEN
    assert lead.owner_id == bruno.user.pk
    assert lead.team_id == bruno.team_id
    assert lead.first_name == "João"
    assert lead.currency == "BRL"
    assert lead.version == 1


def test_contact_data_is_kept_as_entered_and_normalised(ana):
    lead = lead_create(
        actor=ana,
        data={
            "first_name": "Maria",
            "email": " Maria.Costa@Exemplo.COM.br ",
            "phone": "(11) 3456-7890 ramal 21",
            "mobile": "+351 912 345 678",
            "country": "pt",
        },
    )
    assert lead.email == "Maria.Costa@Exemplo.COM.br"
    assert lead.email_normalized == "maria.costa@exemplo.com.br"
    assert lead.phone_e164 == "+551134567890"
    assert lead.phone_extension == "21"
    assert lead.mobile_e164 == "+351912345678"
    assert lead.country == "PT"


def test_creation_is_on_the_timeline_in_the_same_write(ana):
    lead = lead_create(actor=ana, data={"first_name": "Ana Clara"})
    entry = Activity.objects.get(lead=lead)
    assert entry.kind == Kind.SYSTEM
    assert entry.actor_id == ana.user.pk
    assert entry.payload["created"]["first_name"] == "Ana Clara"


def test_an_empty_lead_is_refused(ana):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"title": "CEO"})
    assert exc.value.code == "lead_empty"


def test_every_bad_field_is_reported_at_once(ana):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(
            actor=ana,
            data={
                "first_name": "X",
                "email": "not-an-email",
                "phone": "12",
                "country": "ZZ",
                "budget": "lots",
                "authority": "king",
                "stage": 1,
            },
        )
    assert codes(exc.value) == {
        "email": "email_invalid",
        "phone": "phone_invalid",
        "country": "country_invalid",
        "budget": "amount_invalid",
        "authority": "choice_invalid",
        "stage": "field_read_only",
    }


def test_unknown_fields_are_refused_not_ignored(ana):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "X", "favourite_colour": "blue"})
    assert codes(exc.value) == {"favourite_colour": "field_unknown"}


def test_a_lead_cannot_start_in_a_closing_stage(ana):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "X"}, stage=lead_stage(ana, "Unqualified"))
    assert exc.value.code == "lead_closed"


def test_a_lead_cannot_start_in_another_workspaces_stage(ana, carla):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "X"}, stage=lead_stage(carla, "New"))
    assert exc.value.code == "stage_not_in_pipeline"


def test_references_must_belong_to_the_workspace(ana, carla):
    from funil.catalog.models import Source

    foreign_source = Source.objects.filter(workspace=carla.workspace).first()
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "X", "source": foreign_source.pk})
    assert codes(exc.value) == {"source": "reference_invalid"}


def test_the_owner_must_be_a_member(ana, carla):
    with pytest.raises(ValidationFailed) as exc:
        lead_create(actor=ana, data={"first_name": "X"}, owner_id=carla.user.pk)
    assert exc.value.code == "owner_not_member"


def test_a_workspace_in_simple_mode_has_no_leads(ana):
    from funil.accounts.models import CrmMode
    from funil.core.errors import DomainError

    ana.workspace.crm_mode = CrmMode.SIMPLE
    ana.workspace.save()
    with pytest.raises(DomainError) as exc:
        lead_create(actor=ana, data={"first_name": "X"})
    assert exc.value.code == "leads_off_in_simple_mode"


def test_a_read_only_member_cannot_create_leads(rita):
    with pytest.raises(Forbidden):
        lead_create(actor=rita, data={"first_name": "X"})
