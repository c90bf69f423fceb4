"""Sentence segmentation: one hard case per news rule, in both languages, and exact round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locnews.text.segment import RULES_DIR, Span, load_rules, parse_rules, split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, lang)]


def rebuild(text: str, spans: list[Span]) -> str:
    if not spans:
        return text
    return text[: spans[0].start] + "".join(text[s.start : s.end] + s.space_after for s in spans)


# (language, sentences expected) -- the input is the sentences joined by one space.
CASES = {
    # Indonesian titles and abbreviations that never end a sentence
    "id-street-number": ("id", ["Kecelakaan terjadi di Jl. Sudirman No. 12, Jakarta Pusat.", "Polisi datang."]),
    "id-doctor-degree": ("id", ["Korban ditangani dr. Andi Wijaya, Sp.A.", "Menurut Prof. Dr. Ir. Bambang Sutrisno, M.Si., jalan licin."]),
    "id-haji-kyai": ("id", ["Pengajian dipimpin K.H. Ahmad Dahlan dan dihadiri H. Abdul Rahman serta Hj. Siti Aminah.", "Acara berlangsung khidmat."]),
    "id-lawyer": ("id", ["Kuasa hukumnya, Budi Santoso, S.H., membantah tuduhan itu.", "Sidang ditunda."]),
    "id-an-tgl-pk": ("id", ["Surat ditandatangani a.n. Ketua Panitia pada tgl. 5 Desember, pk. 10.00 WIB.", "Semua hadir."]),
    # amounts, numbers, times, dates
    "id-rupiah": ("id", ["Dana Rp 1.500.000 diberikan kepada pedagang.", "Anggaran Rp1,5 miliar disiapkan.", "Jaraknya 3,5 km."]),
    "id-time-date": ("id", ["Acara dimulai pukul 12.30 WIB pada 24/11/2026.", "Tamu berdatangan."]),
    "id-number-ends": ("id", ["Penduduk kota itu mencapai 1.250.000.", "Jumlahnya terus naik."]),
    # quotes, questions with attribution, ellipses
    "id-closing-quote": ("id", ["“Kami tiba sekitar pukul 02.15 dini hari.”", "Polisi masih memeriksa."]),
    "id-question-attribution": ("id", ["“Apakah ada korban jiwa?” tanya Rina.", "Petugas menggeleng."]),
    "id-exclamation-attribution": ("id", ["“Belum ada!” seru Kapolsek.", "Ia pergi."]),
    "id-ellipsis-inside": ("id", ["Angka itu lebih tinggi dari perkiraan... namun masih di bawah target.", "Menteri puas."]),
    "id-ellipsis-ends": ("id", ["Pertumbuhan diharapkan membaik…", "Tetapi risiko tetap tinggi."]),
    # URLs and e-mail addresses
    "id-url": ("id", ["Agenda ada di https://www.contoh.co.id/agenda/2026.", "Pendaftaran dibuka."]),
    "id-email": ("id", ["Kirim pertanyaan ke redaksi@contoh.co.id.", "Redaksi akan menjawab."]),
    "id-www": ("id", ["Hasilnya dapat diunduh di www.itb.ac.id.", "Data terbuka untuk umum."]),
    # an abbreviation that ends a sentence
    "id-dll-ends": ("id", ["Presiden bertemu delegasi dari AS dll.", "Setelah itu ia terbang ke Surabaya."]),
    "id-dsb-inside": ("id", ["Beras, gula, minyak, dsb. dijual murah.", "Warga antre."]),
    "id-tbk-gloss": ("id", ["Analis PT Bank Central Asia Tbk. (BCA) optimistis.", "Harga naik."]),
    # English
    "en-us": ("en", ["The U.S. Department of State will review the case.", "It did not say when."]),
    "en-us-ends": ("en", ["The case now goes to the U.S.", "The court has not set a date."]),
    "en-titles": ("en", ["Mr. Smith met Dr. Jane Doe and Prof. Alan Brown.", "They talked."]),
    "en-inc": ("en", ["Acme Inc. reported revenue of $2.1 billion.", "Shares rose 3.5 percent."]),
    "en-inc-ends": ("en", ["The buyer is Acme Inc.", "The deal closes in May."]),
    "en-am-pm": ("en", ["The meeting began at 9 a.m. and ended at 5 p.m.", "Officials said talks went well."]),
    "en-pm-weekday": ("en", ["The storm hit at 11.30 p.m. Sunday.", "Power failed."]),
    "en-eg-ie": ("en", ["Some items, e.g. rice, are subsidised; others, i.e. imports, are taxed.", "That is all."]),
    "en-no": ("en", ["He lives at No. 10 Downing Street.", "Nobody answered."]),
    "en-quote-stop": ("en", ["She called the results “very encouraging.”", "Further tests are planned."]),
    "en-question-attribution": ("en", ["“Where were you?” asked the detective.", "The suspect was silent."]),
    "en-url": ("en", ["The report is at https://www.example.com/reports/2026.", "A summary follows."]),
    "en-email": ("en", ["Write to press@example.com.", "We reply within a day."]),
    "en-initials": ("en", ["Critics, including J. D. Vance, opposed it.", "The bill passed."]),
    "en-etc-ends": ("en", ["The report covers fruit, grain, etc.", "Then it looks at meat."]),
    "en-indonesian-street-rank": ("en", ["The river flooded Jl. Raya Puri Kembangan, Adj. Comr. Rudy Reinewald said.", "Police came."]),
    "en-dc-lower": ("en", ["The plane landed in Washington, D.C. at midnight.", "Passengers waited."]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hard_cases(name):
    lang, expected = CASES[name]
    text = " ".join(expected)
    assert sentences(text, lang) == expected


def test_sentence_ends_keep_whitespace_and_offsets():
    text = "  Satu dua.\tTiga empat!  \n"
    spans = split_sentences(text, "id")
    assert spans == [Span(2, 11, "\t"), Span(12, 23, "  \n")]
    assert rebuild(text, spans) == text


def test_blank_line_always_ends_a_sentence():
    assert sentences("Judul tanpa titik\n\nParagraf baru", "id") == ["Judul tanpa titik", "Paragraf baru"]


def test_blank_line_takes_the_whitespace_before_it():
    text = "a \u00a0\r\n \r\nb"
    spans = split_sentences(text, "id")
    assert [text[s.start : s.end] for s in spans] == ["a", "b"]
    assert spans[0].space_after == " \u00a0\r\n \r\n"


def test_single_newline_does_not_split():
    assert sentences("Kalimat yang\ndibungkus baris.", "id") == ["Kalimat yang\ndibungkus baris."]


def test_empty_and_blank_text():
    assert split_sentences("", "id") == []
    assert split_sentences(" \n\t ", "en") == []


def test_placeholders_around_the_stop():
    text = "Tiba ⟦1⟧Senin malam.⟦/1⟧ ⟦2⟧Mereka⟦/2⟧ pergi.⟦3/⟧ Lalu pulang."
    assert sentences(text, "id") == ["Tiba ⟦1⟧Senin malam.⟦/1⟧", "⟦2⟧Mereka⟦/2⟧ pergi.⟦3/⟧", "Lalu pulang."]


def test_unlisted_word_before_lowercase_is_left_to_sentencex():
    # "dept." is in no locnews list; sentencex's own abbreviation list keeps the sentence whole
    text = "The office is in the dept. of health. It opens at nine."
    assert sentences(text, "en") == ["The office is in the dept. of health.", "It opens at nine."]
    spans = split_sentences(text, "en", base=False)  # capitalisation alone would split it
    assert [text[s.start : s.end] for s in spans][0] == "The office is in the dept."


def test_unknown_language_gets_base_rules():
    assert sentences("Hello there. General Kenobi.", "xx") == ["Hello there.", "General Kenobi."]


def test_rules_files_are_package_data_with_every_section():
    for lang in ("id", "en"):
        assert (RULES_DIR / f"{lang}.txt").is_file()
        rules = load_rules(lang)
        assert rules.prefix and rules.suffix and rules.starters
    assert "Jl." in load_rules("id").prefix and "dll." in load_rules("id").suffix
    assert "Mr." in load_rules("en").prefix and "U.S." in load_rules("en").ambiguous


def test_rules_parser_rejects_bad_files():
    with pytest.raises(ValueError, match="unknown section"):
        parse_rules("[nope]\nX.\n")
    with pytest.raises(ValueError, match="before any"):
        parse_rules("X.\n")
    rules = parse_rules("# comment\n[prefix]\nJl.  # street\n\n[suffix]\ndll.\n")
    assert rules.prefix == {"Jl."} and rules.suffix == {"dll."}


# Text built from the characters that matter to the segmenter, so hypothesis finds the corners.
TRICKY = st.lists(
    st.sampled_from(list("aZ .!?…\n\t\r\u00a0“”\"'()⟦⟧/1@:Jl") + ["Jl.", "dll.", "U.S.", "⟦1⟧", "⟦/1⟧", "⟦2/⟧", " Rp 1.500.000. "]),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TRICKY, st.text(max_size=120)), st.sampled_from(["id", "en"]))
def test_any_text_round_trips(text, lang):
    spans = split_sentences(text, lang)
    assert rebuild(text, spans) == text
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
        assert text[a.end : b.start] == a.space_after and not a.space_after.strip()
    for s in spans:
        seg = text[s.start : s.end]
        assert seg and seg == seg.strip()  # a sentence neither starts nor ends with whitespace
