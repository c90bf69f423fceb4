"""`locnews review` without a browser: the page's markup, saving through the catalog code, conflicts,
the token, the loopback-only socket, and escaping."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import lxml.html
import polib
import pytest

from review_helpers import request, review_server, translated_project

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path):
    article, catalog = translated_project(tmp_path)
    with review_server(tmp_path, article) as server:
        yield server, catalog


def _page(server) -> lxml.html.HtmlElement:
    status, body = request(server.url)
    assert status == 200
    return lxml.html.fromstring(body.decode())


def _row(page, sid):
    return page.cssselect(f'tr[data-segment-id="{sid}"]')[0]


def _save(server, sid, target, action="save", page=None, version=None):
    page = page if page is not None else _page(server)
    row = _row(page, sid)
    body = {
        "catalog": 0, "id": sid, "version": version or page.cssselect("section[data-catalog]")[0].get("data-version"),
        "base_target": row.cssselect("textarea")[0].text or "", "base_state": row.get("data-state"),
        "target": target, "action": action,
    }
    status, out = request(server.url, "POST", body, path=f"/api/save?token={server.session.token}")
    return status, json.loads(out)


def _entry(catalog, sid) -> polib.POEntry:
    return next(e for e in polib.pofile(str(catalog)) if e.msgctxt == sid and not e.obsolete)


def test_page_shows_the_article_in_reading_order_with_the_markup_contract(project):
    server, catalog = project
    from locnews.catalogs.articles import catalog_segments

    page = _page(server)
    rows = page.cssselect("tr[data-segment-id]")
    doc = server.session.docs[0]
    assert [r.get("data-segment-id") for r in rows] == [s.id for s in catalog_segments(doc)]
    assert rows[0].get("data-segment-id").startswith("d") and rows[1].get("data-segment-id").startswith("h")
    for r in rows:
        assert r.get("data-state") in ("reviewed", "fuzzy", "untranslated")
        assert len(r.cssselect("textarea[name=target]")) == 1
        assert len(r.cssselect("[data-action=approve]")) == 1
    # the dateline Babel formatted counts as done; every machine sentence is left
    assert rows[0].get("data-state") == "reviewed" and "dateline" in rows[0].cssselect(".origin")[0].text
    left = sum(r.get("data-state") != "reviewed" for r in rows)
    assert page.cssselect("#left")[0].text == str(left) and left == len(rows) - 1
    # the fake engine lost a protected number somewhere: that row shows the QA finding
    findings = [li.text_content() for li in page.cssselect("ul.qa li")]
    assert any(f.startswith("number:") for f in findings), findings
    # numbers and glossary terms are marked in the source column
    assert page.cssselect("td.src mark.num")
    # no external assets: every stylesheet and script is the server's own
    refs = [e.get("href") for e in page.cssselect("link")] + [e.get("src") for e in page.cssselect("script")]
    assert refs and all(r.startswith("/static/") for r in refs)


@needs_msgfmt
def test_approve_writes_a_reviewed_entry_and_the_memory(project, tmp_path):
    server, catalog = project
    status, out = _save(server, "p2.1", "Dozens of babies were flown to Moscow.", "approve")
    assert status == 200, out
    assert out["row"]["state"] == "reviewed" and out["merged"] is False
    e = _entry(catalog, "p2.1")
    assert e.msgstr == "Dozens of babies were flown to Moscow." and "fuzzy" not in e.flags
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)]).returncode == 0
    from locnews.mt.tm import TranslationMemory

    with TranslationMemory(tmp_path / ".locnews" / "tm.sqlite", create=False) as mem:
        assert mem.lookup(e.msgid, "id", "en").target == "Dozens of babies were flown to Moscow."
    # un-approve: fuzzy again, text kept, and the memory no longer offers the retracted pair
    status, out = _save(server, "p2.1", e.msgstr, "unapprove")
    assert status == 200 and out["row"]["state"] == "fuzzy" and "warning" not in out
    assert "fuzzy" in _entry(catalog, "p2.1").flags
    with TranslationMemory(tmp_path / ".locnews" / "tm.sqlite", create=False) as mem:
        assert mem.lookup(e.msgid, "id", "en") is None


def test_memory_suggestions_are_asked_for_after_the_page(project, tmp_path):
    server, catalog = project
    from locnews.mt.tm import TranslationMemory

    source = _entry(catalog, "p3.1").msgid
    with TranslationMemory(tmp_path / ".locnews" / "tm.sqlite") as mem, mem.db:
        mem.add(source.replace("balita", "anak"), "Russian authorities said the 32 children were held.", "id", "en", "x.po")
    assert request(server.url, path="/api/suggestions?catalog=0")[0] == 403
    status, body = request(server.url, path=f"/api/suggestions?catalog=0&token={server.session.token}")
    assert status == 200
    rows = json.loads(body)["rows"]
    assert list(rows) == ["p3.1"]
    assert rows["p3.1"]["text"] == "Russian authorities said the 32 children were held."
    assert 0.8 <= rows["p3.1"]["score"] < 1


def test_an_edit_saved_unapproved_stays_fuzzy_and_shows_as_edited(project):
    server, catalog = project
    status, out = _save(server, "p3.1", "A person's text.")
    assert status == 200 and out["row"]["state"] == "fuzzy" and out["row"]["origin"] == "edited"
    assert _entry(catalog, "p3.1").msgstr == "A person's text."
    assert _row(_page(server), "p3.1").cssselect(".origin")[0].text == "edited"


def test_a_catalog_changed_on_disk_is_merged_never_overwritten(project):
    server, catalog = project
    page = _page(server)  # the page as the reviewer loaded it
    po = polib.pofile(str(catalog))
    other = next(e for e in po if e.msgctxt == "p4.1")
    other.msgstr, other.flags = "Edited in Poedit meanwhile.", []
    same = next(e for e in po if e.msgctxt == "p3.1")
    same.msgstr = "Also edited meanwhile."
    po.save(str(catalog))

    status, out = _save(server, "p2.1", "Mine.", "approve", page=page)
    assert status == 200 and out["merged"] is True
    assert {r["id"]: r["target"] for r in out["rows"]}["p4.1"] == "Edited in Poedit meanwhile."
    assert _entry(catalog, "p4.1").msgstr == "Edited in Poedit meanwhile."
    assert _entry(catalog, "p2.1").msgstr == "Mine."

    before = catalog.read_bytes()
    status, out = _save(server, "p3.1", "Page text.", "approve", page=page)  # the page saw the old p3.1
    assert status == 409
    assert "p3.1 was changed in en/articles/isis-children.po since the page loaded" in out["error"]
    assert catalog.read_bytes() == before


def test_writes_and_the_page_need_the_token(project):
    server, catalog = project
    before = catalog.read_bytes()
    body = {"catalog": 0, "id": "p2.1", "version": "x", "base_target": "", "base_state": "fuzzy", "target": "x",
            "action": "approve"}
    assert request(server.url, "POST", body, path="/api/save")[0] == 403
    assert request(server.url, "POST", body, path="/api/save?token=wrong")[0] == 403
    assert request(server.url, path="/")[0] == 403
    assert request(server.url, headers={"Host": "evil.example:80"})[0] == 403  # DNS rebinding
    assert catalog.read_bytes() == before
    assert request(server.url, path="/static/review.js")[0] == 200
    assert server.socket.getsockname()[0] == "127.0.0.1"


def test_untrusted_text_is_escaped(tmp_path):
    payload = 'Warga <script>window.__xss=1</script> dan <img src=x onerror="window.__xss=2"> di javascript:alert(1) kota.'
    article = f"Rabu, 08 Jul 2020\n\nJudul <b onmouseover=alert(1)>Berita</b>\n\n{payload}\n"
    src, catalog = translated_project(tmp_path, article, name="xss.id.txt")
    po = polib.pofile(str(catalog))
    for e in po:
        e.msgstr = payload  # msgstr is untrusted too (anyone may have edited the catalog)
    po.save(str(catalog))
    with review_server(tmp_path, src) as server:
        page = _page(server)
    assert len(page.cssselect("script")) == 1  # the page's own
    assert not page.cssselect("img") and not page.cssselect("b") and not page.cssselect("[onerror]")
    assert not page.cssselect("[onmouseover]") and not page.cssselect('[href^="javascript"]')
    assert "<script>window.__xss=1</script>" in page.text_content()
    textareas = [t.text for t in page.cssselect("textarea")]
    assert payload in textareas


def test_command_prints_the_url_and_listens_on_loopback_only(tmp_path):
    article, catalog = translated_project(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "locnews", "review", str(article), "--from", "id", "--to", "en", "--no-browser",
         "--tm", str(tmp_path / "tm.sqlite")],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        m = re.fullmatch(r"(http://127\.0\.0\.1:(\d+)/\?token=[\w-]{20,})\n", line)
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        url, port = m.group(1), int(m.group(2))
        assert request(url)[0] == 200
        with pytest.raises(OSError):  # another loopback address: nobody listens there
            socket.create_connection(("127.0.0.2", port), timeout=5).close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_missing_catalog_is_a_one_line_error(tmp_path, cli, monkeypatch):
    (tmp_path / "locales").mkdir()
    src = tmp_path / "x.id.txt"
    src.write_text("Judul\n\nSatu kalimat di sini.\n")
    monkeypatch.chdir(tmp_path)
    r = cli("review", src, "--from", "id", "--to", "en", "--no-browser")
    assert r.exit_code == 2
    assert r.stderr.strip().startswith("locnews: error: ") and "run `locnews translate` first" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_an_unapproved_edit_survives_the_next_translate(project, tmp_path):
    server, catalog = project
    from locnews.translate import Options, translate_files

    from review_helpers import wrong_number

    assert _save(server, "p3.1", "The reviewer's words, not approved yet.")[0] == 200
    opts = Options("id", "en", locales_dir=tmp_path / "locales", use_tm=False, progress=False)
    translate_files([server.session.docs[0].path], opts, translator=wrong_number)
    e = _entry(catalog, "p3.1")
    assert e.msgstr == "The reviewer's words, not approved yet." and "fuzzy" in e.flags
    assert _row(_page(server), "p3.1").cssselect(".origin")[0].text == "edited"


@needs_msgfmt
def test_a_segment_added_to_the_article_since_translate_gets_an_entry(tmp_path):
    article, catalog = translated_project(tmp_path)
    article.write_text(article.read_text(encoding="utf-8") + "\nKalimat baru yang belum diterjemahkan.\n", encoding="utf-8")
    with review_server(tmp_path, article) as server:
        page = _page(server)
        new = page.cssselect("tr[data-segment-id]")[-1]
        assert new.get("data-state") == "untranslated" and (new.cssselect("textarea")[0].text or "") == ""
        sid = new.get("data-segment-id")
        assert _save(server, sid, "", "approve", page=page)[0] == 400  # nothing to approve
        status, out = _save(server, sid, "A new sentence, translated.", "approve", page=page)
    assert status == 200 and out["row"]["state"] == "reviewed"
    e = _entry(catalog, sid)
    assert e.msgid == "Kalimat baru yang belum diterjemahkan." and e.msgstr == "A new sentence, translated."
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)]).returncode == 0


def test_a_port_in_use_is_a_one_line_error(tmp_path, cli, monkeypatch):
    article, _ = translated_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = cli("review", article, "--from", "id", "--to", "en", "--no-browser", "--port", busy.getsockname()[1])
    assert r.exit_code == 2 and r.stdout == ""
    assert re.fullmatch(r"locnews: error: cannot listen on 127\.0\.0\.1:\d+: .+\n", r.stderr)


def test_an_article_edited_while_the_page_is_served_is_read_again(tmp_path):
    article, catalog = translated_project(tmp_path)
    with review_server(tmp_path, article) as server:
        before = [r.get("data-segment-id") for r in _page(server).cssselect("tr[data-segment-id]")]
        article.write_text(article.read_text(encoding="utf-8") + "\nParagraf tambahan.\n", encoding="utf-8")
        rows = _page(server).cssselect("tr[data-segment-id]")
    assert len(rows) == len(before) + 1
    assert rows[-1].get("data-state") == "untranslated" and "Paragraf tambahan." in rows[-1].text_content()


def test_an_html_article_shows_its_inline_markup_as_placeholders_not_numbers(tmp_path, samples):
    html = (samples / "isis-children.id.html").read_text(encoding="utf-8")
    article, catalog = translated_project(tmp_path, html, name="anak-isis.id.html")
    with review_server(tmp_path, article) as server:
        page = _page(server)
    placeholders = [m.text for m in page.cssselect("td.src mark.ph")]
    assert placeholders and all(re.fullmatch(r"⟦/?\d+/?⟧", p) for p in placeholders)
    for mark in page.cssselect("td.src mark.num"):
        assert not (mark.getprevious() is None and (mark.getparent().text or "").endswith("⟦"))
        assert not (mark.getprevious() is not None and (mark.getprevious().tail or "").endswith("⟦"))
