"""MT quality: BLEU and chrF (sacrebleu) for every available id⇄en model, beside copy-the-source.

    python benchmarks/eval_mt.py [--update-card] [--limit N]

Test sets: BPPT news test (in-domain) and IWSLT TED tst2014 / tst2017plus (out of domain). None of
them is ever used for training or tuning. Two scores per model: the raw model, and the path
`locnews translate` takes around it (numbers, dates, URLs and glossary terms masked, the output
unmasked in the target edition's conventions; no memory, no catalog). Writes benchmarks/results/mt_quality.{json,md}; with
--update-card the table is also written into the README (model card) inside each bundled package.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import sacrebleu

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = REPO.parent / "shared" / "corpora"
SETS = {
    "bppt.test": CORPORA / "bppt" / "bppt.test",
    "iwslt.tst2014": CORPORA / "iwslt17-ted" / "tst2014",
    "iwslt.tst2017plus": CORPORA / "iwslt17-ted" / "tst2017plus",
}
CARD_START = "## Scores on held-out test sets"


def read(prefix: Path, lang: str, limit: int | None) -> list[str]:
    lines = Path(f"{prefix}.{lang}").read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def score(hyps: list[str], refs: list[str]) -> dict:
    return {
        "bleu": round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2),
        "chrf": round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="only the first N lines of each set")
    ap.add_argument("--beam", type=int, default=None, help="beam size (default: the engine's)")
    ap.add_argument("--update-card", action="store_true")
    ap.add_argument("--mask-only", action="store_true",
                    help="re-measure only the mask-kept column of the committed results (translates only "
                         "the sentences that have masked spans)")
    args = ap.parse_args()

    from locnews.mt.glossary import load_glossary
    from locnews.mt.models import Engine, available_packages

    glossary = load_glossary(REPO / "locales" / "glossary.tsv")

    chosen = {}
    for pkg in available_packages():
        chosen.setdefault(pkg.pair, pkg)
    if args.mask_only:
        return remeasure_mask_kept(chosen, glossary, args)
    results = {"sets": list(SETS), "models": {}}
    for pair, pkg in sorted(chosen.items()):
        src, tgt = pkg.from_code, pkg.to_code
        opts = {"beam_size": args.beam} if args.beam else {}
        engine = Engine(pkg, **opts)
        entry = {"package": pkg.name, "source": pkg.source, "beam_size": engine.beam_size, "sets": {}}
        for name, prefix in SETS.items():
            if not Path(f"{prefix}.{src}").exists():
                print(f"skip {name}: {prefix}.{src} not found", file=sys.stderr)
                continue
            srcs, refs = read(prefix, src, args.limit), read(prefix, tgt, args.limit)
            t0 = time.perf_counter()
            hyps = engine.translate(srcs)
            dt = time.perf_counter() - t0
            model_s, copy_s = score(hyps, refs), score(srcs, refs)
            restored, items, kept = pipeline_pass(engine.translate, srcs, src, tgt, glossary)
            entry["sets"][name] = {
                "sentences": len(srcs),
                "model": model_s,
                "pipeline": score(restored, refs),
                "masked_items": items,
                "masked_items_kept_by_model": round(kept / max(1, items), 3),
                "copy_source": copy_s,
                "chrf_gain_over_copy": round(model_s["chrf"] - copy_s["chrf"], 2),
                "seconds": round(dt, 2),
                "examples": [{"src": s, "hyp": h, "ref": r} for s, h, r in list(zip(srcs, hyps, refs))[:3]],
            }
            print(f"{pair} {name}: chrF {model_s['chrf']} BLEU {model_s['bleu']} "
                  f"(pipeline: chrF {entry['sets'][name]['pipeline']['chrf']}) "
                  f"(copy: chrF {copy_s['chrf']} BLEU {copy_s['bleu']}) {len(srcs)/dt:.0f} sent/s", flush=True)
        results["models"][pair] = entry

    write_results(results)
    if args.update_card:
        for pair, pkg in chosen.items():
            if pkg.source == "bundled":
                update_card(pkg.path, pkg.name, render_table(results))


def remeasure_mask_kept(chosen: dict, glossary, args) -> None:
    from locnews.mt import protect
    from locnews.mt.models import Engine

    results = json.loads((HERE / "results" / "mt_quality.json").read_text(encoding="utf-8"))
    for pair, entry in results["models"].items():
        pkg = chosen[pair]
        engine = Engine(pkg, **({"beam_size": args.beam} if args.beam else {}))
        for name, s in entry["sets"].items():
            srcs = [x for x in read(SETS[name], pkg.from_code, args.limit)
                    if protect.mask(x, pkg.from_code, pkg.to_code, glossary).items]
            _, items, kept = pipeline_pass(engine.translate, srcs, pkg.from_code, pkg.to_code, glossary)
            s["masked_items"], s["masked_items_kept_by_model"] = items, round(kept / max(1, items), 3)
            print(f"{pair} {name}: {kept} of {items} mask tokens kept", flush=True)
    results["note"] = ("mask kept re-measured alone with `eval_mt.py --mask-only` (only the sentences that "
                       "have masked spans translated); the other columns come from the last full run.")
    write_results(results)


def write_results(results: dict) -> None:
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "mt_quality.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table = render_table(results)
    (out / "mt_quality.md").write_text("# MT quality (benchmarks/eval_mt.py)\n\n" + table, encoding="utf-8")
    print(table)


def pipeline_pass(translate, srcs: list[str], src: str, tgt: str, glossary) -> tuple[list[str], int, int]:
    """`locnews translate`'s path around the model: (restored texts, masked items, items kept).

    "Kept" counts the items whose token the model itself left in its output, read before unmask puts
    dropped items back by position — counted after, a model dropping every token would score 100 %.
    """
    from locnews.mt import protect

    masked = [protect.mask(s, src, tgt, glossary) for s in srcs]
    outs = translate([m.text for m in masked])
    items = sum(len(m.items) for m in masked)
    dropped = sum(len(protect.unmask(o, m, reinsert=False).missing) for o, m in zip(outs, masked))
    restored = [protect.unmask(o, m).text for o, m in zip(outs, masked)]
    return restored, items, items - dropped


def render_table(results: dict) -> str:
    rows = ["| direction | test set | sentences | chrF | BLEU | translate chrF | translate BLEU | mask kept "
            "| copy chrF | copy BLEU |", "|---|---|---|---|---|---|---|---|---|---|"]
    for pair, entry in results["models"].items():
        for name, s in entry["sets"].items():
            rows.append(f"| {pair} | {name} | {s['sentences']} | {s['model']['chrf']} | {s['model']['bleu']} | "
                        f"{s['pipeline']['chrf']} | {s['pipeline']['bleu']} | "
                        f"{s['masked_items_kept_by_model']:.0%} of {s['masked_items']} | "
                        f"{s['copy_source']['chrf']} | {s['copy_source']['bleu']} |")
    beams = {e["beam_size"] for e in results["models"].values()}
    return "\n".join(rows) + (
        f"\n\nsacrebleu {sacrebleu.__version__} defaults; int8 CTranslate2, beam {', '.join(map(str, sorted(beams)))}. "
        "chrF/BLEU: the raw model; translate: the path `locnews translate` takes (masking, unmasking in the "
        "target's conventions, dropped tokens put back by position; no memory); mask kept: the share of "
        "masked spans whose `#n` token the model itself kept, counted before unmask re-inserts the dropped "
        "ones.\n" + (f"\n{results['note']}\n" if results.get("note") else ""))


def update_card(zip_path: Path, top: str, table: str) -> None:
    """Rewrite README.md inside the package with the score table (temp file + rename)."""
    with zipfile.ZipFile(zip_path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    fd, tmp = tempfile.mkstemp(dir=zip_path.parent, suffix=".tmp")
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename == f"{top}/README.md":
                text = data.decode("utf-8")
                head = text.split(CARD_START)[0]
                data = (head + CARD_START + "\n\n" + table).encode("utf-8")
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a package is meant to be shared
    os.replace(tmp, zip_path)


if __name__ == "__main__":
    main()
