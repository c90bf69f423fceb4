"""Translation throughput: locnews vs Argos used the usual way vs raw CTranslate2, same model, one run.

    python benchmarks/bench_translate.py [--argos-n 300] [--pairs id-en,en-id] [--sweep]

On ``bppt.test`` (source side), for each direction:

(a) locnews: ``locnews.mt.models.load_engine`` + ``Engine.translate`` over all sentences (one batched
    pass, int8, locnews's threads/beam/batch), and the full pipeline path (masking, MT, unmasking,
    QA checks) as translate.py runs it;
(b) Argos the usual way: the same package installed into a temporary ARGOS_PACKAGES_DIR, and one
    ``argostranslate.translate.translate()`` call per paragraph of 5 lines with Argos's default
    settings (beam 4, 4 hypotheses, batches of 32 tokens, length penalty 0.2). Argos's default
    sentence splitter (MiniSBD) downloads an ONNX model on first use, which cannot work offline, so
    locnews's splitter is put in its place (said in the results);
(c) the ceiling: ``ctranslate2.Translator.translate_batch`` on pre-tokenized input with locnews's
    settings (tokenization and detokenization not timed).

Each path runs in its own process (peak RSS is that process's). ``--sweep`` also measures beam size
and batch size on ``bppt.dev`` (speed and chrF), which is how translate.py's defaults were chosen;
the test set is never used for choosing. Writes benchmarks/results/translate.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
RESULTS = HERE / "results"
PARAGRAPH = 5  # lines per paragraph for Argos's per-paragraph calls


def corpus(split: str, lang: str) -> list[str]:
    path = SHARED / "corpora" / "bppt" / f"bppt.{split}.{lang}"
    if not path.exists():
        sys.exit(f"bench_translate: {path} not found (shared corpora missing)")
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------------
# child processes: one measurement each, JSON on stdout


def child_locnews(src: str, tgt: str, n: int, beam: int, batch: int) -> dict:
    from locnews.mt.models import load_engine

    sents = corpus("test", src)[:n]
    t0 = time.perf_counter()
    engine = load_engine(src, tgt, beam_size=beam, max_batch_size=batch)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = engine.translate(sents)
    secs = time.perf_counter() - t0
    return {"seconds": secs, "load_seconds": load_s, "sentences": len(sents), "outputs": len(out),
            "model": engine.name, "threads": list(_threads(engine)), "peak_mb": peak_mb()}


def child_pipeline(src: str, tgt: str, n: int, beam: int, batch: int) -> dict:
    """What `locnews translate` does per segment around the model: mask, MT, unmask, QA."""
    from locnews.mt import protect
    from locnews.mt.checks import QAInput, run_checks
    from locnews.mt.glossary import load_glossary
    from locnews.mt.models import load_engine

    sents = corpus("test", src)[:n]
    engine = load_engine(src, tgt, beam_size=beam, max_batch_size=batch)
    glossary = load_glossary(REPO / "locales" / "glossary.tsv")
    t0 = time.perf_counter()
    masked = [protect.mask(s, src, tgt, glossary) for s in sents]
    outs = engine.translate([m.text for m in masked])
    findings = 0
    for s, m, o in zip(sents, masked, outs):
        r = protect.unmask(o, m)
        qa = QAInput(s, r.text, src, tgt, [(i.kind, i.source, i.target) for i in m.items if i.kind != "term"],
                     [i.target for i in m.items if i.kind == "term"])
        findings += len(run_checks(qa))
    secs = time.perf_counter() - t0
    return {"seconds": secs, "sentences": len(sents), "qa_findings": findings, "peak_mb": peak_mb()}


def child_argos(src: str, tgt: str, n: int) -> dict:
    # Argos reads its settings at import: point it at an empty temporary store first
    tmp = tempfile.mkdtemp(prefix="argos-bench-")
    os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    from locnews.mt.models import find_package

    pkg = find_package(src, tgt)
    import argostranslate.package as apkg
    import argostranslate.settings as asettings
    import argostranslate.translate as atr

    from locnews.text.segment import split_sentences

    class LocnewsSentencizer:  # MiniSBD would download a model: locnews's splitter instead
        def __init__(self, pkg) -> None:
            self.lang = pkg.from_code

        def split_sentences(self, text: str) -> list[str]:
            return [text[s.start:s.end] for s in split_sentences(text, self.lang)]

    atr.MiniSBDSentencizer = LocnewsSentencizer
    path = pkg.path
    if pkg.source != "bundled":  # an installed folder: zip it the way Argos expects
        import shutil

        path = Path(shutil.make_archive(str(Path(tmp) / pkg.name), "zip", pkg.path.parent, pkg.path.name))
    apkg.install_from_path(path)
    atr.get_installed_languages.cache_clear()
    sents = corpus("test", src)[:n]
    paras = [" ".join(sents[i:i + PARAGRAPH]) for i in range(0, len(sents), PARAGRAPH)]
    atr.translate(paras[0], src, tgt)  # warm-up: loads the model (not timed, like (a)'s load)
    t0 = time.perf_counter()
    out = [atr.translate(p, src, tgt) for p in paras]
    secs = time.perf_counter() - t0
    return {
        "seconds": secs, "sentences": len(sents), "paragraphs": len(paras), "outputs": len(out),
        "settings": {"beam_size": asettings.beam_size, "num_hypotheses": 4, "batch_size": asettings.batch_size,
                     "batch_type": "tokens", "length_penalty": 0.2, "inter_threads": asettings.inter_threads,
                     "intra_threads": asettings.intra_threads},
        "sentencizer": "locnews.text.segment.split_sentences (MiniSBD needs a download)",
        "peak_mb": peak_mb(),
    }


def child_raw(src: str, tgt: str, n: int, beam: int, batch: int) -> dict:
    from locnews.mt.models import load_engine

    sents = corpus("test", src)[:n]
    engine = load_engine(src, tgt, beam_size=beam, max_batch_size=batch)
    tokens = engine.tokenize(sents)
    prefix = [[engine.package.target_prefix]] * len(tokens) if engine.package.target_prefix else None
    t0 = time.perf_counter()
    engine.translator.translate_batch(
        tokens, target_prefix=prefix, beam_size=beam, max_batch_size=batch,
        max_decoding_length=min(512, 32 + 3 * max(len(t) for t in tokens)),
    )
    secs = time.perf_counter() - t0
    return {"seconds": secs, "sentences": len(sents), "peak_mb": peak_mb()}


def child_sweep(src: str, tgt: str, beam: int, batch: int) -> dict:
    """Speed and chrF of one (beam, batch) setting on bppt.dev (never on test)."""
    import sacrebleu

    from locnews.mt.models import load_engine

    sents, refs = corpus("dev", src), corpus("dev", tgt)
    engine = load_engine(src, tgt, beam_size=beam, max_batch_size=batch)
    t0 = time.perf_counter()
    out = engine.translate(sents)
    secs = time.perf_counter() - t0
    return {"beam": beam, "batch": batch, "seconds": secs, "sentences_per_s": len(sents) / secs,
            "chrf": sacrebleu.corpus_chrf(out, [refs]).score, "bleu": sacrebleu.corpus_bleu(out, [refs]).score}


def child_styles(src: str, tgt: str, n: int) -> dict:
    """How often the model keeps each mask token style (bppt.dev sentences with protected spans)."""
    from locnews.mt import protect
    from locnews.mt.glossary import load_glossary
    from locnews.mt.models import load_engine
    from locnews.translate import BEAM_SIZE, MAX_BATCH_SIZE

    glossary = load_glossary(REPO / "locales" / "glossary.tsv")
    engine = load_engine(src, tgt, beam_size=BEAM_SIZE, max_batch_size=MAX_BATCH_SIZE)
    sents = [s for s in corpus("dev", src) if protect.mask(s, src, tgt, glossary).items][:n]
    out = {}
    for style in protect.MASK_STYLES:
        masked = [protect.mask(s, src, tgt, glossary, style=style) for s in sents]
        outs = engine.translate([m.text for m in masked])
        items = kept = 0
        for m, o in zip(masked, outs):
            r = protect.unmask(o, m, reinsert=False)
            items += len(m.items)
            kept += len(m.items) - len(r.missing)
        out[style] = {"sentences": len(sents), "items": items, "kept": kept, "kept_share": round(kept / max(1, items), 3)}
    return out


def _threads(engine) -> tuple[int, int]:
    from locnews.mt.models import default_threads

    return default_threads()


def run_child(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if r.returncode != 0:
        raise SystemExit(f"bench_translate: child {args} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def startup_seconds(runs: int = 5) -> float:
    exe = Path(sys.executable).with_name("locnews")
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "locnews", "--help"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# --------------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", nargs="+")
    ap.add_argument("--pairs", default="id-en,en-id")
    ap.add_argument("--argos-n", type=int, default=300, help="sentences for Argos (it is slow)")
    ap.add_argument("--n", type=int, default=0, help="sentences for (a)/(c) (default: all)")
    ap.add_argument("--sweep", action="store_true", help="also sweep beam/batch on bppt.dev")
    ap.add_argument("--note", default="", help="a line about the model measured, kept in the results")
    args = ap.parse_args()

    if args.child:
        kind, src, tgt, *rest = args.child
        fn = {"locnews": child_locnews, "pipeline": child_pipeline, "argos": child_argos,
              "raw": child_raw, "sweep": child_sweep, "styles": child_styles}[kind]
        print(json.dumps(fn(src, tgt, *map(int, rest))))
        return

    from locnews.translate import BEAM_SIZE, MAX_BATCH_SIZE

    results: dict = {
        "machine": {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "python": platform.python_version(),
                    "load_avg_at_start": os.getloadavg()},
        "settings": {"beam_size": BEAM_SIZE, "max_batch_size": MAX_BATCH_SIZE},
        "note": args.note,
        "startup_help_seconds": None,
        "pairs": {},
    }
    results["startup_help_seconds"] = round(startup_seconds(), 3)
    for pair in args.pairs.split(","):
        src, tgt = pair.split("-")
        n_all = len(corpus("test", src))
        n = args.n or n_all
        res: dict = {"sentences_total": n_all}
        words = {k: sum(len(s.split()) for s in corpus("test", src)[:k]) for k in {n, args.argos_n}}
        a = run_child("locnews", src, tgt, str(n), str(BEAM_SIZE), str(MAX_BATCH_SIZE))
        p = run_child("pipeline", src, tgt, str(n), str(BEAM_SIZE), str(MAX_BATCH_SIZE))
        c = run_child("raw", src, tgt, str(n), str(BEAM_SIZE), str(MAX_BATCH_SIZE))
        b = run_child("argos", src, tgt, str(args.argos_n))
        # (a) on the same subset as Argos too, so the ratio is like for like
        a_sub = run_child("locnews", src, tgt, str(args.argos_n), str(BEAM_SIZE), str(MAX_BATCH_SIZE))
        a_greedy = run_child("locnews", src, tgt, str(args.argos_n), "1", str(MAX_BATCH_SIZE))
        for name, r, k in (("a_locnews", a, n), ("a_locnews_pipeline", p, n), ("c_raw_ctranslate2", c, n),
                           ("b_argos", b, args.argos_n), ("a_locnews_on_argos_subset", a_sub, args.argos_n),
                           ("a_locnews_greedy_on_argos_subset", a_greedy, args.argos_n)):
            r["sentences_per_s"] = round(r["sentences"] / r["seconds"], 1)
            r["words_per_s"] = round(words[k] / r["seconds"], 1)
            res[name] = r
        res["ratio_a_over_b"] = round(a_sub["sentences_per_s"] / b["sentences_per_s"], 1)
        res["ratio_a_greedy_over_b"] = round(a_greedy["sentences_per_s"] / b["sentences_per_s"], 1)
        res["ratio_a_over_c"] = round(a["sentences_per_s"] / c["sentences_per_s"], 3)
        res["ratio_pipeline_over_c"] = round(p["sentences_per_s"] / c["sentences_per_s"], 3)
        if args.sweep:
            res["sweep_dev"] = [run_child("sweep", src, tgt, str(beam), str(batch))
                                for beam in (1, 2, 4) for batch in (16, 32, 64)]
            res["mask_styles_dev"] = run_child("styles", src, tgt, "300")
        results["pairs"][pair] = res
        print(json.dumps({pair: {k: v for k, v in res.items() if k.startswith("ratio")}}), file=sys.stderr)
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "translate.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "translate.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def markdown(r: dict) -> str:
    lines = [
        "# Translation throughput (benchmarks/bench_translate.py)",
        "",
        f"Machine: {r['machine']['affinity']} CPU cores, Python {r['machine']['python']}; load average at start "
        f"{', '.join(f'{x:.1f}' for x in r['machine']['load_avg_at_start'])} (other work was running: absolute "
        "numbers are pessimistic, the ratios are measured in the same run).",
        f"locnews settings: beam {r['settings']['beam_size']}, {r['settings']['max_batch_size']} sentences per batch, int8.",
        f"`locnews --help` start-up: {r['startup_help_seconds']:.3f} s (median of 5).",
        "",
    ]
    if r.get("note"):
        lines[2:2] = [f"Model: {r['note']}"]
    for pair, res in r["pairs"].items():
        b = res["b_argos"]
        lines += [
            f"## {pair} (bppt.test, {res['sentences_total']} sentences)",
            "",
            "| path | sentences | sentences/s | words/s | peak RSS MB |",
            "|---|---:|---:|---:|---:|",
        ]
        for key, label in (("a_locnews", "(a) locnews Engine.translate"),
                           ("a_locnews_pipeline", "(a') locnews pipeline: mask + MT + unmask + QA"),
                           ("a_locnews_on_argos_subset", "(a) locnews, Argos's subset"),
                           ("a_locnews_greedy_on_argos_subset", "(a) locnews --beam-size 1, Argos's subset"),
                           ("b_argos", "(b) Argos, per 5-line paragraph, defaults"),
                           ("c_raw_ctranslate2", "(c) raw translate_batch, pre-tokenized")):
            x = res[key]
            lines.append(f"| {label} | {x['sentences']} | {x['sentences_per_s']} | {x['words_per_s']} | {x['peak_mb']:.0f} |")
        lines += [
            "",
            f"- (a)/(b) = **{res['ratio_a_over_b']}x** (same {b['sentences']} sentences; "
            f"{res['ratio_a_greedy_over_b']}x with --beam-size 1); "
            f"(a)/(c) = **{res['ratio_a_over_c']:.0%}**; pipeline/(c) = {res['ratio_pipeline_over_c']:.0%}.",
            f"- Argos: {b['sentencizer']}; settings {b['settings']}.",
            "",
        ]
        if res.get("sweep_dev"):
            lines += ["Beam/batch sweep on bppt.dev (choosing settings; never on test):", "",
                      "| beam | batch | sentences/s | chrF | BLEU |", "|---:|---:|---:|---:|---:|"]
            for s in res["sweep_dev"]:
                lines.append(f"| {s['beam']} | {s['batch']} | {s['sentences_per_s']:.1f} | {s['chrf']:.1f} | {s['bleu']:.1f} |")
            lines.append("")
        if res.get("mask_styles_dev"):
            lines += ["Mask token styles on bppt.dev sentences with protected spans (share the model kept):", "",
                      "| style | token | items | kept |", "|---|---|---:|---:|"]
            from locnews.mt.protect import MASK_STYLES

            for style, x in res["mask_styles_dev"].items():
                lines.append(f"| {style} | `{MASK_STYLES[style].make(1)}` | {x['items']} | {x['kept_share']:.1%} |")
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
