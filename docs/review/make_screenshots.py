"""The README's screenshots of `locnews review`: the sample translated by the bundled model, in
headless Chromium.

    python docs/review/make_screenshots.py      # writes docs/review/*.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests"), str(REPO / "benchmarks")]

from bench_review import chromium  # noqa: E402
from review_helpers import review_server, translated_project  # noqa: E402


def main() -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium()
    if driver is None:
        sys.exit("chromium and chromedriver are needed")
    driver.set_window_size(1400, 1050)
    wait = WebDriverWait(driver, 60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            os.chdir(root)  # the page names the catalog relative to where `locnews review` runs
            article, _ = translated_project(root, translator=None)  # the bundled model
            with review_server(root, article) as server:
                driver.get(server.url)
                wait.until(lambda d: d.find_element("tag name", "body").get_attribute("data-suggestions") == "loaded")
                driver.save_screenshot(str(HERE / "side-by-side.png"))
                # a QA finding: the model's, or a reviewer's slip the live check catches (a figure dropped)
                flagged = driver.find_elements("xpath", "//tr[.//ul[@class='qa']/li]")
                if not flagged:
                    row = driver.find_element("xpath", "//tr[@data-state='fuzzy'][.//td[@class='src']//mark[@class='num']]")
                    ta = row.find_element("css selector", "textarea")
                    value = ta.get_attribute("value")
                    num = row.find_element("css selector", "td.src mark.num").text
                    ta.send_keys(Keys.CONTROL, "a")
                    ta.send_keys(value.replace(num, "", 1).replace("  ", " "), Keys.CONTROL, "s")
                    wait.until(lambda d: row.find_elements("css selector", "ul.qa li"))
                    flagged = [row]
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", flagged[0])
                driver.save_screenshot(str(HERE / "qa-finding.png"))
                # approve the headline and the first paragraph: the count goes down
                for sid in ("h1.1", "p2.1"):
                    row = driver.find_element("css selector", f'tr[data-segment-id="{sid}"]')
                    row.find_element("css selector", "[data-action=approve]").click()
                    wait.until(lambda d: row.get_attribute("data-state") == "reviewed")
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(str(HERE / "count-left.png"))
    finally:
        os.chdir(REPO)
        driver.quit()
    print("\n".join(str(p) for p in sorted(HERE.glob("*.png"))))


if __name__ == "__main__":
    main()
