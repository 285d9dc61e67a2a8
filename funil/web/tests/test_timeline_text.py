"""System-written timeline subjects read in the reader's language; what people wrote stays as written."""

from django.utils import translation

from funil.web.timeline_text import shown_subject


def test_system_subjects_are_shown_in_the_readers_language():
    with translation.override("pt-br"):
        assert shown_subject("system", "Lead created") == "Lead criado"
        assert shown_subject("field_change", "Changed amount, title") == "Alterou amount, title"
        assert shown_subject("call", "Call answered (2:05)") == "Chamada atendida (2:05)"
        assert shown_subject("stage_change", "New → Qualified") == "Novo → Qualificado"
    with translation.override("es"):
        assert shown_subject("system", "Deal created") == "Negocio creado"


def test_what_people_and_senders_wrote_is_never_translated():
    with translation.override("pt-br"):
        assert shown_subject("note", "Lead created") == "Lead created"  # a person's note, whatever it says
        assert shown_subject("email", "Changed my mind") == "Changed my mind"
        assert shown_subject("system", "Something new") == "Something new"
    with translation.override("en"):
        assert shown_subject("system", "Lead created") == "Lead created"
