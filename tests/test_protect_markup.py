"""Masking and unmasking at the edges: dates and times the model drops, a tag around the whole
sentence, tags the model reverses or loses, punctuation spacing (written against mutants that
survived test_protect.py; see benchmarks/mutation.py)."""

from __future__ import annotations

import re

from locnews.mt.protect import mask, unmask

TOKEN = re.compile(r"#\d+")


def test_dates_and_times_the_model_drops_are_put_back():
    m = mask("Pada 8 Juli 2020 pukul 12.30 WIB, 24/11/2026 ia tiba.", "id", "en")
    assert [i.kind for i in m.items] == ["date", "time", "date"]
    r = unmask(TOKEN.sub("", "On #1 at #2, #3 he arrived."), m)
    assert r.missing == []
    for piece in ("8 July 2020", "12.30 WIB", "24 November 2026"):
        assert piece in r.text


def test_a_number_dropped_at_the_start_goes_back_before_the_first_word():
    m = mask("5 orang tewas.", "id", "en")
    assert unmask("people died.", m).text == "5 people died."


def test_a_tag_around_the_whole_sentence_never_reaches_the_model():
    source = "⟦1⟧Harga ⟦2⟧naik⟦/2⟧ 5 persen.⟦/1⟧ "
    m = mask(source, "id", "en")
    assert m.source == source and m.outer == ("⟦1⟧", "⟦/1⟧ ")
    assert "⟦1⟧" not in m.text and "#" in m.text  # the inner pair and the number still travel as tokens
    out = m.text.replace("Harga", "Prices").replace("persen", "percent")
    assert unmask(out, m).text.startswith("⟦1⟧Prices ⟦2⟧") and unmask(out, m).text.endswith("⟦/1⟧ ")
    braced = mask("⟦1⟧Harga naik 5 persen.⟦/1⟧", "id", "en", style="brace")
    assert braced.text == "Harga naik {1}."  # the style reaches the inner text


def test_reversed_tags_are_re_anchored_on_their_words_each_pair_on_its_own():
    m = mask("Ia tiba di ⟦1⟧Moskow⟦/1⟧ dan ⟦2⟧Irak⟦/2⟧ kemarin.", "id", "en")
    assert m.text == "Ia tiba di #1Moskow#2 dan #3Irak#4 kemarin."
    out = "He arrived in #1Moscow#2 and #4 Iraq #3 yesterday."  # the second pair reversed
    r = unmask(out, m, {"1": "Moscow", "2": "Iraq."})  # an inner translation with its full stop
    assert r.text == "He arrived in ⟦1⟧Moscow⟦/1⟧ and ⟦2⟧Iraq⟦/2⟧ yesterday."
    assert "markup 2 re-anchored on its translated words" in r.notes


def test_a_tag_whose_words_are_gone_is_put_back_and_reported():
    """Issue 12: a link or inline tag is never dropped; the model lost it, so it goes back on the
    words at its place and the note says so (a reviewer sees where it landed)."""
    m = mask("Ia tiba di ⟦1⟧Moskow⟦/1⟧ kemarin.", "id", "en")
    r = unmask("He came #2 yesterday #1.", m, {"1": "Moscow"})
    assert r.text == "He came ⟦1⟧yesterday⟦/1⟧."
    assert any(n.startswith("markup 1 lost by MT, put back") for n in r.notes)
    assert r.missing == []


def test_spaces_before_punctuation_are_tidied():
    m = mask("Harga naik, lalu turun.", "id", "en")
    assert unmask("Prices rose , then fell .", m).text == "Prices rose, then fell."


def test_the_masked_source_is_kept_and_other_languages_still_get_their_numbers():
    m = mask("Harga naik 5 persen.", "id", "en")
    assert m.source == "Harga naik 5 persen."
    other = mask("Le prix a augmenté de 5 %.", "fr", "en")  # no word lists for French: digits still masked
    assert [i.source for i in other.items] == ["5 %"]


# ------------------------------------------------------------------------------------------------
# written against mutants of mt/protect.py that survived (see benchmarks/mutation.py)


def test_tags_opened_or_closed_in_another_sentence_stay_at_the_edges():
    from locnews.mt import protect

    m = protect.mask("Dia pergi. ⟦/1⟧", "id", "en")  # the tag opened in the previous sentence
    assert (m.text, m.outer, m.items) == ("Dia pergi.", ("", " ⟦/1⟧"), [])
    m = protect.mask("⟦1/⟧ Harga naik 2.500 persen.", "id", "en")  # an empty element before the words
    assert m.outer == ("⟦1/⟧ ", "")
    assert [(i.kind, i.target) for i in m.items] == [("number", "2,500 percent")]  # in the target's format


def test_a_lost_tag_at_the_start_goes_back_on_the_first_words():
    from locnews.mt import protect

    m = protect.mask("⟦1⟧Menteri⟦/1⟧ mengatakan stok aman.", "id", "en")
    r = protect.unmask("The official said the stock was safe.", m, {"1": "secretary"})
    assert r.text == "⟦1⟧The official⟦/1⟧ said the stock was safe."


def test_a_lost_tag_after_a_number_goes_back_on_the_words_at_its_place():
    from locnews.mt import protect

    m = protect.mask("Harga naik 5 persen, kata ⟦1⟧Menteri⟦/1⟧ kemarin di Jakarta.", "id", "en")
    out = m.text.replace("Harga naik", "Prices rose").replace(", kata", ", the official said")
    out = re.sub(r"#2Menteri#3 kemarin di", "yesterday in", out)
    r = protect.unmask(out, m, {"1": "secretary"})
    assert r.text.count("⟦1⟧") == 1 and r.text.count("⟦/1⟧") == 1
    assert r.text.startswith("Prices rose 5 percent") and not r.text.endswith("⟦/1⟧")
    assert any("put back on the words at its place" in n for n in r.notes)


def test_a_tag_the_model_returned_no_words_for_comes_back_with_its_words():
    from locnews.mt import protect

    m = protect.mask("Kata ⟦1⟧Menteri⟦/1⟧.", "id", "en")
    assert protect.unmask("", m, {"1": "Minister"}).text == "⟦1⟧Minister⟦/1⟧"
    r = protect.unmask("", m)  # no translation of the inner words: the source's
    assert r.text == "⟦1⟧Menteri⟦/1⟧" and any("put back with its words at the end" in n for n in r.notes)


def test_an_emptied_link_gets_its_words_back_without_the_inner_placeholders():
    from locnews.mt import protect

    m = protect.mask("Dikutip ⟦1⟧⟦2/⟧detikINET ⟦/1⟧dari BBC.", "id", "en")
    emptied = m.text.replace("detikINET", "").replace("Dikutip", "Quoted").replace("dari", "from")
    r = protect.unmask(emptied, m, {"1": "⟦2/⟧detikINET"})
    assert "⟦1⟧detikINET⟦/1⟧" in r.text


def test_only_words_need_the_model():
    from locnews.mt import protect

    assert not protect.needs_mt(protect.mask("5 persen", "id", "en").text)
    assert not protect.needs_mt(protect.mask("⟦1⟧ 2.500 ⟦/1⟧", "id", "en").text)
    assert protect.needs_mt(protect.mask("Harga naik 5 persen.", "id", "en").text)


def test_a_piece_put_back_at_the_end_gets_one_space_before_it():
    from locnews.mt import protect

    assert protect.insert_at("Dia pergi ", "⟦1/⟧", 1.0) == "Dia pergi ⟦1/⟧"
    assert protect.insert_at("Dia pergi.", "⟦1/⟧", 1.0) == "Dia pergi ⟦1/⟧."
