"""Identity matching: each reason found, scored and labelled; look-alikes found but never strong; scoped."""

from funil.contacts.services import company_create, contact_create
from funil.intake.matching import find_matches, matches_for_lead
from funil.intake.models import Identity
from funil.testing.factories import make_lead


def reasons(matches):
    return {(m.record._meta.model_name, m.record.pk): (m.reason, m.strong) for m in matches}


def test_the_same_email_however_written_is_a_strong_match_on_leads_and_contacts(ana):
    lead = make_lead(ana, first_name="Joana", email="joana@padaria.example.com")
    contact = contact_create(actor=ana, data={"first_name": "Joana", "email": "JOANA@Padaria.Example.com"})
    matches = find_matches(ana, {"email": " Joana@PADARIA.example.com "})
    assert reasons(matches) == {("lead", lead.pk): ("email", True), ("contact", contact.pk): ("email", True)}
    assert matches[0].label == "same email" and matches[0].confidence > 0.9


def test_the_same_phone_written_another_way_matches_when_the_names_agree(ana):
    lead = make_lead(ana, first_name="Maria", last_name="Silva", mobile="+55 81 99999-0000")
    for person in ({"phone": "(81) 99999-0000"}, {"full_name": "Maria S.", "mobile": "81999990000"}):
        (match,) = find_matches(ana, person)
        assert (match.record, match.reason, match.label, match.strong) == (lead, "phone", "same phone", True)


def test_two_colleagues_sharing_a_switchboard_number_are_two_people(ana):
    lead = make_lead(ana, first_name="Ana", last_name="Souza", phone="(81) 3333-4444")
    (match,) = find_matches(ana, {"first_name": "Bruno", "last_name": "Souza", "phone": "81 3333 4444"})
    assert (match.record, match.label, match.strong) == (lead, "same phone, different name", False)
    assert match.confidence < 0.5


def test_messenger_ids_match_through_identities(ana):
    lead = make_lead(ana, first_name="Teo")
    contact = contact_create(actor=ana, data={"first_name": "Tina"})
    Identity.objects.create(workspace=ana.workspace, kind="whatsapp", value="+5581988887777", lead=lead)
    Identity.objects.create(workspace=ana.workspace, kind="telegram", value="424242", contact=contact)
    (wa,) = find_matches(ana, {}, {"whatsapp": "(81) 98888-7777"})
    assert (wa.record, wa.reason, wa.label, wa.strong) == (lead, "whatsapp", "same WhatsApp number", True)
    (tg,) = find_matches(ana, {}, {"telegram": "424242"})
    assert (tg.record, tg.reason, tg.strong) == (contact, "telegram", True)
    # Calling from the WhatsApp number is the same phone.
    (call,) = find_matches(ana, {"phone": "+55 81 98888 7777"})
    assert (call.record, call.reason, call.strong) == (lead, "phone", True)


def test_a_company_email_domain_points_at_the_company_but_public_providers_do_not(ana):
    acme = company_create(actor=ana, data={"name": "Padaria Boa", "domain": "padaria.example.com"})
    company_create(actor=ana, data={"name": "Gmail users", "domain": "gmail.com"})
    (match,) = find_matches(ana, {"email": "novo@padaria.example.com"})
    assert (match.record, match.reason, match.label, match.strong) == (
        acme,
        "domain",
        "same company email domain",
        False,
    )
    assert find_matches(ana, {"email": "someone@gmail.com"}) == []
    (by_site,) = find_matches(ana, {"website": "www.padaria.example.com/contato"})
    assert by_site.record == acme


def test_a_similar_name_at_the_same_company_is_a_look_alike_with_its_score(ana):
    lead = make_lead(ana, first_name="Priscila", last_name="Freitas", company_name="Vértice Transportes ME")
    make_lead(ana, first_name="Otávio", last_name="Ramos", company_name="Vértice Transportes ME")
    make_lead(ana, first_name="Priscila", last_name="Freitas", company_name="Aurora Construções")
    (match,) = find_matches(ana, {"full_name": "Priscilla Freitas", "company_name": "vertice transportes, me"})
    assert (match.record, match.reason, match.strong) == (lead, "name_company", False)
    assert match.label == "similar name at the same company, 0.97" and match.confidence == 0.97


def test_contacts_at_a_company_are_compared_by_name_too(ana):
    vertice = company_create(actor=ana, data={"name": "Vértice Transportes"})
    contact = contact_create(actor=ana, data={"first_name": "João", "last_name": "Pereira", "company": vertice.pk})
    (match,) = find_matches(ana, {"first_name": "Joao", "last_name": "Pereira", "company_name": "VERTICE TRANSPORTES"})
    assert (match.record, match.reason) == (contact, "name_company")


def test_one_record_found_for_several_reasons_is_one_match_with_every_label(ana):
    lead = make_lead(ana, first_name="Rosa", email="rosa@example.com", phone="(81) 3222-1111")
    (match,) = find_matches(ana, {"first_name": "Rosa", "email": "rosa@example.com", "phone": "8132221111"})
    assert (match.record, match.reason, match.label) == (lead, "email", "same email, same phone")


def test_converted_leads_are_not_candidates_and_a_lead_is_not_its_own_duplicate(ana):
    from funil.leads.services import lead_convert

    converted = make_lead(ana, first_name="Caio", email="caio@example.com")
    contact = lead_convert(actor=ana, lead=converted, expected_version=converted.version, create_deal=False).contact
    assert reasons(find_matches(ana, {"email": "caio@example.com"})) == {("contact", contact.pk): ("email", True)}
    twin = make_lead(ana, first_name="Caio", email="caio@example.com")
    assert [(m.record, m.reason) for m in matches_for_lead(ana, twin)] == [(contact, "email")]
    assert [m.record for m in find_matches(ana, {"email": "caio@example.com"}, exclude_lead_id=twin.pk)] == [contact]


def test_matches_for_lead_reads_the_lead_and_its_identities(ana):
    first = make_lead(ana, first_name="Davi", email="davi@example.com")
    second = make_lead(ana, first_name="Davi", email="other@example.com")
    Identity.objects.create(workspace=ana.workspace, kind="telegram", value="777", lead=first)
    Identity.objects.create(workspace=ana.workspace, kind="telegram", value="777", lead=second)
    assert reasons(matches_for_lead(ana, second)) == {("lead", first.pk): ("telegram", True)}


def test_a_salesperson_sees_only_matches_among_what_they_may_read(ana, bruno):
    make_lead(ana, first_name="Lia", email="lia@example.com")
    mine = make_lead(bruno, first_name="Lia", email="lia@example.com")
    assert [m.record for m in find_matches(bruno, {"email": "lia@example.com"})] == [mine]
    assert len(find_matches(ana, {"email": "lia@example.com"})) == 2


def test_carla_finds_nothing_of_acme(ana, carla):
    make_lead(ana, first_name="Lia", email="lia@example.com", phone="+34 91 123 45 67")
    assert find_matches(carla, {"email": "lia@example.com", "phone": "+34911234567"}) == []


def test_values_that_do_not_parse_are_simply_not_looked_up(ana):
    make_lead(ana, first_name="Nia", email="nia@example.com")
    assert find_matches(ana, {"email": "nia@", "phone": "abc", "full_name": 42}, {"whatsapp": "x"}) == []


def test_a_namesake_at_a_big_company_is_found_however_old(ana):
    from funil.leads.models import Lead
    from funil.pipelines.models import PipelineKind
    from funil.pipelines.selectors import first_open_stage

    old = make_lead(ana, first_name="Débora", last_name="Nunes", company_name="Bluewave S.A.")
    stage = first_open_stage(ana.workspace, PipelineKind.LEAD)
    Lead.objects.bulk_create(
        Lead(
            workspace=ana.workspace,
            pipeline=stage.pipeline,
            stage=stage,
            first_name=f"Other{i}",
            last_name="Silva",
            company_name="Bluewave S.A.",
            search_text="bluewave s.a.",
        )
        for i in range(250)
    )
    (match,) = find_matches(ana, {"full_name": "Déébora Nunes", "company_name": "BLUEWAVE SA"})
    assert (match.record, match.reason) == (old, "name_company")
