"""Is one article's translate time linear in its segments? One article at 1x, 4x and 16x its size.

    python benchmarks/bench_linear.py [--base-kb 64] [--baseline /path/to/other/src]

The article is the sample isis-children.id.txt repeated (each copy's numbers changed, so every
sentence is distinct) up to ``--base-kb`` KB, then 4 and 16 times that. Each size runs the whole
pipeline (`translate_files`: segmenting, memory, masking, QA, catalog merge and write, the article
written) in a fresh process, with a fast stand-in for the model (each segment upper-cased), so the
time measured (CPU time of the process) is locnews's own; the model's time per segment is constant and is measured by
bench_translate.py. Then the same sizes rerun (catalog present: the merge path), and rerun once
more after one word of most sentences changed (each matched to its old entry: the fuzzy path; the
baseline skips that one, all-pairs there, which takes far too long at 16x).

``--baseline SRC`` runs the same sizes with another checkout's code side by side (the release before
this fix was quadratic: 16x took ~256x). Writes benchmarks/results/linear.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
SAMPLE = REPO / "samples" / "isis-children.id.txt"
FACTORS = (1, 4, 16)

CHILD = r"""
import json, sys, time
from pathlib import Path
from locnews.translate import Options, translate_files
art, out = Path(sys.argv[1]), Path(sys.argv[2])
opts = Options("id", "en", locales_dir=out / "locales", use_tm=False, progress=False)
engine = lambda t: [s.upper() for s in t]
warm = out / "warm.id.txt"  # lazy imports and caches are paid here, not by the first size
warm.write_text("Rabu, 8 Juli 2020\n\nJudul\n\nSatu kalimat saja.\n", encoding="utf-8")
translate_files([warm], opts, output=out / "warm.en.txt", translator=engine)
times = []
runs = 3 if len(sys.argv) < 4 else 2  # the baseline skips the edited rerun (quadratic there: hours)
for run in range(runs):  # first run (no catalog), a rerun (catalog merge), a rerun after edits everywhere
    if run == 2:  # one word changed in most sentences: every one of them is matched to its old entry
        art.write_text(art.read_text(encoding="utf-8").replace(" yang ", " nan "), encoding="utf-8")
    t0 = time.process_time()  # CPU time: the machine is shared, wall time would measure the neighbours
    rep = translate_files([art], opts, output=out / "x.en.txt", translator=engine)
    times.append(time.process_time() - t0)
print(json.dumps({"first": times[0], "rerun": times[1], "edited": times[2] if runs == 3 else None,
                  "segments": rep.counts()["segments"]}))
"""


def article(kb: int) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    parts, k = [head], 0
    while sum(len(p) for p in parts) < kb * 1024:
        k += 1
        parts.append(re.sub(r"\d+", lambda m: str(int(m.group()) + k), body))
    return "\n\n".join(parts)


def measure(src: Path, kb: int, skip_edited: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        art = Path(tmp) / "besar.id.txt"
        art.write_text(article(kb), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, "-c", CHILD, str(art), tmp] + (["skip-edited"] if skip_edited else [])
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        return {"kb": kb, **json.loads(r.stdout.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-kb", type=int, default=64)
    ap.add_argument("--baseline", type=Path, help="another checkout's src/ to run side by side")
    args = ap.parse_args()
    runs = {"this": [measure(REPO / "src", args.base_kb * f) for f in FACTORS]}
    if args.baseline:
        runs["baseline"] = [measure(args.baseline, args.base_kb * f, skip_edited=True) for f in FACTORS]
    for rows in runs.values():
        for r in rows:
            r["first_ratio"] = round(r["first"] / rows[0]["first"], 2)
            r["rerun_ratio"] = round(r["rerun"] / rows[0]["rerun"], 2)
            r["edited_ratio"] = round(r["edited"] / rows[0]["edited"], 2) if r["edited"] is not None else None
    result = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs (shared)", "factors": FACTORS,
              "base_kb": args.base_kb, "runs": runs}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "linear.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# One article at 1x, 4x, 16x its size (bench_linear.py)", "",
             f"Whole pipeline, stand-in model, {result['machine']}. Linear time: ratios near 1, 4, 16.", "",
             "| code | size | segments | first run CPU s | ratio | rerun CPU s | ratio | after edits CPU s | ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, rows in runs.items():
        for r in rows:
            lines.append(f"| {name} | {r['kb']} KB | {r['segments']} | {r['first']:.2f} | {r['first_ratio']}x "
                         f"| {r['rerun']:.2f} | {r['rerun_ratio']}x | "
                         + (f"{r['edited']:.2f} | {r['edited_ratio']}x |" if r["edited"] is not None else "not run | |"))
    (RESULTS / "linear.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
