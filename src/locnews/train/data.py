"""Training data: reading and cleaning parallel text, masking, SentencePiece, examples and batches."""

from __future__ import annotations

import os
import random
from pathlib import Path

from locnews.train.config import (
    BOS,
    BT_TAG,
    EOS,
    PAD,
    UNK,
    TrainConfig,
    prefix_token,
)


def read_parallel(src: Path, tgt: Path, weight: float = 1.0, seed: int = 1) -> list[tuple[str, str]]:
    a = Path(src).read_text(encoding="utf-8").splitlines()
    b = Path(tgt).read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        from locnews.errors import LocnewsError

        raise LocnewsError(f"{len(a)} lines here but {len(b)} in {tgt}", src)
    pairs = [(x.strip(), y.strip()) for x, y in zip(a, b) if x.strip() and y.strip()]
    if weight < 1.0:
        rng = random.Random(seed)
        pairs = [p for p in pairs if rng.random() < weight]
    return pairs


def clean_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop misaligned pairs (length ratio) and exact duplicates."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s, t in pairs:
        ls, lt = len(s), len(t)
        if max(ls, lt) > 3 * min(ls, lt) + 10 or (s, t) in seen:
            continue
        seen.add((s, t))
        out.append((s, t))
    return out


def mask_pair(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[str, str] | None:
    """``src``/``tgt`` with every protected span of ``src`` replaced by its ``#n`` token on both sides.

    None when some span's target form (``2.000`` -> ``2,000``, ``8 Juli`` -> ``8 July``) is not found
    in ``tgt``: a pair whose tokens do not match would teach the model to drop or invent them.
    """
    import re

    from locnews.mt import protect

    m = protect.mask(src, src_lang, tgt_lang)
    if not m.items or m.outer is not None:
        return None
    taken: list[tuple[int, int, str]] = []
    for item in m.items:
        rx = re.compile(r"(?<![\w.,])" + re.escape(item.target) + r"(?![\w]|[.,]\d)")
        hit = next((h for h in rx.finditer(tgt) if not any(h.start() < e and s < h.end() for s, e, _ in taken)), None)
        if hit is None:
            return None
        taken.append((hit.start(), hit.end(), m.token(item)))
    out, pos = [], 0
    for start, end, token in sorted(taken):
        out += [tgt[pos:start], token]
        pos = end
    out.append(tgt[pos:])
    return m.text, "".join(out)


def mask_pairs(pairs, cfg: TrainConfig) -> tuple[list[tuple[str, str]], int]:
    """Mask a seeded ``cfg.mask_rate`` share of the maskable pairs (see :func:`mask_pair`)."""
    if cfg.mask_rate <= 0:
        return pairs, 0
    rng = random.Random(cfg.seed + 7)
    out, n = [], 0
    for s, t in pairs:
        if rng.random() < cfg.mask_rate:
            masked = mask_pair(s, t, cfg.src_lang, cfg.tgt_lang)
            if masked is not None:
                out.append(masked)
                n += 1
                continue
        out.append((s, t))
    return out, n


def train_sentencepiece(pairs, cfg: TrainConfig, out_prefix: Path) -> Path:
    import sentencepiece as spm

    text = out_prefix.with_suffix(".txt")
    with open(text, "w", encoding="utf-8") as fh:
        for s, t in pairs:
            fh.write(s + "\n" + t + "\n")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(out_prefix),
        vocab_size=cfg.vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=UNK,
        bos_id=BOS,
        eos_id=EOS,
        pad_id=PAD,
        pad_piece="<pad>",
        user_defined_symbols=[prefix_token(cfg.src_lang), prefix_token(cfg.tgt_lang)],
        byte_fallback=True,
        input_sentence_size=200000,
        shuffle_input_sentence=True,
        num_threads=max(1, os.cpu_count() or 1),
        minloglevel=2,
    )
    text.unlink()
    return out_prefix.with_suffix(".model")


def encode_back_translated(bt, sp, cfg: TrainConfig) -> list[tuple[list[int], list[int]]]:
    """Synthetic pairs, one direction only (synthetic source → real target), source tagged BT_TAG."""
    out = []
    for tgt_lang, pairs in bt.items():
        tag = sp.piece_to_id(prefix_token(tgt_lang))
        srcs = sp.encode([f"{BT_TAG} {p[0]}" for p in pairs])
        tgts = sp.encode([p[1] for p in pairs])
        out += [(s, [tag] + t) for s, t in zip(srcs, tgts) if 0 < len(s) <= cfg.max_len and 0 < len(t) <= cfg.max_len]
    return out


def encode_examples(pairs, sp, cfg: TrainConfig) -> list[tuple[list[int], list[int]]]:
    """(source ids, target ids with forced language token) for each direction trained."""
    dirs = [(0, 1, cfg.tgt_lang)]
    if cfg.bidirectional:
        dirs.append((1, 0, cfg.src_lang))
    srcs = sp.encode([p[0] for p in pairs])
    tgts = sp.encode([p[1] for p in pairs])
    sides = (srcs, tgts)
    out = []
    for si, ti, lang in dirs:
        tag = sp.piece_to_id(prefix_token(lang))
        for s, t in zip(sides[si], sides[ti]):
            if 0 < len(s) <= cfg.max_len and 0 < len(t) <= cfg.max_len:
                out.append((s, [tag] + t))
    return out


def make_batches(examples, batch_tokens: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches of about ``batch_tokens`` padded tokens, in random order."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i][1]), len(examples[i][0]), rng.random()))
    batches, cur, longest = [], [], 0
    for i in order:
        n = max(len(examples[i][0]), len(examples[i][1]) + 1)
        if cur and max(longest, n) * (len(cur) + 1) > batch_tokens:
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def batch_tensors(examples: list[tuple[list[int], list[int]]], idx: list[int]):
    """(source, decoder input, decoder target) tensors of one batch, padded; the target position 0
    (the language tag, forced at inference) and padding are -100, ignored by the loss."""
    import torch

    src_len = max(len(examples[i][0]) for i in idx)
    tgt_len = max(len(examples[i][1]) for i in idx) + 1
    src = torch.full((len(idx), src_len), PAD, dtype=torch.long)
    tin = torch.full((len(idx), tgt_len), PAD, dtype=torch.long)
    tout = torch.full((len(idx), tgt_len), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        s, t = examples[i]
        src[r, : len(s)] = torch.tensor(s)
        tin[r, : len(t) + 1] = torch.tensor([BOS] + t)
        tout[r, 1 : len(t) + 1] = torch.tensor(t[1:] + [EOS])
    return src, tin, tout

