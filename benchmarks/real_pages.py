"""Real news pages end to end with the bundled model: the article translated, the furniture not.

For each ../shared/pages/*.id.html (gold: NAME.gold.json), translated id->en once by
``translate_files`` with the bundled model, reports (pages/fidelity.py ``evaluate_page``):

  body translated    share of the gold body's word 4-grams in segments that came back translated (>= 0.95)
  furniture share    share of machine-translated segments that are not the article (<= 0.05)
  links/inline       <a> and inline elements in the source page = in the output page
  page problems      elements, attributes, scripts/styles/comments that differ (none)
  headline left      <h1> elements still showing the source headline (none; sites repeat it)
  runaway repetition a phrase repeated 4+ times in a row in MT output that the source lacks (none)
  metadata           title, meta description, og:*, twitter:*, JSON-LD headline/description left as
                     the source had them (none); <html lang> of the output
  speed              seconds end to end (engine preloaded) vs seconds in the model alone, and the ratio

    python benchmarks/real_pages.py      # writes benchmarks/results/real_pages.{json,md}
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "pages"
RESULTS = HERE / "results"


def run_page(page: Path, work: Path, engine) -> dict:
    """Translate one page with ``engine``; the evaluation, the output and the timings."""
    from locnews.pages.fidelity import evaluate_page
    from locnews.translate import Options, translate_files

    spent = [0.0]

    def timed(texts: list[str]) -> list[str]:
        t0 = time.perf_counter()
        out = engine.translate(texts)
        spent[0] += time.perf_counter() - t0
        return out

    out = work / page.name.replace(".id.html", ".en.html")
    t0 = time.perf_counter()
    rep = translate_files([page], Options("id", "en", locales_dir=work / "locales", use_tm=False, progress=False),
                          translator=timed, output=out)
    total = time.perf_counter() - t0
    gold = json.loads(page.with_name(page.name.replace(".id.html", ".gold.json")).read_text(encoding="utf-8"))
    source = page.read_text(encoding="utf-8", errors="replace")
    output = out.read_text(encoding="utf-8")
    result = evaluate_page(source, output, rep.articles[0].segments, gold)
    result.update(page=page.name, kb=round(len(source.encode()) / 1024), seconds=round(total, 2),
                  mt_seconds=round(spent[0], 2), ratio=round(total / spent[0], 2) if spent[0] else None,
                  qa_findings=sum(len(s.qa) for s in rep.articles[0].segments))
    return {"result": result, "output": output, "report": rep}


def main() -> None:
    logging.disable(logging.WARNING)
    from locnews.mt.models import load_engine
    from locnews.translate import BEAM_SIZE, MAX_BATCH_SIZE

    pages = sorted(SHARED.glob("*.id.html"))
    if not pages:
        raise SystemExit(f"no pages in {SHARED}")
    engine = load_engine("id", "en", beam_size=BEAM_SIZE, max_batch_size=MAX_BATCH_SIZE)
    engine.translate(["Selamat pagi."])  # warm: the first call pays for loading
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        run_page(min(pages, key=lambda p: p.stat().st_size), Path(tmp) / "warm-up", engine)  # lazy imports
        for page in pages:
            rows.append(run_page(page, Path(tmp), engine)["result"])
            print(json.dumps(rows[-1], ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "real_pages.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    lines = ["# Real news pages end to end, id->en with the bundled model (benchmarks/real_pages.py)", "",
             "| page | KB | body translated | MT segments | furniture share | links in/out | inline in/out "
             "| headline left | page problems | runaway | metadata left | lang | QA findings | s total | s MT | ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['kb']} | {r['body_translated']:.3f} | {r['mt_segments']} | {r['furniture_share']:.3f} "
            f"| {r['links_in']}/{r['links_out']} | {r['inline_in']}/{r['inline_out']} | {r['headline_left']} "
            f"| {len(r['page_problems'])} "
            f"| {len(r['runaway_repetition'])} | {len(r['metadata_unlocalized'])} of {len(r['metadata']) - 1} "
            f"| {r['lang_out']} | {r['qa_findings']} | {r['seconds']} | {r['mt_seconds']} | {r['ratio']} |")
    lines += ["", "Ratio: seconds end to end (reading, extraction, masking, catalog, writing the page; the "
              "engine preloaded) over seconds inside the model for the same page."]
    (RESULTS / "real_pages.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
