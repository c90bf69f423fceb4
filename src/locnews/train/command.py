"""`locnews models train` argument parsing."""

from __future__ import annotations

import sys
from pathlib import Path

from locnews.train.card import read_data_notes
from locnews.train.config import TrainConfig, cpu_has_native_bf16
from locnews.train.loop import repackage, train


def main(argv: list[str] | None = None) -> None:
    """Entry point used by `locnews models train` and `python -m locnews.train`."""
    import argparse

    ap = argparse.ArgumentParser(prog="locnews models train")
    ap.add_argument("--from", dest="src", default="id")
    ap.add_argument("--to", dest="tgt", default="en")
    ap.add_argument("--train", nargs="+", action="append", required=True,
                    help="SRC TGT [WEIGHT]; repeat for more corpora")
    ap.add_argument("--back-translated", nargs="+", action="append", default=[],
                    help="SYNTHETIC REAL [WEIGHT]: machine-translated source, real target (trained one way, tagged)")
    ap.add_argument("--grow-from", default=None,
                    help="initialise a larger model from this (compact) checkpoint, computing the same function")
    ap.add_argument("--data-notes", default=None,
                    help="TSV: file stem, what it is, source and licence — listed in the model card")
    ap.add_argument("--package-only", action="store_true",
                    help="write the package again from the workdir's best model and state; no training")
    ap.add_argument("--average", type=int, default=0,
                    help="with --package-only: also score the mean of the last N snapshots; package the better")
    ap.add_argument("--dev", nargs=2, required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--one-direction", action="store_true")
    ap.add_argument("--precision", choices=("auto", "bf16", "fp32"), default="auto",
                    help="auto: bf16 autocast where the CPU computes bf16 natively (AVX512-BF16/AMX), else fp32 "
                         "(emulated bf16 trained at 0.08x fp32's speed on an AMD Zen 3)")
    ap.add_argument("--no-bf16", action="store_true", help="the same as --precision fp32")
    for f in ("vocab_size", "d_model", "ffn", "heads", "enc_layers", "dec_layers", "batch_tokens", "eval_every",
              "dev_limit", "patience", "threads", "seed", "warmup", "max_epochs", "max_steps", "cooldown_steps",
              "snapshots", "rewarm_steps"):
        ap.add_argument("--" + f.replace("_", "-"), type=int, default=getattr(TrainConfig, f))
    for f in ("dropout", "label_smoothing", "lr", "max_minutes", "mask_rate", "ema", "cooldown_minutes"):
        ap.add_argument("--" + f.replace("_", "-"), type=float, default=getattr(TrainConfig, f))
    a = ap.parse_args(argv)
    cfg = TrainConfig(src_lang=a.src, tgt_lang=a.tgt, bidirectional=not a.one_direction, bf16=_use_bf16(a.precision, a.no_bf16),
                      **{f: getattr(a, f) for f in ("vocab_size", "d_model", "ffn", "heads", "enc_layers", "dec_layers",
                                                     "batch_tokens", "eval_every", "dev_limit", "patience", "threads",
                                                     "seed", "warmup", "max_epochs", "dropout", "label_smoothing", "lr",
                                                     "max_minutes", "mask_rate", "ema", "cooldown_minutes",
                                                     "max_steps", "cooldown_steps", "snapshots", "rewarm_steps")})
    files = []
    for spec in a.train:
        if len(spec) not in (2, 3):
            ap.error("--train takes SRC TGT [WEIGHT]")
        files.append((Path(spec[0]), Path(spec[1]), float(spec[2]) if len(spec) == 3 else 1.0))
    bt_files = []
    for spec in a.back_translated:
        if len(spec) not in (2, 3):
            ap.error("--back-translated takes SYNTHETIC REAL [WEIGHT]")
        bt_files.append((Path(spec[0]), Path(spec[1]), float(spec[2]) if len(spec) == 3 else 1.0))
    out = Path(a.output)
    workdir = Path(a.workdir) if a.workdir else out.with_suffix(".work")
    command = "locnews models train " + " ".join(sys.argv[1:] if argv is None else argv)
    notes = read_data_notes(a.data_notes) if a.data_notes else None
    if a.package_only:
        dev = (Path(a.dev[0]), Path(a.dev[1]))
        for f in repackage(cfg, workdir, out, command, notes, average=a.average, dev_files=dev):
            print(f"packaged {f}")
        return
    train(cfg, files, (Path(a.dev[0]), Path(a.dev[1])), workdir, out, command, bt_files,
          Path(a.grow_from) if a.grow_from else None, data_notes=notes)


def _use_bf16(precision: str, no_bf16: bool) -> bool:
    if no_bf16 or precision == "fp32":
        return False
    if precision == "bf16":
        return True
    return cpu_has_native_bf16()


if __name__ == "__main__":
    main()

