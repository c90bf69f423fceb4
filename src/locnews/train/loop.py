"""The training loop: resume, schedule, evaluation, best-checkpoint packaging, compact checkpoints."""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from locnews.train.card import model_card
from locnews.train.config import LANG_NAMES, TrainConfig, prefix_token
from locnews.train.data import (
    batch_tensors,
    clean_pairs,
    encode_back_translated,
    encode_examples,
    make_batches,
    mask_pairs,
    read_parallel,
    train_sentencepiece,
)
from locnews.train.export import export_ctranslate2, mean_chrf, package, score_dev
from locnews.train.model import build_model, grow_state_dict


def log(workdir: Path, **rec) -> None:
    rec["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    line = json.dumps(rec, ensure_ascii=False)
    print(line, flush=True)
    with open(workdir / "train.log", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def train(
    cfg: TrainConfig,
    train_files: list[tuple[Path, Path, float]],
    dev_files: tuple[Path, Path],
    workdir: Path,
    out_file: Path,
    command: str = "",
    back_translated: list[tuple[Path, Path, float]] = (),
    grow_from: Path | None = None,
    data_notes: dict | None = None,
) -> dict:
    import sentencepiece as spm
    import torch
    import torch.nn.functional as F

    workdir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(cfg.seed)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)

    pairs = []
    for s, t, w in train_files:
        pairs += read_parallel(s, t, w, cfg.seed)
    pairs = clean_pairs(pairs)
    dev = read_parallel(*dev_files)[: cfg.dev_limit]

    sp_path = workdir / "sentencepiece.model"
    if not sp_path.exists():
        train_sentencepiece(pairs, cfg, workdir / "sentencepiece")
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    train_pairs, n_masked = mask_pairs(pairs, cfg)
    examples = encode_examples(train_pairs, sp, cfg)
    # back-translated pairs: file suffixes name the languages (X.en synthetic, X.id real → en→id)
    bt: dict[str, list[tuple[str, str]]] = {}
    for synth, real, w in back_translated:
        bt.setdefault(Path(real).suffix[1:], []).extend(clean_pairs(read_parallel(synth, real, w, cfg.seed)))
    for lang, bt_pairs in bt.items():
        other = cfg.src_lang if lang == cfg.tgt_lang else cfg.tgt_lang
        bt[lang], _ = mask_pairs(bt_pairs, TrainConfig(src_lang=other, tgt_lang=lang, mask_rate=cfg.mask_rate, seed=cfg.seed))
    bt_examples = encode_back_translated(bt, sp, cfg)
    examples += bt_examples
    log(workdir, event="data", pairs=len(pairs), masked_pairs=n_masked, examples=len(examples),
        back_translated=len(bt_examples), vocab=sp.get_piece_size())

    model = build_model(cfg, sp.get_piece_size())
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-9)
    nparams = sum(p.numel() for p in model.parameters())
    state = {"step": 0, "epoch": 0, "batch_in_epoch": 0, "best": -1.0, "bad_evals": 0, "curve": [], "seconds": 0.0}
    ckpt = workdir / "checkpoint.pt"
    ema_saved = None
    if ckpt.exists():
        saved = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict({k: v.float() for k, v in saved["model"].items()})
        state = saved["state"]
        if "opt" in saved:
            opt.load_state_dict(saved["opt"])
        else:  # a compact checkpoint (see compact_checkpoint): Adam's moments restart from zero
            state["rewarm_from"] = state["step"]
        ema_saved = saved.get("ema")
        log(workdir, event="resume", step=state["step"], epoch=state["epoch"], best=state["best"],
            optimizer="restored" if "opt" in saved else "reset")
    elif grow_from is not None:
        saved = torch.load(grow_from, map_location="cpu", weights_only=False)
        model.load_state_dict(grow_state_dict(saved["model"], model.state_dict()))
        # the schedule goes on from the old step (a warm restart at its learning rate); the data are
        # new, so epochs count afresh; "best" restarts: the grown model is scored on its own
        state = dict(saved["state"], epoch=0, batch_in_epoch=0, best=-1.0, bad_evals=0)
        state.setdefault("grown", []).append({"step": state["step"], "from": str(grow_from)})
        state["rewarm_from"] = state["step"]
        log(workdir, event="grow", step=state["step"], source=str(grow_from))
    if data_notes:
        state["data_notes"] = data_notes  # kept in the checkpoint: a later repackaging still has them
    log(workdir, event="model", parameters=nparams, config=asdict(cfg))
    # every (re)start and its command: a run resumed with other options is reproduced by all of them
    state.setdefault("history", []).append({"step": state["step"], "command": command})
    # the averaged weights (fp32, no gradients); a compact checkpoint restarts them from the model
    ema = None
    if cfg.ema > 0:
        ema = build_model(cfg, sp.get_piece_size())
        ema.load_state_dict({k: v.float() for k, v in (ema_saved or model.state_dict()).items()})
        ema.eval()
        for p in ema.parameters():
            p.requires_grad_(False)

    def lr_at(step: int) -> float:
        step = max(step, 1)
        lr = cfg.lr * min(step / cfg.warmup, math.sqrt(cfg.warmup / step))
        if cfg.cooldown_minutes and cfg.max_minutes:
            left = cfg.max_minutes - (time.time() - start) / 60
            lr *= max(0.0, min(1.0, left / cfg.cooldown_minutes))
        if cfg.cooldown_steps and cfg.max_steps:
            lr *= max(0.0, min(1.0, (cfg.max_steps - step + 1) / cfg.cooldown_steps))
        if cfg.rewarm_steps and "rewarm_from" in state:
            lr *= max(0.0, min(1.0, (step - state["rewarm_from"]) / cfg.rewarm_steps))
        return lr

    def evaluate(net, tmp: Path) -> dict:
        net.eval()
        export_ctranslate2(net, cfg, sp, tmp)
        model.train()
        return score_dev(tmp, sp, dev, cfg)

    start = time.time() - state["seconds"]
    model.train()
    stop = False
    while state["epoch"] < cfg.max_epochs and not stop:
        erng = random.Random(cfg.seed * 1000 + state["epoch"])
        batches = make_batches(examples, cfg.batch_tokens, erng)
        t0, toks, loss_sum, n_loss = time.time(), 0, 0.0, 0
        for bi in range(state["batch_in_epoch"], len(batches)):
            src, tin, tout = batch_tensors(examples, batches[bi])
            for g in opt.param_groups:
                g["lr"] = lr_at(state["step"] + 1)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
                logits = model(src, tin)
            loss = F.cross_entropy(
                logits.view(-1, logits.shape[-1]).float(), tout.view(-1), ignore_index=-100,
                label_smoothing=cfg.label_smoothing,
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if ema is not None:
                with torch.no_grad():
                    e, m = list(ema.parameters()), list(model.parameters())
                    torch._foreach_mul_(e, cfg.ema)
                    torch._foreach_add_(e, m, alpha=1 - cfg.ema)
            state["step"] += 1
            state["batch_in_epoch"] = bi + 1
            toks += int((tout != -100).sum())
            loss_sum += float(loss.detach())
            n_loss += 1
            if state["step"] % 50 == 0:
                dt = time.time() - t0
                log(workdir, event="train", step=state["step"], epoch=state["epoch"], loss=round(loss_sum / n_loss, 4),
                    tokens_per_s=round(toks / max(dt, 1e-9), 1), lr=round(lr_at(state["step"]), 6))
                t0, toks, loss_sum, n_loss = time.time(), 0, 0.0, 0
            elapsed_min = (time.time() - start) / 60
            out_of_steps = bool(cfg.max_steps) and state["step"] >= cfg.max_steps
            out_of_time = (cfg.max_minutes and elapsed_min >= cfg.max_minutes) or out_of_steps
            if state["step"] % cfg.eval_every == 0 or out_of_time:
                state["seconds"] = time.time() - start
                exported = {"raw": workdir / "eval_model", "ema": workdir / "eval_ema"}
                scores, weights = evaluate(model, exported["raw"]), "raw"
                extra = {}
                if ema is not None:
                    ema_scores = evaluate(ema, exported["ema"])
                    extra = {"dev_chrf_raw": {k: round(v, 2) for k, v in scores.items()},
                             "dev_chrf_ema": {k: round(v, 2) for k, v in ema_scores.items()}}
                    if mean_chrf(ema_scores) > mean_chrf(scores):
                        scores, weights = ema_scores, "ema"
                point = {"step": state["step"], "epoch": state["epoch"], "minutes": round(elapsed_min, 1), "dev_chrf": scores}
                if ema is not None:
                    point["weights"] = weights
                state["curve"].append(point)
                improved = mean_chrf(scores) > state["best"]
                log(workdir, event="eval", step=state["step"], epoch=state["epoch"], minutes=round(elapsed_min, 1),
                    dev_chrf={k: round(v, 2) for k, v in scores.items()}, best=improved, lr=lr_at(state["step"]),
                    **({"weights": weights} if ema is not None else {}), **extra)
                if improved:
                    state["best"], state["bad_evals"] = mean_chrf(scores), 0
                    best_dir = workdir / "best_model"
                    if best_dir.exists():
                        shutil.rmtree(best_dir)
                    shutil.copytree(exported[weights], best_dir)
                    write_packages(cfg, best_dir, sp_path, out_file, state, nparams, command, len(pairs))
                else:
                    state["bad_evals"] += 1
                if cfg.snapshots:
                    save_snapshot(workdir, state["step"], (ema if weights == "ema" else model).state_dict(), cfg.snapshots)
                saved = {"model": model.state_dict(), "opt": opt.state_dict(), "state": state}
                if ema is not None:
                    saved["ema"] = ema.state_dict()
                torch.save(saved, str(ckpt) + ".tmp")
                os.replace(str(ckpt) + ".tmp", ckpt)
                if state["bad_evals"] >= cfg.patience:
                    log(workdir, event="early_stop", step=state["step"], best=state["best"])
                    stop = True
                if out_of_time:
                    log(workdir, event="step_limit" if out_of_steps else "time_limit", step=state["step"], minutes=round(elapsed_min, 1))
                    stop = True
                if stop:
                    break
        else:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
    return state


def compact_checkpoint(workdir: Path, out: Path) -> Path:
    """A small, committable checkpoint: fp16 weights and training state, no optimizer moments.

    `train` resumes from it like from a full one (Adam restarts), so a later session on a fresh
    machine can continue a run: copy it to ``<workdir>/checkpoint.pt`` beside the SentencePiece model.
    """
    import torch

    saved = torch.load(workdir / "checkpoint.pt", map_location="cpu", weights_only=False)
    small = {"model": {k: v.half() for k, v in saved["model"].items()}, "state": saved["state"]}
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(small, str(out) + ".tmp")
    os.replace(str(out) + ".tmp", out)
    return out


def write_packages(cfg, best_dir, sp_path, out_file: Path, state, nparams, command, npairs) -> list[Path]:
    """One package: the first direction's, naming the other one (``locnews_reverse``) when the
    model is bidirectional, so the weights ship once."""
    reverse = None
    if cfg.bidirectional:
        reverse = {"from_code": cfg.tgt_lang, "from_name": LANG_NAMES.get(cfg.tgt_lang, cfg.tgt_lang),
                   "to_code": cfg.src_lang, "to_name": LANG_NAMES.get(cfg.src_lang, cfg.src_lang),
                   "target_prefix": prefix_token(cfg.src_lang)}
    readme = model_card(cfg, cfg.src_lang, cfg.tgt_lang, state, nparams, command, npairs)
    return [package(best_dir, sp_path, out_file, cfg.src_lang, cfg.tgt_lang, readme, reverse=reverse)]


def save_snapshot(workdir: Path, step: int, weights: dict, keep: int) -> None:
    """fp16 weights of an evaluation, for checkpoint averaging; only the last ``keep`` are kept."""
    import torch

    d = workdir / "snapshots"
    d.mkdir(exist_ok=True)
    torch.save({k: v.half() for k, v in weights.items()}, d / f"step-{step:07d}.pt")
    for old in sorted(d.glob("step-*.pt"))[:-keep]:
        old.unlink()


def average_snapshots(workdir: Path, last: int) -> tuple[dict, list[str]]:
    """The element-wise mean of the last ``last`` snapshots' weights (and their names)."""
    import torch

    files = sorted((workdir / "snapshots").glob("step-*.pt"))[-last:]
    total: dict = {}
    for f in files:
        for k, v in torch.load(f, map_location="cpu").items():
            total[k] = total.get(k, 0) + v.float()
    return {k: v / len(files) for k, v in total.items()}, [f.stem for f in files]


def repackage(cfg: TrainConfig, workdir: Path, out_file: Path, command: str, data_notes: dict | None = None,
              average: int = 0, dev_files: tuple[Path, Path] | None = None) -> list[Path]:
    """Write the package again from ``<workdir>/best_model`` and the checkpoint's state (a new model
    card or package layout without training; the weights are the best evaluation's, unchanged).

    With ``average`` > 1, the mean of the last snapshots is scored on dev too and packaged instead
    when its mean chrF is higher (checkpoint averaging).
    """
    import torch

    from locnews.errors import LocnewsError

    best_dir, ckpt = workdir / "best_model", workdir / "checkpoint.pt"
    if not best_dir.is_dir() or not ckpt.exists():
        raise LocnewsError("no best_model/ and checkpoint.pt to package", workdir)
    state = torch.load(ckpt, map_location="cpu", weights_only=False)["state"]
    if data_notes:
        state["data_notes"] = data_notes
    if average > 1 and dev_files is not None:
        import sentencepiece as spm

        weights, names = average_snapshots(workdir, average)
        net = build_model(cfg, len(weights["generator_bias"]))
        net.load_state_dict(weights)
        net.eval()
        sp = spm.SentencePieceProcessor(model_file=str(workdir / "sentencepiece.model"))
        avg_dir = workdir / "avg_model"
        export_ctranslate2(net, cfg, sp, avg_dir)
        scores = score_dev(avg_dir, sp, read_parallel(*dev_files)[: cfg.dev_limit], cfg)
        point = {"step": state["step"], "epoch": state["epoch"], "minutes": round(state["seconds"] / 60, 1),
                 "dev_chrf": scores, "weights": f"mean of {len(names)} ({names[0]}…{names[-1]})"}
        state["curve"].append(point)
        log(workdir, event="average", snapshots=names, dev_chrf={k: round(v, 2) for k, v in scores.items()},
            best=mean_chrf(scores) > state["best"])
        if mean_chrf(scores) > state["best"]:
            state["best"] = mean_chrf(scores)
            shutil.rmtree(best_dir)
            shutil.copytree(avg_dir, best_dir)
    events = [json.loads(line) for line in (workdir / "train.log").read_text(encoding="utf-8").splitlines()]
    npairs = next((e["pairs"] for e in reversed(events) if e.get("event") == "data"), 0)
    nparams = next((e["parameters"] for e in reversed(events) if e.get("event") == "model"), 0)
    last = state.get("history", [{}])[-1].get("command") or command
    return write_packages(cfg, best_dir, workdir / "sentencepiece.model", out_file, state, nparams, last, npairs)
