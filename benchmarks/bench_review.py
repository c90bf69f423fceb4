"""How fast `locnews review` opens an article of 200 segments (not a test: numbers, not asserts).

    python benchmarks/bench_review.py [--segments 200] [--runs 5] [--no-browser]

Builds a project in a temp folder: one Indonesian article of at least N catalog segments (sentences of
samples/ and benchmarks/data/stress.id.txt, each paragraph numbered so no two are alike), its
catalog as `locnews translate` writes it (a fake engine: MT speed is not what is measured), and a
translation memory of 2,000 pairs, so every unreviewed row asks the memory for a suggestion.

Then times, median of ``--runs``, each as a fresh process like a reviewer starts it:

* ``locnews --help`` — the baseline: what starting locnews at all costs;
* ``locnews review FILE --no-browser`` until it prints the URL, then until the page is received;
* a reload of the page (server already running: catalogs re-read, rows rebuilt);
* headless Chromium (when installed): from navigation to the page's script having wired all rows.

Results: ``benchmarks/results/review.json`` and ``review.md``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(REPO / "src"))


def _sentences() -> list[str]:
    import re as _re

    text = (REPO / "samples" / "isis-children.id.txt").read_text() + "\n" + (HERE / "data" / "stress.id.txt").read_text()
    lines = [ln.strip() for ln in text.splitlines()[3:] if len(ln.split()) >= 4]
    return [ln for ln in lines if not _re.match(r"^(Versi|Terpopuler)", ln)]


def make_project(root: Path, segments: int) -> tuple[Path, int]:
    from locnews.catalogs.articles import catalog_segments
    from locnews.mt.tm import TranslationMemory
    from locnews.pages.readers import read_article
    from locnews.translate import Options, translate_files

    sents = _sentences()
    paras, n, k = [], 2, 0
    while n < segments:
        k += 1
        para = [f"Pada laporan ke-{k}, {sents[(k * 3) % len(sents)][0].lower()}{sents[(k * 3) % len(sents)][1:]}",
                sents[(k * 3 + 1) % len(sents)], sents[(k * 3 + 2) % len(sents)]]
        paras.append(" ".join(para))
        n += 3
    article = root / "news" / "laporan.id.txt"
    article.parent.mkdir(parents=True)
    article.write_text("Rabu, 08 Jul 2020\n\nLaporan Panjang untuk Pengukuran\n\n" + "\n\n".join(paras) + "\n")
    (root / "locales").mkdir()
    opts = Options("id", "en", locales_dir=root / "locales", use_tm=False, progress=False)
    translate_files([article], opts, translator=lambda xs: ["EN " + x for x in xs])
    segs = catalog_segments(read_article(article, lang="id"))
    with TranslationMemory(root / "tm.sqlite") as mem:
        mem.add_many((f"{s} (arsip {i})", f"EN {s} (archive {i})", "id", "en", "bench")
                     for i in range(2000 // len(sents) + 1) for s in sents)
    print(f"article: {len(segs)} segments; memory: 2000+ pairs", file=sys.stderr)
    return article, len(segs)


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(REPO / "src"))


def time_help(root: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "locnews", "--help"], cwd=root, env=_env(), capture_output=True, check=True)
    return time.perf_counter() - t


def _get(url: str) -> bytes:
    p = urlsplit(url)
    conn = http.client.HTTPConnection(p.hostname, p.port, timeout=60)
    conn.request("GET", p.path + "?" + p.query)
    body = conn.getresponse().read()
    conn.close()
    return body


def time_review(root: Path, article: Path, browser=None) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "locnews", "review", str(article), "--from", "id", "--to", "en",
                             "--no-browser", "--tm", str(root / "tm.sqlite")],
                            cwd=root, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip()
        t_url = time.perf_counter() - t0
        body = _get(url)
        t_page = time.perf_counter() - t0
        cpu_page = _cpu_seconds(proc.pid)
        assert body.count(b"data-segment-id=") >= 200, "page has fewer rows than expected"
        t = time.perf_counter()
        _get(url)
        t_reload = time.perf_counter() - t
        out = {"url_printed_s": t_url, "page_received_s": t_page, "reload_s": t_reload}
        if cpu_page is not None:
            out["process_cpu_at_page_s"] = cpu_page
        if browser is not None:
            from selenium.webdriver.support.ui import WebDriverWait

            t = time.perf_counter()
            browser.get(url)
            WebDriverWait(browser, 60).until(
                lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true")
            out["chromium_ready_s"] = time.perf_counter() - t
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_in_process(root: Path, article: Path) -> dict:
    """CPU seconds (less sensitive to a busy machine than wall time) of the review's own work."""
    from locnews.review.server import open_session

    c = time.process_time()
    session = open_session([article], "id", "en", locales_dir=root / "locales", tm_path=root / "tm.sqlite")
    c_open = time.process_time() - c
    c = time.process_time()
    session.page()
    c_page = time.process_time() - c
    c = time.process_time()
    session.page()
    return {"cpu_open_s": c_open, "cpu_first_page_s": c_page, "cpu_reload_s": time.process_time() - c}


def chromium():
    chrome, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not chrome or not driver:
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=opts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--segments", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    browser = None if args.no_browser else chromium()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        article, n_segments = make_project(root, args.segments)
        helps, runs = [], []
        time_in_process(root, article)  # imports and bytecode caches warm, as for a fresh process
        for _ in range(args.runs):
            helps.append(time_help(root))
            runs.append({**time_review(root, article, browser), **time_in_process(root, article)})
    if browser is not None:
        browser.quit()
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    base = statistics.median(helps)
    result = {
        "segments": n_segments, "runs": args.runs, "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "help_s": base, **med,
        "page_vs_help": med["page_received_s"] / base, "load_average": os.getloadavg()[0],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "review.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# `locnews review` on an article of {n_segments} segments",
        "",
        f"Median of {args.runs} runs, each a fresh process; {result['machine']}, Python {result['python']}; "
        "a 2,000-pair translation memory is asked for every unreviewed row. "
        f"Load average {result['load_average']:.1f} during the run (wall times grow with it; the CPU "
        "times below much less). Produced by `python benchmarks/bench_review.py`.",
        "",
        "| step | seconds | × `locnews --help` |",
        "|---|---:|---:|",
        f"| `locnews --help` (baseline: starting locnews) | {base:.3f} | 1.0 |",
        f"| `locnews review` prints the URL | {med['url_printed_s']:.3f} | {med['url_printed_s'] / base:.1f} |",
        f"| … page received (opens) | {med['page_received_s']:.3f} | {med['page_received_s'] / base:.1f} |",
        f"| reload (server running) | {med['reload_s']:.3f} | {med['reload_s'] / base:.1f} |",
    ]
    if "chromium_ready_s" in med:
        lines.append(f"| headless Chromium: navigation to all rows wired | {med['chromium_ready_s']:.3f} | "
                     f"{med['chromium_ready_s'] / base:.1f} |")
    lines += [
        "",
        "CPU seconds, which a busy machine inflates much less than wall time:",
        "",
        "| step | CPU seconds |",
        "|---|---:|",
        *([f"| `locnews review`, fresh process, start to page sent (imports included) | "
           f"{med['process_cpu_at_page_s']:.3f} |"] if "process_cpu_at_page_s" in med else []),
        f"| in-process: read and check the article and its catalog | {med['cpu_open_s']:.3f} |",
        f"| in-process: first page (segments masked, QA run, HTML rendered) | {med['cpu_first_page_s']:.3f} |",
        f"| in-process: reload (masks and QA cached) | {med['cpu_reload_s']:.3f} |",
    ]
    (RESULTS / "review.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
