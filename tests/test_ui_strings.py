"""UI strings from the site catalogs: recognising chrome lines and translating them, never by MT."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import polib
import pytest

from locnews.catalogs.ui_strings import load_ui_strings, ui_translations

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_2848fe6d7bb5f535.txt"


@pytest.fixture
def locales(tmp_path, repo) -> Path:
    loc = tmp_path / "locales"
    shutil.copytree(repo / "locales", loc, ignore=shutil.ignore_patterns("*.mo", "*.lock", "articles"))
    return loc


def test_seed_chrome_lines_are_ui_strings(repo):
    if not SEED.is_file():
        pytest.skip("shared seed article not available")
    ui = load_ui_strings(repo / "locales")
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    chrome = [ln for ln in lines if ui.is_ui(ln)]
    assert chrome == ["Versi Mobile", "Most Popular"]  # and no sentence of the article


def test_is_ui_normalises_whitespace_only(repo):
    ui = load_ui_strings(repo / "locales")
    assert ui.is_ui("  Versi\u00a0 Mobile \n")
    assert ui.is_ui("Terpopuler") and ui.is_ui("Most Popular") and ui.is_ui("Mobile Version")
    assert not ui.is_ui("most popular")
    assert not ui.is_ui("Versi Mobile untuk semua")
    assert not ui.is_ui("")
    assert "Beranda" in ui.strings() and "Home" in ui.strings()


def test_translate_both_directions(repo):
    ui = load_ui_strings(repo / "locales")
    assert ui.translate("Most Popular", "id") == "Terpopuler"
    assert ui.translate("Versi Mobile", "en") == "Mobile Version"
    assert ui.translate("Versi Mobile", "id") == "Versi Mobile"
    assert ui.translate("Mobile Version", "en") == "Mobile Version"
    assert ui.translate("Edisi Bahasa Inggris", "en") == "English Edition"
    assert ui.translate("Komentar", "en") == "Comments"  # the entry without a narrower context wins
    assert ui.translate("Comment", "id") == "Komentar"
    assert ui.translate("Pasar saham naik.", "en") is None
    assert ui.translate("Most Popular", "fr") is None


def test_fuzzy_translations_are_not_used_and_edits_are_seen(locales):
    po_file = locales / "en" / "LC_MESSAGES" / "messages.po"
    ui = load_ui_strings(locales)
    assert ui.translate("Terpopuler", "en") == "Most Popular"
    po = polib.pofile(str(po_file))
    e = next(x for x in po if x.msgid == "Terpopuler")
    e.msgstr = "Trending"
    e.flags.append("fuzzy")
    po.save(str(po_file))
    st = po_file.stat()
    os.utime(po_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a distinct mtime for the cache
    ui2 = load_ui_strings(locales)
    assert ui2.translate("Terpopuler", "en") is None
    assert not ui2.is_ui("Trending")


def test_empty_locales_dir(tmp_path):
    ui = load_ui_strings(tmp_path)
    assert not ui.is_ui("Versi Mobile") and ui.translate("Versi Mobile", "en") is None


def test_broken_catalog_is_a_clear_error(locales):
    from locnews.errors import LocnewsError

    data = Path(__file__).resolve().parent / "data" / "catalogs" / "truncated.po"
    shutil.copy(data, locales / "en" / "LC_MESSAGES" / "messages.po")
    with pytest.raises(LocnewsError) as exc:
        load_ui_strings(locales)
    assert "messages.po:17: end-of-line within string" in str(exc.value)


def test_ui_translations_compiles_in_memory_when_no_mo(locales):
    t = ui_translations("en", locales)
    assert t.gettext("Terpopuler") == "Most Popular"
    assert t.ngettext("{n} komentar", "{n} komentar", 3) == "{n} comments"
    assert t.pgettext("menu", "Berita") == "News"
    assert not list(locales.rglob("*.mo"))  # nothing written
    assert ui_translations("id", locales).ngettext("{n} komentar", "{n} komentar", 3) == "{n} komentar"
    assert ui_translations("en_GB", locales).gettext("Beranda") == "Home"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_ui_translations_uses_an_up_to_date_mo_and_ignores_a_stale_one(locales):
    po = locales / "en" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    assert ui_translations("en", locales).gettext("Beranda") == "Home"
    # the .po is edited after the .mo was built: the .po wins
    text = po.read_text(encoding="utf-8").replace('msgstr "Home"', 'msgstr "Front page"')
    time.sleep(0.01)
    po.write_text(text, encoding="utf-8")
    st = mo.stat()
    os.utime(mo, ns=(st.st_atime_ns, po.stat().st_mtime_ns - 1_000_000_000))
    assert ui_translations("en", locales).gettext("Beranda") == "Front page"


def test_ui_translations_unknown_language(locales):
    from locnews.errors import LocnewsError

    with pytest.raises(LocnewsError):
        ui_translations("fr", locales)


def test_templates_render_the_chrome_from_the_catalogs(repo, locales):
    """The site templates, rendered through jinja2.ext.i18n with the compiled catalogs."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(repo / "src" / "locnews" / "site" / "templates")),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
    )
    for lang, popular, mobile, comments in [
        ("en", "Most Popular", "Mobile Version", "3 comments"),
        ("id", "Terpopuler", "Versi Mobile", "3 komentar"),
    ]:
        env.install_gettext_translations(ui_translations(lang, locales), newstyle=False)
        article = {
            "headline": "Judul",
            "author": "Rina",
            "date_iso": "2020-07-08",
            "date_text": "8 Juli 2020",
            "paragraphs": [{"html": "Satu.", "machine": False}],
            "comment_count": 3,
        }
        html = env.get_template("article.html").render(lang=lang, site_name="Kabar", article=article, related=[], year=2026)
        assert popular in html and mobile in html and comments in html
        assert (f'lang="{lang}"') in html
