"""One bidirectional model or two one-direction models? Dev chrF id→en from the two training logs.

    python benchmarks/bidir_vs_uni.py [BIDIR_LOG] [UNI_LOG]

Both runs use the same data, vocabulary (the same sentencepiece.model), architecture, batch size
(~4000 tokens a step) and schedule; the bidirectional run spends each step on both directions, the
one-direction run on id→en only. Two comparisons, from the `eval` events of each `train.log`:

- equal steps: the same compute spent on the id→en model alone (what the bidirectional model gives
  up per direction);
- equal compute: two one-direction models (id→en and en→id) of S/2 steps each cost what one
  bidirectional model of S steps costs; id→en of the one at S/2 against the bidirectional one at S.

Writes benchmarks/results/bidir_vs_uni.{json,md}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def dev_curve(log: Path, direction: str = "id-en") -> dict[int, float]:
    """step -> dev chrF of ``direction`` (the last evaluation logged for a step wins: resumes)."""
    curve = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("event") == "eval" and direction in rec.get("dev_chrf", {}):
            curve[rec["step"]] = rec.get("dev_chrf_raw", rec["dev_chrf"])[direction]
    return curve


def compare(bidir: dict[int, float], uni: dict[int, float]) -> dict:
    equal_steps = [{"step": s, "bidir": bidir[s], "uni": uni[s], "diff": round(uni[s] - bidir[s], 2)}
                   for s in sorted(uni) if s in bidir]
    equal_compute = [{"compute_steps": 2 * s, "uni_step": s, "bidir": bidir[2 * s],
                      "uni": uni[s], "diff": round(uni[s] - bidir[2 * s], 2)}
                     for s in sorted(uni) if 2 * s in bidir]
    return {"equal_steps": equal_steps, "equal_compute": equal_compute}


def markdown(res: dict, bidir_log: Path, uni_log: Path) -> str:
    lines = [
        "# One bidirectional model vs one-direction models (dev chrF id→en, `bppt.dev` first 400 lines)",
        "",
        f"From `{bidir_log.relative_to(REPO)}` and `{uni_log.relative_to(REPO)}` "
        "(`python benchmarks/bidir_vs_uni.py`). One step = one batch of ~4000 target tokens.",
        "",
        "## Equal steps (the one-direction model spends all of them on id→en)",
        "",
        "| step | bidirectional | one-direction | one-direction − bidirectional |",
        "|---|---|---|---|",
        *[f"| {r['step']} | {r['bidir']:.2f} | {r['uni']:.2f} | {r['diff']:+.2f} |" for r in res["equal_steps"]],
        "",
        "## Equal compute (two one-direction models of S/2 steps each = one bidirectional model of S steps)",
        "",
        "| total steps S | bidirectional @ S | one-direction @ S/2 | one-direction − bidirectional |",
        "|---|---|---|---|",
        *[f"| {r['compute_steps']} | {r['bidir']:.2f} | {r['uni']:.2f} | {r['diff']:+.2f} |" for r in res["equal_compute"]],
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    bidir_log = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "training" / "id-en-bidir" / "train.log"
    uni_log = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "training" / "id-en-uni" / "train.log"
    res = compare(dev_curve(bidir_log.resolve()), dev_curve(uni_log.resolve()))
    out = HERE / "results"
    (out / "bidir_vs_uni.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    md = markdown(res, bidir_log.resolve(), uni_log.resolve())
    (out / "bidir_vs_uni.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
