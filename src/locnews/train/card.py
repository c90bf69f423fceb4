"""The model card (README.md inside each package): data, model, commands, learning curve."""

from __future__ import annotations

from locnews.train.config import (
    LANG_NAMES,
    prefix_token,
)
from locnews.train.export import (
    mean_chrf,
)


def _commands(state: dict, command: str) -> str:
    history = [h for h in state.get("history", []) if h.get("command")]
    if len(history) <= 1:
        return f"```\n{command}\n```"
    lines = [f"Trained in {len(history)} runs, each resuming from the checkpoint the one before left "
             "(`--max-minutes` counts the minutes of all of them):", ""]
    for h in history:
        lines.append(f"- from step {h['step']}:\n  ```\n  {h['command']}\n  ```")
    return "\n".join(lines)


# Why the default is one model for both directions: measured, see benchmarks/bidir_vs_uni.py.
BIDIRECTIONAL_WHY = (
    "Why one model and not two: at equal training compute (a step of this model costs what a step of "
    "one of two one-direction models costs), its id→en dev chrF was 5–10 points above a one-direction "
    "id→en model's at every evaluation up to 4000 steps (same data, vocabulary, architecture and "
    "schedule; `benchmarks/results/bidir_vs_uni.md` in the locnews repository). Per step, a "
    "one-direction model learns its one direction faster (+2 to +8 chrF at 400–2000 steps), but the "
    "other direction then needs a run of its own; here each language is seen as source and as target."
)


def _direction_note(cfg, tgt: str) -> str:
    if not cfg.bidirectional:
        return "A one-direction model."
    return ("One bidirectional model serves both directions; the target language is forced by the first "
            f"decoder token `{prefix_token(tgt)}` (`target_prefix` in metadata.json).\n\n{BIDIRECTIONAL_WHY}")


def training_files(command: str) -> list[dict]:
    """The corpora of a run's command: (source file, target file, weight, kind) in the order given."""
    import shlex

    words, out, i = shlex.split(command), [], 0
    while i < len(words):
        kind = {"--train": "parallel", "--back-translated": "back-translated"}.get(words[i])
        if kind is None:
            i += 1
            continue
        args = []
        i += 1
        while i < len(words) and not words[i].startswith("--") and len(args) < 3:
            args.append(words[i])
            i += 1
        weight = float(args[2]) if len(args) == 3 else 1.0
        out.append({"src": args[0], "tgt": args[1], "weight": weight, "kind": kind})
    return out


def read_data_notes(path) -> dict[str, tuple[str, str]]:
    """``file stem → (what it is, source and licence)`` from a TSV (training/corpora.tsv)."""
    from pathlib import Path

    notes = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            stem, what, licence = (line.split("\t") + ["", ""])[:3]
            notes[stem] = (what, licence)
    return notes


def data_section(command: str, notes: dict) -> str:
    """One row per training file: weight, kind, what it is and its licence note."""
    from pathlib import Path

    rows = ["| file (source / target) | kind | weight | what it is | source and licence |", "|---|---|---|---|---|"]
    for f in training_files(command):
        stem = Path(f["src"]).stem
        what, licence = notes.get(stem, ("", "not recorded"))
        rows.append(f"| `{Path(f['src']).name}` / `{Path(f['tgt']).name}` | {f['kind']} | {f['weight']:g} | {what} | {licence} |")
    return "\n".join(rows)


def model_card(cfg, src, tgt, state, nparams, command, npairs) -> str:
    curve = "\n".join(
        f"| {c['step']} | {c['epoch']} | {c['minutes']} | "
        + " | ".join(f"{v:.1f}" for v in c["dev_chrf"].values())
        + f" | {c.get('weights', 'raw')} |"
        for c in state["curve"]
    )
    dirs = " | ".join(state["curve"][0]["dev_chrf"].keys()) if state["curve"] else ""
    chosen = ""
    if state["curve"]:
        best = max(state["curve"], key=lambda c: mean_chrf(c["dev_chrf"]))
        chosen = (f"Packaged: the weights of step {best['step']} ({best.get('weights', 'raw')}), the best mean dev "
                  "chrF of the run.")
    extras = []
    if cfg.mask_rate:
        extras.append(f"{cfg.mask_rate:.0%} of the pairs with numbers, dates or URLs had them replaced by the `#1` "
                      "tokens `locnews translate` masks them with (on both sides, only where the target carries "
                      "the same figure), so the model learns to copy them.")
    if cfg.cooldown_steps and cfg.max_steps:
        extras.append(f"The learning rate falls linearly to zero over the last {cfg.cooldown_steps} of the "
                      f"{cfg.max_steps} training steps.")
    if cfg.cooldown_minutes:
        extras.append(f"The learning rate falls linearly to zero over the last {cfg.cooldown_minutes:g} of the "
                      f"{cfg.max_minutes:g} training minutes.")
    for g in state.get("grown", []):
        extras.append(f"Grown at step {g['step']} from a smaller trained model (`--grow-from`): the layers and FFN "
                      "units it lacked were added so that the larger model started by computing the same function "
                      "(new encoder layers with zero output projections, new FFN units with zero output weights).")
    if cfg.ema:
        extras.append(f"An exponential moving average of the weights (decay {cfg.ema}) is scored beside the raw "
                      "weights at each evaluation; the better one is kept (column `weights`).")
    arrow = "⇄" if cfg.bidirectional else "→"
    return f"""# locnews {LANG_NAMES[src]} {arrow} {LANG_NAMES[tgt]} translation model

Trained by `locnews models train` (locnews/train/). {_direction_note(cfg, tgt)}

## Data
{data_section(command, state.get("data_notes", {}))}

A weight below 1 samples that share of the file's pairs. Parallel pairs train both directions;
back-translated pairs (the monolingual text translated by the previous model) train only the
direction synthetic → real, with a `<bt>` tag on the synthetic source.
{npairs} cleaned parallel pairs after de-duplication and length-ratio filtering.
- Early stopping and model selection on the first {cfg.dev_limit} lines of `bppt.dev` only.
  Never trained or tuned on `bppt.test` or IWSLT.

## Model
Pre-norm Transformer, {cfg.enc_layers} encoder + {cfg.dec_layers} decoder layers, d_model {cfg.d_model},
FFN {cfg.ffn}, {cfg.heads} heads, tied embeddings, joint SentencePiece unigram vocabulary of {cfg.vocab_size}
pieces; {nparams/1e6:.1f} M parameters; dropout {cfg.dropout}, label smoothing {cfg.label_smoothing},
Adam (lr {cfg.lr}, inverse-sqrt, {cfg.warmup} warm-up steps), batches of ~{cfg.batch_tokens} tokens.
Exported to CTranslate2, int8.
{chr(10).join('- ' + e for e in extras)}

## Command
{_commands(state, command)}

## Learning curve (dev chrF, greedy-ish beam 2, int8)
| step | epoch | minutes | {dirs} | weights |
|---|---|---|{'---|' * (len(state['curve'][0]['dev_chrf']) if state['curve'] else 0)}---|
{curve}

{chosen}

## Scores on held-out test sets
See `benchmarks/results/mt_quality.json` in the locnews repository (`benchmarks/eval_mt.py`).
"""
