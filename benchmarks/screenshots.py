"""Screenshots of built pages in headless Chromium (the README shows them): the sample HTML page and
a real news page, each translated id->en by the bundled model and built with `locnews build`.

    python benchmarks/screenshots.py [REAL_PAGE]   # writes docs/screenshots/*.png

REAL_PAGE defaults to ../shared/pages/detik-3.id.html. Offline: the system chromedriver, no
background networking; the page's own remote CSS and images do not load, so what shows is the
default stylesheet of the build.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = REPO / "docs" / "screenshots"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,1400",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


def locnews(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "locnews", *args], cwd=cwd, check=True)


def build(page: Path, slug: str, work: Path) -> Path:
    news = work / "news"
    news.mkdir(parents=True, exist_ok=True)
    shutil.copy(page, news / f"{slug}.id.html")
    locnews("translate", f"news/{slug}.id.html", "--from", "id", "--to", "en", "--quiet", "--no-tm", "-o",
            "draft.html", cwd=work)
    locnews("build", "news", "--lang", "en", "-o", "site", cwd=work)
    return work / "site"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def shoot(site: Path, rel: str, dest: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/{rel}")
        # scroll the article's headline (the last marked h1: sites repeat it) to the top
        driver.execute_script("var hs=document.querySelectorAll('h1.machine-translated, article h1');"
                              "var h=hs.length?hs[hs.length-1]:document.querySelector('h1');"
                              "if(h){h.scrollIntoView();window.scrollBy(0,-60);}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(dest))
    finally:
        driver.quit()
        server.shutdown()


def main() -> None:
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "pages" / "detik-3.id.html"
    with tempfile.TemporaryDirectory() as tmp:
        site = build(REPO / "samples" / "isis-children.id.html", "anak-isis", Path(tmp) / "sample")
        shoot(site, "en/anak-isis.html", OUT / "sample-en.png")
        if real.exists():
            site = build(real, "real-page", Path(tmp) / "real")
            shoot(site, "en/real-page.html", OUT / "real-page-en.png")
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
