"""Article catalogs in detail: which old entry an edited sentence inherits, what a rerun keeps of
flags, comments and headers, what `load_translations` shows, how broken catalogs are refused.
Written against the mutants of catalogs/articles.py that survived test_articles.py (see
benchmarks/mutation.py); fast, no model."""

from __future__ import annotations

import re

import polib
import pytest

from locnews.catalogs.articles import (
    Match,
    Suggestion,
    article_slug,
    kept_origin,
    load_catalog_translations,
    load_translations,
    merge_catalog,
    new_catalog,
    plan_merge,
    previous_review,
    qa_notes,
    read_catalog,
    render_catalog,
    reviewed_pairs,
    suggestion_from_entry,
)
from locnews.document import Block, Document, Segment
from locnews.errors import LocnewsError
from test_articles import cycle, doc, review

LONG = ("Pemerintah Provinsi DKI Jakarta menyatakan bahwa banjir yang melanda sebagian besar wilayah ibu kota "
        "pada Senin pagi telah menyebabkan ribuan warga mengungsi ke masjid, sekolah, dan kantor kelurahan terdekat.")


def review_at(po, msgctxt, text):
    e = next(e for e in po if e.msgctxt == msgctxt)
    e.msgstr = text
    e.flags.remove("fuzzy")


def rerun_offering_previous(po, d):
    """A rerun as `translate` does it: an edited sentence is offered its old reviewed translation."""
    plan = plan_merge(po, d)
    sug = {}
    for sid, m in plan.items():
        if m.kept:
            continue
        sug[sid] = suggestion_from_entry(m, "machine translation: test") or Suggestion(
            f"MT:{sid}", "machine", "machine translation: test")
    out, stats = merge_catalog(po, d, "id", "en", plan, sug)
    return plan, polib.pofile(render_catalog(out)), stats


# ------------------------------------------------------------------------------------------------
# which old entry an edited sentence inherits


def test_a_long_sentence_edited_below_a_new_paragraph_keeps_its_reviewed_translation():
    po, _ = cycle(None, doc(LONG))
    review(po, LONG, "EN: the reviewed long sentence")
    edited = LONG.replace("a ", "a, ")  # commas added: 200+ characters, same sentence
    plan, po2, _ = rerun_offering_previous(po, doc("Baru.", edited))
    assert plan["p2.1"].kind == "changed" and plan["p2.1"].entry.msgid == LONG
    assert plan["p1.1"].kind == "new"  # the inserted paragraph never takes it by its old key
    e = po2.find(edited)
    assert e.msgstr == "EN: the reviewed long sentence" and e.previous_msgid == LONG and "fuzzy" in e.flags
    assert po2.find("Baru.").msgstr == "MT:p1.1"


def test_of_two_equally_similar_old_sentences_the_one_under_the_same_key_is_inherited():
    olds = ["Harga beras naik 5 persen bulan ini.", "Harga beras naik 7 persen bulan ini."]
    po, _ = cycle(None, doc(*olds))
    review(po, olds[0], "Rice prices rose 5 percent this month.")
    review(po, olds[1], "Rice prices rose 7 percent this month.")
    news = ["Harga beras naik 6 persen bulan ini.", "Harga beras naik 8 persen bulan ini."]
    plan, po2, _ = rerun_offering_previous(po, doc(*news))
    assert [plan[k].entry.msgid for k in ("p1.1", "p2.1")] == olds
    assert po2.find(news[0]).msgstr == "Rice prices rose 5 percent this month."


def test_a_sentence_rewritten_in_place_is_offered_its_old_reviewed_translation():
    po, _ = cycle(None, doc("Satu.", "Banjir melanda Jakarta."))
    review(po, "Banjir melanda Jakarta.", "Floods hit Jakarta.")
    rewritten = "Warga mengungsi ke masjid terdekat sejak subuh."  # nothing alike: only the key says so
    plan, po2, stats = rerun_offering_previous(po, doc("Satu.", rewritten))
    assert plan["p2.1"].kind == "changed" and plan["p2.1"].entry.msgid == "Banjir melanda Jakarta."
    e = po2.find(rewritten)
    assert e.previous_msgid == "Banjir melanda Jakarta." and e.msgstr == "Floods hit Jakarta." and "fuzzy" in e.flags
    assert stats.changed == 1


def test_a_moved_sentence_inherits_its_reviewed_twin_not_the_machine_one():
    po, _ = cycle(None, doc("Satu.", "Satu."))
    review_at(po, "p2.1", "One (reviewed).")
    d2 = doc("Gempa mengguncang Padang kemarin sore.", "Warga berlari keluar rumah.", "Satu.")
    plan = plan_merge(po, d2)
    assert plan["p3.1"].reviewed and plan["p3.1"].entry.msgstr == "One (reviewed)."


def test_two_reviewed_translations_of_one_sentence_both_survive_its_edit():
    po, _ = cycle(None, doc("Dia pergi.", "Dia pergi."))
    review_at(po, "p1.1", "He left.")
    review_at(po, "p2.1", "She left.")
    _, po2, _ = rerun_offering_previous(po, doc("Dia pergi ke pasar.", "Dia pergi ke pasar."))
    kept = sorted((e.msgctxt, e.msgstr) for e in po2 if e.obsolete)
    assert kept == [("p1.1", "He left."), ("p2.1", "She left.")]  # each #~ twin exactly as reviewed


# ------------------------------------------------------------------------------------------------
# what a rerun keeps: flags, comments, QA notes


def test_a_rerun_drops_old_qa_flags_keeps_the_reviewers_flags_and_puts_fuzzy_first():
    d = doc("Naik 5 persen.")
    plan = plan_merge(None, d)
    qa = {k: Suggestion("Up.", "machine", "machine translation: a", ["number: '5 percent' missing"]) for k in plan}
    po, _ = merge_catalog(None, d, "id", "en", plan, qa)
    po = polib.pofile(render_catalog(po))
    po.find("Naik 5 persen.").flags.append("no-wrap")  # the reviewer's own flag
    po2, _ = cycle(po, d, tag="MT2")  # new output, no QA finding
    e = po2.find("Naik 5 persen.")
    assert e.flags == ["fuzzy", "no-wrap"] and "locnews-qa" not in e.tcomment
    assert "#, fuzzy, no-wrap" in render_catalog(po2)  # as msgmerge writes flags


NOTE_1 = "number: '1.250' in the source is missing from the translation, check the figures of the table"
NOTE_2 = "name: 'Kementerian Pekerjaan Umum dan Perumahan Rakyat' should stay as it is in the translation"


def test_long_qa_notes_come_back_whole_and_a_rerun_of_the_same_model_changes_nothing():
    d = doc("Naik 1.250 unit.")
    plan = plan_merge(None, d)
    sug = {k: Suggestion("Up.", "machine", "machine translation: m", [NOTE_1, NOTE_2]) for k in plan}
    po, _ = merge_catalog(None, d, "id", "en", plan, sug)
    text = render_catalog(po)
    po = polib.pofile(text)
    e = po.find("Naik 1.250 unit.")
    assert len(e.tcomment.splitlines()) > 2  # polib wrapped them
    assert qa_notes(e) == [NOTE_1, NOTE_2]
    plan2 = plan_merge(po, d)
    again = suggestion_from_entry(plan2["p1.1"], "machine translation: m")
    assert again == Suggestion("Up.", "machine", "machine translation: m", [NOTE_1, NOTE_2])
    same = {k: suggestion_from_entry(m, "machine translation: m") for k, m in plan2.items()}
    out, _ = merge_catalog(po, d, "id", "en", plan2, same)
    assert render_catalog(out) == text


def test_a_reviewers_comment_written_below_the_qa_notes_survives_a_rerun():
    po, _ = cycle(None, doc("Naik 5 persen."))
    mine = "the desk confirmed the figure, keep it exactly as the source gives it"
    po.find("Naik 5 persen.").tcomment = "locnews-qa: number: '5' missing\n" + mine
    po2, _ = cycle(po, doc("Naik 5 persen."), tag="MT2")
    assert po2.find("Naik 5 persen.").tcomment == mine


def test_another_models_output_is_not_offered_again():
    po, _ = cycle(None, doc("Satu."))
    m = plan_merge(po, doc("Satu."))["p1.1"]
    assert m.kind == "fuzzy"
    assert suggestion_from_entry(m, "machine translation: another model") is None
    assert suggestion_from_entry(m, "machine translation: test").text == "MT:p1.1"


def test_what_an_edited_source_is_offered_from_its_old_entry():
    machine = polib.POEntry(msgid="a", msgstr="MT", flags=["fuzzy"], comment="machine translation: m")
    memory = polib.POEntry(msgid="a", msgstr="From memory", flags=["fuzzy"], comment="translation memory: 0.9")
    dateline = polib.POEntry(msgid="a", msgstr="Wednesday", comment="dateline (Babel)")
    assert previous_review(machine) is None  # nothing reviewed to offer
    assert previous_review(memory).text == "From memory"
    assert previous_review(dateline) is None
    assert kept_origin(memory) == "memory"
    held = polib.POEntry(msgid="a", msgstr="X", flags=["fuzzy"], comment=previous_review(memory).comment)
    assert kept_origin(held) == "previous"


# ------------------------------------------------------------------------------------------------
# headers


STANDARD_FIELDS = {"Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
                   "Language-Team", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
                   "Plural-Forms", "X-Generator", "X-Source-Language", "X-Locnews-Article", "X-Locnews-Source"}


def test_a_new_catalog_has_the_standard_header_fields(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    po = new_catalog(doc("Satu."), "id", "en")
    assert set(po.metadata) == STANDARD_FIELDS
    assert po.metadata["Project-Id-Version"] == "locnews article banjir-jakarta"
    assert po.metadata["Language-Team"] == "English"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert new_catalog(doc("Satu."), "en", "id").metadata["Language-Team"] == "Indonesian"
    assert new_catalog(doc("Satu."), "id", "ms").metadata["Language-Team"] == "ms"
    assert po.header.startswith("Article banjir-jakarta: id -> en")


def test_source_date_epoch_makes_two_runs_byte_identical(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    texts = {render_catalog(cycle(None, doc("Satu."))[0]) for _ in range(2)}
    assert len(texts) == 1 and '"PO-Revision-Date: 1970-01-02 00:00+0000\\n"' in texts.pop()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    when = new_catalog(doc("Satu."), "id", "en").metadata["POT-Creation-Date"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", when)


def test_a_rerun_keeps_the_reviewers_header_and_adds_only_missing_fields():
    po, _ = cycle(None, doc("Satu."))
    po.metadata["Language-Team"] = "Tim Redaksi <redaksi@example.org>"
    po.metadata["X-Reviewed-By"] = "Sari"
    del po.metadata["X-Generator"]
    po2, _ = cycle(po, doc("Satu."))
    assert po2.metadata["Language-Team"] == "Tim Redaksi <redaksi@example.org>"
    assert set(po2.metadata) == STANDARD_FIELDS | {"X-Reviewed-By"}
    assert po2.metadata["X-Generator"] == "locnews"


def test_a_document_without_a_path_gets_the_catalog_named_article():
    d = Document(lang="id", path=None)
    d.blocks.append(Block(1, "paragraph", [Segment("p1.1", "sentence", "Satu.", line=1)]))
    po, _ = cycle(None, d)
    assert po.metadata["X-Locnews-Article"] == "article" and po.header.startswith("Article article:")
    assert po.find("Satu.").occurrences == [("article", "1")]
    assert article_slug("news/.id.txt") == "article"  # a name that is only a language suffix


# ------------------------------------------------------------------------------------------------
# what load_translations shows


def test_the_same_sentence_twice_shows_each_its_own_translation(tmp_path):
    d = doc("Dia pergi.", "Dia pergi.")
    po, _ = cycle(None, d)
    review_at(po, "p1.1", "He left.")
    t = load_catalog_translations(po, d)
    assert (t["p1.1"].text, t["p1.1"].origin) == ("He left.", "reviewed")
    assert (t["p2.1"].text, t["p2.1"].fuzzy, t["p2.1"].origin) == ("MT:p2.1", True, "machine")


def test_a_moved_sentence_shows_its_reviewed_translation_before_a_machine_one():
    po, _ = cycle(None, doc("Satu.", "Satu."))
    review_at(po, "p2.1", "One (reviewed).")
    t = load_catalog_translations(po, doc("Gempa di Padang.", "Warga berlari.", "Satu."))
    assert (t["p3.1"].text, t["p3.1"].fuzzy) == ("One (reviewed).", False)


def test_memory_and_dateline_entries_say_where_they_came_from():
    d = doc("Satu.")
    po, _ = cycle(None, d)
    po.find("Satu.").comment = "translation memory: 0.92 from banjir-bogor"
    po.find("Rabu, 8 Juli 2020").comment = "dateline: formatted by Babel"
    t = load_catalog_translations(po, d)
    assert t["p1.1"].origin == "memory" and t["d0.1"].origin == "dateline"
    assert [p[1] for p in reviewed_pairs(po)] == []  # neither is a reviewed pair
    review(po, "Satu.", "One.")
    po.find("Satu.").comment = ""
    assert list(reviewed_pairs(po)) == [("p1.1", "Satu.", "One.")]


def test_a_catalog_for_another_language_is_refused_naming_the_file(tmp_path):
    d = doc("Satu.")
    po, _ = cycle(None, d)
    po.metadata["Language"] = "fr"
    p = tmp_path / "en" / "articles" / "banjir-jakarta.po"
    p.parent.mkdir(parents=True)
    p.write_text(render_catalog(po), encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        load_translations(d, "en", tmp_path)
    assert str(err.value) == f"{p}: catalog is for language 'fr', expected 'en'"
    po.metadata["Language"] = "en"
    po.metadata["X-Locnews-Article"] = "other"
    p.write_text(render_catalog(po), encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        load_translations(d, "en", tmp_path)
    assert str(err.value).startswith(f"{p}: catalog belongs to article 'other'")


# ------------------------------------------------------------------------------------------------
# reading


def test_empty_and_broken_catalogs_are_refused_with_file_and_line(tmp_path):
    p = tmp_path / "x.po"
    p.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        read_catalog(p)
    assert str(err.value) == f"{p}: catalog is empty (delete it to start over)"
    p.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")  # the strict reader's
    with pytest.raises(LocnewsError) as err:
        read_catalog(p)
    assert str(err.value).startswith(f"{p}:5: corrupt catalog")
    p.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "x"\n', encoding="utf-8")
    with pytest.raises(LocnewsError) as err:  # two msgctxt (msgfmt: syntax error)
        read_catalog(p)
    assert err.value.path == str(p) and err.value.line == 5 and err.value.message.startswith("corrupt catalog: ")


def test_what_polib_refuses_is_refused_even_past_the_strict_reader(tmp_path, monkeypatch):
    """Defence in depth: were the strict reader to miss a defect polib refuses, the catalog is still
    refused with its file and line, never half-read and rewritten."""
    import locnews.catalogs.poparse as poparse

    class Lenient:
        errors: list = []

    monkeypatch.setattr(poparse, "parse", lambda text: Lenient())
    p = tmp_path / "x.po"
    p.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "x"\n', encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        read_catalog(p)
    assert err.value.path == str(p) and err.value.line == 5
    assert err.value.message.startswith("corrupt catalog: ") and "(line" not in err.value.message


def test_a_catalog_read_and_written_back_is_byte_identical():
    """`locnews review` saves a catalog it read: no rewrapping of lines nobody touched."""
    text = "Banjir yang melanda sebagian besar wilayah ibu kota pada Senin pagi menye ke masjid dan sekolah terdekat."
    po, _ = cycle(None, doc(text))
    written = render_catalog(po)
    po.wrapwidth = 79
    assert render_catalog(po) != written  # the sentence wraps differently one column wider
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "a.po"
        p.write_text(written, encoding="utf-8")
        assert render_catalog(read_catalog(p)) == written


def test_match_kinds():
    assert Match("reviewed").kept and Match("held").kept and not Match("fuzzy").kept
    assert Match("reviewed").reviewed and not Match("held").reviewed
