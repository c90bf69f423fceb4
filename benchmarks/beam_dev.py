"""Beam size chosen on bppt.dev for the bundled model: chrF, BLEU and speed for each beam, both directions.

    python benchmarks/beam_dev.py [--beams 1 2 3 4 6]

Dev only (bppt.dev, all 800 sentences; the test sets stay untouched for eval_mt.py). The choice: the
smallest beam whose mean chrF over both directions is within 0.3 of the best — each doubling of the
beam costs ~1.7× the time (whole archives are re-translated), and less than a third of a chrF point
is not a difference a post-editor sees. Run with the CPU otherwise idle (speed is reported beside the scores).
Writes benchmarks/results/beam_dev.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import sacrebleu

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEV = REPO.parent / "shared" / "corpora" / "bppt" / "bppt.dev"
TOLERANCE = 0.3  # mean chrF a smaller beam may lose to the best and still be chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 2, 3, 4, 6])
    a = ap.parse_args()

    from locnews.mt.models import Engine, available_packages

    chosen = {}
    for pkg in available_packages():
        if pkg.source == "bundled":
            chosen.setdefault(pkg.pair, pkg)
    rows = []
    for beam in a.beams:
        row = {"beam": beam}
        for pair, pkg in sorted(chosen.items()):
            src = DEV.with_suffix(f".dev.{pkg.from_code}").read_text(encoding="utf-8").splitlines()
            ref = DEV.with_suffix(f".dev.{pkg.to_code}").read_text(encoding="utf-8").splitlines()
            engine = Engine(pkg, beam_size=beam)
            engine.translate(src[:8])  # warm-up
            t0 = time.perf_counter()
            hyp = engine.translate(src)
            dt = time.perf_counter() - t0
            row[pair] = {"chrf": round(sacrebleu.corpus_chrf(hyp, [ref]).score, 2),
                         "bleu": round(sacrebleu.corpus_bleu(hyp, [ref]).score, 2),
                         "sentences_per_s": round(len(src) / dt, 1)}
            print(f"beam {beam} {pair}: {row[pair]}", flush=True)
        row["mean_chrf"] = round(sum(v["chrf"] for k, v in row.items() if isinstance(v, dict)) / len(chosen), 2)
        rows.append(row)
    best = max(r["mean_chrf"] for r in rows)
    choice = min(r["beam"] for r in rows if r["mean_chrf"] >= best - TOLERANCE)
    pairs = sorted(chosen)
    result = {"dev": "bppt.dev (800 sentences)", "packages": {p: chosen[p].name for p in pairs}, "rows": rows,
              "chosen_beam": choice}
    (HERE / "results" / "beam_dev.json").write_text(json.dumps(result, indent=1) + "\n")
    md = ["# Beam size on bppt.dev (benchmarks/beam_dev.py)", "",
          "The bundled model, int8 CTranslate2, all 800 dev sentences per direction. Chosen: the smallest beam "
          f"within {TOLERANCE} mean chrF of the best (a wider beam costs ~1.7× the time per doubling) — **beam {choice}**.", "",
          "| beam | " + " | ".join(f"{p} chrF | {p} BLEU | {p} sent/s" for p in pairs) + " | mean chrF |",
          "|---|" + "---|---|---|" * len(pairs) + "---|"]
    for r in rows:
        md.append(f"| {r['beam']} | " + " | ".join(f"{r[p]['chrf']:.2f} | {r[p]['bleu']:.2f} | {r[p]['sentences_per_s']:.0f}"
                                                 for p in pairs) + f" | {r['mean_chrf']:.2f} |")
    (HERE / "results" / "beam_dev.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
