"""`locnews build`: the seed article's pages in both editions, parsed back with lxml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_build_helpers import hreflang, parallel_translations, parse, visible_text, write_catalog


@pytest.fixture
def project(tmp_path, monkeypatch, samples):
    """A site folder with the samples copied in; commands run inside it."""
    for name in ("isis-children.en.txt", "isis-children.id.txt", "isis-children.id.html"):
        shutil.copy(samples / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _catalog(project: Path, source: str, to_lang: str, **kw):
    """Reviewed catalog with the other edition's sentences where the samples align."""
    other = {"en": "id", "id": "en"}[to_lang]
    assert other != to_lang
    mirror = project / source.replace(f".{other}.", f".{to_lang}.").replace(".html", ".txt")
    pairs = parallel_translations(project / source, mirror) if mirror.exists() else {}
    kw.setdefault("translate", lambda sid, text: pairs.get(sid) or f"[{to_lang}] {text}")
    return write_catalog(project, project / source, to_lang, **kw)


def _ui(lang: str, msgid: str, context: str | None = None) -> str:
    """The UI string as the bundled compiled catalog has it."""
    from locnews import paths
    from locnews.catalogs.ui_strings import ui_translations

    t = ui_translations(lang, paths.bundled_locales_dir())
    return t.pgettext(context, msgid) if context else t.gettext(msgid)


# ------------------------------------------------------------------------------------------
# both directions from the seed


def test_seed_english_to_indonesian_page(cli, project):
    _, texts = _catalog(project, "isis-children.en.txt", "id")
    r = cli("build", "isis-children.en.txt", "--lang", "id", "-o", "out")
    assert r.exit_code == 0, r.stderr
    page = project / "out" / "id" / "isis-children.html"
    root = parse(page.read_text("utf-8"))

    assert root.get("lang") == "id"
    assert hreflang(root) == {}  # one article built: no links to an edition or index it did not write
    assert_links_resolve(page, project / "out")
    time = root.xpath("//article//time")[0]
    assert time.get("datetime") == "2020-07-08"
    assert "Rabu, 8 Juli 2020" in time.text_content()
    h1 = root.xpath("//article/h1")[0].text_content()
    assert h1 in texts.values()  # the catalog's headline, not the English source
    assert root.xpath("//title")[0].text_content().startswith(h1)
    body = [p.text_content() for p in root.xpath("//article/p[not(@class='meta')]")]
    assert len(body) >= 5
    text = visible_text(root)
    for msgid in ("Versi Mobile", "Terpopuler", "Beranda"):
        assert msgid in text  # the Indonesian edition's chrome
    assert "Most Popular" not in text
    # every entry was reviewed: no machine marker anywhere
    assert not root.xpath("//*[contains(@class, 'machine-translated')]")


def test_seed_indonesian_to_english_page(cli, project):
    _, texts = _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))

    assert root.get("lang") == "en"
    assert hreflang(root) == {}
    assert_links_resolve(project / "out" / "en" / "isis-children.html", project / "out")
    time = root.xpath("//article//time")[0]
    assert time.get("datetime") == "2020-07-08"
    assert "Wednesday, 8 July 2020" in time.text_content()
    text = visible_text(root)
    # chrome comes from the compiled English UI catalog …
    assert _ui("en", "Versi Mobile") == "Mobile Version"
    for msgid in ("Versi Mobile", "Terpopuler", "Beranda", "Kembali ke atas"):
        assert _ui("en", msgid) in text
    # … and the Indonesian UI strings never leak onto the English page (the seed's bug)
    for leaked in ("Versi Mobile", "Terpopuler", "Beranda"):
        assert leaked not in text
    assert root.xpath("//article/h1")[0].text_content() in texts.values()
    assert "Rabu" not in text and "Juli" not in text


def test_single_article_to_stdout(cli, project):
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert parse(r.stdout).get("lang") == "en"
    assert not (project / "out").exists()


def test_machine_output_is_marked_and_reviewed_wins(cli, project):
    from locnews.catalogs.articles import catalog_segments
    from locnews.pages.readers import read_article

    segs = catalog_segments(read_article(project / "isis-children.id.txt"))
    sentences = [s for s in segs if s.kind == "sentence"]
    mt_id = sentences[0].id
    reviewed_id = sentences[-1].id
    _catalog(
        project, "isis-children.id.txt", "en",
        translate=lambda sid, text: {mt_id: "MACHINE SENTENCE.", reviewed_id: "REVIEWED SENTENCE."}.get(sid, f"ok {sid}."),
        fuzzy=lambda sid: sid == mt_id,
    )
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    assert "1 segment(s) not reviewed" in r.stderr
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))
    marked = root.xpath("//article/p[contains(@class, 'machine-translated')]")
    assert len(marked) == 1
    assert "MACHINE SENTENCE." in marked[0].text_content()
    marker = marked[0].xpath(".//*[contains(@class, 'mt-marker')]")
    assert marker and marker[0].text_content() == _ui("en", "Terjemahan mesin — belum ditinjau", "marker")
    unmarked = root.xpath("//article/p[not(contains(@class, 'machine-translated'))]")
    assert any("REVIEWED SENTENCE." in p.text_content() for p in unmarked)

    # the marker text is configurable
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--mt-marker", "[MT <b>]")
    assert r.exit_code == 0, r.stderr
    root = parse(r.stdout)
    assert [m.text_content() for m in root.xpath("//article//*[@class='mt-marker']")] == ["[MT <b>]"]


def test_require_reviewed_lists_pending_segments_and_writes_nothing(cli, project):
    from locnews.catalogs.articles import catalog_segments
    from locnews.pages.readers import read_article

    segs = [s for s in catalog_segments(read_article(project / "isis-children.id.txt")) if s.kind == "sentence"]
    pending = {segs[1].id, segs[3].id}
    path, _ = _catalog(project, "isis-children.id.txt", "en", fuzzy=lambda sid: sid in pending)
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out", "--require-reviewed")
    assert r.exit_code == 1
    assert "2 segment(s) not reviewed" in r.stderr
    for sid in pending:
        assert f" {sid} fuzzy: " in r.stderr
    assert not (project / "out").exists()

    # once reviewed, the same command passes
    import polib

    po = polib.pofile(str(path))
    for e in po:
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save()
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out", "--require-reviewed")
    assert r.exit_code == 0, r.stderr
    assert (project / "out" / "en" / "isis-children.html").is_file()


def test_untranslated_segment_is_shown_marked_and_listed(cli, project):
    """An entry a reviewer emptied (or a sentence added after `translate`) has no translation."""
    import polib

    path, _ = _catalog(project, "isis-children.id.txt", "en", translate=lambda sid, text: f"EN {text}")
    po = polib.pofile(str(path))
    emptied = [e for e in po if e.msgctxt.startswith("p")][2]
    emptied.msgstr = ""
    po.save()
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out", "--require-reviewed")
    assert r.exit_code == 1
    assert f" {emptied.msgctxt} untranslated: {emptied.msgid[:40]}" in r.stderr
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))
    marked = root.xpath("//article/p[contains(@class, 'machine-translated')]")
    assert len(marked) == 1 and emptied.msgid in marked[0].text_content()


def test_text_format(cli, project):
    _catalog(project, "isis-children.en.txt", "id")
    r = cli("build", "isis-children.en.txt", "--lang", "id", "--format", "text")
    assert r.exit_code == 0, r.stderr
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    assert lines[0].strip() == "Rabu, 8 Juli 2020"
    assert "<" not in r.stdout  # plain text, not a page
    # the chrome lines of the seed ("Versi Mobile", "Most Popular") come out in Indonesian
    assert "Most Popular" not in r.stdout
    assert "Terpopuler" in r.stdout

    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--format", "text")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0].strip() == "Wednesday, 8 July 2020"
    assert "Versi Mobile" not in r.stdout and "Mobile Version" in r.stdout

    # the seed itself, English edition as written: its leaked "Versi Mobile" line is chrome, and
    # chrome always comes from the catalog
    r = cli("build", "isis-children.en.txt", "--lang", "en", "--format", "text")
    assert r.exit_code == 0, r.stderr
    assert "Versi Mobile" not in r.stdout
    assert r.stdout.rstrip().splitlines()[-2:] == ["Mobile Version", "Most Popular"]


# ------------------------------------------------------------------------------------------
# HTML sources keep their own page


def test_html_source_keeps_its_page(cli, project):
    source = (project / "isis-children.id.html").read_text("utf-8")
    src = parse(source)
    _, texts = write_catalog(project, project / "isis-children.id.html", "en",
                             translate=lambda sid, text: f"EN {text}")
    r = cli("build", "isis-children.id.html", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    out = (project / "out" / "en" / "isis-children.html").read_text("utf-8")
    root = parse(out)
    assert root.get("lang") == "en"
    assert hreflang(root) == {}
    # structure kept: the page's own scripts, styles, nav and attributes
    assert [s.text for s in root.xpath("//script")] == [s.text for s in src.xpath("//script")]
    assert len(root.xpath("//style")) >= len(src.xpath("//style"))
    assert len(root.xpath("//nav")) == len(src.xpath("//nav"))
    src_links = sorted(a.get("href") for a in src.xpath("//body//a[@href]"))
    assert sorted(a.get("href") for a in root.xpath("//body//a[@href]")) == src_links
    # the translations are in, inline tags restored from the source's own tags
    h1 = root.xpath("//h1")[0].text_content()
    assert h1.startswith("EN ")
    for a in src.xpath("//p//a[@href]"):
        twin = root.xpath(f"//p//a[@href='{a.get('href')}']")
        assert twin, a.get("href")
    # the page's UI chrome, attributes included, comes from the English UI catalog
    text = visible_text(root)
    assert "Versi Mobile" not in text and _ui("en", "Versi Mobile") in text
    for xpath in ("//input/@placeholder", "//nav/@aria-label", "//header//a[@class='logo']/@title"):
        befores, afters = src.xpath(xpath), root.xpath(xpath)
        assert befores and len(afters) == len(befores), xpath  # zip() alone passes when the build drops them
        for before, after in zip(befores, afters):
            assert after != before and after in {_ui("en", before), _ui("en", before, "aria")}, (xpath, after)


# ------------------------------------------------------------------------------------------
# nothing from a catalog can inject markup


XSS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">']


def _assert_inert(root, source_scripts: int = 0) -> None:
    assert len(root.xpath("//script")) == source_scripts
    assert not root.xpath("//*[@onerror]")
    assert not root.xpath("//body//img[@src='x']")
    assert "alert(1)" not in "".join(s.text or "" for s in root.xpath("//script"))


def test_translation_with_script_renders_as_text(cli, project):
    _catalog(project, "isis-children.id.txt", "en",
             translate=lambda sid, text: f"{XSS[0]} {XSS[1]} {text}")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))
    _assert_inert(root)
    assert XSS[0] in root.xpath("//article/h1")[0].text_content()  # shown, as text
    assert XSS[1] in root.xpath("//title")[0].text_content()


def test_translation_with_script_in_html_source_renders_as_text(cli, project):
    src = parse((project / "isis-children.id.html").read_text("utf-8"))
    write_catalog(project, project / "isis-children.id.html", "en",
                  translate=lambda sid, text: f"{XSS[0]} {text} {XSS[1]}")
    r = cli("build", "isis-children.id.html", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))
    _assert_inert(root, source_scripts=len(src.xpath("//script")))
    assert XSS[0] in root.xpath("//h1")[0].text_content()


def test_ui_catalog_cannot_inject_markup(cli, project, repo):
    """A project's UI catalog is data too: its strings are escaped."""
    import polib

    shutil.copytree(repo / "locales", project / "locales", ignore=shutil.ignore_patterns("*.mo", "*.lock", "articles"))
    po_path = project / "locales" / "en" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    po.find("Versi Mobile").msgstr = XSS[0] + XSS[1]
    po.save()
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    root = parse((project / "out" / "en" / "isis-children.html").read_text("utf-8"))
    _assert_inert(root)
    assert XSS[0] in visible_text(root)


# ------------------------------------------------------------------------------------------
# the project's templates and catalogs when it has them


def _project_locales(project: Path, repo: Path) -> Path:
    """The site's UI catalogs copied into the project, .po only (compiled on the fly)."""
    shutil.copytree(repo / "locales", project / "locales",
                    ignore=shutil.ignore_patterns("*.mo", "*.lock", "articles"))
    assert not list((project / "locales").rglob("*.mo"))
    return project / "locales" / "en" / "LC_MESSAGES" / "messages.po"


def test_project_ui_catalog_is_used_and_compiled_on_the_fly(cli, project, repo):
    import polib

    po_path = _project_locales(project, repo)
    po = polib.pofile(str(po_path))
    po.find("Versi Mobile").msgstr = "Mobile Edition"
    po.save()
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    text = visible_text(parse((project / "out" / "en" / "isis-children.html").read_text("utf-8")))
    assert "Mobile Edition" in text and "Mobile Version" not in text
    assert not list((project / "locales").rglob("*.mo"))  # compiled in memory, nothing written


def test_fuzzy_ui_string_is_never_shown_silently(cli, project, repo):
    """The seed's bug: a UI string without a reviewed English translation."""
    import polib

    po_path = _project_locales(project, repo)
    po = polib.pofile(str(po_path))
    po.find("Versi Mobile").flags.append("fuzzy")  # e.g. pretranslated by MT, not reviewed
    po.save()
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out", "--require-reviewed")
    assert r.exit_code == 1
    assert "ui-missing: Versi Mobile" in r.stderr
    assert not (project / "out").exists()
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 0
    assert "UI string with no en translation in the catalog: Versi Mobile" in r.stderr


def test_project_templates_override_the_bundled_ones(cli, project):
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(
        '<!DOCTYPE html>\n<html lang="{{ lang }}"><head><title>{% block title %}{% endblock %}</title>'
        '{% for alt in alternates %}<link rel="alternate" hreflang="{{ alt.lang }}" href="{{ alt.href }}">{% endfor %}'
        '</head><body class="house-style">{% block content %}{% endblock %}'
        '<footer>{{ _("Versi Mobile") }}</footer></body></html>\n', "utf-8")
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--base-url", "https://kabar.example/")
    assert r.exit_code == 0, r.stderr
    root = parse(r.stdout)
    assert root.xpath("//body[@class='house-style']")  # the project's base.html …
    assert root.xpath("//article/h1")  # … under the bundled article.html
    assert root.xpath("//footer")[0].text_content() == "Mobile Version"
    assert hreflang(root) == {"id": "https://kabar.example/id/isis-children.html",
                              "en": "https://kabar.example/en/isis-children.html"}


# ------------------------------------------------------------------------------------------
# a folder: every article, and an index page per edition


def test_folder_builds_every_article_and_an_index_per_edition(cli, project):
    site = project / "news"
    site.mkdir()
    shutil.copy(project / "isis-children.id.txt", site / "isis-children.id.txt")
    # a second article: the same text under another name, to list two pages
    shutil.copy(project / "isis-children.id.txt", site / "evakuasi-anak.id.txt")
    _catalog(project, "isis-children.id.txt", "en")
    write_catalog(project, site / "evakuasi-anak.id.txt", "en", fuzzy=lambda sid: True)

    r = cli("build", "news", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    out = project / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "en/evakuasi-anak.html", "en/index.html", "en/isis-children.html",
        "id/evakuasi-anak.html", "id/index.html", "id/isis-children.html",
    ]
    for lang, other in (("en", "id"), ("id", "en")):
        index = parse((out / lang / "index.html").read_text("utf-8"))
        assert index.get("lang") == lang
        assert hreflang(index) == {lang: "index.html", other: f"../{other}/index.html"}
        links = {a.get("href"): a.text_content() for a in index.xpath("//ul[@class='articles']//a")}
        assert set(links) == {"isis-children.html", "evakuasi-anak.html"}
        for href, title in links.items():
            page = parse((out / lang / href).read_text("utf-8"))
            assert page.get("lang") == lang
            assert page.xpath("//article/h1")[0].text_content() == title
    en_index = parse((out / "en" / "index.html").read_text("utf-8"))
    item = en_index.xpath("//ul[@class='articles']/li[a/@href='evakuasi-anak.html']")[0]
    assert item.xpath(".//*[@class='mt-marker']")  # still machine output: said on the index too
    assert "Wednesday, 8 July 2020" in visible_text(en_index)
    # the Indonesian edition is the article as written
    id_page = parse((out / "id" / "isis-children.html").read_text("utf-8"))
    assert "Rabu, 8 Juli 2020" in visible_text(id_page)
    assert not id_page.xpath("//*[contains(@class, 'machine-translated')]")


def test_folder_with_both_written_editions_needs_no_translation(cli, project, samples):
    """samples/ has the article written in both languages: those are the pages, nothing is MT."""
    r = cli("build", samples, "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    out = project / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "en/index.html", "en/isis-children.html", "id/index.html", "id/isis-children.html",
    ]
    en = parse((out / "en" / "isis-children.html").read_text("utf-8"))
    assert en.xpath("//article/h1")[0].text_content().startswith("Dozens of Babies")
    assert "Versi Mobile" not in visible_text(en)  # the seed's leaked chrome is not article text
    idp = parse((out / "id" / "isis-children.html").read_text("utf-8"))
    assert idp.xpath("//nav")  # the Indonesian HTML page, kept as the id edition
    assert "isis-children.id.html" in r.stderr and "is not translated" in r.stderr


# ------------------------------------------------------------------------------------------
# bad input: exit 2, one clear line, nothing written


def _nothing_written(project: Path) -> None:
    assert not (project / "out").exists()


def test_missing_catalog(cli, project):
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 2
    assert "isis-children.po" in r.stderr and "locnews translate" in r.stderr
    assert r.stderr.startswith("locnews: error: ") and "Traceback" not in r.stderr
    _nothing_written(project)


def test_catalog_of_another_article(cli, project):
    # a catalog that says it belongs to another article
    write_catalog(project, project / "isis-children.id.txt", "en", article="banjir-jakarta")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 2
    assert "banjir-jakarta" in r.stderr
    _nothing_written(project)

    # a catalog without that header whose entries are another article's sentences
    other = project / "banjir.id.txt"
    other.write_text(
        "Senin, 6 Januari 2020\n\nBanjir merendam ratusan rumah di Jakarta Timur\n\n"
        "Hujan deras sejak Minggu malam membuat sungai meluap. Warga mengungsi ke masjid.\n",
        "utf-8",
    )
    path, _ = write_catalog(project, other, "en", slug="isis-children")
    import polib

    po = polib.pofile(str(path))
    del po.metadata["X-Locnews-Article"]
    po.save()
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 2
    assert "does not belong to this article" in r.stderr
    _nothing_written(project)


@pytest.mark.parametrize("lang", ["fr", "english", ""])
def test_unknown_language(cli, project, lang):
    r = cli("build", "isis-children.id.txt", "--lang", lang, "-o", "out")
    assert r.exit_code == 2
    assert "unknown language" in r.stderr
    _nothing_written(project)


def test_missing_and_empty_inputs(cli, project):
    r = cli("build", "nope.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 2 and "nope.id.txt" in r.stderr
    (project / "empty.id.txt").write_text("", "utf-8")
    r = cli("build", "empty.id.txt", "--lang", "en", "-o", "out")
    assert r.exit_code == 2 and "empty.id.txt" in r.stderr
    (project / "nothing").mkdir()
    r = cli("build", "nothing", "--lang", "en", "-o", "out")
    assert r.exit_code == 2 and "no articles" in r.stderr
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--format", "pdf")
    assert r.exit_code == 2 and "unknown format" in r.stderr
    (project / "taken").write_text("a file where the output folder should go\n", "utf-8")
    r = cli("build", "isis-children.en.txt", "--lang", "en", "-o", "taken/site")
    assert r.exit_code == 2 and "taken: output exists and is not a folder" in r.stderr
    assert (project / "taken").read_text("utf-8").startswith("a file")
    _nothing_written(project)


def test_one_bad_article_in_a_folder_writes_nothing(cli, project):
    site = project / "news"
    site.mkdir()
    shutil.copy(project / "isis-children.id.txt", site / "isis-children.id.txt")
    shutil.copy(project / "isis-children.id.txt", site / "no-catalog.id.txt")
    _catalog(project, "isis-children.id.txt", "en")
    r = cli("build", "news", "--lang", "en", "-o", "out")
    assert r.exit_code == 2
    assert "no-catalog" in r.stderr
    _nothing_written(project)


# ------------------------------------------------------------------------------------------
# the real pipeline: catalogs written by `locnews translate`, then built


@pytest.mark.parametrize("source,src,tgt,date_text", [
    ("isis-children.id.txt", "id", "en", "Wednesday, 8 July 2020"),
    ("isis-children.en.txt", "en", "id", "Rabu, 8 Juli 2020"),
    ("isis-children.id.html", "id", "en", "Wednesday, 8 July 2020"),
])
def test_build_from_catalogs_written_by_translate(cli, project, source, src, tgt, date_text, no_network):
    r = cli("translate", source, "--from", src, "--to", tgt, "-o", f"draft.{tgt}", "--quiet", "--no-tm")
    assert r.exit_code == 0, r.stderr
    assert (project / "locales" / tgt / "articles" / "isis-children.po").is_file()

    r = cli("build", source, "--lang", tgt, "-o", "out")
    assert r.exit_code == 0, r.stderr
    root = parse((project / "out" / tgt / "isis-children.html").read_text("utf-8"))
    assert root.get("lang") == tgt
    assert hreflang(root) == {}
    assert root.xpath(f"//time[@datetime='2020-07-08'][contains(., '{date_text}')]")
    # fresh machine output: every translated paragraph carries the visible marker
    marked = root.xpath("//*[contains(@class, 'machine-translated')]")
    assert marked and all(m.xpath(".//*[@class='mt-marker']") for m in marked)
    if tgt == "en":
        assert "Versi Mobile" not in visible_text(root)

    # and the release gate refuses it until a reviewer has been through it
    r = cli("build", source, "--lang", tgt, "-o", "gate", "--require-reviewed")
    assert r.exit_code == 1 and " fuzzy: " in r.stderr
    assert not (project / "gate").exists()


def test_loose_text_in_html_source_is_translated_and_marked(cli, project):
    page = project / "loose.id.html"
    page.write_text('<!DOCTYPE html>\n<html lang="id"><head><title>Judul</title></head><body><main><article>\n'
                    "<h1>Judul berita</h1>\n<div>Catatan redaksi: <b>baca</b> ini.\n<p>Paragraf pertama.</p>\n"
                    "Teks lepas di antara.\n<p>Paragraf kedua.</p></div>\n</article></main></body></html>\n", "utf-8")
    write_catalog(project, page, "en", translate=lambda sid, text: f"EN {text}", fuzzy=lambda sid: True)
    r = cli("build", "loose.id.html", "--lang", "en", "-o", "out")
    assert r.exit_code == 0, r.stderr
    out = (project / "out" / "en" / "loose.html").read_text("utf-8")
    assert "locnews-run" not in out
    root = parse(out)
    text = visible_text(root)
    # translated, and the Indonesian text is gone
    assert "EN Teks lepas di antara." in text and text.count("Teks lepas") == 1
    assert "EN Catatan redaksi:" in text and text.count("Catatan redaksi") == 1
    spans = root.xpath("//div/span[contains(@class, 'machine-translated')]")
    assert len(spans) == 2
    assert spans[0].text_content().strip().startswith("EN Catatan redaksi: baca ini.") and spans[0].xpath("b")
    assert spans[1].text_content().strip().startswith("EN Teks lepas di antara.")
    assert all(s.xpath(".//*[contains(@class, 'mt-marker')]") for s in spans)


def test_text_format_marks_machine_paragraphs(cli, project):
    from locnews.catalogs.articles import catalog_segments
    from locnews.pages.readers import read_article

    segs = [s for s in catalog_segments(read_article(project / "isis-children.id.txt")) if s.kind == "sentence"]
    mt_id = segs[1].id
    _catalog(project, "isis-children.id.txt", "en",
             translate=lambda sid, text: "MACHINE SENTENCE." if sid == mt_id else f"ok {sid}.",
             fuzzy=lambda sid: sid == mt_id)
    marker = _ui("en", "Terjemahan mesin — belum ditinjau", "marker")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--format", "text")
    assert r.exit_code == 0, r.stderr
    marked = [line for line in r.stdout.splitlines() if f"[{marker}]" in line]
    # one marker, at the end of the paragraph holding the machine sentence
    assert len(marked) == 1 and "MACHINE SENTENCE." in marked[0] and marked[0].endswith(f"[{marker}]")
    r = cli("build", "isis-children.id.txt", "--lang", "en", "--format", "text", "--mt-marker", "MT")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("[MT]") == 1 and marker not in r.stdout


def assert_links_resolve(page: Path, out: Path) -> None:
    """Every relative link of a built page points at a file the build wrote."""
    root = parse(page.read_text("utf-8"))
    for href in root.xpath("//a/@href | //link/@href"):
        if href.startswith(("#", "http://", "https://", "mailto:")):
            continue
        assert (page.parent / href.split("#")[0]).resolve().is_file(), f"{page.name} links to {href}, not written"


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "kabar.example", "ftp://kabar.example", "https://",
                                 'https://kabar.example/"><script>'])
def test_base_url_must_be_http(cli, project, url):
    r = cli("build", "isis-children.id.txt", "--lang", "en", "-o", "out", "--base-url", url)
    assert r.exit_code == 2 and r.stderr.strip().startswith("locnews: error: --base-url must be an http")
    assert len(r.stderr.strip().splitlines()) == 1 and not (project / "out").exists()
