"""Training throughput of the bundled model's architecture: fp32 against bf16 autocast (and, with
``--compile``, bf16 + ``torch.compile``), side by side in one run on this CPU.

    python benchmarks/train_precision.py [--seconds 40] [--rounds 2] [--threads 2] [--compile]

Real batches: ``bppt.train`` pairs encoded with the bundled SentencePiece model and batched by the
trainer's own ``make_batches`` (4,000 target tokens a batch), a full step each (forward, loss,
backward, clipping, Adam). The arms alternate (A B A B …) so drift in the machine's load hits them
alike; each arm warms up on 3 batches per round first. Reports target tokens/s and the ratio to
fp32. Pause a training run while this runs (``kill -STOP`` its process group). Writes
benchmarks/results/train_precision.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=40.0, help="timed seconds per arm and round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--enc-layers", type=int, default=8)
    ap.add_argument("--compile", action="store_true", help="add a bf16 + torch.compile arm")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps per arm and round")
    ap.add_argument("--name", default="", help="write results/train_precision_NAME.* (another machine's run)")
    a = ap.parse_args()

    import sentencepiece as spm
    import torch
    import torch.nn.functional as F

    from locnews.train import TrainConfig, build_model
    from locnews.train.data import batch_tensors, encode_examples, make_batches, read_parallel

    torch.set_num_threads(a.threads)
    cfg = TrainConfig(enc_layers=a.enc_layers, dec_layers=3, d_model=256, ffn=1024)
    sp = spm.SentencePieceProcessor(model_file=str(REPO / "training/id-en-grow/sentencepiece.model"))
    bppt = SHARED / "corpora/bppt"
    pairs = read_parallel(bppt / "bppt.train.id", bppt / "bppt.train.en")[:6000]
    examples = encode_examples(pairs, sp, cfg)
    batches = make_batches(examples, cfg.batch_tokens, random.Random(1))

    def tensors(idx):
        return batch_tensors(examples, idx)

    arms = {"fp32": (False, False), "bf16": (True, False)}
    if a.compile:
        arms["bf16+compile"] = (True, True)
    nets = {}
    for name, (_, compiled) in arms.items():
        torch.manual_seed(1)
        model = build_model(cfg, sp.get_piece_size())
        opt = torch.optim.Adam(model.parameters(), lr=2e-4, betas=(0.9, 0.98), eps=1e-9)
        fwd = torch.compile(model, dynamic=True) if compiled else model
        nets[name] = (model, fwd, opt)
    nparams = sum(p.numel() for p in nets["fp32"][0].parameters())

    cursor = [0]

    def step(name: str) -> int:
        bf16 = arms[name][0]
        model, fwd, opt = nets[name]
        src, tin, tout = tensors(batches[cursor[0] % len(batches)])
        cursor[0] += 1
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = fwd(src, tin)
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]).float(), tout.view(-1), ignore_index=-100,
                               label_smoothing=0.1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return int((tout != -100).sum())

    totals = {n: {"tokens": 0, "seconds": 0.0, "steps": 0} for n in arms}
    compile_s = {}
    for r in range(a.rounds):
        for name in arms:
            t = time.perf_counter()
            for _ in range(a.warmup):  # warm-up (and, the first time, compilation)
                step(name)
            if r == 0:
                compile_s[name] = round(time.perf_counter() - t, 1)
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < a.seconds:
                totals[name]["tokens"] += step(name)
                totals[name]["steps"] += 1
            totals[name]["seconds"] += time.perf_counter() - t0
            print(f"round {r + 1} {name}: {totals[name]['tokens'] / totals[name]['seconds']:.0f} tokens/s so far", flush=True)

    base = totals["fp32"]["tokens"] / totals["fp32"]["seconds"]
    rows = []
    for name, tt in totals.items():
        tps = tt["tokens"] / tt["seconds"]
        rows.append({"arm": name, "tokens_per_s": round(tps, 1), "ratio_to_fp32": round(tps / base, 2),
                     "steps": tt["steps"], "seconds": round(tt["seconds"], 1), "first_steps_s": compile_s[name]})
    cpu = _cpu_model()
    result = {"model": {"parameters": nparams, "d_model": 256, "ffn": 1024, "enc_layers": a.enc_layers, "dec_layers": 3},
              "threads": a.threads, "batch_tokens": cfg.batch_tokens, "torch": torch.__version__,
              "cpu": cpu, "warmup_steps": a.warmup, "rounds": a.rounds, "seconds_per_arm_round": a.seconds,
              "rows": rows}
    out = HERE / "results"
    stem = "train_precision" + (f"_{a.name}" if a.name else "")
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n")
    md = [f"# Training throughput: fp32 vs bf16 autocast (benchmarks/train_precision.py)", "",
          f"{nparams / 1e6:.1f} M parameters (d 256, ffn 1024, {a.enc_layers}+3 layers), {a.threads} threads, "
          f"torch {torch.__version__}, real bppt.train batches of {cfg.batch_tokens} target tokens, full training "
          f"steps; arms alternated over {a.rounds} rounds of {a.seconds:.0f} s; CPU: {cpu}.", "",
          f"| arm | target tokens/s | ratio to fp32 | steps | first {a.warmup} steps (s) |", "|---|---|---|---|---|"]
    for row in rows:
        md.append(f"| {row['arm']} | {row['tokens_per_s']:.0f} | {row['ratio_to_fp32']:.2f}× | {row['steps']} | {row['first_steps_s']} |")
    (out / f"{stem}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


def _cpu_model() -> str:
    """The CPU's model name and whether it has native bf16 (the trainer's --precision auto rule)."""
    from locnews.train.config import cpu_has_native_bf16, cpuinfo_field

    name = cpuinfo_field("model name") or platform.processor() or platform.machine()
    return f"{name}, native bf16: {'yes' if cpu_has_native_bf16() else 'no'}"


if __name__ == "__main__":
    main()
