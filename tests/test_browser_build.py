"""Built pages in a real browser: headless Debian Chromium driven by Selenium, served from localhost.

Skips (with the reason) when chromium, chromium-driver or selenium is not installed. Offline:
Selenium is given the system chromedriver, so selenium-manager never downloads anything, and
Chromium runs with its background networking off.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from test_build_helpers import write_catalog

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,1600",
)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def site(tmp_path, monkeypatch, samples, cli):
    """A built two-edition site (one reviewed article, one still machine output), served locally."""
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(samples / "isis-children.id.txt", news / "isis-children.id.txt")
    shutil.copy(samples / "isis-children.id.html", news / "anak-isis.id.html")
    monkeypatch.chdir(tmp_path)
    write_catalog(tmp_path, news / "isis-children.id.txt", "en", translate=lambda sid, text: f"EN {sid} {text}")
    # the HTML article: machine output from the real `locnews translate` when a model is installed
    r = cli("translate", news / "anak-isis.id.html", "--from", "id", "--to", "en", "-o", tmp_path / "draft.html",
            "--quiet", "--no-tm")
    if r.exit_code != 0:
        assert "no translation model" in r.stderr, r.stderr
        write_catalog(tmp_path, news / "anak-isis.id.html", "en", translate=lambda sid, text: f"EN {text}",
                      fuzzy=lambda sid: True)
    r = cli("build", "news", "--lang", "en", "-o", "site")
    assert r.exit_code == 0, r.stderr
    # the site's own assets that the sample HTML page links to (not built by locnews)
    (tmp_path / "site" / "js").mkdir()
    (tmp_path / "site" / "js" / "app.js").write_text("document.documentElement.dataset.app = 'ok';\n")
    (tmp_path / "site" / "foto").mkdir()
    (tmp_path / "site" / "foto" / "anak-isis.jpg").write_bytes(_png_1px())

    handler = functools.partial(_QuietHandler, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def _png_1px() -> bytes:
    """A valid 1×1 transparent PNG (browsers sniff the type, so it stands in for the sample's .jpg)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 5)) + chunk(b"IEND", b"")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/favicon.ico":  # the browser asks for it on its own; not part of a build
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):  # keep pytest output clean
        pass


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _open(driver, url: str):
    from selenium.webdriver.common.by import By

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    return driver.find_element(By.TAG_NAME, "body").text


def test_english_page_in_chromium(browser, site):
    base, tmp = site
    text = _open(browser, f"{base}/en/isis-children.html")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "en"
    assert "Wednesday, 8 July 2020" in text
    assert "Mobile Version" in text and "Most Popular" in text
    assert "Versi Mobile" not in text and "Terpopuler" not in text
    h1 = browser.find_element("css selector", "article h1").text
    assert h1.startswith("EN ")
    assert browser.title.startswith(h1)
    assert _errors(browser) == []
    shot = tmp / "screenshots" / "en-isis-children.png"
    shot.parent.mkdir()
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000


def test_edition_switch_and_index_in_chromium(browser, site):
    base, tmp = site
    text = _open(browser, f"{base}/en/index.html")
    assert _errors(browser) == []
    # the index lists both articles; the one still machine output carries the visible marker
    markers = browser.find_elements("css selector", "ul.articles .mt-marker")
    assert len(markers) == 1 and markers[0].is_displayed()
    assert "Machine translation" in markers[0].text
    browser.find_element("css selector", "a.edition-switch").click()
    assert browser.current_url.endswith("/id/index.html")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "id"
    assert "Versi Mobile" in browser.find_element("tag name", "body").text
    assert _errors(browser) == []


def test_translated_html_page_in_chromium(browser, site):
    base, tmp = site
    text = _open(browser, f"{base}/en/anak-isis.html")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "en"
    markers = [m for m in browser.find_elements("css selector", ".mt-marker") if m.is_displayed()]
    assert markers, "machine-output paragraphs must carry a visible marker"
    assert "Machine translation" in markers[0].text
    h1 = browser.find_element("css selector", "article h1").text
    assert h1 and not h1.startswith("Puluhan Bayi")  # the headline is no longer the Indonesian one
    assert "Versi Mobile" not in text and "Mobile Version" in text
    assert browser.find_element("css selector", "input[type=search]").get_attribute("placeholder") != "Cari berita…"
    assert _errors(browser) == []
    shot = tmp / "screenshots" / "en-anak-isis.png"
    shot.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(shot))
