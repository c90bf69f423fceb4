"""A new bundled model against the one it replaces, side by side in one run: speed and memory.

    python benchmarks/bench_model_size.py --baseline-rev REV [--n 400]

The baseline package is read from git (``REV:src/locnews/data/models/translate-id_en.argosmodel``)
into a temporary file, so the old weights need not be kept in the tree. For each model and each
direction, in a fresh process each (peak RSS is that process's): ``Engine.translate`` over the first
``--n`` sentences of ``bppt.test`` (one batched pass, locnews's defaults), sentences/s. Then the peak
RSS of a whole ``locnews translate`` of the sample article with the current bundled model.
Writes benchmarks/results/model_size.{json,md}. Run it with the CPU otherwise idle.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
MODELS = "src/locnews/data/models"
BUNDLED = f"{MODELS}/translate-id_en.argosmodel"


def package_at(rev: str, src: str, tgt: str, tmp: Path) -> Path:
    """The package serving src→tgt at ``rev``: its own file (older layout) or the one bidirectional archive."""
    for name in (f"translate-{src}_{tgt}.argosmodel", "translate-id_en.argosmodel"):
        r = subprocess.run(["git", "show", f"{rev}:{MODELS}/{name}"], cwd=REPO, capture_output=True)
        if r.returncode == 0:
            out = tmp / f"{rev}-{name}"
            out.write_bytes(r.stdout)
            return out
    raise SystemExit(f"no package for {src}-{tgt} at {rev}")


def child(package: str, src: str, tgt: str, n: int) -> dict:
    from locnews.mt import models

    top, meta = models.read_archive(Path(package))
    pkgs = models._with_reverse(models._from_metadata(meta, top, "bundled", Path(package)))
    pkg = next(p for p in pkgs if (p.from_code, p.to_code) == (src, tgt))
    lines = (SHARED / "corpora" / "bppt" / f"bppt.test.{src}").read_text(encoding="utf-8").splitlines()[:n]
    t0 = time.perf_counter()
    engine = models.Engine(pkg)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.translate(lines)
    secs = time.perf_counter() - t0
    return {"sentences": len(lines), "seconds": round(secs, 2), "sentences_per_s": round(len(lines) / secs, 2),
            "load_seconds": round(load, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def translate_rss() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        sample = next((REPO / "samples").glob("*.id.txt"))
        cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "locnews", "translate", str(sample), "--from", "id",
               "--to", "en", "-o", str(Path(tmp) / "out.en.txt"), "--locales", str(Path(tmp) / "locales"), "--no-tm"]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        if r.returncode != 0:
            raise SystemExit(f"locnews translate failed: {r.stderr[-500:]}")
        return round(int(r.stderr.strip().splitlines()[-1]) / 1024, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", nargs=4)
    ap.add_argument("--baseline-rev", default="HEAD~1")
    ap.add_argument("--n", type=int, default=400)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], a.child[2], int(a.child[3]))))
        return
    new = REPO / BUNDLED
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for src, tgt in (("id", "en"), ("en", "id")):
            old = package_at(a.baseline_rev, src, tgt, Path(tmp))
            base = run_child(str(old), src, tgt, str(a.n))
            cur = run_child(str(new), src, tgt, str(a.n))
            rows.append({"direction": f"{src}-{tgt}", "baseline": base, "new": cur,
                         "speed_ratio": round(cur["sentences_per_s"] / base["sentences_per_s"], 3)})
            print(f"{src}-{tgt}: baseline {base['sentences_per_s']} s/s, new {cur['sentences_per_s']} s/s, "
                  f"ratio {rows[-1]['speed_ratio']}", flush=True)
    result = {"baseline_rev": a.baseline_rev, "n": a.n, "rows": rows, "translate_peak_rss_mb": translate_rss(),
              "package_mb": round(new.stat().st_size / 2**20, 1)}
    out = HERE / "results" / "model_size"
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = ["# New bundled model vs the one it replaces (`benchmarks/bench_model_size.py`)", "",
          f"Baseline: the package at `{a.baseline_rev}`; {a.n} sentences of bppt.test per direction, one batched "
          "pass each, fresh process each.", "",
          "| direction | baseline sent/s | new sent/s | new / baseline | baseline peak RSS MB | new peak RSS MB |",
          "|---|---|---|---|---|---|"]
    for r in rows:
        md.append(f"| {r['direction']} | {r['baseline']['sentences_per_s']} | {r['new']['sentences_per_s']} | "
                  f"{r['speed_ratio']:.0%} | {r['baseline']['peak_rss_mb']} | {r['new']['peak_rss_mb']} |")
    md += ["", f"Peak RSS of `locnews translate` on the sample article (new model): {result['translate_peak_rss_mb']} MB.",
           f"Bundled package: {result['package_mb']} MB (one archive serves both directions)."]
    out.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
