"""Headlines and captions without a final stop: the bundled model with and without the stop locnews adds.

    python benchmarks/headline_stop.py

bppt.dev sentences of 3–14 words with their final punctuation removed (from both source and
reference) stand in for headlines; each direction translated twice by the bundled model: as they
are, and the way ``Engine.translate`` does it (a full stop added for the model, taken off again).
chrF of both against the stop-less references. Dev only. Writes benchmarks/results/headline_stop.{json,md}.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import sacrebleu

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "corpora" / "bppt" / "bppt.dev"


def strip_stop(text: str) -> str:
    return re.sub(r"[.!?]+$", "", text.strip())


def main() -> None:
    from locnews.mt import models

    rows = []
    for pair in ("id-en", "en-id"):
        src_lang, tgt_lang = pair.split("-")
        src = DEV.with_suffix(f".dev.{src_lang}").read_text(encoding="utf-8").splitlines()
        ref = DEV.with_suffix(f".dev.{tgt_lang}").read_text(encoding="utf-8").splitlines()
        pairs = [(strip_stop(a), strip_stop(b)) for a, b in zip(src, ref) if 3 <= len(a.split()) <= 14]
        pkg = next(p for p in models.available_packages() if p.pair == pair and p.source == "bundled")
        engine = models.Engine(pkg)
        refs = [b for _, b in pairs]
        with_stop = [strip_stop(x) for x in engine.translate([a for a, _ in pairs])]
        original = models.needs_full_stop
        models.needs_full_stop = lambda text: False
        try:
            plain = [strip_stop(x) for x in engine.translate([a for a, _ in pairs])]
        finally:
            models.needs_full_stop = original
        row = {"pair": pair, "segments": len(pairs),
               "chrf_as_is": round(sacrebleu.corpus_chrf(plain, [refs]).score, 2),
               "chrf_stop_added": round(sacrebleu.corpus_chrf(with_stop, [refs]).score, 2)}
        row["gain"] = round(row["chrf_stop_added"] - row["chrf_as_is"], 2)
        rows.append(row)
        print(row, flush=True)
    out = HERE / "results"
    (out / "headline_stop.json").write_text(json.dumps({"package": pkg.name, "rows": rows}, indent=1) + "\n")
    md = ["# Stop-less segments: a full stop added for the model (benchmarks/headline_stop.py)", "",
          "bppt.dev sentences of 3–14 words, final punctuation removed from source and reference; the bundled "
          "model (int8, beam 2) given them as they are, and with a full stop it then takes off again (what "
          "`Engine.translate` does for any segment of three words or more that ends without punctuation).", "",
          "| direction | segments | chrF as they are | chrF with the stop | gain |", "|---|---|---|---|---|"]
    for r in rows:
        md.append(f"| {r['pair']} | {r['segments']} | {r['chrf_as_is']:.2f} | {r['chrf_stop_added']:.2f} | {r['gain']:+.2f} |")
    (out / "headline_stop.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
