"""Each QA check fires on its defect and stays quiet on a good translation."""

from locnews.mt.checks import CHECKERS, QAInput, run_checks
from locnews.mt.protect import mask


def qa_for(source, target, f="id", t="en", terms=()):
    m = mask(source, f, t)
    return QAInput(source, target, f, t, [(i.kind, i.source, i.target) for i in m.items], list(terms))


def names(findings):
    return sorted({f.check for f in findings})


def test_registry_has_every_check():
    assert set(CHECKERS) >= {"number", "placeholder", "url", "glossary", "repeat", "length", "untranslated"}


def test_clean_translation_passes():
    src = "Sekitar 2.000 anak dibawa ke Moskwa pada 8 Juli 2020, lihat https://a.id/x."
    tgt = "About 2,000 children were taken to Moscow on 8 July 2020, see https://a.id/x."
    assert run_checks(qa_for(src, tgt, terms=["Moscow"])) == []


def test_number_missing_or_unlocalized():
    src = "Sekitar 2.000 anak."
    assert names(run_checks(qa_for(src, "About children."))) == ["number"]
    assert names(run_checks(qa_for(src, "About 2.000 children."))) == ["number"]  # id format left
    assert names(run_checks(qa_for("Virus COVID-19 menyebar cepat.", "The virus spreads fast."))) == ["number"]
    found = run_checks(qa_for("Sekitar 2.000 anak.", "About 2,000 children in 9019."), only=["number"])
    assert [f.message for f in found] == ["number 9019 not in the source"]


def test_placeholder_missing_and_misordered():
    src = "Dia ⟦1⟧pergi⟦/1⟧ ke pasar hari ini."
    assert "placeholder" in names(run_checks(qa_for(src, "He went to the market today.")))
    assert "placeholder" in names(run_checks(qa_for(src, "He ⟦/1⟧went⟦1⟧ to the market today.")))
    assert run_checks(qa_for(src, "He ⟦1⟧went⟦/1⟧ to the market today."), only=["placeholder"]) == []


def test_url_changed():
    src = "Baca di https://example.com/berita sekarang."
    assert "url" in names(run_checks(qa_for(src, "Read at https://example.com/news now.")))


def test_glossary_term_missing():
    assert names(run_checks(qa_for("Ke Moskwa.", "To Moskow.", terms=["Moscow"]))) == ["glossary"]


def test_repeated_words_and_runaway():
    assert "repeat" in names(run_checks(qa_for("Dia pergi ke pasar.", "He went to the the market.")))
    loop = "The children of the children of the children of the children."
    assert "repeat" in names(run_checks(qa_for("Anak-anak itu.", loop)))
    assert "repeat" in names(run_checks(qa_for("Anak-anak itu.", "ISIS __en____en____en____en____en__")))


def test_length_ratio():
    src = "Otoritas Rusia mengatakan balita itu ditahan di penjara Irak."
    assert "length" in names(run_checks(qa_for(src, "Russia.")))


def test_identical_to_source():
    src = "Otoritas Rusia mengatakan balita itu ditahan."
    assert "untranslated" in names(run_checks(qa_for(src, src)))
    assert run_checks(qa_for("ISIS", "ISIS"), only=["untranslated"]) == []
