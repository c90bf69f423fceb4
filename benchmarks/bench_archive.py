"""`locnews archive` throughput (local, Ray 1 and 2 workers), driver memory at 1k and 10k articles.

    python benchmarks/bench_archive.py [--articles 1000] [--big 10000]

Writes benchmarks/results/archive.{json,md}. Every run is the real CLI in a child process, real
bundled model, a generated archive (benchmarks/gen_archive.py: a headline and ``--sentences``
sentences an article). Measured:

1. throughput, fresh catalogs and staging each run: `--engine local` (one replica per core), then
   `--engine ray` with 1 and 2 workers (a local Ray cluster); articles/s, segments/s, distinct MT
   segments/s, and the engine's start-up (cluster, workers, model) apart from the steady state;
2. the driver alone: the same archive again with every translation already staged (MT computes
   nothing), so what is left is locnews's own work per article — the ceiling one driver puts on a
   cluster of any size;
3. memory: peak RSS of the driver at ``--articles`` and ``--big`` articles (the big archive repeats
   the small one's texts under new names, translations staged, so it costs driver time only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from gen_archive import generate  # noqa: E402


def archive(cwd: Path, name: str, *extra: str, staging: Path | None = None) -> dict:
    args = [sys.executable, "-m", "locnews", "archive", "src", "--from", "id", "--to", "en", "-q",
            "--locales", f"{name}/locales", "-o", f"{name}/out",
            "--staging", str(staging or cwd / name / "staging.sqlite"), *extra]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "RAY_USAGE_STATS_ENABLED": "0"}
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=True)
    s = json.loads(r.stdout)
    steady = s["seconds"] - s["engine_start_s"]
    s["mt_per_s_steady"] = round(s["mt_computed"] / steady, 1) if steady > 0 else 0.0
    s["segments_per_s_steady"] = round(s["segments"] / steady, 1) if steady > 0 else 0.0
    print(f"  {name}: {s['seconds']:.1f} s (start {s['engine_start_s']:.1f} s), {s['articles_per_s']} articles/s, "
          f"{s['mt_per_s_steady']} MT segments/s steady, peak RSS {s['peak_rss_mb']} MB", flush=True)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--big", type=int, default=10000)
    ap.add_argument("--sentences", type=int, default=2, help="sentences per article besides the headline")
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--report", type=Path, help="only re-render the report of this results JSON")
    a = ap.parse_args()
    if a.report:
        result = json.loads(a.report.read_text())
        (a.out / "archive.md").write_text(report(result))
        print(report(result))
        return

    root = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        generate(root / "src", a.articles, sentences=a.sentences)
        print(f"{a.articles} articles in {root}", flush=True)
        runs = {
            "local": archive(root, "local"),
            "ray_1": archive(root, "ray_1", "--engine", "ray", "--workers", "1"),
            "ray_2": archive(root, "ray_2", "--engine", "ray", "--workers", "2"),
        }
        staged = root / "local" / "staging.sqlite"
        runs["driver_only"] = archive(root, "driver", staging=staged)
        # the big archive: the same texts under new names, translations staged
        src = sorted((root / "src").iterdir())
        big = root / "big"
        generate(big / "src", 0)
        for i in range(a.big):
            shutil.copyfile(src[i % len(src)], big / "src" / f"arsip-{i + 1:06d}.id.txt")
        runs["driver_only_big"] = archive(big, "big", staging=staged)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    local, r1, r2, drv = runs["local"], runs["ray_1"], runs["ray_2"], runs["driver_only"]
    derived = {
        "ray_2_vs_local_steady_mt_rate": round(r2["mt_per_s_steady"] / local["mt_per_s_steady"], 2),
        "ray_2_vs_ray_1_steady_mt_rate": round(r2["mt_per_s_steady"] / r1["mt_per_s_steady"], 2),
        "ray_2_vs_local_wall_time": round(r2["seconds"] / local["seconds"], 2),
        "ray_start_s": r2["engine_start_s"],
        "per_worker_mt_per_s": r1["mt_per_s_steady"],
        "driver_articles_per_s": drv["articles_per_s"],
        "driver_segments_per_s": drv["segments_per_s"],
        "segments_per_article": round(local["segments"] / local["translated"], 2),
        "mt_segments_per_article": round(local["mt_computed"] / local["translated"], 2),
        "peak_rss_mb": {str(a.articles): drv["peak_rss_mb"], str(a.big): runs["driver_only_big"]["peak_rss_mb"]},
    }
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with a training run)",
              "articles": a.articles, "big": a.big, "runs": runs, "derived": derived}
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "archive.json").write_text(json.dumps(result, indent=2) + "\n")
    (a.out / "archive.md").write_text(report(result))
    print(report(result))


def report(r: dict) -> str:
    d, runs = r["derived"], r["runs"]
    rows = "\n".join(
        f"| {name} | {s['workers']} | {s['seconds']:.1f} | {s['engine_start_s']:.1f} | {s['articles_per_s']} | "
        f"{s['segments_per_s']} | {s['mt_computed']} | {s['mt_per_s_steady']} | {s['peak_rss_mb']} |"
        for name, s in runs.items()
    )
    rss = d["peak_rss_mb"]
    return f"""# `locnews archive` (benchmarks/bench_archive.py)

{r['machine']}; one run each, so ±30 % (the CPU is shared with a training run and other jobs).
Generated archive of {r['articles']} articles, {d['segments_per_article']} catalog segments and
{d['mt_segments_per_article']} distinct MT segments per article; bundled model, beam 2.

| run | workers | wall s | engine start s | articles/s | segments/s | MT segments | MT segments/s steady | driver peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
{rows}

*steady* = after the engine started. `driver_only*`: every translation already staged, so the
time is locnews's own work (read, segment, memory, mask, QA, catalog and article writes with fsync).

- Ray, 2 workers vs local (2 replicas), steady MT rate: **{d['ray_2_vs_local_steady_mt_rate']}×**;
  whole run wall time: {d['ray_2_vs_local_wall_time']}× (start-up {d['ray_start_s']} s).
- Ray 2 workers vs 1: {d['ray_2_vs_ray_1_steady_mt_rate']}× (2 cores, both busy with other work too).
- One Ray worker: {d['per_worker_mt_per_s']} MT segments/s.
- One driver, MT all staged: {d['driver_articles_per_s']} articles/s, {d['driver_segments_per_s']} segments/s.
- Driver peak RSS: {' MB, '.join(f'{k} articles {v}' for k, v in rss.items())} MB.

{model(d)}
"""


def model(d: dict, workers=(10, 100), segments=25, mt_segments=20, idle_core=124.0) -> str:
    """Articles/s at W workers = min(W x per-worker rate x Ray efficiency / MT segments an article,
    one driver's articles/s); the start-up is paid once. Assumptions: README."""
    eff = min(1.0, d["ray_2_vs_local_steady_mt_rate"])
    rate = d["per_worker_mt_per_s"]
    driver = d["driver_segments_per_s"] / segments  # real articles a driver gets through per second
    feeds = driver * mt_segments / (rate * eff)  # workers one driver keeps busy
    rows = []
    for label, r, drv in (("this machine's load", rate, driver),
                          ("idle cores (x%.1f)" % (idle_core / rate), idle_core, driver * idle_core / rate)):
        for w in workers:
            mt = w * r * eff / mt_segments
            rows.append(f"| {label} | {w} | {r:.1f} | {mt:.1f} | {drv:.2f} | {min(mt, drv):.2f} | "
                        f"{1e6 / min(mt, drv) / 3600 + d['ray_start_s'] / 3600:.1f} h |")
    return (f"Model for real articles ({segments} catalog segments, {mt_segments} distinct MT segments each), "
            f"Ray efficiency {eff:.2f} (measured ratio, capped at 1): one driver keeps **{feeds:.1f} workers** "
            "busy (a ratio of two rates measured side by side, so less sensitive to the load).\n\n"
            "| scenario | workers | MT segments/s a worker | MT capacity, articles/s | one driver, articles/s | "
            "articles/s | 1 M articles |\n"
            "|---|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
