"""Runaway guard on short inputs: menu items, tags and names (tests/data/short_inputs.tsv).

For each direction, the bundled model's outputs without the guard (one decoding, the length bound
of the whole batch) and with it (``Engine.translate``): how many outputs are degenerate — longer
than 3× the source words + 5, or a word three times in a row — and how many fell back to the source.

    python benchmarks/runaway.py [--model-dir DIR]   → benchmarks/results/runaway.{md,json}
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from locnews.mt.checks import runaway_reason
from locnews.mt.models import load_engine

HERE = Path(__file__).resolve().parent
SHORT = HERE.parent / "tests" / "data" / "short_inputs.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(HERE / "results" / "runaway"))
    a = ap.parse_args()
    rows = [ln.split("\t") for ln in SHORT.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    result = {"inputs": len(rows), "directions": []}
    lines = ["# Runaway guard on short inputs (`benchmarks/runaway.py`)", "",
             f"{len(rows)} one- to three-word inputs (menu items, tags, names), bundled models, beam 2.", "",
             "| direction | inputs | degenerate without guard | degenerate with guard | fell back to source | longest output (words) |",
             "|---|---|---|---|---|---|"]
    for src, tgt in (("id", "en"), ("en", "id")):
        texts = [t for code, t in rows if code == src]
        eng = load_engine(src, tgt)
        tokens = eng.tokenize(texts)
        raw = eng._decode(tokens, max_decoding_length=min(512, 32 + 3 * max(len(t) for t in tokens)))
        guarded = eng.translate(texts)
        bad_raw = [(s, o) for s, o in zip(texts, raw) if runaway_reason(s, o)]
        bad = [(s, o) for s, o in zip(texts, guarded) if runaway_reason(s, o)]
        d = {"direction": f"{src}-{tgt}", "inputs": len(texts), "degenerate_raw": len(bad_raw),
             "degenerate_guarded": len(bad), "fallbacks": len(eng.degenerate),
             "max_words": max(len(o.split()) for o in guarded),
             "examples_raw": [{"source": s, "output": o[:200]} for s, o in bad_raw[:5]]}
        result["directions"].append(d)
        lines.append(f"| {src}→{tgt} | {len(texts)} | {len(bad_raw)} | {len(bad)} | {len(eng.degenerate)} | {d['max_words']} |")
        print(lines[-1], flush=True)
    out = Path(a.out)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    ex = [f"- {d['direction']}: {e['source']!r} → {e['output']!r}" for d in result["directions"] for e in d["examples_raw"]]
    lines += ["", "Degenerate outputs without the guard:" if ex else "No degenerate output even without the guard.", *ex]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
