"""What sentence-casing Title Case headlines is worth (locnews/casing.py), measured on bppt.test.

    python benchmarks/headline_case.py [--limit N]

No test set of Title Case headlines with translations exists here, so one is made: each test
sentence is put into Title Case (``casing.title_case``, the style news sites use), then

- ``case accuracy``: the share of words whose case ``casing.sentence_case`` gives back as the
  original sentence had it (baseline: leaving the Title Case as it is);
- chrF of the bundled model on the original sentence (the ceiling), on the Title Case sentence as is
  (what the model got before), and on the sentence-cased one (what `locnews translate` now feeds it);
  also lower-cased chrF, so that capitals the output copied from its input do not count.

Writes benchmarks/results/headline_case.{json,md}.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import sacrebleu

HERE = Path(__file__).resolve().parent
TEST = HERE.parent.parent / "shared" / "corpora" / "bppt" / "bppt.test"
def case_accuracy(guesses: list[str], originals: list[str]) -> float:
    from locnews.text.casing import WORD

    right = total = 0
    for g, o in zip(guesses, originals):
        for a, b in zip(WORD.findall(g), WORD.findall(o)):
            total += 1
            right += a == b
    return right / max(1, total)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()

    from locnews.text import casing
    from locnews.mt.models import Engine, find_package

    results = {}
    for src, tgt in (("id", "en"), ("en", "id")):
        originals = Path(f"{TEST}.{src}").read_text(encoding="utf-8").splitlines()[: args.limit]
        refs = Path(f"{TEST}.{tgt}").read_text(encoding="utf-8").splitlines()[: args.limit]
        titled = [casing.title_case(s, src) for s in originals]
        restored = [casing.sentence_case(t, src) for t in titled]
        engine = Engine(find_package(src, tgt))
        chrf, chrf_lc = {}, {}
        for name, texts in (("original", originals), ("title_case", titled), ("sentence_cased", restored)):
            hyps = engine.translate(texts)
            chrf[name] = round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2)
            # case aside: what is left is the words the model got wrong
            chrf_lc[name] = round(sacrebleu.CHRF(lowercase=True).corpus_score(hyps, [refs]).score, 2)
        results[f"{src}-{tgt}"] = {
            "sentences": len(originals),
            "case_accuracy": {"title_case_as_is": round(case_accuracy(titled, originals), 4),
                              "sentence_cased": round(case_accuracy(restored, originals), 4)},
            "chrf": chrf,
            "chrf_lowercased": chrf_lc,
            "example": {"original": originals[0], "title_case": titled[0], "sentence_cased": restored[0]},
        }
        print(f"{src}-{tgt}: {results[f'{src}-{tgt}']}", flush=True)

    rows = ["| direction | sentences | word case right: Title Case as is | … sentence-cased | chrF original "
            "| chrF Title Case as is | chrF sentence-cased | lower-cased chrF: original / as is / sentence-cased |",
            "|---|---|---|---|---|---|---|---|"]
    for pair, r in results.items():
        rows.append(f"| {pair} | {r['sentences']} | {r['case_accuracy']['title_case_as_is']:.1%} | "
                    f"{r['case_accuracy']['sentence_cased']:.1%} | {r['chrf']['original']} | "
                    f"{r['chrf']['title_case']} | {r['chrf']['sentence_cased']} | "
                    f"{r['chrf_lowercased']['original']} / {r['chrf_lowercased']['title_case']} / "
                    f"{r['chrf_lowercased']['sentence_cased']} |")
    md = ("# Title Case headlines: sentence-casing before MT (benchmarks/headline_case.py)\n\n"
          "bppt.test sentences put into Title Case, then sentence-cased by locnews/casing.py; bundled models, "
          "int8, their default beam; sacrebleu chrF against the original references (case-sensitive, and "
          "lower-cased: the share of the loss that is wrong words, not wrong capitals).\n\n" + "\n".join(rows) + "\n")
    out = HERE / "results"
    (out / "headline_case.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "headline_case.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
