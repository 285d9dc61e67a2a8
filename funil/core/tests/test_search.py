from funil.core.search import fold, search_blob, search_terms


def test_accents_and_case_do_not_matter():
    assert fold("  João GONÇALVES ") == "joao goncalves"


def test_the_blob_holds_names_and_phone_digits():
    blob = search_blob("Ana", "Müller", "Padaria Boa", "ana@x.com", "+5511912345678")
    assert "muller" in blob and "padaria boa" in blob and "5511912345678" in blob


def test_a_phone_typed_with_punctuation_is_searched_as_digits():
    assert search_terms("(11) 91234-5678") == ["11912345678"]
    assert search_terms("Padaria  Boa") == ["padaria", "boa"]
    assert search_terms("   ") == []


def test_emails_are_searched_whole_and_their_domain_is_in_the_text():
    from funil.core.search import is_email

    blob = search_blob("Joana", "joana.prado@padariaboa.com.br")
    assert "padariaboa.com.br" in blob and "joana.prado" not in blob
    assert is_email("joana.prado@padariaboa.com.br") and not is_email("joana")


def test_global_search_finds_a_lead_by_name_company_phone_or_whole_email(ana, bruno, carla):
    from funil.search import global_search
    from funil.testing.factories import make_lead

    lead = make_lead(
        ana, first_name="Joana", company_name="Padaria Boa", email="joana@padariaboa.com.br", phone="(11) 3456-7890"
    )
    for query in ("joana", "padaria boa", "3456-7890", "JOANA@padariaboa.com.br", "padariaboa"):
        assert global_search(ana, query).leads == [lead], query
    assert global_search(bruno, "joana").empty  # not his lead
    assert global_search(carla, "joana").empty  # another workspace
