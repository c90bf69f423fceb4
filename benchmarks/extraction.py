"""Main-content extraction on real news pages: which library finds the article, and how locnews does.

Pages: ../shared/pages/*.id.html with their gold annotation (NAME.gold.json: headline, body
paragraphs, captions, meta description). For each extractor, on the same pages:

  body recall   share of the gold body's word 4-grams in the extracted text
  precision     share of the extracted text's 4-grams that are the article (gold headline, body,
                captions, meta description)

and for locnews's own segmentation (readability + the container vote + news rules, pages/extract.py):
the same two figures over the segments it would send to MT, and the share of those segments that are
furniture (a segment less than half covered by the gold article).

    python benchmarks/extraction.py     # writes benchmarks/results/extraction.{json,md}
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "pages"
RESULTS = HERE / "results"


def extractors():
    def trafilatura_(raw: str) -> str:
        import trafilatura

        return trafilatura.extract(raw) or ""

    def readability_(raw: str) -> str:
        from locnews.pages.extract import main_text

        return main_text(raw)

    def justext_(raw: str) -> str:
        import justext

        paras = justext.justext(raw.encode("utf-8"), justext.get_stoplist("Indonesian"))
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return {"trafilatura": trafilatura_, "readability-lxml": readability_, "justext": justext_}


def score(texts: list[str], gold: dict) -> dict:
    from locnews.pages.fidelity import (
        body_recall,
        covered,
        gold_article_texts,
        gram_pool,
    )

    article = gram_pool(gold_article_texts(gold))
    recall = body_recall(gold["body"], texts)  # in order: 4-grams across sentence ends count
    own = gram_pool(texts)
    precision = sum(g in article for g in own) / len(own) if own else 0.0
    blob = " ".join(gold_article_texts(gold))
    furniture = [t for t in texts if covered(t, article, blob) < 0.5]
    return {"body_recall": round(recall, 3), "precision": round(precision, 3),
            "segments": len(texts), "furniture_segments": len(furniture),
            "furniture_share": round(len(furniture) / len(texts), 3) if texts else 0.0}


def locnews_segments(path: Path) -> list[str]:
    from locnews.catalogs.articles import catalog_segments
    from locnews.pages.markup import strip_placeholders
    from locnews.pages.readers import read_article

    doc = read_article(path, lang="id")
    # what goes to MT: datelines are formatted by Babel
    return [t for t in (strip_placeholders(s.text) for s in catalog_segments(doc) if s.kind != "dateline") if t]


def main() -> None:
    logging.disable(logging.WARNING)
    pages = sorted(SHARED.glob("*.id.html"))
    if not pages:
        raise SystemExit(f"no pages in {SHARED}")
    rows = []
    for page in pages:
        gold = json.loads(page.with_name(page.name.replace(".id.html", ".gold.json")).read_text())
        raw = page.read_text(encoding="utf-8", errors="replace")
        for name, fn in extractors().items():
            t0 = time.perf_counter()
            text = fn(raw)
            sec = time.perf_counter() - t0
            rows.append({"page": page.name, "extractor": name, "seconds": round(sec, 3),
                         **score([p for p in text.split("\n") if p.strip()], gold)})
        t0 = time.perf_counter()
        segs = locnews_segments(page)
        rows.append({"page": page.name, "extractor": "locnews segment", "seconds": round(time.perf_counter() - t0, 3),
                     **score(segs, gold)})
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(rows, indent=1) + "\n")
    lines = ["# Main-content extraction on real news pages (benchmarks/extraction.py)", "",
             "| page | extractor | body recall | precision | segments | furniture share | seconds |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['page']} | {r['extractor']} | {r['body_recall']:.3f} | {r['precision']:.3f} | "
                     f"{r['segments']} | {r['furniture_share']:.3f} | {r['seconds']:.2f} |")
    lines += ["", "Mean over pages:", "", "| extractor | body recall | precision | furniture share |", "|---|---|---|---|"]
    for name in dict.fromkeys(r["extractor"] for r in rows):
        rs = [r for r in rows if r["extractor"] == name]
        means = [sum(r[k] for r in rs) / len(rs) for k in ("body_recall", "precision", "furniture_share")]
        lines.append(f"| {name} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    (RESULTS / "extraction.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
