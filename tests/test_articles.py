"""Article catalogs: reviewed entries are never overwritten; changed -> fuzzy with #|; vanished -> obsolete."""

import subprocess
import shutil

import polib
import pytest

from locnews.catalogs.articles import (
    Suggestion,
    article_slug,
    load_translations,
    merge_catalog,
    plan_merge,
    read_catalog,
    render_catalog,
)
from locnews.document import Block, Document, Segment
from locnews.errors import LocnewsError


def doc(*texts, path="news/banjir-jakarta.id.txt"):
    d = Document(lang="id", path=path)
    d.blocks.append(Block(0, "dateline", [Segment("d0.1", "dateline", "Rabu, 8 Juli 2020", line=1)]))
    for i, t in enumerate(texts, start=1):
        d.blocks.append(Block(i, "paragraph", [Segment(f"p{i}.1", "sentence", t, line=2 * i + 1)]))
    return d


def mt(d, plan, tag="MT"):
    return {sid: Suggestion(f"{tag}:{sid}", "machine", "machine translation: test") for sid in plan}


def cycle(old, d, tag="MT"):
    plan = plan_merge(old, d)
    todo = {k: v for k, v in plan.items() if not v.kept}
    po, stats = merge_catalog(old, d, "id", "en", plan, mt(d, todo, tag))
    return polib.pofile(render_catalog(po)), stats


def review(po, msgid, text):
    e = next(e for e in po if e.msgid == msgid)
    e.msgstr = text
    e.flags.remove("fuzzy")


def test_slug():
    assert article_slug("samples/isis-children.id.html") == "isis-children"
    assert article_slug("a/b.en.txt") == "b"
    assert article_slug("plain.txt") == "plain"


def test_new_catalog_shape():
    po, stats = cycle(None, doc("Satu.", "Dua."))
    e = po.find("Satu.", msgctxt="p1.1")
    assert e.msgstr == "MT:p1.1" and "fuzzy" in e.flags and "machine translation: test" in e.comment
    assert e.occurrences == [("news/banjir-jakarta.id.txt", "3")]
    assert po.metadata["Language"] == "en" and po.metadata["X-Source-Language"] == "id"
    assert stats.updated == 3


def test_reviewed_never_overwritten_changed_fuzzy_vanished_obsolete():
    po, _ = cycle(None, doc("Satu.", "Banjir melanda Jakarta pada Senin.", "Tiga hilang."))
    review(po, "Satu.", "One (reviewed).")
    review(po, "Banjir melanda Jakarta pada Senin.", "Floods hit Jakarta on Monday.")
    # rerun: a paragraph inserted on top (keys shift), one sentence edited, one gone
    d2 = doc("Baru.", "Satu.", "Banjir besar melanda Jakarta pada Senin.")
    po2, stats = cycle(po, d2, tag="MT2")
    assert po2.find("Satu.").msgstr == "One (reviewed)."
    assert "fuzzy" not in po2.find("Satu.").flags
    assert po2.find("Satu.").msgctxt == "p2.1"  # moved with its paragraph
    changed = po2.find("Banjir besar melanda Jakarta pada Senin.")
    assert "fuzzy" in changed.flags and changed.previous_msgid == "Banjir melanda Jakarta pada Senin."
    gone = {e.msgid: e.msgstr for e in po2 if e.obsolete}
    # the reviewed pair whose source changed stays as #~ exactly as reviewed (as msgmerge keeps it)
    assert gone == {"Banjir melanda Jakarta pada Senin.": "Floods hit Jakarta on Monday.", "Tiga hilang.": "MT:p3.1"}
    assert stats.reviewed == 1 and stats.changed == 1 and stats.obsolete == 2


def test_fuzzy_entries_get_the_new_suggestion_and_keep_reviewer_comments():
    po, _ = cycle(None, doc("Satu."))
    po.find("Satu.").tcomment = "ask the desk about this"
    po2, _ = cycle(po, doc("Satu."), tag="MT2")
    e = po2.find("Satu.")
    assert e.msgstr == "MT2:p1.1" and e.tcomment == "ask the desk about this"


def test_qa_findings_go_into_flag_and_comment():
    d = doc("Naik 5 persen.")
    plan = plan_merge(None, d)
    sug = {k: Suggestion("Up.", "machine", "machine translation: t", ["number: '5 percent' missing"]) for k in plan}
    po, _ = merge_catalog(None, d, "id", "en", plan, sug)
    e = po.find("Naik 5 persen.")
    assert "locnews-qa" in e.flags and "locnews-qa: number" in e.tcomment


def test_obsolete_entry_is_revived_when_its_sentence_returns():
    po, _ = cycle(None, doc("Satu.", "Dua."))
    review(po, "Dua.", "Two.")
    po2, _ = cycle(po, doc("Satu."))
    assert po2.find("Dua.", include_obsolete_entries=True).obsolete
    po3, _ = cycle(po2, doc("Satu.", "Dua."))
    e = po3.find("Dua.")
    assert e is not None and not e.obsolete and e.msgstr == "Two."


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_msgfmt_accepts_catalog(tmp_path):
    po, _ = cycle(None, doc("Satu.", "Dua \"kutip\" dan\\ garis."))
    review(po, "Satu.", "One.")
    po2, _ = cycle(po, doc("Satu!", "Dua."))
    p = tmp_path / "a.po"
    p.write_text(render_catalog(po2), encoding="utf-8")
    r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(p)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_load_translations(tmp_path):
    d = doc("Satu.", "Dua.")
    po, _ = cycle(None, d)
    review(po, "Satu.", "One.")
    p = tmp_path / "en" / "articles" / "banjir-jakarta.po"
    p.parent.mkdir(parents=True)
    p.write_text(render_catalog(po), encoding="utf-8")
    t = load_translations(d, "en", tmp_path)
    assert (t["p1.1"].text, t["p1.1"].fuzzy, t["p1.1"].origin) == ("One.", False, "reviewed")
    assert (t["p2.1"].fuzzy, t["p2.1"].origin) == (True, "machine")
    # a stale translation of an edited sentence is never returned
    assert "p2.1" not in load_translations(doc("Satu.", "Dua diubah."), "en", tmp_path)
    with pytest.raises(LocnewsError, match="no article catalog"):
        load_translations(d, "id", tmp_path)
    with pytest.raises(LocnewsError, match="belongs to article"):
        other = doc("Satu.", path="x/other.id.txt")
        q = tmp_path / "en" / "articles" / "other.po"
        q.write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
        load_translations(other, "en", tmp_path)


def test_corrupt_catalog_is_refused_with_its_line(tmp_path):
    p = tmp_path / "x.po"
    p.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(LocnewsError) as e:
        read_catalog(p)
    assert e.value.line == 5 and "corrupt" in e.value.message


def test_a_held_suggestion_is_kept_until_a_person_acts():
    from locnews.catalogs.articles import holds_reviewed_text

    po, _ = cycle(None, doc("Banjir melanda Jakarta pada Senin."))
    review(po, "Banjir melanda Jakarta pada Senin.", "Floods hit Jakarta on Monday.")
    d2 = doc("Banjir besar melanda Jakarta pada Senin.")
    plan = plan_merge(po, d2)
    from locnews.catalogs.articles import previous_review

    sug = {"p1.1": previous_review(plan["p1.1"].entry)}
    po2, _ = merge_catalog(po, d2, "id", "en", plan, sug)
    po2 = polib.pofile(render_catalog(po2))
    held = po2.find("Banjir besar melanda Jakarta pada Senin.")
    assert holds_reviewed_text(held) and held.msgstr == "Floods hit Jakarta on Monday."
    for _ in range(2):  # reruns: machine suggestions are offered, the held one is not replaced
        po2, _ = cycle(po2, d2, tag="MT-again")
        assert po2.find("Banjir besar melanda Jakarta pada Senin.").msgstr == "Floods hit Jakarta on Monday."


@pytest.mark.parametrize("pairwise_max", [0, 10**9])
def test_changed_sentences_find_their_old_entries_by_index_or_all_pairs(monkeypatch, pairwise_max):
    """A long article rewritten uses msgmerge's index instead of all pairs: same matches here."""
    import locnews.catalogs.articles as articles

    monkeypatch.setattr(articles, "_PAIRWISE_MAX", pairwise_max)
    olds = [f"Warga kota {w} mengungsi ke masjid sejak pagi karena banjir." for w in ("Bogor", "Depok", "Bekasi")]
    po, _ = cycle(None, doc(*olds))
    for t in olds:
        review(po, t, f"EN {t}")
    news = [t.replace("sejak pagi", "sejak subuh") for t in reversed(olds)]  # edited and reordered
    plan = plan_merge(po, doc(*news))
    for i, t in enumerate(news, start=1):
        m = plan[f"p{i}.1"]
        assert m.kind == "changed" and m.entry.msgid == t.replace("sejak subuh", "sejak pagi")
