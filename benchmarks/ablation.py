"""Summarise the equal-step ablation (training/ablation.sh) on bppt.dev: what each data or capacity
choice of the bundled model gives, measured from the same start over the same 200 steps.

    training/ablation.sh && python benchmarks/ablation.py

Reads runs/ablation/<arm>/train.log (JSON lines of `locnews models train`); the starting point is the
8.4 M model's own evaluation at step 10400 (training/id-en-bidir/train.log). Writes
benchmarks/results/ablation.{json,md}.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARMS = {
    "base": "bppt.train + extra/ (the 8.4 M model's own data), 4+3 layers",
    "more": "base + more/ (41.6 k pairs, weights as in the card), 4+3 layers",
    "bt": "more + tagged back-translations of mono/ (64.6 k sentences; 43.3 k pairs after cleaning and weights, one direction each), 4+3 layers",
    "larger": "bt data, grown to 8+3 layers (11.5 M parameters)",
}


def events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def main() -> None:
    start = [e for e in events(REPO / "training/id-en-bidir/train.log") if e["event"] == "eval" and e["step"] == 10400][-1]
    rows = [{"arm": "start", "what": "the 8.4 M model at step 10400, before any arm", "step": 10400,
             "dev_chrf": start["dev_chrf"], "mean": round(sum(start["dev_chrf"].values()) / 2, 2)}]
    for arm, what in ARMS.items():
        log = REPO / "runs/ablation" / arm / "train.log"
        if not log.exists():
            continue
        ev = events(log)
        evals = [e for e in ev if e["event"] == "eval"]
        if not evals:
            continue
        last = evals[-1]
        data = [e for e in ev if e["event"] == "data"][-1]
        model = [e for e in ev if e["event"] == "model"][-1]
        tps = [e["tokens_per_s"] for e in ev if e["event"] == "train"]
        rows.append({"arm": arm, "what": what, "step": last["step"], "dev_chrf": last["dev_chrf"],
                     "mean": round(sum(last["dev_chrf"].values()) / 2, 2), "parameters": model["parameters"],
                     "training_examples": data["examples"], "back_translated": data["back_translated"],
                     "tokens_per_s": round(sum(tps) / len(tps), 1) if tps else None,
                     "threads": model["config"]["threads"]})
    base = rows[1]["mean"] if len(rows) > 1 else None
    out = HERE / "results"
    (out / "ablation.json").write_text(json.dumps({"rows": rows}, indent=1) + "\n")
    md = ["# Ablation on bppt.dev at an equal step budget (training/ablation.sh)", "",
          "Every arm starts from the same weights (the 8.4 M model at step 10400) and trains the same 200 steps "
          "(4,000 target tokens a step) on the same schedule: the rate re-warms over 50 steps to the inverse-sqrt "
          "value (2.2e-4) and falls linearly to zero over the last 100; mask rate 0.5. Only the data or the size "
          "differ. chrF on the first 400 sentences of bppt.dev per direction (the trainer's evaluation: int8 "
          "CTranslate2 export, beam 2).", "",
          "| arm | what | id→en | en→id | mean | Δ mean vs base | examples (of which back-translated) |",
          "|---|---|---|---|---|---|---|"]
    for r in rows:
        d = r["dev_chrf"]
        delta = "" if r["arm"] == "start" or base is None else f"{r['mean'] - base:+.2f}"
        ex = "" if r["arm"] == "start" else f"{r['training_examples']:,} ({r['back_translated']:,})"
        md.append(f"| {r['arm']} | {r['what']} | {d['id-en']:.2f} | {d['en-id']:.2f} | {r['mean']:.2f} | {delta} | {ex} |")
    (out / "ablation.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
