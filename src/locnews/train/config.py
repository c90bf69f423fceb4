"""Training configuration and the conventions shared by every stage (language tags, special ids)."""

from __future__ import annotations

from dataclasses import dataclass, field

LANG_NAMES = {"id": "Indonesian", "en": "English"}
PAD, UNK, BOS, EOS = 3, 0, 1, 2


# Source-side tag of back-translated pairs (Caswell et al., 2019, "Tagged back-translation"): the
# model learns that a synthetic source is noisier than a real one and does not imitate it. Plain text
# (encoded as ordinary pieces), so it needs no change to the vocabulary of a model being continued.
BT_TAG = "<bt>"


def prefix_token(lang: str) -> str:
    # Not "__en__": Argos's SentencePiece decoder turns every "_" into a space, so a prefix with
    # underscores would survive into its output instead of being stripped.
    return f"<2{lang}>"


@dataclass
class TrainConfig:
    src_lang: str = "id"
    tgt_lang: str = "en"
    bidirectional: bool = True
    vocab_size: int = 8000
    d_model: int = 256
    ffn: int = 1024
    heads: int = 4
    enc_layers: int = 4
    dec_layers: int = 3
    dropout: float = 0.1
    label_smoothing: float = 0.1
    lr: float = 1e-3
    warmup: int = 500
    batch_tokens: int = 4000
    max_len: int = 128  # subword pieces; longer pairs are skipped in training
    eval_every: int = 400  # steps
    dev_limit: int = 400  # dev sentences per direction scored at each evaluation
    patience: int = 5  # evaluations without improvement before stopping
    max_minutes: float = 0.0  # 0 = no time limit
    max_epochs: int = 100
    threads: int = 0  # 0 = all cores
    seed: int = 1
    bf16: bool = True  # bf16 autocast for matmuls (fp32 master weights): ~1.5x faster on AVX512-BF16 CPUs
    weights: dict = field(default_factory=dict)  # corpus file -> sampling weight (0..1)
    # share of the pairs with protectable spans (numbers, dates, URLs…) whose spans are replaced by
    # the "#1" tokens `locnews translate` masks them with, on both sides: the model learns to copy them
    mask_rate: float = 0.0
    # last minutes before max_minutes in which the learning rate falls linearly to zero: a short
    # cool-down at the end recovers most of what a longer decaying schedule would give
    cooldown_minutes: float = 0.0
    # the same in steps: a machine-independent run length (0 = no step limit)
    max_steps: int = 0
    cooldown_steps: int = 0
    # steps over which the learning rate ramps up again after Adam's moments were reset (a resume from
    # a compact checkpoint, or a grown model): fresh moments make the first updates sign-like and large
    rewarm_steps: int = 0
    snapshots: int = 0  # fp16 weights of the last N evaluations kept for checkpoint averaging (0 = none)
    ema: float = 0.0  # decay of an exponential moving average of the weights (0 = off); scored beside the raw weights


_BF16_FLAGS = frozenset(("avx512_bf16", "amx_bf16"))


def cpuinfo_field(key: str, cpuinfo: str | None = None) -> str | None:
    """The first value of ``key`` in /proc/cpuinfo (or in ``cpuinfo``), None where there is none
    (not Linux, or no such field)."""
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
                cpuinfo = f.read()
        except OSError:
            return None
    for line in cpuinfo.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() == key:
            return value.strip()
    return None


def cpu_has_native_bf16(cpuinfo: str | None = None) -> bool:
    """Does this CPU compute bf16 matmuls natively (AVX512-BF16 or AMX-BF16, from /proc/cpuinfo)?

    Without them PyTorch emulates bf16 and autocast makes training slower, not faster. Not Linux
    (no /proc/cpuinfo): False, so training runs in fp32, which is right everywhere.
    """
    return bool(_BF16_FLAGS & set((cpuinfo_field("flags", cpuinfo) or "").split()))
