"""`locnews catalog update` of the real VLC catalog against an earlier commit's, side by side.

    python benchmarks/update_vs_rev.py --rev 6989bf6 [--repeat 7]

The earlier commit is checked out in a temporary git worktree and run with the same Python
(``PYTHONPATH=<worktree>/src``); the two versions and msgmerge run interleaved (A B C A B C …) on
VLC ×1 and ×4 (bench_catalog's scaling), best of N, CPU and wall. Pause a training run first.
Writes benchmarks/results/update_vs_rev.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_catalog as bc  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", required=True, help="the baseline commit")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--out", type=Path, default=HERE / "results")
    args = ap.parse_args(argv)
    if not bc.VLC.is_file():
        print("update_vs_rev: ../shared/catalogs/vlc-3.0.9 not found", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="update_vs_rev."))
    base = work / "base"
    subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach", str(base), args.rev], check=True,
                   capture_output=True)
    try:
        text = bc.VLC.read_text(encoding="utf-8")
        pot_text = bc.VLC.with_name("vlc-3.0.9.pot").read_text(encoding="utf-8")
        res: dict = {"rev": args.rev, "head": _head(), "cpu_model": bc._cpu_model(), "repeat": args.repeat}
        for k in (1, 4):
            d = work / f"x{k}"
            target = d / "locales" / "id" / "LC_MESSAGES" / "messages.po"
            target.parent.mkdir(parents=True)
            po, pot = d / "vlc.po", d / "locales" / "messages.pot"
            po.write_text(bc._scaled(text, k), encoding="utf-8")
            pot.write_text(bc._scaled(pot_text, k), encoding="utf-8")
            put_back = lambda: target.write_bytes(po.read_bytes())  # noqa: E731
            runs = {
                "msgmerge": {"cmd": ["msgmerge", "--previous", "-q", "-o", str(d / "gnu.po"), str(po), str(pot)]},
                "locnews": {"cmd": [*bc._locnews(), "catalog", "update"], "cwd": d, "before": put_back},
                "baseline": {"cmd": ["env", f"PYTHONPATH={base / 'src'}", *bc._locnews(), "catalog", "update"], "cwd": d,
                             "before": put_back},
            }
            res[f"x{k}"] = {name: {u: round(v, 3) for u, v in t.items()} for name, t in bc._best_pair(runs, args.repeat).items()}
        n1 = text.count("\nmsgid ")
        for unit in ("cpu", "wall"):
            per = {t: (res["x4"][t][unit] - res["x1"][t][unit]) / (3 * n1) * 1e6 for t in ("msgmerge", "locnews", "baseline")}
            res[f"us_per_entry_{unit}"] = {t: round(v, 2) for t, v in per.items()}
            res[f"locnews_vs_baseline_{unit}"] = round(per["locnews"] / per["baseline"], 2)
            res[f"locnews_vs_msgmerge_{unit}"] = round(per["locnews"] / per["msgmerge"], 2)
            res[f"baseline_vs_msgmerge_{unit}"] = round(per["baseline"] / per["msgmerge"], 2)
    finally:
        subprocess.run(["git", "-C", str(HERE.parent), "worktree", "remove", "--force", str(base)], capture_output=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "update_vs_rev.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    (args.out / "update_vs_rev.md").write_text(_markdown(res), encoding="utf-8")
    print(_markdown(res))
    return 0


def _head() -> str:
    return subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip() + (" + uncommitted changes" if _dirty() else "")


def _dirty() -> bool:
    return bool(subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain", "src"], capture_output=True,
                               text=True).stdout.strip())


def _markdown(r: dict) -> str:
    rows = "\n".join(
        f"| {t} | {r['x1'][t]['cpu']:.3f} s | {r['x4'][t]['cpu']:.3f} s | {r['us_per_entry_cpu'][t]} µs | {r['us_per_entry_wall'][t]} µs |"
        for t in ("baseline", "locnews", "msgmerge"))
    return f"""# `catalog update` against an earlier commit (benchmarks/update_vs_rev.py)

VLC 3.0.9 Indonesian into its template, ×1 and ×4 (bench_catalog's copies), nothing to match
fuzzily; baseline = commit {r['rev']}, locnews = {r['head']}; {r['cpu_model']}; runs interleaved,
best of {r['repeat']}, CPU = user + system of the command. Per entry = (×4 − ×1) / 3 / entries.

| version | ×1 CPU | ×4 CPU | per entry, CPU | per entry, wall |
| --- | --- | --- | --- | --- |
{rows}

Per entry, CPU: locnews / baseline **{r['locnews_vs_baseline_cpu']}×**; locnews / msgmerge
{r['locnews_vs_msgmerge_cpu']}× (baseline / msgmerge {r['baseline_vs_msgmerge_cpu']}×).
"""


if __name__ == "__main__":
    raise SystemExit(main())
