"""Segmentation rules one at a time: each case here is one a wrong rule would split differently
(written against the mutants benchmarks/mutation.py found surviving test_segment.py)."""

from __future__ import annotations

import pytest

from locnews.text.segment import parse_rules, split_sentences


def sentences(text: str, lang: str = "id", base: bool = True) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, lang, base=base)]


def test_rule_classes_strip_the_final_stop_and_the_first_section_wins():
    rules = parse_rules("[prefix]\nJl.\n[suffix]\nJl.\nMBA\n[ambiguous]\nU.S.\n[starters]\nIa\n")
    # the starters and continuations sections are word lists, not abbreviation classes
    assert rules.classes == {"Jl": "prefix", "MBA": "suffix", "U.S": "ambiguous"}


def test_rules_file_comments_and_line_numbers():
    rules = parse_rules("[prefix]\nJl.  # street # avenue\n[suffix]\n[dll.\n")
    assert rules.prefix == {"Jl."}
    assert rules.suffix == {"[dll."}  # only a whole "[name]" line is a section header
    with pytest.raises(ValueError, match="^line 3: unknown section"):
        parse_rules("# header\n\n[nope]\n")


@pytest.mark.parametrize("text,expected", [
    # a prefix abbreviation found behind a newline, a no-break space, a placeholder, a bracket
    ("Rapat di\nJl. Sudirman dimulai.", ["Rapat di\nJl. Sudirman dimulai."]),
    ("Ia datang bersama\nH. Abdul Rahman.", ["Ia datang bersama\nH. Abdul Rahman."]),
    ("Kantor a\u00a0Jl. Sudirman tutup.", ["Kantor a\u00a0Jl. Sudirman tutup."]),
    (" Jl. Sudirman ditutup.", ["Jl. Sudirman ditutup."]),
    ("Ia tinggal di ⟦1⟧Jl. Sudirman⟦/1⟧ sejak lama.", ["Ia tinggal di ⟦1⟧Jl. Sudirman⟦/1⟧ sejak lama."]),
    ("Kantor di ⟦1⟧Jl.⟦/1⟧ Sudirman tutup.", ["Kantor di ⟦1⟧Jl.⟦/1⟧ Sudirman tutup."]),
    ("Kantornya (Jl. Sudirman 5) tutup.", ["Kantornya (Jl. Sudirman 5) tutup."]),
])
def test_abbreviation_is_found_whatever_surrounds_it(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the stop inside closing quotes decides by the next letter, not by the word before it
    ("Ia menulis gelar “Dr.” Kemudian ia pergi.", ["Ia menulis gelar “Dr.”", "Kemudian ia pergi."]),
    ("Ia menulis gelar “⟦1⟧Dr.⟦/1⟧” Kemudian ia pergi.", ["Ia menulis gelar “⟦1⟧Dr.⟦/1⟧”", "Kemudian ia pergi."]),
    # ? and ! end a sentence before a capital, also without quotes; an opening quote is looked past
    ("Siapa pelakunya? Polisi belum tahu.", ["Siapa pelakunya?", "Polisi belum tahu."]),
    ("Benarkah? “ya,” jawabnya.", ["Benarkah? “ya,” jawabnya."]),
    ("Ia membeli gula dll. “Setelah itu pulang,” katanya.", ["Ia membeli gula dll.", "“Setelah itu pulang,” katanya."]),
    # an acronym, an unlisted dotted abbreviation: a boundary only before a sentence starter
    ("Rapat digelar di DPR. Anggota dewan hadir.", ["Rapat digelar di DPR.", "Anggota dewan hadir."]),
    ("Ia bekerja di P.T. Mereka senang.", ["Ia bekerja di P.T.", "Mereka senang."]),
    ("Ia bekerja di P.T. Angkasa Pura.", ["Ia bekerja di P.T. Angkasa Pura."]),
    # a number ends a sentence, also before a digit; an ambiguous non-dotted abbreviation
    ("Jumlahnya 1.250.000. 500 orang lainnya mengungsi.", ["Jumlahnya 1.250.000.", "500 orang lainnya mengungsi."]),
    ("Libur 1 s/d. Senin depan.", ["Libur 1 s/d. Senin depan."]),
    ("Libur sampai 5 s/d. Ia pulang.", ["Libur sampai 5 s/d.", "Ia pulang."]),
])
def test_rule_cases_id(text, expected):
    assert sentences(text) == expected


def test_a_gloss_in_brackets_after_an_ambiguous_abbreviation_goes_on():
    assert sentences("He moved to the U.S. (The move was brief) last year.", "en") == [
        "He moved to the U.S. (The move was brief) last year."]


@pytest.mark.parametrize("text,expected", [
    # without sentencex, capitalisation alone decides the plain cases; the rules still decide theirs
    ("Ia bekerja di Dept. keuangan.", ["Ia bekerja di Dept. keuangan."]),  # short capitalised: abbreviation
    ("Lihat Nomor. lalu pergi.", ["Lihat Nomor.", "lalu pergi."]),  # listed numeric, no digit: plain
    ("Jumlahnya 1.250.000. lalu naik.", ["Jumlahnya 1.250.000. lalu naik."]),  # a number before lowercase
    ("Jalur Jawa-Bali. lalu macet.", ["Jalur Jawa-Bali.", "lalu macet."]),  # a hyphenated word is a word
    ("Harga naik\n. lalu turun.", ["Harga naik\n. lalu turun."]),  # nothing before the stop on its line
])
def test_rule_cases_without_the_base_segmenter(text, expected):
    assert sentences(text, base=False) == expected
