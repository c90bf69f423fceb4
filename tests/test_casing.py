"""Title Case headlines: sentence-cased for the model, the translation given the edition's Title Case."""

from __future__ import annotations

import pytest

from locnews.text import casing

SAMPLE_HEADLINE = "Puluhan Bayi dan Balita dari Teroris ISIS yang Dipenjara Diterbangkan ke Moskow, Ini Penjelasannya"
SEED_HEADLINE = ("Dozens of Babies And Toddlers From ISIS Terrorists Who Were Jailed Were Flown to Moscow, "
                 "Here's The Explanation")


def test_sample_headline_common_words_lowered_names_and_acronyms_kept():
    assert casing.is_title_case(SAMPLE_HEADLINE, "id")
    assert casing.sentence_case(SAMPLE_HEADLINE, "id") == (
        "Puluhan bayi dan balita dari teroris ISIS yang dipenjara diterbangkan ke Moskow, ini penjelasannya"
    )  # "penjelasannya" through its clitic: the list has "penjelasan"


def test_seed_headline_english():
    assert casing.is_title_case(SEED_HEADLINE, "en")
    assert casing.sentence_case(SEED_HEADLINE, "en") == (
        "Dozens of babies and toddlers from ISIS terrorists who were jailed were flown to Moscow, here's the explanation"
    )


@pytest.mark.parametrize("text,lang", [
    ("Polisi tangkap dua tersangka pencurian di Jakarta Selatan", "id"),
    ("Russia flies 32 children of jailed ISIS members to Moscow", "en"),
    ("Jokowi Lantik Menteri", "id"),  # too short to tell
])
def test_sentence_case_headlines_are_left_alone(text, lang):
    assert not casing.is_title_case(text, lang)


def test_unknown_capitalised_word_is_kept_as_a_name():
    vocab = frozenset({"bertemu"})
    assert casing.sentence_case("Presiden Bertemu Wirabumi di Istana", "id", vocab) == "Presiden bertemu Wirabumi di Istana"


def test_title_case_english_style():
    out = casing.title_case("the children of ISIS prisoners are flown to Moscow: a report from three-year-old iPhone users", "en")
    assert out == "The Children of ISIS Prisoners Are Flown to Moscow: A Report from Three-Year-Old iPhone Users"


def test_title_case_indonesian_style():
    out = casing.title_case("puluhan bayi dan anak-anak dari teroris ISIS diterbangkan ke Moskow", "id")
    assert out == "Puluhan Bayi dan Anak-Anak dari Teroris ISIS Diterbangkan ke Moskow"


def test_word_list_skips_sentence_starts_and_keeps_names_out():
    lines = [
        "Pemerintah menyatakan bahwa Budi hadir.",  # "Pemerintah" at the start is no evidence
        "Kata pemerintah, Budi datang. Pemerintah setuju.",  # after a full stop: no evidence either
        "Menurut Budi, rapat berjalan.",
    ]
    words = casing.common_word_list(lines)
    assert "pemerintah" in words and "budi" not in words
    lower, capital = casing.count_cases(lines)
    assert lower["pemerintah"] == 1 and capital["pemerintah"] == 0 and capital["budi"] == 3


def test_shipped_lists_know_common_words_not_names():
    for lang, common, name in (("id", "pemerintah", "jakarta"), ("en", "government", "jakarta")):
        words = casing.common_words(lang)
        assert common in words and name not in words


def test_translate_feeds_the_model_a_sentence_cased_headline(tmp_path, monkeypatch):
    """The catalog keeps the source as written; the model sees the sentence-cased headline and the
    draft comes back in the target edition's Title Case, without a full stop the source lacked."""
    import polib

    from locnews.translate import Options, translate_files

    monkeypatch.chdir(tmp_path)
    art = tmp_path / "judul.id.txt"
    art.write_text(f"Rabu, 8 Juli 2020\n\n{SAMPLE_HEADLINE}\n\nPemerintah Kota menerbangkan anak-anak.\n",
                   encoding="utf-8")
    sent: list[str] = []
    # a word-for-word "model": a word it does not know (a capitalised one, say) is copied as it is
    words = {"puluhan": "dozens of", "bayi": "babies", "dan": "and", "balita": "toddlers", "dari": "of",
             "teroris": "terrorists", "yang": "who were", "dipenjara": "jailed", "diterbangkan": "flown",
             "ke": "to", "ini": "here is", "penjelasannya": "the explanation"}

    def model(texts: list[str]) -> list[str]:
        sent.extend(texts)
        out = []
        for t in texts:
            toks = t.rstrip(".").split(" ")
            out.append(" ".join(words.get(w.lower() if i == 0 else w.rstrip(","), w.rstrip(",")) + ("," if w.endswith(",") else "")
                                for i, w in enumerate(toks)) + ".")
        return out

    rep = translate_files([art], Options("id", "en"), translator=model)
    head = next(s for s in rep.articles[0].segments if s.kind == "headline")
    assert head.target == "Dozens of Babies and Toddlers of Terrorists ISIS Who Were Jailed Flown to Moscow, Here Is the Explanation"
    body = next(s for s in rep.articles[0].segments if s.kind == "sentence")
    assert body.target == "Pemerintah Kota menerbangkan anak-anak."  # body sentences go to the model as they are
    po = polib.pofile(str(tmp_path / "locales" / "en" / "articles" / "judul.po"))
    assert po.find(SAMPLE_HEADLINE).msgstr == head.target


def test_html_title_and_subheads_get_the_same_treatment(tmp_path, monkeypatch):
    """<title> and a Title Case subhead stand alone like the headline; a body sentence does not."""
    from locnews.translate import Options, translate_files

    monkeypatch.chdir(tmp_path)
    page = tmp_path / "halaman.id.html"
    page.write_text(
        "<html><head><title>Bayi Teroris Diterbangkan ke Moskow</title></head><body><article>"
        "<h1>Puluhan Bayi dan Balita Diterbangkan ke Moskow</h1>"
        "<h2>Pemerintah Kota Menerbangkan Puluhan Bayi</h2>"
        "<p>Pemerintah Kota Menerbangkan Puluhan Bayi. Bayi Tiba Malam Ini.</p>"
        "</article></body></html>", encoding="utf-8")
    sent: list[str] = []

    def model(texts: list[str]) -> list[str]:
        sent.extend(texts)
        return texts

    translate_files([page], Options("id", "en"), translator=model)
    assert "Bayi teroris diterbangkan ke #1" in sent
    assert "Puluhan bayi dan balita diterbangkan ke #1" in sent
    assert "Pemerintah kota menerbangkan puluhan bayi" in sent
    assert "Pemerintah Kota Menerbangkan Puluhan Bayi." in sent  # in a paragraph of sentences: left as written
