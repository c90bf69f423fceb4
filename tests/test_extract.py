"""What on a page is the article: the body found, furniture kept out of MT, a site's own selector."""

from __future__ import annotations

import pytest

from locnews.pages.extract import is_furniture_text
from locnews.pages.readers import parse_html

BODY = " ".join(
    f"Kalimat ke-{i} dari berita ini menjelaskan dampak banjir bagi warga di kawasan timur kota." for i in range(1, 4)
)
PAGE = f"""<!DOCTYPE html><html lang="id"><head><title>Banjir di Bekasi</title></head><body>
<header><nav><ul><li><a href="/a">Kanal Satu</a></li><li><a href="/b">Kanal Dua</a></li></ul></nav></header>
<div class="wrap"><div class="main">
<h1>Banjir merendam ratusan rumah di Bekasi</h1>
<div class="body-text">
<p>{BODY}</p>
<p>Petugas membuka posko pengungsian di sekolah dasar terdekat dan membagikan makanan kepada warga yang mengungsi.</p>
<div class="related-box"><p>Kabar lain: harga cabai naik lagi di seluruh pasar ibu kota menjelang akhir pekan ini.</p></div>
<p>Baca juga: <a href="/x">Hujan deras diperkirakan berlanjut</a></p>
<ul><li><a href="/y">Harga cabai naik lagi di seluruh pasar ibu kota menjelang akhir pekan ini</a></li></ul>
<p>Wali kota meminta warga tetap waspada karena hujan diperkirakan turun hingga akhir pekan.</p>
</div></div>
<div class="sidebar"><ul><li><a href="/1">Gempa mengguncang Cianjur, ratusan rumah rusak berat</a></li>
<li><a href="/2">Harga beras naik di pasar induk Cipinang pekan ini</a></li></ul></div></div>
<footer><p>Hak cipta dilindungi undang-undang. Semua isi situs ini milik penerbit.</p></footer>
</body></html>"""


def kinds(doc) -> dict[str, str]:
    return {s.text: s.kind for _, s in doc.segments()}


def test_body_is_translated_furniture_is_not():
    doc = parse_html(PAGE, lang="id")
    k = kinds(doc)
    assert k["Banjir merendam ratusan rumah di Bekasi"] == "headline"
    assert k["Wali kota meminta warga tetap waspada karena hujan diperkirakan turun hingga akhir pekan."] == "sentence"
    assert k["Kabar lain: harga cabai naik lagi di seluruh pasar ibu kota menjelang akhir pekan ini."] == "furniture"
    assert k["Baca juga: ⟦1⟧Hujan deras diperkirakan berlanjut⟦/1⟧"] == "furniture"
    # a teaser of another article inside the body: all link
    assert k["⟦1⟧Harga cabai naik lagi di seluruh pasar ibu kota menjelang akhir pekan ini⟦/1⟧"] == "furniture"
    assert k["⟦1⟧Gempa mengguncang Cianjur, ratusan rumah rusak berat⟦/1⟧"] == "furniture"
    assert k["Hak cipta dilindungi undang-undang. Semua isi situs ini milik penerbit."] == "furniture"


def test_a_site_names_its_body_with_a_css_selector():
    doc = parse_html(PAGE, lang="id", body_selector="div.sidebar")
    k = kinds(doc)
    assert k["⟦1⟧Gempa mengguncang Cianjur, ratusan rumah rusak berat⟦/1⟧"] == "sentence"
    assert k["Wali kota meminta warga tetap waspada karena hujan diperkirakan turun hingga akhir pekan."] == "furniture"


def test_selector_from_locnews_toml(cli, tmp_path, monkeypatch):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locnews.toml").write_text('[pages]\nbody = "div.sidebar"\n', encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("segment", "page.html", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert '"kind": "sentence",\n      "block": ' in r.stdout and "Gempa mengguncang" in r.stdout


@pytest.mark.parametrize("toml, message", [('[pages]\nbody = "div[["\n', "not a CSS selector"),
                                           ("[pages\n", "not valid TOML")])
def test_bad_locnews_toml_is_one_line_exit_2(cli, tmp_path, monkeypatch, toml, message):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locnews.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("segment", "page.html")
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("text", ["Baca juga: ⟦1⟧Harga cabai naik⟦/1⟧", "Simak Video \"Banjir di Bekasi\"", "(rns/rns)",
                                  "Penulis: Budi Santoso", "Foto: Getty Images", "ADVERTISEMENT", "DINI TEJA",
                                  "SCROLL TO CONTINUE WITH CONTENT", "Read also: Floods in Bekasi"])
def test_news_furniture_sentences(text):
    assert is_furniture_text(text)


@pytest.mark.parametrize("text", ["Banjir merendam ratusan rumah di Bekasi.", "Jakarta - Harga beras naik.",
                                  "Baca surat itu, kata dia.", "BMKG memperkirakan hujan lebat."])
def test_article_sentences_are_not_furniture(text):
    assert not is_furniture_text(text)


def test_catalog_extract_collects_page_furniture(cli, tmp_path, monkeypatch):
    import polib

    (tmp_path / "locales").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<a>{{ _('Beranda') }}</a>\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("catalog", "extract", "--root", tmp_path, "--pages", "page.html")
    assert r.exit_code == 0, r.stderr
    pot = polib.pofile(str(tmp_path / "locales" / "messages.pot"))
    ids = {e.msgid: e for e in pot}
    assert "Beranda" in ids and "Kanal Satu" in ids and "Kanal Dua" in ids
    assert ids["Kanal Satu"].comment == "furniture of a news page" and ids["Kanal Satu"].occurrences[0][0] == "page.html"
    # the article is not furniture, nor are long teasers of other articles
    assert not any("Banjir" in m or "Gempa" in m for m in ids)


def test_site_name_after_the_headline_in_the_title_is_not_translated():
    doc = parse_html(PAGE.replace("<title>Banjir di Bekasi</title>",
                                  "<title>Banjir merendam ratusan rumah di Bekasi | Kabar Kita</title>"), lang="id")
    title = next(b for b in doc.blocks if b.locator and b.locator.endswith("/title"))
    assert [(s.kind, s.text) for s in title.segments] == [
        ("sentence", "Banjir merendam ratusan rumah di Bekasi"), ("furniture", "| Kabar Kita")]
    assert title.source == "Banjir merendam ratusan rumah di Bekasi | Kabar Kita"


def test_the_date_under_the_headline_is_the_dateline_not_mt():
    page = PAGE.replace("</h1>", '</h1>\n<div class="read__time">Selasa, 03/09/2024 14:05 WIB</div>')
    doc = parse_html(page, lang="id")
    assert [s.text for _, s in doc.segments("dateline")] == ["Selasa, 03/09/2024 14:05 WIB"]
