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
    for piece in ("8 July 2020", "12.30 WIB", "24/11/2026"):
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
