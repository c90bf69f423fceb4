"""Links and inline tags the model loses are put back on the aligned words, with a QA note."""

from locnews.mt import protect


def test_lost_link_goes_back_on_the_words_at_its_place():
    m = protect.mask("Menteri mengatakan ⟦1⟧stok aman⟦/1⟧.", "id", "en")
    r = protect.unmask("The minister said the stock was safe.", m, {"1": "secure stock"})
    assert r.text == "The minister said the ⟦1⟧stock was safe⟦/1⟧."
    assert any("markup 1 lost by MT, put back" in n for n in r.notes)


def test_link_the_model_emptied_gets_its_words_back():
    m = protect.mask("Dikutip ⟦1⟧detikINET ⟦/1⟧dari BBC.", "id", "en")
    emptied = m.text.replace("detikINET", "").replace("Dikutip", "Quoted").replace("dari", "from")
    r = protect.unmask(emptied, m, {"1": "detikINET"})
    assert "⟦1⟧detikINET⟦/1⟧" in r.text
    assert any("emptied by MT" in n for n in r.notes)


def test_kept_link_needs_no_note():
    m = protect.mask("Menteri mengatakan ⟦1⟧stok aman⟦/1⟧.", "id", "en")
    r = protect.unmask(m.text.replace("Menteri mengatakan", "The minister said").replace("stok aman", "stock safe"), m)
    assert r.text == "The minister said ⟦1⟧stock safe⟦/1⟧." and not r.notes


def test_a_lost_tag_is_anchored_on_whole_words():
    m = protect.mask("Rumah itu untuk karyawan ⟦1⟧FTX⟦/1⟧.", "id", "en")
    r = protect.unmask("The FTX house was for FT staff.", m, {"1": "FT"})
    assert "⟦1⟧FT⟦/1⟧ staff" in r.text and "⟦1⟧FT⟦/1⟧X" not in r.text


def test_a_lost_tag_prefers_the_source_word_to_a_partial_match():
    m = protect.mask("Rumah itu untuk karyawan ⟦1⟧FTX⟦/1⟧.", "id", "en")
    r = protect.unmask("The house was for the staff of FTX.", m, {"1": "FT"})
    assert r.text.endswith("⟦1⟧FTX⟦/1⟧.")
