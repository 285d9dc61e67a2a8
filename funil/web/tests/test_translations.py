"""Every UI string is marked for translation, the catalogues are complete and current, and pages switch language.

Funil speaks English (the source strings), Portuguese (Brazil) and Spanish. A template string left unmarked, a
catalogue entry left untranslated or fuzzy, or a catalogue that `makemessages` would change, fails here.
"""

import gettext
import re
import shutil
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from funil.core.management.commands.compiletranslations import compile_catalogue
from funil.testing.factories import make_lead
from funil.testing.personas import PASSWORD
from funil.web.templatetags.humanize_funil import NBSP, money, money_exact, thousands

TEMPLATES = Path(settings.BASE_DIR) / "funil" / "templates"
LOCALES = Path(settings.LOCALE_PATHS[0])
CATALOGUES = {
    "pt-br": LOCALES / "pt_BR" / "LC_MESSAGES" / "django.po",
    "es": LOCALES / "es" / "LC_MESSAGES" / "django.po",
}
# What `make`/CI pass to makemessages: everything else in the repository is scanned.
MAKEMESSAGES_IGNORED = {".venv", "var", "bench", "e2e"}


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """Requests activate a language for the thread; leave the next test in the default one."""
    yield
    translation.deactivate()


# --- a. no unmarked text in templates -------------------------------------------------------------------------------

CHECKED_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}  # read aloud or shown: must be marked
TEMPLATE_COMMENT = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# An innermost block: its content holds no other block, so nested blocks resolve from the inside out.
BLOCK = re.compile(r"{%\s*block\s+(\w+)\s*%}((?:(?!{%\s*(?:end)?block\b).)*){%\s*endblock(?:\s+\1)?\s*%}", re.S)
# A literal a filter shows when the value is empty ({{ x|default:"None yet" }}) is text too; _("...") marks it.
DEFAULT_LITERAL = re.compile(r"""\|\s*(?:default|default_if_none)\s*:\s*(["'])(.*?)\1""")
CODE_ELEMENT = re.compile(r"<(script|style|code|pre)\b[^>]*>.*?</\1\s*>", re.S | re.I)  # code and samples, not text
HTML_TAG = re.compile(r"<[^>]*>", re.S)
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
OPEN_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*["'][^"']*$""")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
LETTER = re.compile(r"[^\W\d_]")


def _blocks_inside_attributes(sources: dict[str, str]) -> dict[str, str]:
    """{block name: attribute} for blocks a parent template opens inside an HTML attribute (class="{% block %}")."""
    found: dict[str, str] = {}
    for source in sources.values():
        for match in re.finditer(r"{%\s*block\s+(\w+)\s*%}", source):
            before = TEMPLATE_CODE.sub("", source[: match.start()])
            inside_tag = before.rfind("<") > before.rfind(">")
            attribute = OPEN_ATTRIBUTE.search(before) if inside_tag else None
            if attribute:
                found[match.group(1)] = attribute.group(1).lower()
    return found


def _has_letters(text: str) -> bool:
    return bool(LETTER.search(ENTITY.sub("", text)))


def unmarked_text(source: str, attribute_blocks: dict[str, str] | None = None) -> list[str]:
    """The user-visible text of a template that is not inside a translation tag (empty when all is marked)."""
    text = TEMPLATE_COMMENT.sub("", source)
    text = BLOCKTRANSLATE.sub("", text)
    problems = [
        f"default:{m.group(1)}{m.group(2)}{m.group(1)}"
        for m in DEFAULT_LITERAL.finditer(text)
        if _has_letters(m.group(2))
    ]

    def block(match: re.Match[str]) -> str:
        attribute = (attribute_blocks or {}).get(match.group(1))
        if attribute is None:
            return match.group(2)
        # The block's content lands in an attribute of the parent: checked only if that attribute is read.
        return f'<x {attribute}="{match.group(2)}">' if attribute in CHECKED_ATTRIBUTES else ""

    previous = None
    while previous != text:  # blocks may nest
        previous, text = text, BLOCK.sub(block, text)
    text = TEMPLATE_CODE.sub("", text)
    text = CODE_ELEMENT.sub("", text)
    for tag in HTML_TAG.findall(text):
        attributes = {
            m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in ATTRIBUTE.finditer(tag)
        }
        read = set(CHECKED_ATTRIBUTES)
        if tag[1:].lower().startswith("input") and attributes.get("type", "").lower() in {"submit", "button", "reset"}:
            read.add("value")  # a button's label
        problems += [f'{name}="{value}"' for name, value in attributes.items() if name in read and _has_letters(value)]
    problems += [line.strip() for line in HTML_TAG.sub("\n", text).splitlines() if _has_letters(line)]
    return problems


def test_the_checker_finds_unmarked_text_and_accepts_marked_text():
    blocks = {"page_class": "class", "label": "aria-label"}
    assert unmarked_text("<p>Hello</p>") == ["Hello"]
    assert unmarked_text('<input placeholder="Search">') == ['placeholder="Search"']
    assert unmarked_text('<input type="submit" value="Save">') == ['value="Save"']
    assert unmarked_text('{{ owner|default:"Nobody" }}') == ['default:"Nobody"']
    assert unmarked_text('{{ owner|default:_("Nobody") }} {{ owner|default:"—" }}') == []
    assert unmarked_text("{% block a %}<b>{% block page_class %}wide{% endblock %}</b>{% endblock %}", blocks) == []
    assert unmarked_text("{% block page_class %}wide{% endblock %}", blocks) == []
    assert unmarked_text("{% block label %}Main{% endblock %}", blocks) == ['aria-label="Main"']
    assert unmarked_text("{% block label %}{% translate 'Main' %}{% endblock %}", blocks) == []
    marked = """{% load i18n %}{# a note #}{% comment %}Draft{% endcomment %}
        <a title="{% translate 'Score' %}" href="{% url 'web:home' %}">{% translate "Home" %}</a> &nbsp;·
        {% blocktranslate count n=3 %}{{ n }} day{% plural %}{{ n }} days{% endblocktranslate %}
        <input type="hidden" name="next" value="x"> <script>const x = "code";</script>"""
    assert unmarked_text(marked) == []


def test_every_template_marks_its_text_for_translation():
    sources = {
        str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*") if p.is_file()
    }
    assert len(sources) > 20, "the templates went missing"
    attribute_blocks = _blocks_inside_attributes(sources)
    problems = {
        name: found for name, source in sorted(sources.items()) if (found := unmarked_text(source, attribute_blocks))
    }
    assert problems == {}, "wrap these in {% translate %} or {% blocktranslate %}"


# --- b. complete catalogues -----------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def test_every_other_language_has_a_catalogue():
    assert {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE} == set(CATALOGUES)
    assert all(path.exists() for path in CATALOGUES.values())


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_the_catalogue_is_fully_translated_with_no_fuzzy_entries(language):
    po = polib.pofile(str(CATALOGUES[language]))
    assert len(_entries(po)) > 200
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == translation.to_locale(language)
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_translation_keeps_the_placeholders_of_its_original(language):
    wrong = []
    for e in _entries(polib.pofile(str(CATALOGUES[language]))):
        expected = sorted(PLACEHOLDER.findall(e.msgid))
        translations = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        wrong += [(e.msgid, t) for t in translations if sorted(PLACEHOLDER.findall(t)) != expected]
        if "<code>" in e.msgid:
            wrong += [(e.msgid, t) for t in translations if t.count("<code>") != e.msgid.count("<code>")]
    assert wrong == []


# --- c. current catalogues ------------------------------------------------------------------------------------------


def _keys(path: Path) -> set[tuple[str, str, str]]:
    return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in _entries(polib.pofile(str(path)))}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_the_catalogues_hold_exactly_the_strings_the_code_marks(tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the sources, finds the same strings as the committed catalogues hold."""
    copy = tmp_path / "funil-copy"
    base = Path(settings.BASE_DIR)

    def ignored(directory: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n.startswith(".") or n == "__pycache__" or n.endswith((".mo", ".egg-info"))}
        return skip | (MAKEMESSAGES_IGNORED & set(names) if Path(directory) == base else set())

    shutil.copytree(base, copy, ignore=ignored)
    settings.LOCALE_PATHS = [copy / "funil" / "locale"]
    monkeypatch.chdir(copy)
    locales = [translation.to_locale(language) for language in sorted(CATALOGUES)]
    call_command("makemessages", locale=locales, verbosity=0)
    for language, committed in CATALOGUES.items():
        fresh = _keys(copy / "funil" / "locale" / translation.to_locale(language) / "LC_MESSAGES" / "django.po")
        current = _keys(committed)
        assert (sorted(fresh - current), sorted(current - fresh)) == ([], []), (
            f"{committed} is out of date: run `.venv/bin/python manage.py makemessages -l pt_BR -l es "
            "--ignore=.venv --ignore=var --ignore=bench --ignore=e2e`, then translate the new entries"
        )


# --- compiling without GNU gettext ----------------------------------------------------------------------------------


def test_compiletranslations_writes_catalogues_gettext_can_read(tmp_path, settings):
    target = tmp_path / "pt_BR" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUES["pt-br"], target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compiletranslations", verbosity=0)
    with open(target / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.gettext("New lead") == "Novo lead"
    assert compiled.pgettext("lead qualifier: when they mean to buy", "Timeline") == "Prazo"
    assert compiled.ngettext("%(n)d lead updated.", "%(n)d leads updated.", 2) == "%(n)d leads atualizados."
    assert compile_catalogue(target / "django.po") is False  # up to date: left alone
    assert compile_catalogue(target / "django.po", force=True) is True


# --- d. switching language ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "new_lead", "column"),
    [("pt-br", "Novo lead", "Próximo acompanhamento"), ("es", "Nuevo lead", "Próximo seguimiento")],
)
def test_ana_switches_language_and_the_pages_follow(client, ana, language, new_lead, column):
    assert client.login(username=ana.user.email, password=PASSWORD)
    assert "New lead" in client.get(reverse("web:lead_board")).content.decode()
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("web:lead_board")})
    assert response.status_code == 302
    board = client.get(reverse("web:lead_board")).content.decode()
    assert f'<html lang="{language}">' in board
    assert new_lead in board and "New lead" not in board
    assert column in client.get(reverse("web:lead_list")).content.decode()  # a Python (lazy) string


def test_model_choices_are_translated_on_the_lead_card(client, ana):
    lead = make_lead(ana, first_name="Alice")
    client.force_login(ana.user)
    client.post(reverse("set_language"), {"language": "pt-br"})
    assert 'data-testid="status">Aberto<' in client.get(reverse("web:lead_card", args=[lead.pk])).content.decode()


# --- e. numbers and money by locale ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "count", "brl", "eur", "usd"),
    [
        ("en", "1,234,567", f"BRL{NBSP}1,235", f"EUR{NBSP}1,235", "$1,235"),
        ("pt-br", "1.234.567", f"R${NBSP}1.235", f"EUR{NBSP}1.235", f"USD{NBSP}1.235"),
        # Spanish amounts group with a dot, as our users write them (Django's own default is a no-break space).
        ("es", "1.234.567", f"1.235{NBSP}BRL", f"1.235{NBSP}€", f"1.235{NBSP}USD"),
    ],
)
def test_counts_and_money_follow_the_active_language(language, count, brl, eur, usd):
    with translation.override(language):
        assert thousands(1234567) == count
        assert (money(Decimal("1234.50"), "BRL"), money(Decimal("1234.5"), "EUR"), money(1234.5, "usd")) == (
            brl,
            eur,
            usd,
        )


def test_money_rounds_half_up_and_keeps_the_sign_outside():
    with translation.override("pt-br"):
        assert money(Decimal("0.5"), "BRL") == f"R${NBSP}1"
        assert money(Decimal("-1234.4"), "BRL") == f"-R${NBSP}1.234"
        assert money(None, "BRL") == f"R${NBSP}0"
        assert money(Decimal("1234"), "") == "1.234"
        assert thousands(None) == "0"
    with translation.override("es"):
        assert money(Decimal("-10"), "EUR") == f"-10{NBSP}€"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "$1,234.56"), ("pt-br", f"R${NBSP}1.234,56"), ("es", f"1.234,56{NBSP}€")],
)
def test_exact_amounts_keep_their_cents_in_each_language(language, expected):
    currency = {"en": "USD", "pt-br": "BRL", "es": "EUR"}[language]
    with translation.override(language):
        assert money_exact(Decimal("1234.555"), currency) == expected
        assert money_exact(None, currency).count("0") == 3


def test_the_filters_format_in_the_language_of_the_page():
    template = Template("{% load humanize_funil %}{{ n|thousands }} {{ v|money:'BRL' }}")
    with translation.override("pt-br"):
        assert template.render(Context({"n": 12345, "v": Decimal("98765.4")})) == f"12.345 R${NBSP}98.765"
    with translation.override("en"):
        assert template.render(Context({"n": 12345, "v": Decimal("98765.4")})) == f"12,345 BRL{NBSP}98,765"
