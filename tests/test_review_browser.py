"""`locnews review` in headless Chromium (Selenium): edit and approve with the keyboard and with the
button, reload, see the work kept; a catalog edited on disk meanwhile keeps that edit; untrusted text
stays inert. Screenshots go to the test's tmp folder, and to $LOCNEWS_SCREENSHOTS when set (the
README's come from there)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from review_helpers import review_server, translated_project
from test_browser_build import browser  # noqa: F401 - the one headless Chromium setup (offline, system driver)

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")


def _wait(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: predicate(d))


def _open(driver, url):
    driver.get(url)
    _wait(driver, lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true")


def _row(driver, sid):
    return driver.find_element("css selector", f'tr[data-segment-id="{sid}"]')


def _state(driver, sid):
    return _row(driver, sid).get_attribute("data-state")


def _shot(driver, tmp_path, name):
    path = tmp_path / name
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 1000
    out = os.environ.get("LOCNEWS_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(out) / name)


def _entry(catalog, sid) -> polib.POEntry:
    return next(e for e in polib.pofile(str(catalog)) if e.msgctxt == sid and not e.obsolete)


def _left(driver) -> int:
    return int(driver.find_element("id", "left").text)


@needs_msgfmt
def test_review_in_chromium(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    from locnews.mt.tm import TranslationMemory

    article, catalog = translated_project(tmp_path)
    with TranslationMemory(tmp_path / ".locnews" / "tm.sqlite") as mem, mem.db:
        mem.add(_entry(catalog, "p5.1").msgid, "As the memory has it.", "id", "en", "en/articles/older.po")
    with review_server(tmp_path, article) as server:
        _open(browser, server.url)
        browser.set_window_size(1400, 1000)
        left = _left(browser)
        assert left == len(browser.find_elements("css selector", 'tr[data-state="fuzzy"]'))
        _shot(browser, tmp_path, "review-side-by-side.png")
        qa_row = browser.find_element("xpath", "//tr[.//ul[@class='qa']/li]")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", qa_row)
        _shot(browser, tmp_path, "review-qa-finding.png")

        # 1. with the keyboard: go to the first unreviewed segment, rewrite it, approve and go on
        browser.find_element("css selector", "body").send_keys(Keys.ALT, Keys.ARROW_DOWN)
        _wait(browser, lambda d: d.switch_to.active_element.get_attribute("name") == "target")
        first = browser.switch_to.active_element.find_element("xpath", "ancestor::tr").get_attribute("data-segment-id")
        assert first == "h1.1"  # reading order: the dateline is done, the headline comes next
        editor = browser.switch_to.active_element
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys("Dozens of ISIS children flown to Moscow")
        editor.send_keys(Keys.CONTROL, Keys.ENTER)
        _wait(browser, lambda d: _state(d, "h1.1") == "reviewed")
        _wait(browser, lambda d: d.switch_to.active_element.find_element("xpath", "ancestor::tr")
              .get_attribute("data-segment-id") == "p2.1")  # approve-and-next moved on

        # meanwhile someone edits another segment of the catalog on disk (Poedit, a colleague)
        po = polib.pofile(str(catalog))
        disk = next(e for e in po if e.msgctxt == "p4.1")
        disk.msgstr, disk.flags = "Kept from the file.", []
        po.save(str(catalog))

        # 2. with the button: edit the segment the cursor is on, click Approve
        editor = browser.switch_to.active_element
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys("Edited by the reviewer.")
        _row(browser, "p2.1").find_element("css selector", "[data-action=approve]").click()
        _wait(browser, lambda d: _state(d, "p2.1") == "reviewed")
        notice = browser.find_element("id", "notice")
        _wait(browser, lambda d: notice.is_displayed() and "merged" in notice.text)
        assert _state(browser, "p4.1") == "reviewed"  # the file's edit shows on the page
        assert _row(browser, "p4.1").find_element("css selector", "textarea").get_attribute("value") == "Kept from the file."
        assert _left(browser) == left - 3
        browser.execute_script("window.scrollTo(0, 0)")
        _shot(browser, tmp_path, "review-count-left.png")

        # 3. reload: the work is on disk
        browser.refresh()
        _wait(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true")
        for sid, text in (("h1.1", "Dozens of ISIS children flown to Moscow"), ("p2.1", "Edited by the reviewer."),
                          ("p4.1", "Kept from the file.")):
            assert _state(browser, sid) == "reviewed"
            assert _row(browser, sid).find_element("css selector", "textarea").get_attribute("value") == text
        assert _left(browser) == left - 3
        assert [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] == []
        # Alt+Up: back to the previous segment still to review, skipping the reviewed ones
        todo = [r.get_attribute("data-segment-id") for r in browser.find_elements("css selector", "tr[data-segment-id]")
                if r.get_attribute("data-state") != "reviewed"]
        browser.find_element("css selector", f'tr[data-segment-id="{todo[2]}"] textarea').click()
        browser.switch_to.active_element.send_keys(Keys.ALT, Keys.ARROW_UP)
        _wait(browser, lambda d: d.switch_to.active_element.find_element("xpath", "ancestor::tr")
              .get_attribute("data-segment-id") == todo[1])
        browser.switch_to.active_element.send_keys(Keys.ESCAPE)

        # the memory's suggestion arrives once the page is open, one click from the editor
        _wait(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-suggestions") == "loaded")
        row = _row(browser, "p5.1")
        assert row.find_element("css selector", ".suggestion q").text == "As the memory has it."
        assert [r.get_attribute("data-segment-id") for r in browser.find_elements("css selector", "tr:has(.suggestion:not([hidden]))")] == ["p5.1"]
        row.find_element("css selector", "[data-action=use-suggestion]").click()
        assert row.find_element("css selector", "textarea").get_attribute("value") == "As the memory has it."
        _wait(browser, lambda d: _entry(catalog, "p5.1").msgstr == "As the memory has it.")  # saved, still fuzzy
        assert _state(browser, "p5.1") == "fuzzy"

        # 4. a segment changed on disk since this page loaded is refused, with a clear message
        po = polib.pofile(str(catalog))
        next(e for e in po if e.msgctxt == "p3.1").msgstr = "Changed on disk."
        po.save(str(catalog))
        row = _row(browser, "p3.1")
        row.find_element("css selector", "textarea").send_keys(" and by the page")
        row.find_element("css selector", "[data-action=approve]").click()
        _wait(browser, lambda d: "was changed in en/articles/isis-children.po since the page loaded"
              in d.find_element("id", "notice").text)
        assert _state(browser, "p3.1") == "fuzzy"

    for sid, text in (("h1.1", "Dozens of ISIS children flown to Moscow"), ("p2.1", "Edited by the reviewer."),
                      ("p4.1", "Kept from the file."), ("p3.1", "Changed on disk.")):
        assert _entry(catalog, sid).msgstr == text
    assert "fuzzy" not in _entry(catalog, "h1.1").flags and "fuzzy" not in _entry(catalog, "p2.1").flags
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)]).returncode == 0


def test_untrusted_text_is_inert_in_chromium(browser, tmp_path):  # noqa: F811
    payloads = ['<script>window.__xss = "script"</script>', '<img src=x onerror="window.__xss = \'img\'">',
                '<a href="javascript:window.__xss=\'link\'">klik</a>']
    article = "Rabu, 08 Jul 2020\n\nJudul " + payloads[1] + "\n\n" + " ".join(f"Kalimat {p} di sini." for p in payloads) + "\n"
    src, catalog = translated_project(tmp_path, article, name="xss.id.txt")
    po = polib.pofile(str(catalog))
    for e in po:
        e.msgstr = " ".join(payloads)
    po.save(str(catalog))
    with review_server(tmp_path, src) as server:
        _open(browser, server.url)
        body = browser.find_element("tag name", "body").text
        assert browser.execute_script("return window.__xss") is None
        assert browser.execute_script("return document.querySelectorAll('img, a[href], [onerror]').length") == 0
        assert browser.execute_script("return document.scripts.length") == 1
        assert "onerror=" in body and "<script>" in body
        # typing more markup into an editor repaints the highlighting as text, never as HTML
        ta = browser.find_element("css selector", "textarea[name=target]")
        ta.send_keys(' <img src=y onerror="window.__xss=\'typed\'"> 12')
        _wait(browser, lambda d: "typed" in d.find_element("css selector", ".backdrop").get_attribute("textContent"))
        assert browser.execute_script("return window.__xss") is None
        assert browser.execute_script("return document.querySelectorAll('img').length") == 0
