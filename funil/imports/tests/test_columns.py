"""Column mapping proposals: the header rows other CRMs and people's own sheets really have."""

import pytest
from django.utils import translation

from funil.imports.columns import KINDS, SYNONYMS, fold_header, propose, targets

LEAD_TARGETS = [
    "full_name", "first_name", "last_name", "title", "email", "phone", "mobile", "company_name", "website", "street",
    "city", "region", "postal_code", "country", "language", "source", "campaign", "stage", "owner", "status",
    "budget", "expected_value", "currency", "need", "notes", "created_at", "utm_source", "utm_medium",
    "utm_campaign", "utm_term", "utm_content", "marketing_consent", "external_id",
]  # fmt: skip
CONTACT_TARGETS = [
    "full_name", "first_name", "last_name", "title", "email", "phone", "mobile", "company_name", "street", "city",
    "region", "postal_code", "country", "owner", "notes", "created_at", "external_id",
]  # fmt: skip
COMPANY_TARGETS = [
    "name", "domain", "website", "phone", "industry", "size", "street", "city", "region", "postal_code", "country",
    "owner", "notes", "created_at", "external_id",
]  # fmt: skip
DEAL_TARGETS = [
    "title", "amount", "currency", "pipeline", "stage", "probability", "owner", "expected_close_date",
    "contact_email", "company_name", "source", "campaign", "notes", "created_at", "external_id",
]  # fmt: skip


def mapping(kind: str, pairs: list[tuple[str, str]], custom: list[tuple[str, str]] | None = None) -> None:
    """Asserts each header of `pairs` is proposed its paired target, and that no target is proposed twice."""
    headers = [header for header, _target in pairs]
    proposed = propose(kind, headers, custom or [])
    assert dict(zip(headers, proposed, strict=True)) == dict(pairs)
    used = [key for key in proposed if key]
    assert len(used) == len(set(used))


def test_each_kind_has_its_targets_and_custom_fields_come_last():
    assert [t.key for t in targets("leads")] == LEAD_TARGETS
    assert [t.key for t in targets("contacts")] == CONTACT_TARGETS
    assert [t.key for t in targets("companies")] == COMPANY_TARGETS
    assert [t.key for t in targets("deals")] == DEAL_TARGETS
    with_custom = targets("leads", [("segment", "Segmento"), ("cpf", "CPF")])
    assert [(t.key, str(t.label)) for t in with_custom[-2:]] == [("custom:segment", "Segmento"), ("custom:cpf", "CPF")]


def test_labels_are_translated_when_shown():
    email = next(t for t in targets("leads") if t.key == "email")
    title = next(t for t in targets("deals") if t.key == "title")
    assert (str(email.label), str(title.label)) == ("Email", "Title")
    with translation.override("pt-br"):
        assert str(email.label) == "E-mail"
    with translation.override("es"):
        assert str(email.label) == "Correo electrónico"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        propose("tickets", ["Email"])
    with pytest.raises(ValueError, match="kind"):
        targets("tickets")


def test_no_synonym_names_two_targets_of_one_kind():
    # Building the indexes raises on a synonym listed under two targets, or weak and strong at once.
    for kind in KINDS:
        assert propose(kind, []) == []
        for phrases in SYNONYMS[kind].values():
            assert all(fold_header(p) for p in phrases)


def test_headers_are_folded_before_matching():
    assert fold_header("\ufeffZip/Postal Code") == "zip postal code"
    assert fold_header("  E_MAIL*  ") == "e mail"
    assert fold_header("Nº de funcionários") == "no de funcionarios"
    assert propose("leads", ["  EMAIL ", "Telefone (celular)", "data_de_criação"]) == ["email", "mobile", "created_at"]


def test_salesforce_lead_export():
    mapping(
        "leads",
        [
            ("Lead ID", "external_id"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Title", "title"),
            ("Company", "company_name"),
            ("Email", "email"),
            ("Phone", "phone"),
            ("Mobile Phone", "mobile"),
            ("Street", "street"),
            ("City", "city"),
            ("State/Province", "region"),
            ("Zip/Postal Code", "postal_code"),
            ("Country", "country"),
            ("Website", "website"),
            ("Lead Source", "source"),
            ("Lead Status", "status"),
            ("Annual Revenue", ""),  # the company's revenue: neither budget nor expected value
            ("Industry", ""),
            ("Lead Owner", "owner"),
            ("Created Date", "created_at"),
            ("Email Opt Out", ""),  # the opposite of consent: never mapped onto it
            ("Description", "notes"),
        ],
    )


def test_hubspot_contacts_export_as_contacts_and_as_leads():
    headers = [
        "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name",
        "Job Title", "Website URL", "Street Address", "City", "State/Region", "Postal Code", "Country/Region",
        "Lifecycle Stage", "Lead Status", "Contact owner", "Original Source", "Create Date",
    ]  # fmt: skip
    as_contacts = [
        "external_id", "first_name", "last_name", "email", "phone", "mobile", "company_name", "title", "", "street",
        "city", "region", "postal_code", "country", "", "", "owner", "", "created_at",
    ]  # fmt: skip
    mapping("contacts", list(zip(headers, as_contacts, strict=True)))
    as_leads = [*as_contacts[:8], "website", *as_contacts[9:14], "stage", "status", "owner", "source", "created_at"]
    mapping("leads", list(zip(headers, as_leads, strict=True)))


def test_hubspot_companies_export():
    mapping(
        "companies",
        [
            ("Record ID", "external_id"),
            ("Company name", "name"),
            ("Company Domain Name", "domain"),
            ("Website URL", "website"),
            ("Industry", "industry"),
            ("Number of Employees", "size"),
            ("Phone Number", "phone"),
            ("City", "city"),
            ("State/Region", "region"),
            ("Country/Region", "country"),
            ("Company owner", "owner"),
            ("Create Date", "created_at"),
            ("Annual Revenue", ""),
        ],
    )


def test_bitrix24_portuguese_lead_export():
    mapping(
        "leads",
        [
            ("ID", "external_id"),
            ("Nome do lead", ""),  # the lead's title: Nome and Sobrenome carry the person
            ("Nome", "first_name"),
            ("Sobrenome", "last_name"),
            ("Estágio", "stage"),
            ("Fonte", "source"),
            ("Responsável", "owner"),
            ("Telefone de trabalho", "phone"),
            ("Celular", "mobile"),
            ("E-mail de trabalho", "email"),
            ("Empresa", "company_name"),
            ("Cargo", "title"),
            ("Criado em", "created_at"),
            ("Comentário", "notes"),
        ],
    )


def test_bitrix24_spanish_lead_export():
    mapping(
        "leads",
        [
            ("ID", "external_id"),
            ("Nombre", "first_name"),
            ("Apellido", "last_name"),
            ("Correo electrónico de trabajo", "email"),
            ("Teléfono de trabajo", "phone"),
            ("Móvil", "mobile"),
            ("Compañía", "company_name"),
            ("Puesto", "title"),
            ("Fuente", "source"),
            ("Persona responsable", "owner"),
            ("Etapa", "stage"),
            ("Creado el", "created_at"),
        ],
    )


ODOO = [
    "Opportunity", "Contact Name", "Email", "Phone", "Mobile", "Customer", "Company Name", "Salesperson",
    "Sales Team", "Stage", "Source", "Medium", "Campaign", "Expected Revenue", "Created on", "Tags",
]  # fmt: skip


def test_odoo_crm_export_as_leads():
    expected = [
        "", "full_name", "email", "phone", "mobile", "", "company_name", "owner", "", "stage", "source", "utm_medium",
        "campaign", "expected_value", "created_at", "",
    ]  # fmt: skip
    mapping("leads", list(zip(ODOO, expected, strict=True)))


def test_odoo_crm_export_as_deals():
    expected = [
        "title", "", "contact_email", "", "", "", "company_name", "owner", "", "stage", "source", "", "campaign",
        "amount", "created_at", "",
    ]  # fmt: skip
    mapping("deals", list(zip(ODOO, expected, strict=True)))


def test_odoo_customer_is_the_company_when_no_company_column_is_there():
    assert propose("leads", ["Contact Name", "Customer"]) == ["full_name", "company_name"]


def test_pipedrive_deal_export():
    mapping(
        "deals",
        [
            ("Deal - ID", "external_id"),
            ("Deal - Title", "title"),
            ("Deal - Value", "amount"),
            ("Deal - Currency", "currency"),
            ("Deal - Owner", "owner"),
            ("Deal - Stage", "stage"),
            ("Deal - Pipeline", "pipeline"),
            ("Deal - Probability", "probability"),
            ("Deal - Expected close date", "expected_close_date"),
            ("Deal - Status", ""),
            ("Person - Name", ""),
            ("Person - Email", "contact_email"),
            ("Person - Phone", ""),
            ("Organization - Name", "company_name"),
            ("Deal - Deal created", "created_at"),
        ],
    )


def test_pipedrive_lead_export():
    mapping(
        "leads",
        [
            ("Lead - Title", ""),  # a name for the lead record, not the person's job title
            ("Lead - Source", "source"),
            ("Lead - Owner", "owner"),
            ("Lead - Value", "expected_value"),
            ("Person - Name", "full_name"),
            ("Person - Email", "email"),
            ("Person - Phone", "phone"),
            ("Organization - Name", "company_name"),
        ],
    )


def test_zoho_lead_export():
    mapping(
        "leads",
        [
            ("Record Id", "external_id"),
            ("Lead Owner", "owner"),
            ("Salutation", ""),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Company", "company_name"),
            ("Designation", "title"),
            ("Email", "email"),
            ("Phone", "phone"),
            ("Mobile", "mobile"),
            ("Website", "website"),
            ("Lead Source", "source"),
            ("Lead Status", "status"),
            ("Annual Revenue", ""),
            ("Street", "street"),
            ("City", "city"),
            ("State", "region"),
            ("Zip Code", "postal_code"),
            ("Country", "country"),
            ("Created Time", "created_at"),
            ("Description", "notes"),
        ],
    )


def test_a_hand_made_brazilian_sheet():
    mapping(
        "leads",
        [
            ("Nome", "full_name"),  # no surname column: the whole name, split later
            ("E-mail", "email"),
            ("Telefone", "phone"),
            ("WhatsApp", "mobile"),
            ("Empresa", "company_name"),
            ("Cargo", "title"),
            ("Cidade", "city"),
            ("Estado", "region"),
            ("CEP", "postal_code"),
            ("País", "country"),
            ("Origem", "source"),
            ("Campanha", "campaign"),
            ("Vendedor", "owner"),
            ("Etapa", "stage"),
            ("Valor", "expected_value"),
            ("Orçamento", "budget"),
            ("Moeda", "currency"),
            ("Necessidade", "need"),
            ("Observações", "notes"),
            ("Data de criação", "created_at"),
            ("Aceita marketing?", "marketing_consent"),
            ("utm_source", "utm_source"),
            ("Coluna1", ""),
        ],
    )


def test_a_hand_made_spanish_sheet():
    mapping(
        "contacts",
        [
            ("Nombre completo", "full_name"),
            ("Correo", "email"),
            ("Teléfono", "phone"),
            ("Celular", "mobile"),
            ("Empresa", "company_name"),
            ("Puesto", "title"),
            ("Dirección", "street"),
            ("Ciudad", "city"),
            ("Provincia", "region"),
            ("Código postal", "postal_code"),
            ("País", "country"),
            ("Responsable", "owner"),
            ("Notas", "notes"),
            ("Fecha de creación", "created_at"),
        ],
    )


def test_a_deal_sheet_in_portuguese():
    mapping(
        "deals",
        [
            ("Negócio", "title"),
            ("Valor", "amount"),
            ("Funil", "pipeline"),
            ("Fase", "stage"),
            ("Probabilidade", "probability"),
            ("Previsão de fechamento", "expected_close_date"),
            ("E-mail do contato", "contact_email"),
            ("Cliente", "company_name"),
            ("Responsável", "owner"),
        ],
    )


def test_unknown_and_blank_headers_are_ignored():
    assert propose("leads", ["Foo", "", "   ", "Cor favorita", "Email"]) == ["", "", "", "", "email"]
    assert propose("companies", ["Tags", "Annual Revenue"]) == ["", ""]


def test_each_target_goes_to_the_first_header_that_names_it():
    assert propose("leads", ["Email", "E-mail", "Correo"]) == ["email", "", ""]
    assert propose("leads", ["Phone", "Telefone"]) == ["phone", ""]


def test_a_synonym_beats_a_weak_synonym_wherever_it_stands():
    # "WhatsApp" usually is the mobile, but a real mobile column takes it first.
    assert propose("leads", ["WhatsApp", "Celular"]) == ["", "mobile"]
    assert propose("leads", ["Data", "Data de cadastro"]) == ["", "created_at"]
    assert propose("leads", ["Data"]) == ["created_at"]


def test_a_name_column_is_the_first_name_when_a_surname_column_is_there():
    assert propose("leads", ["Nome", "Email"]) == ["full_name", "email"]
    assert propose("leads", ["Nome", "Sobrenome"]) == ["first_name", "last_name"]
    assert propose("contacts", ["Name", "Surname"]) == ["first_name", "last_name"]
    # Both a whole name and its parts: the parts are kept, the whole is not read twice.
    assert propose("leads", ["Full name", "First name", "Last name"]) == ["", "first_name", "last_name"]
    assert propose("leads", ["Full name", "First name"]) == ["full_name", "first_name"]


def test_words_mean_different_fields_in_different_kinds():
    assert propose("companies", ["Name", "Company"]) == ["name", ""]
    assert propose("deals", ["Name", "Company", "Title"]) == ["title", "company_name", ""]
    assert propose("leads", ["Title", "Valor"]) == ["title", "expected_value"]
    assert propose("deals", ["Valor", "Cargo"]) == ["amount", ""]


def test_custom_fields_are_matched_by_label_or_key():
    custom = [("segment", "Segmento"), ("cpf", "CPF"), ("tamanho_frota", "Tamanho da frota")]
    mapping(
        "leads",
        [
            ("Email", "email"),
            ("segmento", "custom:segment"),
            ("tamanho-frota", "custom:tamanho_frota"),
            ("cpf", "custom:cpf"),
        ],
        custom,
    )
    mapping("leads", [("Tamanho da Frota", "custom:tamanho_frota"), ("Segmento ", "custom:segment")], custom)
    assert propose("leads", ["Segmento"]) == [""]


def test_a_synonym_beats_a_custom_field_and_a_custom_field_beats_a_weak_synonym():
    custom = [("whatsapp", "WhatsApp"), ("email2", "Email")]
    assert propose("leads", ["WhatsApp", "Email"], custom) == ["custom:whatsapp", "email"]
    # A companies' "Segmento" custom field keeps its column; without one, the column is the industry.
    assert propose("companies", ["Segmento"], [("segment", "Segmento")]) == ["custom:segment"]
    assert propose("companies", ["Segmento"]) == ["industry"]


def test_a_custom_field_takes_a_column_whose_field_is_already_taken_only_by_its_own_name():
    custom = [("email_financeiro", "Email financeiro")]
    assert propose("leads", ["Email", "Email", "Email financeiro"], custom) == ["email", "", "custom:email_financeiro"]


@pytest.mark.parametrize("language", ["en", "pt-br", "es"])
def test_a_sheet_funil_exported_maps_back_by_its_labels(language):
    with translation.override(language):
        for kind in KINDS:
            own = targets(kind)
            expected = [t.key for t in own]
            if "first_name" in expected:
                expected[expected.index("full_name")] = ""  # first and last name columns carry it
            assert propose(kind, [str(t.label) for t in own]) == expected, kind
            assert propose(kind, [t.key for t in own]) == expected, kind
