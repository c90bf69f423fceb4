"""Masking before MT and restoring after: numbers come back in the target locale's format."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locnews.mt.glossary import parse_glossary
from locnews.mt.protect import MASK_STYLES, Number, mask, number_values, reformat_number, unmask


def roundtrip(text, f, t, glossary=None):
    m = mask(text, f, t, glossary)
    return m, unmask(m.text, m)  # the "model" copies the masked text: restoration is exact


@pytest.mark.parametrize(
    "src,f,t,want",
    [
        ("2.000", "id", "en", "2,000"),
        ("2,000", "en", "id", "2.000"),
        ("12,5", "id", "en", "12.5"),
        ("1.500.000", "id", "en", "1,500,000"),
        ("1,234,567.89", "en", "id", "1.234.567,89"),
        ("2016", "en", "id", "2016"),  # no separators in, none out
        ("850", "en", "id", "850"),
    ],
)
def test_reformat_number(src, f, t, want):
    assert reformat_number(src, f, t) == want


@pytest.mark.parametrize(
    "src,f,t,expect",
    [
        ("sekitar 2.000 istri", "id", "en", ["2,000"]),
        ("naik 12,5 persen", "id", "en", ["12.5 percent"]),
        ("sebesar Rp 1.500.000 tunai", "id", "en", ["Rp 1,500,000"]),
        ("dana Rp1,5 miliar", "id", "en", ["Rp1.5 billion"]),
        ("up 12.5 percent", "en", "id", ["12,5 persen"]),
        ("some $2.1 billion", "en", "id", ["$2,1 miliar"]),
        ("rose 7% in 2019", "en", "id", ["7%", "2019"]),
        ("pada 8 Juli 2020 pukul 12.30 WIB", "id", "en", ["8 July 2020", "12.30 WIB"]),
        ("on 24/11/2026", "en", "id", ["24/11/2026"]),
        # sources and photo credits named by their host: kept verbatim, never a number
        ("JAKARTA, KOMPAS.com - Harga naik 3,5 persen.", "id", "en", ["KOMPAS.com", "3.5 percent"]),
        ("Foto: Doc. uny.ac.id", "id", "en", ["uny.ac.id"]),
        # Indonesian numeric dates are day/month: written out, so an American reader cannot take 5/11 for May 11
        ("Kamis (5/11/2015)", "id", "en", ["5 November 2015"]),
        ("Sabtu (10/12/22)", "id", "en", ["10 December 2022"]),
        ("tanggal 11/25/2015", "id", "en", ["11/25/2015"]),
    ],
)
def test_numbers_amounts_dates_are_masked_and_localized(src, f, t, expect):
    m, r = roundtrip(src, f, t)
    assert [i.target for i in m.items] == expect
    for e in expect:
        assert e in r.text
    assert not any(ch.isdigit() for ch in MASK_STYLES[m.style].find.sub("", m.text))


def test_urls_emails_hashtags_survive_untouched():
    src = "See https://example.com/a?b=1. Mail redaksi@kompas.co.id or follow #ISIS @kemlu_ri now."
    m, r = roundtrip(src, "en", "id")
    kinds = [i.kind for i in m.items]
    assert kinds == ["url", "email", "tag", "tag"]
    assert "https://example.com/a?b=1" in r.text and r.text.endswith("now.")
    assert "redaksi@kompas.co.id" in r.text and "#ISIS" in r.text and "@kemlu_ri" in r.text
    assert "example" not in m.text and "kompas" not in m.text


def test_numbers_inside_names_are_left_to_the_model():
    m = mask("COVID-19 hit G20 states", "en", "id")
    assert m.items == [] and m.text == "COVID-19 hit G20 states"


def test_glossary_terms_are_enforced_in_the_target():
    g = parse_glossary("# id\ten\nMoskwa\tMoscow\nRamzan Kadyrov\t=\n")
    m, r = roundtrip("Ramzan Kadyrov terbang ke Moskwa.", "id", "en", g)
    assert [i.target for i in m.items] == ["Ramzan Kadyrov", "Moscow"]
    assert r.text == "Ramzan Kadyrov terbang ke Moscow."
    m, _ = roundtrip("Kadyrov flew to Moscow.", "en", "id", g)
    assert [i.target for i in m.items] == ["Moskwa"]


def test_linked_name_travels_as_one_unit():
    g = parse_glossary("Ramzan Kadyrov\t=\n")
    m = mask("Presiden ⟦1⟧Ramzan Kadyrov⟦/1⟧ mendorong warga.", "id", "en", g)
    assert [i.kind for i in m.items] == ["markup"]
    r = unmask(m.text.replace("Presiden", "President").replace("mendorong warga", "urged residents"), m)
    assert r.text == "President ⟦1⟧Ramzan Kadyrov⟦/1⟧ urged residents."


def test_paired_markup_restored_around_the_right_words():
    src = "Anak-anak itu ⟦1⟧dibawa langsung⟦/1⟧ ke rumah sakit.⟦2/⟧"
    m = mask(src, "id", "en")
    assert m.pairs == {"1": "dibawa langsung"}
    tok = MASK_STYLES[m.style].make
    # the model kept the tokens: they go back where it put them
    good = f"The children were {tok(1)}taken directly{tok(2)} to the hospital.{tok(3)}"
    assert unmask(good, m).text == "The children were ⟦1⟧taken directly⟦/1⟧ to the hospital.⟦2/⟧"
    # the model swapped/lost them: the tag is re-anchored on the separately translated inner text
    lost = f"The children were taken directly to the hospital.{tok(3)}"
    r = unmask(lost, m, {"1": "taken directly"})
    assert r.text == "The children were ⟦1⟧taken directly⟦/1⟧ to the hospital.⟦2/⟧"
    assert r.notes  # and the reviewer is told
    swapped = f"The children were {tok(2)}taken directly{tok(1)} to the hospital.{tok(3)}"
    assert "⟦1⟧taken directly⟦/1⟧" in unmask(swapped, m, {"1": "taken directly"}).text


def test_lost_item_is_reported_missing():
    m = mask("Harga naik 5 persen.", "id", "en")
    r = unmask("The price rose.", m, reinsert=False)
    assert [i.target for i in r.missing] == ["5 percent"]


def test_dropped_item_is_reinserted_by_position_and_noted():
    m = mask("Harga naik 5 persen di Jakarta hari ini.", "id", "en")
    r = unmask("The price rose in Jakarta today.", m)
    assert r.text.count("5 percent") == 1 and r.text.startswith("The price") and r.text.endswith("Jakarta today.")
    assert r.missing == [] and "re-inserted" in r.notes[0]
    m = mask("Naik menjadi 2.000.", "id", "en")
    assert unmask("It rose.", m).text == "It rose 2,000."


@pytest.mark.parametrize("style,spaced", [("square", "[ 1 ]"), ("hash", "# 1"), ("angle", "< 1 >")])
def test_tolerates_spaces_the_tokenizer_adds(style, spaced):
    m = mask("sekitar 2.000 orang", "id", "en", style=style)
    assert MASK_STYLES[style].make(1) in m.text
    assert unmask(m.text.replace(MASK_STYLES[style].make(1), spaced), m).text == "sekitar 2,000 orang"


def test_hash_token_glued_to_a_word_or_digit():
    m = mask("⟦1⟧Harga⟦/1⟧ naik.", "id", "en", style="hash")
    assert unmask("#1Price#2 rose.", m).text == "⟦1⟧Price⟦/1⟧ rose."
    m = mask("naik 5 persen", "id", "en", style="hash")
    r = unmask("up #12 and #1.3", m)  # tokens the model made up are dropped, the item put back once
    assert r.text.count("5 percent") == 1 and "12" not in r.text and ".3" not in r.text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99), st.booleans())
def test_number_format_roundtrip(whole, frac, grouped):
    n = Number(str(whole), str(frac) if frac else "", grouped)
    for f, t in (("id", "en"), ("en", "id")):
        written = n.format(f)
        assert Number.parse(reformat_number(written, f, t), t).value == pytest.approx(n.value)
        assert number_values(f"x {written} y", f) == [pytest.approx(n.value)]


PIECES = st.sampled_from(
    ["harga", "naik", "di", "Jakarta", "2.000", "12,5 persen", "Rp 1.500.000", "https://a.id/x", "me@a.id",
     "#banjir", "12.30 WIB", "24/11/2026", "2016", "COVID-19", ",", ".", "(", ")", "‘kutip’", "Moskow"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=25))
def test_roundtrip_restores_every_item_in_target_format(pieces):
    text = " ".join(pieces)
    g = parse_glossary("Moskow\tMoscow\n")
    m = mask(text, "id", "en", g)
    r = unmask(m.text, m)
    assert r.missing == [] and r.notes == []
    rest = r.text
    for item in m.items:
        assert item.target in rest
        rest = rest.replace(item.target, " ", 1)
    # nothing of the source's protected spans leaks into what the model sees
    assert "https://" not in m.text and "@a.id" not in m.text and "Moskow" not in m.text
