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
