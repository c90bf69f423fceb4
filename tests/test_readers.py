"""Readers: the site's text layout and HTML pages, segment ids, lines, chrome as ui blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locnews.errors import LocnewsError
from locnews.pages.readers import lang_from_name, parse_html, parse_text, read_article, segment_id

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_2848fe6d7bb5f535.txt"


@pytest.fixture
def ui(repo):
    from locnews.catalogs.ui_strings import load_ui_strings

    return load_ui_strings(repo / "locales")


class NoUI:
    def is_ui(self, text: str) -> bool:
        return False


def kinds(doc):
    return [b.kind for b in doc.blocks]


# -- text layout --------------------------------------------------------------------------------


def check_text_layout(doc, lang, dateline):
    assert doc.lang == lang and doc.format == "text"
    assert kinds(doc) == ["dateline", "headline"] + ["paragraph"] * 11 + ["ui", "ui"]
    assert doc.dateline.segments[0].text == dateline
    assert [s.id for s in doc.blocks[0].segments] == ["d0.1"]
    assert [s.id for s in doc.blocks[1].segments] == ["h1.1"]
    assert [s.id for s in doc.blocks[4].segments] == ["p4.1", "p4.2"]
    assert [s.kind for s in doc.blocks[4].segments] == ["sentence", "sentence"]
    assert [s.id for s in doc.blocks[-1].segments] == ["u14.1"]
    # the whole file comes back byte for byte
    assert "".join(b.source for b in doc.blocks) == doc.raw


def test_seed_article(ui, samples):
    doc = read_article(samples / "isis-children.en.txt", ui=ui)
    check_text_layout(doc, "en", "Wednesday, 08 Jul 2020")
    assert [s.text for _, s in doc.segments("ui")] == ["Versi Mobile", "Most Popular"]
    # 1-based source lines, for `#:` references
    assert doc.headline.line == 3 and doc.headline.segments[0].line == 3
    assert doc.blocks[2].line == 6 and doc.blocks[-1].segments[0].line == 29
    assert doc.blocks[4].segments[1].text == "They were taken directly to the hospital to undergo medical tests."


def test_samples_match_the_shared_seed(samples):
    if not SEED.is_file():
        pytest.skip("shared seed not available")
    assert (samples / "isis-children.en.txt").read_bytes() == SEED.read_bytes()


def test_indonesian_edition(ui, samples):
    doc = read_article(samples / "isis-children.id.txt", ui=ui)
    check_text_layout(doc, "id", "Rabu, 08 Jul 2020")
    assert [s.text for _, s in doc.segments("ui")] == ["Versi Mobile", "Terpopuler"]
    assert "2.000 istri" in doc.blocks[6].segments[0].text  # "2.000" is one number, not a stop


def test_chrome_comes_from_the_catalogs_not_from_code(samples):
    doc = read_article(samples / "isis-children.en.txt", ui=NoUI())
    assert "ui" not in kinds(doc)
    assert kinds(doc)[-2:] == ["paragraph", "paragraph"]


def test_one_paragraph_per_line_and_hard_wraps():
    text = (
        "Senin, 24 Nov 2026\nJudul Berita\nParagraf satu. Kalimat dua.\nParagraf dua yang panjang\n"
        "dibungkus di sini.\nParagraf tiga.\n"
    )
    doc = parse_text(text, lang="id", ui=NoUI())
    assert kinds(doc) == ["dateline", "headline", "paragraph", "paragraph", "paragraph"]
    assert doc.blocks[3].segments[0].text == "Paragraf dua yang panjang\ndibungkus di sini."
    assert doc.blocks[3].segments[0].line == 4 and doc.blocks[4].line == 6
    assert "".join(b.source for b in doc.blocks) == text


@pytest.mark.parametrize(
    "first, is_date",
    [
        ("Rabu, 08 Jul 2020", True),
        ("Wednesday, 08 Jul 2020", True),
        ("Senin, 24 November 2026 12:30 WIB", True),
        ("24/11/2026", True),
        ("Banjir Jakarta 2020 Rendam 100 Rumah", False),  # a headline with a year is not a date
        ("Mei 2020 Jadi Bulan Terpanas.", False),
    ],
)
def test_dateline_detection(first, is_date):
    doc = parse_text(f"{first}\n\nJudul\n\nIsi berita.\n", lang="id", ui=NoUI())
    assert (doc.blocks[0].kind == "dateline") is is_date


def test_chrome_before_the_dateline():
    doc = parse_text("Versi Mobile\nRabu, 08 Jul 2020\n\nJudul\n\nIsi.\n", lang="id", ui=SomeUI())
    assert kinds(doc) == ["ui", "dateline", "headline", "paragraph"]
    assert [s.id for _, s in doc.segments()] == ["u0.1", "d1.1", "h2.1", "p3.1"]


def test_no_dateline_crlf_and_leading_blank_lines():
    text = "\r\n\r\nJudul\r\n\r\nSatu. Dua.\r\n"
    doc = parse_text(text, lang="id", ui=NoUI())
    assert kinds(doc) == ["headline", "paragraph"]
    assert [s.id for _, s in doc.segments()] == ["h0.1", "p1.1", "p1.2"]
    assert doc.headline.segments[0].text == "Judul" and doc.headline.line == 3
    assert "".join(b.source for b in doc.blocks) == text


def test_language_from_name_then_content(tmp_path):
    assert lang_from_name("samples/isis-children.id.html") == "id"
    assert lang_from_name("a.b.en.txt") == "en" and lang_from_name("news.txt") is None
    f = tmp_path / "berita.en.txt"  # the name wins over the content
    f.write_text("Judul\n\nIa mengatakan bahwa harga naik.\n", "utf-8")
    assert read_article(f, ui=NoUI()).lang == "en"
    g = tmp_path / "berita.txt"
    g.write_text("Judul\n\nIa mengatakan bahwa harga naik.\n", "utf-8")
    assert read_article(g, ui=NoUI()).lang == "id"


def test_segment_id_scheme():
    assert segment_id("paragraph", 3, 2) == "p3.2"
    assert segment_id("dateline", 0, 1) == "d0.1" and segment_id("ui", 9, 1) == "u9.1"


def test_unsupported_language_is_a_clean_error():
    with pytest.raises(LocnewsError, match="unsupported language"):
        parse_text("Judul\n\nIsi.", lang="fr", ui=NoUI())


BLOCKY = st.lists(
    st.sampled_from(["Judul", "Rabu, 08 Jul 2020", "Satu. Dua!", "dll. Lalu", "\n", "\n\n", "\r\n", " ", "\t",
                     "Versi Mobile", "kata", "Jl. Sudirman No. 1.", "“Apa?” tanya dia."]),
    max_size=30,
).map("".join)


class SomeUI:
    def is_ui(self, text: str) -> bool:
        return text.strip() == "Versi Mobile"


@settings(max_examples=300, deadline=None)
@given(st.one_of(BLOCKY, st.text(max_size=100)))
def test_any_text_round_trips_through_blocks(text):
    doc = parse_text(text, lang="id", ui=SomeUI())
    if not text.strip():
        assert doc.blocks == []  # nothing to segment (read_article refuses such a file)
        return
    assert "".join(b.source for b in doc.blocks) == text
    for b in doc.blocks:
        src = b.source
        for s in b.segments:
            assert src[s.start : s.end] == s.text
    ids = [s.id for _, s in doc.segments()]
    assert len(ids) == len(set(ids))


# -- HTML -----------------------------------------------------------------------------------------


@pytest.fixture
def page(ui, samples):
    return read_article(samples / "isis-children.id.html", ui=ui)


def all_text(doc) -> str:
    return "\n".join(s.text for _, s in doc.segments())


def test_html_sample_blocks(page):
    assert page.format == "html" and page.lang == "id"
    assert page.dateline.segments[0].text == "Rabu, 08 Jul 2020"
    assert page.headline.segments[0].text.startswith("Puluhan Bayi dan Balita")
    ui_texts = [s.text for _, s in page.segments("ui")]
    assert {"Beranda", "Nasional", "Terpopuler", "Versi Mobile"} <= set(ui_texts)
    # every block can be found again in the page
    assert all(b.locator for b in page.blocks)


def test_html_never_extracts_script_style_code_comments_or_translate_no(page):
    text = all_text(page)
    for never in ("dataLayer", "font-family", "iklan", "#ISIS #Rusia", "id-artikel", "app.js"):
        assert never not in text
    # the translate="no" span inside a sentence is protected as a placeholder, not text
    p = next(b for b in page.blocks if "Bortnikov" in b.source and b.tags)
    assert "FSB" not in p.source
    assert any(open_ == '<span translate="no">FSB</span>' for open_, _ in p.tags.values())


def test_html_inline_markup_becomes_placeholders(page):
    p = next(b for b in page.blocks if "Kementerian Kesehatan" in b.source)
    assert [s.text for s in p.segments] == [
        "⟦1⟧Kementerian Kesehatan Rusia⟦/1⟧ mengatakan anak-anak itu tiba di Moskow pada Senin malam.⟦2/⟧",
        "Mereka langsung dibawa ke rumah sakit untuk menjalani pemeriksaan medis.",
    ]
    assert p.tags == {"1": ('<a href="https://example.org/kemenkes-rusia">', "</a>"), "2": ("<br>", "")}
    assert p.locator == "/html/body/main/article/p[3]"
    em = next(b for b in page.blocks if "Kadyrov" in b.source)
    assert "⟦1⟧Ramzan Kadyrov⟦/1⟧" in em.source and em.tags["1"] == ("<em>", "</em>")


def test_html_alt_title_attributes_and_caption(page):
    by_locator = {b.locator: b for b in page.blocks}
    alt = by_locator["/html/body/main/article/figure/img/@alt"]
    assert alt.segments[0].text == "Anak-anak tahanan ISIS tiba di bandara Moskow"
    title = by_locator["/html/body/main/article/p[5]/a/@title"]
    assert title.segments[0].text == "Profil Alexander Bortnikov"
    assert by_locator["/html/body/main/article/figure/figcaption"].segments[0].text == "Anak-anak tahanan ISIS dievakuasi"
    assert by_locator["/html/head/title"].kind == "paragraph"


def test_html_entities_and_nbsp_are_characters(page):
    text = all_text(page)
    assert "2.000\u00a0istri" in text and "Irak & Suriah" in text
    assert "‘dibawa ke Timur Tengah oleh orang tua mereka’" in text
    assert "© 2020 Kabar & Warta." in text


def test_html_told_apart_by_content(tmp_path, ui):
    f = tmp_path / "page.txt"
    f.write_text("<!DOCTYPE html><html lang='en'><body><h1>Title</h1><p>One. Two.</p></body></html>", "utf-8")
    doc = read_article(f, ui=ui)
    assert doc.format == "html" and doc.lang == "en"
    assert [s.text for _, s in doc.segments("sentence")] == ["One.", "Two."]


def test_html_nested_blocks_take_the_innermost():
    doc = parse_html("<html><body><div><p>Inner <b>text</b>.</p></div><ul><li><p>Item.</p></li></ul></body></html>",
                     lang="en", ui=NoUI())
    assert [b.locator for b in doc.blocks] == ["/html/body/div/p", "/html/body/ul/li/p"]


def test_html_big_page_finds_every_block():
    # lxml proxies are recreated on access: bookkeeping by id() once lost most of such a page
    body = "".join(
        f"<div><section><p>Kalimat {i}. Di Jl. Sudirman <b>No. {i}</b>.</p><ul><li><a href='/{i}'>Tautan {i}</a></li></ul></section></div>"
        for i in range(1500)
    )
    doc = parse_html(f"<html><head><title>T</title></head><body><main>{body}</main></body></html>", lang="id", ui=NoUI())
    assert len(doc.blocks) == 1 + 2 * 1500
    assert [s.text for s in doc.blocks[-2].segments] == ["Kalimat 1499.", "Di Jl. Sudirman ⟦1⟧No. 1499⟦/1⟧."]


def test_html_double_br_separates_sentences():
    raw = "<html><body><div>Subjudul tanpa titik<br><br>\nKalimat pertama. Kalimat <b>kedua</b><br>\n<br>Akhir</div></body></html>"
    doc = parse_html(raw, lang="id", ui=NoUI())
    assert [s.text for s in doc.blocks[0].segments] == [
        "Subjudul tanpa titik⟦1/⟧⟦2/⟧", "Kalimat pertama.", "Kalimat ⟦3⟧kedua⟦/3⟧⟦4/⟧ ⟦5/⟧", "Akhir"]
    from locnews.pages.writers import write_html

    out = write_html(doc, {s.id: s.text for _, s in doc.segments()}, "id")
    assert "Subjudul tanpa titik<br><br>" in out and "Kalimat <b>kedua</b><br> <br>" in out


def test_html_code_and_notranslate_are_protected_inline_and_whole():
    raw = ("<html><body><p>Jalankan <code>pip install locnews</code> lalu <span class='notranslate'>Kabar</span>.</p>"
           "<code>print('tidak')</code><div translate='no'><p>Jangan.</p></div><p><!-- catatan -->Ya.</p></body></html>")
    doc = parse_html(raw, lang="id", ui=NoUI())
    texts = [s.text for _, s in doc.segments()]
    assert texts == ["Jalankan ⟦1/⟧ lalu ⟦2/⟧.", "⟦1/⟧Ya."]
    assert doc.blocks[0].tags["1"] == ("<code>pip install locnews</code>", "")
    assert doc.blocks[1].tags["1"] == ("<!-- catatan -->", "")
    from locnews.pages.writers import write_html

    out = write_html(doc, {doc.blocks[0].segments[0].id: "Run ⟦1/⟧ then ⟦2/⟧."}, "en")
    assert "<p>Run <code>pip install locnews</code> then <span class=\"notranslate\">Kabar</span>.</p>" in out
    assert "<p><!-- catatan -->Ya.</p>" in out and "<p>Jangan.</p>" in out


def test_doctype_internal_subset_is_not_a_segment(tmp_path):
    """libxml2's HTML parser ends a doctype at its first '>': the subset's ']>' must not become text."""
    from locnews.pages.readers import read_article

    page = tmp_path / "dt.id.html"
    page.write_text('<!DOCTYPE html [\n<!ENTITY x "y">\n]>\n<html><body><h1>Judul berita ini</h1>\n'
                    "<p>Ini [kalimat] pertama. Ini kalimat kedua.</p></body></html>\n", encoding="utf-8")
    doc = read_article(page, lang="id")
    texts = [s.text for _, s in doc.segments()]
    assert texts == ["Judul berita ini", "Ini [kalimat] pertama.", "Ini kalimat kedua."]
    assert [s.line for _, s in doc.segments()][0] == 4  # line numbers still those of the file
