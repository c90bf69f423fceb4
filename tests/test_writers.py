"""Writers: the text layout and the original HTML page, with translations put back safely."""

from __future__ import annotations

import re

import lxml.html
import pytest

from locnews.pages.readers import parse_html, read_article
from locnews.pages.writers import write_html, write_text


@pytest.fixture
def ui(repo):
    from locnews.catalogs.ui_strings import load_ui_strings

    return load_ui_strings(repo / "locales")


ART = "/html/body/main/article/"


def sid(doc, locator: str, n: int = 1) -> str:
    """The id of the n-th segment of the block at ``locator`` (ids are positional: look them up)."""
    block = next(b for b in doc.blocks if b.locator == locator)
    return block.segments[n - 1].id


def identity(doc) -> dict[str, str]:
    return {s.id: s.text for _, s in doc.segments()}


def canon(html: str) -> list[tuple]:
    """Every node of a page: tag, attributes, text and tail with whitespace runs collapsed."""
    from locnews.pages.markup import parse_page

    root = parse_page(html).getroot()
    # HTML whitespace only: a no-break space is content and must survive
    ws = lambda s: re.sub(r"[ \t\n\r\f]+", " ", s or "").strip(" ")  # noqa: E731
    out = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else "#" + type(el).__name__
        out.append((tag, sorted(el.attrib.items()) if isinstance(el.tag, str) else [], ws(el.text), ws(el.tail)))
    return out


# -- text -----------------------------------------------------------------------------------------


def test_text_identity_reproduces_the_file(ui, samples):
    for name in ("isis-children.en.txt", "isis-children.id.txt"):
        doc = read_article(samples / name, ui=ui)
        assert write_text(doc, identity(doc), doc.lang) == doc.raw


def test_text_translations_keep_the_layout(ui, samples):
    doc = read_article(samples / "isis-children.id.txt", ui=ui)
    out = write_text(doc, {"h1.1": "Dozens of Babies Flown to Moscow", "p4.2": "They were taken to hospital."}, "en")
    lines = out.split("\n")
    assert lines[0] == "Rabu, 08 Jul 2020"  # no translation given: the source text stays
    assert lines[2] == "Dozens of Babies Flown to Moscow"
    assert lines[3] == lines[4] == ""  # the source's two blank lines are kept
    assert "pada Senin malam. They were taken to hospital.\n" in out
    # chrome without a translation comes from the UI catalog, never from MT
    assert out.endswith("\nMobile Version\nMost Popular\n")


def test_text_layout_from_an_html_source(ui, samples):
    doc = read_article(samples / "isis-children.id.html", ui=ui)
    out = write_text(doc, {}, "id")
    assert out.startswith("Rabu, 08 Jul 2020\n\nPuluhan Bayi")
    assert "⟦" not in out and "dataLayer" not in out
    assert out.rstrip().endswith("Versi Mobile")


# -- HTML -----------------------------------------------------------------------------------------


@pytest.fixture
def page(ui, samples):
    return read_article(samples / "isis-children.id.html", ui=ui)


def test_identity_gives_an_equivalent_page(page):
    out = write_html(page, identity(page), "id")
    assert canon(out) == canon(page.raw)
    assert out.lstrip().startswith("<!DOCTYPE html>")
    assert "&nbsp;" in out and "&amp;" in out


def test_script_style_comments_and_attributes_survive(page):
    out = write_html(page, {}, "en")
    for kept in (
        "if (window.dataLayer.length < 1 && document.title)",  # raw, not escaped
        '.tags::before { content: "Tag: "; }',
        "<!-- iklan: jangan diterjemahkan -->",
        '<p class="tags" translate="no">#ISIS #Rusia #Irak</p>',
        "<pre>id-artikel: 2020-07-08-isis-anak</pre>",
        '<img src="/foto/anak-isis.jpg"',
        '<script src="/js/app.js"></script>',
    ):
        assert kept in out
    assert '<html lang="en">' in out


def test_translations_are_put_back_with_the_source_tags(page):
    tr = {
        sid(page, ART + "p[3]", 1): "⟦1⟧Russia's health ministry⟦/1⟧ said the children arrived in Moscow late Monday.⟦2/⟧",
        sid(page, ART + "p[3]", 2): "They were taken directly to hospital.",
    }
    out = write_html(page, tr, "en")
    assert ('<p><a href="https://example.org/kemenkes-rusia">Russia\'s health ministry</a> said the children '
            "arrived in Moscow late Monday.<br> They were taken directly to hospital.</p>") in out
    # UI chrome from the catalog, menus with submenus and forms included; untranslated sentences
    # keep their source text
    assert '<a href="/">Home</a>' in out and "<h2>Most Popular</h2>" in out
    assert '<a href="/berita">News</a>' in out and '<a href="/internasional">International</a>' in out
    assert '<button type="submit">Search</button>' in out and 'placeholder="Search news…"' in out
    assert '<nav aria-label="Main menu">' in out
    assert "Otoritas Rusia mengatakan" in out


def test_attributes_are_translated(page):
    ids = {b.locator: b.segments[0].id for b in page.blocks}
    tr = {
        ids["/html/body/main/article/figure/img/@alt"]: 'Children "arriving" <at> Moscow',
        ids["/html/body/main/article/p[5]/a/@title"]: "Profile of Alexander Bortnikov",
    }
    out = write_html(page, tr, "en")
    assert "Children \"arriving\" &lt;at&gt; Moscow'" in out  # lxml quotes with ' around a "
    img = lxml.html.document_fromstring(out.encode("utf-8")).xpath("//figure/img")[0]
    assert img.get("alt") == 'Children "arriving" <at> Moscow' and img.get("width") == "640"
    assert 'title="Profile of Alexander Bortnikov">Alexander Bortnikov</a>' in out


def test_a_translation_cannot_inject_markup(page):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> & done.'
    out = write_html(page, {sid(page, ART + "p[1]"): evil}, "en")
    root = lxml.html.document_fromstring(out.encode("utf-8"))
    p = root.xpath("/html/body/main/article/p[1]")[0]
    assert p.text_content() == evil
    assert not p.xpath(".//script") and not p.xpath(".//img")
    assert "&lt;script&gt;" in out and "onerror" not in re.sub(r"&lt;img[^<]*", "", out)


def test_broken_placeholders_never_break_the_page(page):
    tr = {
        # opened, never closed; an unknown number; a repeated empty placeholder; a stray closer
        sid(page, ART + "p[3]", 1): "⟦1⟧Russia's health ministry said the children arrived ⟦7⟧late⟦/7⟧ Monday.⟦2/⟧⟦2/⟧",
        sid(page, ART + "p[3]", 2): "They⟦/1⟧ were taken to hospital.",
        # the protected <span translate="no">FSB</span> was lost by the model
        sid(page, ART + "p[5]"): "But in early November, Russia's intelligence chief warned of the risk.",
    }
    out = write_html(page, tr, "en")
    root = lxml.html.document_fromstring(out.encode("utf-8"))
    p3 = root.xpath("/html/body/main/article/p[3]")[0]
    a = p3.find("a")
    assert a.text == "Russia's health ministry said the children arrived late Monday."  # closed in its sentence
    assert len(p3.findall("br")) == 1 and "⟦" not in p3.text_content()
    assert p3.text_content().endswith("They were taken to hospital.")
    p5 = root.xpath("/html/body/main/article/p[5]")[0]
    span = p5.find("span")
    assert span is not None and span.get("translate") == "no" and span.text == "FSB"  # protected kept
    assert "Alexander Bortnikov" not in p5.text_content()  # the dropped link is not resurrected


def test_closing_order_is_repaired():
    from locnews.pages.markup import repair_placeholders

    assert repair_placeholders("⟦1⟧A⟦/1⟧ b ⟦2⟧c⟦/2⟧", "⟦/1⟧X⟦1⟧ y ⟦2⟧z  ") == "X⟦1⟧ y ⟦2⟧z⟦/2⟧⟦/1⟧  "
    assert repair_placeholders("⟦1⟧A⟦/1⟧ b ⟦2/⟧", "⟦1⟧X y ⟦9⟧ ⟦2/⟧⟦2/⟧ z") == "⟦1⟧X y  ⟦2/⟧ z⟦/1⟧"
    assert repair_placeholders("plain", "plain ⟦1⟧") == "plain "


def test_fragment_and_nbsp_round_trip():
    raw = "<p>Harga&nbsp;Rp&nbsp;85.000 &mdash; <i>naik</i>&hellip; &lt;b&gt;</p>"
    doc = parse_html(raw, lang="id", ui=None)
    seg = doc.blocks[0].segments
    assert "Harga\u00a0Rp\u00a085.000 — ⟦1⟧naik⟦/1⟧… <b>" == " ".join(s.text for s in seg)
    out = write_html(doc, identity(doc), "id")
    assert "Harga&nbsp;Rp&nbsp;85.000 — <i>naik</i>… &lt;b&gt;" in out
    assert canon(out)[-1] == canon(raw)[-1]


def test_write_html_needs_an_html_document(ui, samples):
    from locnews.errors import LocnewsError

    doc = read_article(samples / "isis-children.id.txt", ui=ui)
    with pytest.raises(LocnewsError, match="HTML source"):
        write_html(doc, {}, "en")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HTML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="⟦⟧\x00") | st.sampled_from(list(". !?\n\u00a0&<>\"'")),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(HTML_TEXT, HTML_TEXT, st.sampled_from(["b", "a", "em"]))
def test_any_text_round_trips_through_a_page(before, inside, tag):
    from markupsafe import escape

    raw = f"<html lang=\"en\"><body><p>{escape(before)}<{tag}>{escape(inside)}</{tag}> end.</p></body></html>"
    doc = parse_html(raw, lang="en", ui=None)
    out = write_html(doc, identity(doc), "en")
    assert canon(out) == canon(raw)


# -- text beside block children ------------------------------------------------------------------

LOOSE = """<!DOCTYPE html>
<html lang="id"><body><article>
<div>Catatan redaksi: <b>baca</b> ini dulu.
<p>Paragraf pertama.</p>
Teks lepas di antara paragraf.
<p>Paragraf kedua.</p><!-- iklan --></div>
<ul><li>Butir satu <ul><li>Anak butir</li></ul></li></ul>
</article></body></html>
"""


def test_text_beside_block_children_is_translated_not_left_behind(ui):
    doc = parse_html(LOOSE, "id", ui)
    texts = [s.text for _, s in doc.segments()]
    # every run of article text is a segment: nothing stays Indonesian on the English page
    assert texts == ["Catatan redaksi: ⟦1⟧baca⟦/1⟧ ini dulu.", "Paragraf pertama.", "Teks lepas di antara paragraf.",
                     "Paragraf kedua.", "Butir satu", "Anak butir"]
    assert [b.line for b in doc.blocks] == [3, 4, 5, 6, 7, 7]
    out = write_html(doc, {s.id: s.text.upper() for _, s in doc.segments()}, "en")
    assert "locnews-run" not in out
    root = lxml.html.fromstring(out)
    div = root.find(".//div")
    assert div.text.strip() == "CATATAN REDAKSI:" and div.find("b").text == "BACA"
    assert [p.text for p in div.findall("p")] == ["PARAGRAF PERTAMA.", "PARAGRAF KEDUA."]
    assert div.find("p").tail.strip() == "TEKS LEPAS DI ANTARA PARAGRAF."
    assert "<!-- iklan -->" in out
    assert root.find(".//li").text.strip() == "BUTIR SATU"
    # identity leaves the page as it was
    assert canon(write_html(doc, identity(doc), "id")) == canon(LOOSE)
