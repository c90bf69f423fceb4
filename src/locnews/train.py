"""Train an id⇄en Transformer on the CPU and package it as an Argos Translate model.

Optional extra (``pip install '.[train]'``): torch and sacrebleu are imported here only.

Pipeline: parallel text → SentencePiece (one joint vocabulary) → a small pre-norm Transformer in
torch, laid out like OpenNMT-py so its weights map one to one onto CTranslate2's TransformerSpec →
int8 CTranslate2 model → ``.argosmodel`` zip (metadata.json, model/, sentencepiece.model, README.md).

One model serves both directions: the decoder is told the target language by a forced first token
(``<2en>`` / ``<2id>``), which Argos supports as the package's ``target_prefix``. On two CPU cores
that halves the training runs and lets each direction learn from the other's data (both
languages are seen as source and as target).

Training resumes from ``<workdir>/checkpoint.pt``, logs loss, tokens/s and dev chrF to
``<workdir>/train.log`` (JSON lines), keeps the best checkpoint on dev chrF and stops early.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

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
    ema: float = 0.0  # decay of an exponential moving average of the weights (0 = off); scored beside the raw weights


# --------------------------------------------------------------------------------------------
# data


def read_parallel(src: Path, tgt: Path, weight: float = 1.0, seed: int = 1) -> list[tuple[str, str]]:
    a = Path(src).read_text(encoding="utf-8").splitlines()
    b = Path(tgt).read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        from .errors import LocnewsError

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


def mean_chrf(scores: dict) -> float:
    """Mean dev chrF over the directions scored: what "best" means for a bidirectional model."""
    return sum(scores.values()) / len(scores)


def mask_pair(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[str, str] | None:
    """``src``/``tgt`` with every protected span of ``src`` replaced by its ``#n`` token on both sides.

    None when some span's target form (``2.000`` -> ``2,000``, ``8 Juli`` -> ``8 July``) is not found
    in ``tgt``: a pair whose tokens do not match would teach the model to drop or invent them.
    """
    import re

    from . import protect

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


def grow_state_dict(old: dict, new: dict) -> dict:
    """Initialise a larger model from a trained smaller one so that it computes the same function.

    Tensors of the same name and shape are copied; a wider FFN keeps the old units and gets new ones
    whose output weights are zero; an encoder layer the old model lacks gets zero output projections
    (attention and FFN), which makes it an identity in a pre-norm residual stack. Training then starts
    from the old model's quality with the new capacity free to learn.
    """
    out = {}
    for k, v in new.items():
        o = old.get(k)
        if o is not None and o.shape == v.shape:
            out[k] = o.float().clone()
        elif o is not None and v.dim() == o.dim():  # wider FFN: old slice kept, new units start silent
            w = v.clone()
            if k.endswith("w_2.weight"):
                w.zero_()
            w[tuple(slice(0, n) for n in o.shape)] = o.float()
            out[k] = w
        elif k.startswith("encoder_layers.") and (k.endswith("final_linear.weight") or k.endswith("final_linear.bias")
                                                   or k.endswith("w_2.weight") or k.endswith("w_2.bias")):
            out[k] = v.clone().zero_()
        else:
            out[k] = v.clone()
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


# --------------------------------------------------------------------------------------------
# model (names mirror OpenNMT-py so the CTranslate2 mapping is direct)


def build_model(cfg: TrainConfig, vocab: int):
    import torch
    from torch import nn
    import torch.nn.functional as F

    def sinusoids(n: int, d: int):
        pos = torch.arange(n, dtype=torch.float32).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * -(math.log(10000.0) / d))
        pe = torch.zeros(n, d)
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        return pe

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            d = cfg.d_model
            self.linear_query = nn.Linear(d, d)
            self.linear_keys = nn.Linear(d, d)
            self.linear_values = nn.Linear(d, d)
            self.final_linear = nn.Linear(d, d)

        def forward(self, q, kv, mask, causal=False):
            b, lq, d = q.shape
            h = cfg.heads

            def split(x):
                return x.view(b, -1, h, d // h).transpose(1, 2)

            qq, kk, vv = split(self.linear_query(q)), split(self.linear_keys(kv)), split(self.linear_values(kv))
            attn_mask = mask  # bool, True = attend; broadcast (b,1,lq|1,lk)
            if causal:
                lk = kv.shape[1]
                tri = torch.ones(lq, lk, dtype=torch.bool, device=q.device).tril()
                attn_mask = tri if mask is None else (mask & tri)
            out = F.scaled_dot_product_attention(
                qq, kk, vv, attn_mask=attn_mask, dropout_p=cfg.dropout if self.training else 0.0
            )
            return self.final_linear(out.transpose(1, 2).reshape(b, lq, d))

    class FFN(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.w_1 = nn.Linear(cfg.d_model, cfg.ffn)
            self.w_2 = nn.Linear(cfg.ffn, cfg.d_model)
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x):
            return x + self.drop(self.w_2(self.drop(F.relu(self.w_1(self.layer_norm(x))))))

    class EncLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.self_attn = Attention()
            self.feed_forward = FFN()
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x, mask):
            y = self.layer_norm(x)
            x = x + self.drop(self.self_attn(y, y, mask))
            return self.feed_forward(x)

    class DecLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer_norm_1 = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.self_attn = Attention()
            self.layer_norm_2 = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.context_attn = Attention()
            self.feed_forward = FFN()
            self.drop = nn.Dropout(cfg.dropout)

        def forward(self, x, src_mask):
            y = self.layer_norm_1(x)
            x = x + self.drop(self.self_attn(y, y, None, causal=True))
            y = self.layer_norm_2(x)
            x = x + self.drop(self.context_attn(y, self._memory, src_mask))
            return self.feed_forward(x)

    class Seq2Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.embeddings = nn.Embedding(vocab, cfg.d_model, padding_idx=PAD)
            nn.init.normal_(self.embeddings.weight, 0, cfg.d_model**-0.5)
            self.register_buffer("pe", sinusoids(1024, cfg.d_model), persistent=False)
            self.encoder_layers = nn.ModuleList([EncLayer() for _ in range(cfg.enc_layers)])
            self.decoder_layers = nn.ModuleList([DecLayer() for _ in range(cfg.dec_layers)])
            self.encoder_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.decoder_norm = nn.LayerNorm(cfg.d_model, eps=1e-6)
            self.generator_bias = nn.Parameter(torch.zeros(vocab))
            self.drop = nn.Dropout(cfg.dropout)
            for name, p in self.named_parameters():
                if p.dim() == 2 and "embeddings" not in name:
                    nn.init.xavier_uniform_(p)

        def embed(self, ids):
            x = self.embeddings(ids) * math.sqrt(cfg.d_model) + self.pe[: ids.shape[1]]
            return self.drop(x)

        def forward(self, src, tgt_in):
            src_mask = (src != PAD)[:, None, None, :]
            x = self.embed(src)
            for layer in self.encoder_layers:
                x = layer(x, src_mask)
            memory = self.encoder_norm(x)
            y = self.embed(tgt_in)
            for layer in self.decoder_layers:
                layer._memory = memory
                y = layer(y, src_mask)
            y = self.decoder_norm(y)
            return F.linear(y, self.embeddings.weight, self.generator_bias)

    return Seq2Seq()


def export_ctranslate2(model, cfg: TrainConfig, sp, out_dir: Path, quantization: str = "int8") -> None:
    """Write the torch weights as a CTranslate2 TransformerSpec (pre-norm, ReLU, tied embeddings)."""
    import numpy as np
    import ctranslate2
    from ctranslate2.specs import common_spec, transformer_spec

    # Copies, not views: spec.optimize() quantizes the arrays in place, which would otherwise
    # overwrite the live torch weights mid-training.
    sd = {k: v.detach().float().cpu().numpy().copy() for k, v in model.state_dict().items()}
    spec = transformer_spec.TransformerSpec.from_config(
        (cfg.enc_layers, cfg.dec_layers), cfg.heads, pre_norm=True, activation=common_spec.Activation.RELU
    )

    def linear(s, name):
        s.weight = sd[name + ".weight"]
        s.bias = sd[name + ".bias"]

    def norm(s, name):
        s.gamma = sd[name + ".weight"]
        s.beta = sd[name + ".bias"]

    def fused(s, names):
        s.weight = np.concatenate([sd[n + ".weight"] for n in names])
        s.bias = np.concatenate([sd[n + ".bias"] for n in names])

    def attention(s, scope, self_attn):
        q, k, v = (f"{scope}.linear_query", f"{scope}.linear_keys", f"{scope}.linear_values")
        if self_attn:
            fused(s.linear[0], [q, k, v])
        else:
            linear(s.linear[0], q)
            fused(s.linear[1], [k, v])
        linear(s.linear[-1], f"{scope}.final_linear")

    def ffn(s, scope):
        norm(s.layer_norm, scope + ".layer_norm")
        linear(s.linear_0, scope + ".w_1")
        linear(s.linear_1, scope + ".w_2")

    emb = sd["embeddings.weight"]
    pe = model.pe.numpy().copy()
    spec.encoder.embeddings[0].weight = emb
    spec.encoder.position_encodings.encodings = pe
    norm(spec.encoder.layer_norm, "encoder_norm")
    for i, layer in enumerate(spec.encoder.layer):
        p = f"encoder_layers.{i}"
        attention(layer.self_attention, p + ".self_attn", True)
        norm(layer.self_attention.layer_norm, p + ".layer_norm")
        ffn(layer.ffn, p + ".feed_forward")
    spec.decoder.embeddings.weight = emb
    spec.decoder.position_encodings.encodings = pe
    norm(spec.decoder.layer_norm, "decoder_norm")
    spec.decoder.projection.weight = emb
    spec.decoder.projection.bias = sd["generator_bias"]
    for i, layer in enumerate(spec.decoder.layer):
        p = f"decoder_layers.{i}"
        attention(layer.self_attention, p + ".self_attn", True)
        norm(layer.self_attention.layer_norm, p + ".layer_norm_1")
        attention(layer.attention, p + ".context_attn", False)
        norm(layer.attention.layer_norm, p + ".layer_norm_2")
        ffn(layer.ffn, p + ".feed_forward")

    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.decoder_start_token = "<s>"
    spec.validate()
    spec.optimize(quantization=quantization)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    spec.save(str(out_dir))
    del ctranslate2  # imported for its side effect of registering spec classes


# --------------------------------------------------------------------------------------------
# evaluation with the exported model (what users will actually run)


def ct2_translate(model_dir: Path, sp, sentences: list[str], lang: str, beam: int = 2, threads: int = 0) -> list[str]:
    import ctranslate2

    tr = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8", intra_threads=threads or 0)
    toks = [sp.encode(s, out_type=str) for s in sentences]
    res = tr.translate_batch(
        toks, target_prefix=[[prefix_token(lang)]] * len(toks), beam_size=beam, max_batch_size=32, max_decoding_length=256
    )
    return [sp.decode(r.hypotheses[0][1:]) for r in res]


def chrf(hyps: list[str], refs: list[str]) -> float:
    import sacrebleu

    return sacrebleu.corpus_chrf(hyps, [refs]).score


# --------------------------------------------------------------------------------------------
# packaging


def package(
    model_dir: Path, sp_model: Path, out_file: Path, src: str, tgt: str, readme: str, version: str = "1.0"
) -> Path:
    """Zip an Argos package: one top-level folder with metadata.json, model/, sentencepiece.model."""
    from . import __version__

    top = f"translate-{src}_{tgt}-{version.replace('.', '_')}"
    meta = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": src,
        "from_name": LANG_NAMES.get(src, src),
        "to_code": tgt,
        "to_name": LANG_NAMES.get(tgt, tgt),
        "type": "translate",
        "target_prefix": prefix_token(tgt),
        "name": f"locnews {src}→{tgt}",
        "description": f"locnews {LANG_NAMES.get(src, src)}→{LANG_NAMES.get(tgt, tgt)} news model (locnews {__version__})",
        "links": [],
    }
    out_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_file.parent, suffix=".tmp")
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{top}/metadata.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        zf.writestr(f"{top}/README.md", readme)
        zf.write(sp_model, f"{top}/sentencepiece.model")
        for f in sorted(model_dir.iterdir()):
            zf.write(f, f"{top}/model/{f.name}")
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a package is meant to be shared
    os.replace(tmp, out_file)
    return out_file


# --------------------------------------------------------------------------------------------
# the training loop


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
) -> dict:
    import torch
    import torch.nn.functional as F
    import sentencepiece as spm

    workdir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(cfg.seed)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)

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
        if "opt" in saved:
            opt.load_state_dict(saved["opt"])
        # else: a compact checkpoint (see compact_checkpoint): Adam's moments restart from zero
        state = saved["state"]
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
        log(workdir, event="grow", step=state["step"], source=str(grow_from))
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
        return lr

    def evaluate(net, tmp: Path) -> dict:
        net.eval()
        export_ctranslate2(net, cfg, sp, tmp)
        scores = {}
        src_side = [p[0] for p in dev]
        tgt_side = [p[1] for p in dev]
        hyps = ct2_translate(tmp, sp, src_side, cfg.tgt_lang, threads=cfg.threads)
        scores[f"{cfg.src_lang}-{cfg.tgt_lang}"] = chrf(hyps, tgt_side)
        if cfg.bidirectional:
            hyps = ct2_translate(tmp, sp, tgt_side, cfg.src_lang, threads=cfg.threads)
            scores[f"{cfg.tgt_lang}-{cfg.src_lang}"] = chrf(hyps, src_side)
        model.train()
        return scores

    start = time.time() - state["seconds"]
    model.train()
    stop = False
    while state["epoch"] < cfg.max_epochs and not stop:
        erng = random.Random(cfg.seed * 1000 + state["epoch"])
        batches = make_batches(examples, cfg.batch_tokens, erng)
        t0, toks, loss_sum, n_loss = time.time(), 0, 0.0, 0
        for bi in range(state["batch_in_epoch"], len(batches)):
            idx = batches[bi]
            src_len = max(len(examples[i][0]) for i in idx)
            tgt_len = max(len(examples[i][1]) for i in idx) + 1
            src = torch.full((len(idx), src_len), PAD, dtype=torch.long)
            tin = torch.full((len(idx), tgt_len), PAD, dtype=torch.long)
            tout = torch.full((len(idx), tgt_len), -100, dtype=torch.long)
            for r, i in enumerate(idx):
                s, t = examples[i]
                src[r, : len(s)] = torch.tensor(s)
                tin[r, : len(t) + 1] = torch.tensor([BOS] + t)
                tout[r, 1 : len(t) + 1] = torch.tensor(t[1:] + [EOS])  # position 0 (language tag) is forced
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
    outs = [(cfg.src_lang, cfg.tgt_lang, out_file)]
    if cfg.bidirectional:
        other = out_file.with_name(out_file.name.replace(f"{cfg.src_lang}_{cfg.tgt_lang}", f"{cfg.tgt_lang}_{cfg.src_lang}"))
        if other == out_file:
            other = out_file.with_name(f"translate-{cfg.tgt_lang}_{cfg.src_lang}.argosmodel")
        outs.append((cfg.tgt_lang, cfg.src_lang, other))
    written = []
    for s, t, f in outs:
        readme = model_card(cfg, s, t, state, nparams, command, npairs)
        written.append(package(best_dir, sp_path, f, s, t, readme))
    return written


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
    if cfg.ema:
        extras.append(f"An exponential moving average of the weights (decay {cfg.ema}) is scored beside the raw "
                      "weights at each evaluation; the better one is kept (column `weights`).")
    return f"""# locnews {LANG_NAMES[src]} → {LANG_NAMES[tgt]} translation model

Trained by `locnews models train` (locnews/train.py). {_direction_note(cfg, tgt)}

## Data
- BPPT news (PAN Localization BPPT corpus, `bppt.train`, 22,018 pairs) and the validation/test splits of
  Guntara, Fikri & Prasojo (2020) multidomain en–id benchmark (news, general, religious — the religious
  part down-weighted to a sample; licence not stated by its source repository).
- {npairs} cleaned pairs after de-duplication and length-ratio filtering.
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
    ap.add_argument("--dev", nargs=2, required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--one-direction", action="store_true")
    ap.add_argument("--no-bf16", action="store_true", help="train in plain fp32 (CPUs without bf16 support)")
    for f in ("vocab_size", "d_model", "ffn", "heads", "enc_layers", "dec_layers", "batch_tokens", "eval_every",
              "dev_limit", "patience", "threads", "seed", "warmup", "max_epochs", "max_steps", "cooldown_steps"):
        ap.add_argument("--" + f.replace("_", "-"), type=int, default=getattr(TrainConfig, f))
    for f in ("dropout", "label_smoothing", "lr", "max_minutes", "mask_rate", "ema", "cooldown_minutes"):
        ap.add_argument("--" + f.replace("_", "-"), type=float, default=getattr(TrainConfig, f))
    a = ap.parse_args(argv)
    cfg = TrainConfig(src_lang=a.src, tgt_lang=a.tgt, bidirectional=not a.one_direction, bf16=not a.no_bf16,
                      **{f: getattr(a, f) for f in ("vocab_size", "d_model", "ffn", "heads", "enc_layers", "dec_layers",
                                                     "batch_tokens", "eval_every", "dev_limit", "patience", "threads",
                                                     "seed", "warmup", "max_epochs", "dropout", "label_smoothing", "lr",
                                                     "max_minutes", "mask_rate", "ema", "cooldown_minutes",
                                                     "max_steps", "cooldown_steps")})
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
    train(cfg, files, (Path(a.dev[0]), Path(a.dev[1])), workdir, out, command, bt_files,
          Path(a.grow_from) if a.grow_from else None)


if __name__ == "__main__":
    main()
