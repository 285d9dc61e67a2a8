"""Which field each column of an imported spreadsheet fills: a proposal the person confirms or changes.

Headers are compared folded (lower case, accents dropped, punctuation, underscores and runs of spaces made one
space), so "E-mail", "e_mail" and " E MAIL " are one header. The synonyms below cover English, Portuguese and
Spanish, hand-made sheets and the exports of the common CRMs; a header that is missed is fixed by adding a
synonym to a table, never by a new branch of code.

A header is looked up in tiers, and a tier is tried for every header before the next one: the synonyms, then
the fields' own keys and labels (a Funil export read back), then the workspace's custom fields by label or key,
then the weak synonyms (words that usually mean a field but may mean a custom one, such as "WhatsApp").
Each target is proposed for one header only: within a tier the leftmost header wins.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from funil.core.search import fold

KINDS = ("leads", "contacts", "companies", "deals")
CUSTOM_PREFIX = "custom:"


@dataclass(frozen=True)
class Target:
    key: str  # as the import engine stores it: "email", "owner", "custom:segment"
    label: str | Promise  # translated lazily, for the mapping page


# Synonym groups, written as people write them (folded when the index is built).
FULL_NAME = (
    "name", "full name", "contact name", "contact", "person name", "person - name", "lead name",
    "nome", "nome completo", "nome do contato", "nome do cliente", "nome do lead", "contato",
    "nombre", "nombre completo", "nombre del contacto", "nombre del cliente", "nombre del lead",
    "nombre del prospecto", "contacto",
)  # fmt: skip
FIRST_NAME = (
    "first name", "firstname", "first", "given name", "fname", "person - first name",
    "primeiro nome", "prenome", "nome proprio", "primer nombre", "nombre de pila", "nombres",
)  # fmt: skip
LAST_NAME = (
    "last name", "lastname", "last", "surname", "family name", "lname", "person - last name",
    "sobrenome", "ultimo nome", "apellido", "apellidos",
)  # fmt: skip
# "nome", "nombre" and "name" are the given name when the sheet has a surname column (Bitrix24 exports).
GIVEN_NAME_WITH_SURNAME = ("name", "nome", "nombre")
JOB_TITLE = (
    "title", "job title", "job position", "position", "designation", "role", "job role", "person - job title",
    "cargo", "funcao", "profissao", "ocupacao", "puesto", "puesto de trabajo", "profesion", "ocupacion",
)  # fmt: skip
EMAIL = (
    "email", "e-mail", "email address", "e-mail address", "mail", "work email", "business email", "primary email",
    "person - email", "e-mail de trabalho", "email de trabalho", "e-mail comercial", "endereco de e-mail",
    "endereco de email", "e-mail principal", "correo", "correo electronico", "correo electronico de trabajo",
    "email de trabajo", "correo de trabajo", "direccion de correo", "direccion de correo electronico",
)  # fmt: skip
OTHER_EMAIL = (
    "personal email", "home email", "other email", "secondary email", "email 2", "e-mail pessoal",
    "e-mail residencial", "outro e-mail", "correo personal", "otro correo", "correo electronico personal",
)  # fmt: skip
PHONE = (
    "phone", "phone number", "telephone", "tel", "work phone", "business phone", "office phone", "person - phone",
    "telefone", "fone", "telefone de trabalho", "telefone comercial", "telefone fixo", "numero de telefone",
    "telefono", "telefono de trabajo", "telefono de oficina", "telefono fijo", "numero de telefono",
)  # fmt: skip
OTHER_PHONE = (
    "home phone", "other phone", "phone 2", "telefone residencial", "outro telefone", "telefone 2",
    "telefono particular", "otro telefono", "telefono 2",
)  # fmt: skip
MOBILE = (
    "mobile", "mobile phone", "mobile phone number", "mobile number", "cell", "cell phone", "cellphone",
    "celular", "telefone celular", "numero de celular", "celular whatsapp", "whatsapp celular", "movel",
    "movil", "telefono movil", "telefono celular", "movil whatsapp",
)  # fmt: skip
WHATSAPP = ("whatsapp", "whats app", "whats", "wpp", "zap", "numero do whatsapp", "numero de whatsapp")
COMPANY_NAME = (
    "company", "company name", "organization", "organisation", "organization name", "organization - name",
    "deal - organization", "account", "account name", "business name", "empresa", "nome da empresa", "razao social",
    "nome fantasia", "companhia", "compania", "nombre de la empresa", "nombre de la compania", "razon social",
)  # fmt: skip
CUSTOMER = ("customer", "client", "cliente")
WEBSITE = (
    "website", "web site", "website url", "site", "url", "web", "homepage", "home page", "company website",
    "site da empresa", "endereco do site", "pagina web", "sitio web", "sitio", "pagina",
)  # fmt: skip
STREET = (
    "street", "street address", "address", "address line 1", "address 1", "mailing street", "billing street",
    "endereco", "rua", "logradouro", "endereco completo", "direccion", "calle", "domicilio",
)  # fmt: skip
CITY = ("city", "town", "mailing city", "billing city", "cidade", "municipio", "ciudad", "localidad", "poblacion")
REGION = (
    "region", "state", "province", "state/province", "state/region", "county", "mailing state/province",
    "billing state/province", "estado", "uf", "estado/uf", "provincia", "estado/provincia", "departamento",
    "comunidad autonoma",
)  # fmt: skip
POSTAL_CODE = (
    "postal code", "zip", "zip code", "zipcode", "zip/postal code", "postcode", "post code",
    "mailing zip/postal code", "billing zip/postal code", "cep", "codigo postal", "cp",
)  # fmt: skip
COUNTRY = ("country", "country/region", "country name", "mailing country", "billing country", "pais", "nacion")
LANGUAGE = ("language", "preferred language", "locale", "idioma", "lingua", "idioma preferido")
SOURCE = (
    "source", "lead source", "original source", "origin", "channel", "lead - source", "deal - source",
    "origem", "fonte", "canal", "origem do lead", "como nos conheceu", "origen", "fuente", "origen del lead",
    "fuente del lead", "como nos conocio",
)  # fmt: skip
CAMPAIGN = ("campaign", "campaign name", "campanha", "nome da campanha", "campana", "nombre de la campana")
STAGE = (
    "stage", "lifecycle stage", "pipeline stage", "lead stage", "deal stage", "sales stage", "deal - stage",
    "opportunity stage", "etapa", "estagio", "fase", "etapa do funil", "fase do funil", "etapa del embudo",
    "fase del embudo", "etapa de la negociacion",
)  # fmt: skip
OWNER = (
    "owner", "lead owner", "contact owner", "account owner", "company owner", "deal owner", "opportunity owner",
    "record owner", "hubspot owner", "owner name", "assigned to", "salesperson", "sales rep", "seller",
    "deal - owner", "lead - owner", "person - owner", "organization - owner", "responsavel", "usuario responsavel",
    "vendedor", "vendedora", "consultor", "consultora", "atribuido a", "executivo de vendas", "dono",
    "proprietario", "responsable", "persona responsable", "usuario responsable", "asignado a", "propietario",
    "ejecutivo", "ejecutivo de ventas", "comercial",
)  # fmt: skip
LEAD_STATUS = ("status", "lead status", "lead - status", "situacao", "status do lead", "estado del lead", "situacion")
BUDGET = ("budget", "budget amount", "orcamento", "orcamento disponivel", "verba", "presupuesto")
LEAD_VALUE = (
    "expected value", "expected revenue", "value", "lead value", "lead - value", "potential value", "amount",
    "valor", "valor esperado", "valor estimado", "valor previsto", "valor potencial", "valor do lead",
    "receita esperada", "monto", "importe", "valor del lead", "ingreso esperado",
)  # fmt: skip
OPPORTUNITY_VALUE = ("oportunidade", "oportunidad")  # Bitrix24 calls the amount so
CURRENCY = (
    "currency", "currency code", "iso currency", "lead currency", "deal currency", "deal - currency",
    "lead - currency", "moeda", "tipo de moeda", "moneda", "divisa",
)  # fmt: skip
NEED = (
    "need", "needs", "interest", "interested in", "message", "necessidade", "interesse", "produto de interesse",
    "mensagem", "necesidad", "interes", "producto de interes", "mensaje",
)  # fmt: skip
NOTES = (
    "notes", "note", "comments", "comment", "description", "remarks", "details", "internal notes",
    "observacoes", "observacao", "obs", "notas", "nota", "comentarios", "comentario", "anotacoes", "descricao",
    "detalhes", "observaciones", "observacion", "descripcion", "detalles",
)  # fmt: skip
CREATED_AT = (
    "created", "created at", "created date", "create date", "created on", "created time", "date created",
    "creation date", "date added", "added on", "lead created", "lead - lead created", "lead - created",
    "deal created", "deal - deal created", "deal - created", "data de criacao", "criado em", "data de cadastro",
    "cadastrado em", "data de entrada", "fecha de creacion", "creado el", "creado", "creado en", "fecha de alta",
)  # fmt: skip
BARE_DATE = ("date", "data", "fecha")
EXTERNAL_ID = ("id", "record id", "external id", "crm id", "uuid", "id externo", "codigo", "id do registro")
UTM_SOURCE = ("utm source", "utm_source")
UTM_MEDIUM = ("utm medium", "utm_medium", "medium", "midia", "medio")
UTM_CAMPAIGN = ("utm campaign", "utm_campaign")
UTM_TERM = ("utm term", "utm_term")
UTM_CONTENT = ("utm content", "utm_content")
CONSENT = (
    "marketing consent", "consent", "email opt in", "opt in", "opt-in", "accepts marketing", "subscribed",
    "newsletter", "consentimento", "aceita marketing", "aceita receber e-mails", "aceita receber emails",
    "consentimiento", "acepta marketing", "acepta recibir correos", "lgpd",
)  # fmt: skip
INDUSTRY = ("industry", "sector", "setor", "ramo", "ramo de atividade", "industria", "rubro", "vertical")
SEGMENT = ("segment", "segmento")  # often a workspace's own custom field, so only a weak synonym of industry
SIZE = (
    "size", "company size", "employees", "number of employees", "no of employees", "employee count", "headcount",
    "funcionarios", "numero de funcionarios", "no de funcionarios", "quantidade de funcionarios", "colaboradores",
    "empleados", "numero de empleados", "no de empleados", "tamano de la empresa",
)  # fmt: skip
DOMAIN = ("domain", "company domain name", "email domain", "dominio", "dominio da empresa", "dominio de la empresa")
DEAL_TITLE = (
    "title", "deal title", "deal - title", "deal name", "deal", "name", "opportunity", "opportunity name",
    "titulo", "negocio", "nome do negocio", "titulo do negocio", "nome da oportunidade", "nombre del negocio",
    "nombre de la oportunidad", "nombre de la negociacion", "nombre del trato", "trato",
)  # fmt: skip
DEAL_AMOUNT = (
    "amount", "value", "deal value", "deal - value", "deal amount", "expected revenue", "revenue", "total",
    "valor", "valor do negocio", "receita", "receita esperada", "monto", "importe", "valor del negocio",
    "ingreso esperado",
)  # fmt: skip
PIPELINE = (
    "pipeline",
    "deal - pipeline",
    "sales pipeline",
    "funnel",
    "funil",
    "funil de vendas",
    "embudo",
    "embudo de ventas",
)
CLOSE_DATE = (
    "close date", "expected close date", "expected close", "expected closing", "closing date",
    "deal - expected close date", "data de fechamento", "previsao de fechamento", "data prevista de fechamento",
    "fecha de cierre", "fecha de cierre prevista", "fecha prevista de cierre", "fecha estimada de cierre",
)  # fmt: skip
PROBABILITY = (
    "probability",
    "probability (%)",
    "win probability",
    "deal - probability",
    "probabilidade",
    "probabilidad",
)
COMPANY_ID = (
    *EXTERNAL_ID, "company id", "account id", "organization id", "organization - id", "id da empresa",
    "id de la empresa",
)  # fmt: skip
DEAL_ID = (*EXTERNAL_ID, "deal id", "deal - id", "opportunity id", "id do negocio", "id del negocio")
CONTACT_EMAIL = (
    *EMAIL,
    "contact email",
    "person email",
    "e-mail do contato",
    "email do contato",
    "correo del contacto",
)

# Per kind, target key → synonyms; the keys, in order, are the kind's targets.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        "full_name": FULL_NAME,
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "title": JOB_TITLE,
        "email": EMAIL,
        "phone": PHONE,
        "mobile": MOBILE,
        "company_name": COMPANY_NAME,
        "website": WEBSITE,
        "street": STREET,
        "city": CITY,
        "region": REGION,
        "postal_code": POSTAL_CODE,
        "country": COUNTRY,
        "language": LANGUAGE,
        "source": SOURCE,
        "campaign": CAMPAIGN,
        "stage": STAGE,
        "owner": OWNER,
        "status": LEAD_STATUS,
        "budget": BUDGET,
        "expected_value": LEAD_VALUE,
        "currency": CURRENCY,
        "need": NEED,
        "notes": NOTES,
        "created_at": CREATED_AT,
        "utm_source": UTM_SOURCE,
        "utm_medium": UTM_MEDIUM,
        "utm_campaign": UTM_CAMPAIGN,
        "utm_term": UTM_TERM,
        "utm_content": UTM_CONTENT,
        "marketing_consent": CONSENT,
        "external_id": (*EXTERNAL_ID, "lead id", "lead - id", "id do lead", "id del lead", "id del prospecto"),
    },
    "contacts": {
        "full_name": FULL_NAME,
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "title": JOB_TITLE,
        "email": EMAIL,
        "phone": PHONE,
        "mobile": MOBILE,
        "company_name": COMPANY_NAME,
        "street": STREET,
        "city": CITY,
        "region": REGION,
        "postal_code": POSTAL_CODE,
        "country": COUNTRY,
        "owner": OWNER,
        "notes": NOTES,
        "created_at": CREATED_AT,
        "external_id": (*EXTERNAL_ID, "contact id", "person id", "person - id", "id do contato", "id del contacto"),
    },
    "companies": {
        "name": ("name", "nome", "nombre", *COMPANY_NAME),
        "domain": DOMAIN,
        "website": WEBSITE,
        "phone": (*PHONE, "company phone", "telefone da empresa", "telefono de la empresa"),
        "industry": INDUSTRY,
        "size": SIZE,
        "street": STREET,
        "city": CITY,
        "region": REGION,
        "postal_code": POSTAL_CODE,
        "country": COUNTRY,
        "owner": OWNER,
        "notes": NOTES,
        "created_at": CREATED_AT,
        "external_id": COMPANY_ID,
    },
    "deals": {
        "title": DEAL_TITLE,
        "amount": DEAL_AMOUNT,
        "currency": CURRENCY,
        "pipeline": PIPELINE,
        "stage": STAGE,
        "probability": PROBABILITY,
        "owner": OWNER,
        "expected_close_date": CLOSE_DATE,
        "contact_email": CONTACT_EMAIL,
        "company_name": COMPANY_NAME,
        "source": SOURCE,
        "campaign": CAMPAIGN,
        "notes": NOTES,
        "created_at": CREATED_AT,
        "external_id": DEAL_ID,
    },
}
# Words that usually mean a field but lose to a custom field of that name and to any synonym.
WEAK_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        "email": OTHER_EMAIL,
        "phone": OTHER_PHONE,
        "mobile": WHATSAPP,
        "company_name": CUSTOMER,
        "expected_value": OPPORTUNITY_VALUE,
        "created_at": BARE_DATE,
    },
    "contacts": {
        "email": OTHER_EMAIL,
        "phone": OTHER_PHONE,
        "mobile": WHATSAPP,
        "company_name": CUSTOMER,
        "created_at": BARE_DATE,
    },
    "companies": {"industry": SEGMENT, "created_at": BARE_DATE},
    "deals": {"amount": OPPORTUNITY_VALUE, "company_name": CUSTOMER, "created_at": BARE_DATE},
}

_LABELS: dict[str, Promise] = {
    "full_name": _("Full name"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "title": _("Job title"),
    "email": _("Email"),
    "phone": _("Phone"),
    "mobile": _("Mobile / WhatsApp"),
    "company_name": _("Company"),
    "website": _("Website"),
    "street": _("Street"),
    "city": _("City"),
    "region": _("Region"),
    "postal_code": _("Postal code"),
    "country": _("Country"),
    "language": _("Language"),
    "source": _("Source"),
    "campaign": _("Campaign"),
    "stage": _("Stage"),
    "owner": _("Owner"),
    "status": _("Status"),
    "budget": _("Budget"),
    "expected_value": _("Expected value"),
    "currency": _("Currency (ISO code)"),
    "need": _("Need"),
    "notes": _("Notes"),
    "created_at": _("Created"),
    "utm_source": _("UTM source"),
    "utm_medium": _("UTM medium"),
    "utm_campaign": _("UTM campaign"),
    "utm_term": _("UTM term"),
    "utm_content": _("UTM content"),
    "marketing_consent": _("Marketing consent"),
    "external_id": _("External ID"),
    "name": _("Name"),
    "domain": _("Domain"),
    "industry": _("Industry"),
    "size": _("Employees"),
    "amount": _("Amount"),
    "pipeline": _("Pipeline"),
    "probability": _("Probability (%)"),
    "expected_close_date": _("Expected close"),
    "contact_email": _("Contact email"),
}
_KIND_LABELS: dict[tuple[str, str], Promise] = {("deals", "title"): _("Title")}

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold_header(header: str) -> str:
    """ "Zip/Postal Code" → "zip postal code"; "E-mail " → "e mail"; a spreadsheet's BOM and stars go too."""
    return _NOT_WORD.sub(" ", fold(str(header or ""))).strip()


def targets(kind: str, custom_fields: Iterable[tuple[str, str]] = ()) -> list[Target]:
    """The fields a column of this kind of record may fill, then the custom fields as "custom:<key>"."""
    own = [Target(key, _KIND_LABELS.get((kind, key), _LABELS[key])) for key in _synonyms(kind)]
    return own + [Target(CUSTOM_PREFIX + key, label) for key, label in custom_fields]


def propose(kind: str, headers: list[str], custom_fields: Iterable[tuple[str, str]] = ()) -> list[str]:
    """One target key per header, "" for a header to ignore; no target is proposed twice."""
    folded = [fold_header(h) for h in headers]
    strong = _index(kind, weak=False)
    if any(strong.get(f) == "last_name" for f in folded):
        strong = {**strong, **dict.fromkeys(_given_names(), "first_name")}
    tiers = [strong, _own_names(kind), _custom_index(custom_fields), _index(kind, weak=True)]
    chosen = [""] * len(headers)
    taken: set[str] = set()
    for tier in tiers:
        for i, header in enumerate(folded):
            target = tier.get(header, "")
            if not chosen[i] and target and target not in taken:
                chosen[i] = target
                taken.add(target)
    return _without_redundant_full_name(chosen)


def _synonyms(kind: str) -> Mapping[str, tuple[str, ...]]:
    if kind not in SYNONYMS:
        raise ValueError(f"Unknown kind of record {kind!r}; expected one of {KINDS}.")
    return SYNONYMS[kind]


@lru_cache(maxsize=len(KINDS) * 2)
def _index(kind: str, *, weak: bool) -> dict[str, str]:
    """Folded synonym → target key. A synonym naming two targets of one kind is a mistake in the tables above."""
    _synonyms(kind)
    table = (WEAK_SYNONYMS if weak else SYNONYMS)[kind]
    taken = _index(kind, weak=False) if weak else {}
    index: dict[str, str] = {}
    for key, phrases in table.items():
        for phrase in phrases:
            folded = fold_header(phrase)
            other = index.get(folded) or taken.get(folded)
            if other and other != key:
                raise ValueError(f"{kind}: {phrase!r} names both {other} and {key}")
            index[folded] = key
    return index


@lru_cache(maxsize=1)
def _given_names() -> tuple[str, ...]:
    return tuple(fold_header(name) for name in GIVEN_NAME_WITH_SURNAME)


def _own_names(kind: str) -> dict[str, str]:
    """The targets' keys and labels in the active language: a sheet exported by Funil maps back by itself."""
    names: dict[str, str] = {}
    for target in targets(kind):
        names.setdefault(fold_header(target.key), target.key)
        names.setdefault(fold_header(str(target.label)), target.key)
    return names


def _custom_index(custom_fields: Iterable[tuple[str, str]]) -> dict[str, str]:
    pairs = list(custom_fields)
    index: dict[str, str] = {}
    for key, label in pairs:
        index.setdefault(fold_header(label), CUSTOM_PREFIX + key)
    for key, _label in pairs:
        index.setdefault(fold_header(key), CUSTOM_PREFIX + key)
    index.pop("", None)
    return index


def _without_redundant_full_name(chosen: list[str]) -> list[str]:
    """With first and last name columns, a full-name column is either the same person again or, in a Bitrix24
    export ("Nome do lead"), the record's title: either way it is left out."""
    if "first_name" in chosen and "last_name" in chosen:
        return ["" if key == "full_name" else key for key in chosen]
    return chosen
