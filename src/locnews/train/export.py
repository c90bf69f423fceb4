"""From torch to what users run: CTranslate2 export, evaluation with it, Argos packaging."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from locnews.train.config import (
    LANG_NAMES,
    TrainConfig,
    prefix_token,
)


def export_ctranslate2(model, cfg: TrainConfig, sp, out_dir: Path, quantization: str = "int8") -> None:
    """Write the torch weights as a CTranslate2 TransformerSpec (pre-norm, ReLU, tied embeddings)."""
    import ctranslate2
    import numpy as np
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
    model_dir: Path, sp_model: Path, out_file: Path, src: str, tgt: str, readme: str, version: str = "1.0",
    reverse: dict | None = None,
) -> Path:
    """Zip an Argos package: one top-level folder with metadata.json, model/, sentencepiece.model."""
    from locnews import __version__

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
    if reverse:  # a bidirectional model: the other direction on the same weights (read by locnews)
        meta["locnews_reverse"] = reverse
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



def mean_chrf(scores: dict) -> float:
    """Mean dev chrF over the directions scored: what "best" means for a bidirectional model."""
    return sum(scores.values()) / len(scores)


def score_dev(model_dir: Path, sp, dev: list[tuple[str, str]], cfg) -> dict:
    """Dev chrF of an exported model, per direction trained (``"id-en"``, ``"en-id"``)."""
    src_side, tgt_side = [p[0] for p in dev], [p[1] for p in dev]
    scores = {f"{cfg.src_lang}-{cfg.tgt_lang}": chrf(ct2_translate(model_dir, sp, src_side, cfg.tgt_lang, threads=cfg.threads), tgt_side)}
    if cfg.bidirectional:
        scores[f"{cfg.tgt_lang}-{cfg.src_lang}"] = chrf(ct2_translate(model_dir, sp, tgt_side, cfg.src_lang, threads=cfg.threads), src_side)
    return scores
