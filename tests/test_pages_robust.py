"""Pages as real news sites publish them: namespaced and unknown tags, <br><br> bodies, a charset
declaration that lies, broken markup, a wrong <html lang>. No traceback, exit 0, the page intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from locnews.pages.fidelity import compare_pages
from locnews.translate import Options, translate_files

PAGES = Path(__file__).resolve().parent / "data" / "pages"
FIXTURES = sorted(PAGES.glob("*.html"))


def marked(texts: list[str]) -> list[str]:
    """A stand-in model: every string comes back marked, placeholders and all."""
    return ["EN " + t for t in texts]


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locales").mkdir()
    return tmp_path


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.name)
def test_segment_exits_0(cli, page):
    r = cli("segment", page, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert '"kind": "sentence"' in r.stdout


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.name)
def test_translated_page_keeps_every_element_link_and_script(work, page):
    rep = translate_files([page], Options("id", "en", use_tm=False, progress=False), translator=marked,
                          output=work / "out.html")
    out = (work / "out.html").read_text(encoding="utf-8")
    source = page.read_text(encoding="utf-8")
    diff = compare_pages(source, out)
    assert diff.ok, diff.problems
    assert "EN " in out and rep.articles[0].segments
    assert '<html lang="en"' in out or "<html " in out and 'lang="en"' in out


def test_namespaced_tags_and_entities_come_back_as_written(work):
    translate_files([PAGES / "namespaced.id.html"], Options("id", "en", use_tm=False, progress=False),
                    translator=marked, output=work / "out.html")
    out = (work / "out.html").read_text(encoding="utf-8")
    assert '<fb:like href="http://example.com/a" layout="button_count"></fb:like>' in out
    assert "<g:plusone " in out and "<fb:comments " in out and '<custom-box data-x="1">' in out
    assert "Pedagang&nbsp;di" in out
    assert '<script>var a = "<p>jangan</p>"; // komentar</script>' in out
    assert "<!-- iklan: jangan diubah -->" in out
    assert '<a href="/stok">' in out


def test_lying_charset_is_read_as_utf8_and_declared_utf8(work):
    translate_files([PAGES / "charset.id.html"], Options("id", "en", use_tm=False, progress=False),
                    translator=marked, output=work / "out.html")
    out = (work / "out.html").read_text(encoding="utf-8")
    assert "waspada — kata" in out  # the em dash, not mojibake
    assert "charset=utf-8" in out and "iso-8859-1" not in out


def test_page_without_doctype_gets_none(work):
    translate_files([PAGES / "brbr.id.html"], Options("id", "en", use_tm=False, progress=False),
                    translator=marked, output=work / "out.html")
    assert (work / "out.html").read_text(encoding="utf-8").startswith("<html")


def test_nothing_is_written_when_a_page_fails(work, monkeypatch):
    """The writer runs before the catalog is written: a failure there leaves no catalog behind."""
    import locnews.translate as tr

    def broken(*a, **k):
        raise tr.LocnewsError("cannot write this page")

    monkeypatch.setattr(tr, "render_article", broken)
    with pytest.raises(tr.LocnewsError):
        translate_files([PAGES / "namespaced.id.html"], Options("id", "en", use_tm=False, progress=False),
                        translator=marked, output=work / "out.html")
    assert not list((work / "locales").rglob("*.po")) and not (work / "out.html").exists()


def test_declared_lang_the_text_contradicts_is_a_warning_naming_both(cli):
    r = cli("segment", PAGES / "wronglang.html", "--format", "json")
    assert r.exit_code == 0
    assert '"lang": "id"' in r.stdout
    assert 'lang="en" (English)' in r.stderr and "Indonesian (id)" in r.stderr


def test_metadata_of_the_target_edition(work):
    import json

    page = work / "meta.id.html"
    page.write_text(
        '<!DOCTYPE html><html lang="id" xml:lang="id"><head><title>Harga beras naik</title>'
        '<meta name="description" content="Harga beras di pasar naik tajam pekan ini.">'
        '<meta property="og:title" content="Harga beras naik"><meta property="og:locale" content="id_ID">'
        '<meta property="og:locale:alternate" content="en_US">'
        '<meta name="twitter:description" content="Harga beras di pasar naik tajam pekan ini.">'
        '<meta name="language" content="id"><meta property="og:image" content="http://x/a.jpg">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Harga beras naik", "description": "Harga beras di pasar naik tajam pekan ini.",'
        ' "inLanguage": "id-ID", "image": "http://x/a.jpg", "articleBody": "Harga beras di pasar naik'
        ' tajam pekan ini karena pasokan berkurang."}</script></head><body><article>'
        "<h1>Harga beras naik</h1><p>Harga beras di pasar naik tajam pekan ini karena pasokan berkurang.</p>"
        "</article></body></html>", encoding="utf-8")
    translate_files([page], Options("id", "en", use_tm=False, progress=False), translator=marked,
                    output=work / "out.html")
    out = (work / "out.html").read_text(encoding="utf-8")
    from locnews.pages.markup import parse_page

    tree = parse_page(out)
    meta = {m.get("name") or m.get("property"): m.get("content") for m in tree.iter("meta")}
    assert meta["description"].startswith("EN ") and meta["twitter:description"].startswith("EN ")
    assert meta["og:title"].startswith("EN ") and meta["og:locale"] == "en_US" and meta["language"] == "en"
    assert meta["og:image"] == "http://x/a.jpg" and meta["og:locale:alternate"] == "id_ID"
    assert tree.find(".//title").text.startswith("EN ")
    root = tree.getroot()
    assert root.get("lang") == "en" and root.get("xml:lang") == "en"
    ld = json.loads(tree.find(".//script").text)
    assert ld["headline"].startswith("EN ") and ld["description"].startswith("EN ")
    # the structured-data copy of the article is the target edition's text too, not the source's
    assert "EN Harga beras di pasar naik tajam pekan ini karena pasokan berkurang." in ld["articleBody"]
    assert ld["inLanguage"] == "en" and ld["image"] == "http://x/a.jpg"


def _drops_tokens(texts):
    import re

    return [re.sub(r"#\d+|⟦[^⟧]*⟧", "", t) for t in texts]


BAD_MODELS = {
    "drops every token": _drops_tokens,
    "returns nothing": lambda texts: ["" for _ in texts],
    "repeats one word": lambda texts: [" ".join([(t.split() or ["x"])[0]] * 8) for t in texts],
    "reverses": lambda texts: [t[::-1] for t in texts],
}


@pytest.mark.parametrize("model", BAD_MODELS, ids=str)
@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.name)
def test_whatever_the_model_does_no_element_or_link_is_lost(work, page, model):
    rep = translate_files([page], Options("id", "en", use_tm=False, progress=False), translator=BAD_MODELS[model],
                          output=work / "out.html")
    diff = compare_pages(page.read_text(encoding="utf-8"), (work / "out.html").read_text(encoding="utf-8"))
    assert diff.ok, diff.problems
    if page.name == "spanning.id.html" and model == "drops every token":
        qa = [q for s in rep.articles[0].segments for q in s.qa]
        assert any("markup" in q and "lost by MT" in q for q in qa), qa
