"""`locnews models train` end to end on a toy configuration: torch → CTranslate2 → Argos package.

Needs the optional `train` extra (torch); skipped without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sacrebleu")

from locnews.mt import models

from locnews import train  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bppt"


@pytest.fixture(scope="module")
def toy_corpus(tmp_path_factory) -> dict[str, Path]:
    if not SHARED.is_dir():
        pytest.skip("shared corpora not found")
    d = tmp_path_factory.mktemp("corpus")
    out = {}
    for split, n in (("train", 400), ("dev", 20)):
        for lang in ("id", "en"):
            lines = (SHARED / f"bppt.{split}.{lang}").read_text(encoding="utf-8").splitlines()[:n]
            out[f"{split}.{lang}"] = d / f"{split}.{lang}"
            out[f"{split}.{lang}"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


TOY = ["--vocab-size", "400", "--d-model", "32", "--ffn", "64", "--heads", "2", "--enc-layers", "1",
       "--dec-layers", "1", "--batch-tokens", "1500", "--eval-every", "6", "--dev-limit", "10", "--threads", "1",
       "--no-bf16"]


def toy_args(corpus: dict[str, Path], out: Path, work: Path, *extra: str) -> list[str]:
    """`models train` arguments for the toy corpus and configuration."""
    return ["--from", "id", "--to", "en", "--train", str(corpus["train.id"]), str(corpus["train.en"]),
            "--dev", str(corpus["dev.id"]), str(corpus["dev.en"]), "-o", str(out), "--workdir", str(work),
            *TOY, *extra]


def test_train_packages_resumes_and_loads(toy_corpus, tmp_path, cli, monkeypatch):
    out = tmp_path / "translate-id_en.argosmodel"
    work = tmp_path / "work"
    args = toy_args(toy_corpus, out, work)
    r = cli("models", "train", *args, "--max-epochs", "1")
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    evals = [e for e in log if e["event"] == "eval"]
    assert evals and all(set(e["dev_chrf"]) == {"id-en", "en-id"} for e in evals)
    assert (work / "checkpoint.pt").exists()

    # one package holds the bidirectional model; its metadata names the other direction
    assert sorted(p.name for p in tmp_path.glob("*.argosmodel")) == [out.name]
    top, meta = models.read_archive(out)
    assert (meta["from_code"], meta["to_code"], meta["target_prefix"]) == ("id", "en", "<2en>")
    assert meta["locnews_reverse"]["target_prefix"] == "<2id>"
    (tmp_path / "bundled").mkdir()
    os.replace(out, tmp_path / "bundled" / out.name)
    monkeypatch.setattr(models, "bundled_models_dir", lambda: tmp_path / "bundled")
    pkgs = {p.pair: p for p in models.bundled_packages()}
    assert set(pkgs) == {"id-en", "en-id"} and pkgs["en-id"].target_prefix == "<2id>"
    for pkg in pkgs.values():
        engine = models.Engine(pkg, beam_size=1)
        assert isinstance(engine.translate(["Harga minyak naik."])[0], str)
    os.replace(tmp_path / "bundled" / out.name, out)

    # a second run resumes from the checkpoint instead of starting over
    steps_before = max(e["step"] for e in log if "step" in e)
    r = cli("models", "train", *args, "--max-epochs", "2")
    assert r.exit_code == 0, r.output
    log2 = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    resume = [e for e in log2 if e["event"] == "resume"]
    assert resume and resume[0]["step"] == steps_before and resume[0]["optimizer"] == "restored"

    # a compact (committable) checkpoint resumes in a fresh workdir, optimizer restarted
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    train.compact_checkpoint(work, fresh / "checkpoint.pt")
    (fresh / "sentencepiece.model").write_bytes((work / "sentencepiece.model").read_bytes())
    args3 = [a if a != str(work) else str(fresh) for a in args]
    r = cli("models", "train", *args3, "--max-epochs", "3")
    assert r.exit_code == 0, r.output
    log3 = [json.loads(line) for line in (fresh / "train.log").read_text().splitlines()]
    resumed = [e for e in log3 if e["event"] == "resume"][0]
    assert resumed["optimizer"] == "reset" and resumed["step"] == max(e["step"] for e in log2 if "step" in e)
    assert max(e["step"] for e in log3 if "step" in e) > resumed["step"]


def test_ctranslate2_export_matches_torch(tmp_path, toy_corpus):
    """The converter is exact: CTranslate2 scores a pair like the torch model does."""
    import sentencepiece as spm
    import torch.nn.functional as F
    import ctranslate2

    cfg = train.TrainConfig(vocab_size=400, d_model=32, ffn=64, heads=2, enc_layers=2, dec_layers=2, dropout=0.0)
    pairs = train.read_parallel(toy_corpus["train.id"], toy_corpus["train.en"])
    train.train_sentencepiece(pairs, cfg, tmp_path / "sp")
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "sp.model"))
    model = train.build_model(cfg, sp.get_piece_size())
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    model.eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    train.export_ctranslate2(model, cfg, sp, tmp_path / "int8", quantization="int8")
    # exporting mid-training must leave the live weights alone (int8 quantization works in place)
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    train.export_ctranslate2(model, cfg, sp, tmp_path / "ct2", quantization="float32")
    src, tgt = pairs[0]
    ct2 = ctranslate2.Translator(str(tmp_path / "ct2")).score_batch(
        [sp.encode(src, out_type=str)], [["<2en>"] + sp.encode(tgt, out_type=str)])[0].log_probs
    tid = [sp.piece_to_id("<2en>")] + sp.encode(tgt)
    with torch.no_grad():
        lp = F.log_softmax(model(torch.tensor([sp.encode(src)]), torch.tensor([[train.BOS] + tid])), -1)[0]
    mine = [float(lp[i, t]) for i, t in enumerate(tid + [train.EOS])]
    assert len(ct2) == len(mine)
    assert max(abs(a - b) for a, b in zip(ct2, mine)) < 1e-3


def test_mask_pair_uses_the_tokens_translate_masks_with():
    # the training copy must look like what `locnews translate` feeds the model
    from locnews.mt import protect

    src = "Produksi naik 12,5 persen menjadi 2.000 ton pada 8 Juli 2020."
    tgt = "Production rose 12.5 percent to 2,000 tons on 8 July 2020."
    ms, mt = train.mask_pair(src, tgt, "id", "en")
    assert ms == protect.mask(src, "id", "en").text == "Produksi naik #1 menjadi #2 ton pada #3."
    assert mt == "Production rose #1 to #2 tons on #3."
    # the reverse order in the target keeps each token on its own span
    ms, mt = train.mask_pair("Dari 5 menjadi 15 ton.", "15 tons, up from 5.", "id", "en")
    assert (ms, mt) == ("Dari #1 menjadi #2 ton.", "#2 tons, up from #1.")
    # a figure the translation does not carry: the pair is left alone rather than taught to drop it
    assert train.mask_pair("Naik 7 persen.", "It rose sharply.", "id", "en") is None
    assert train.mask_pair("Tidak ada angka.", "No figures.", "id", "en") is None


def test_mask_rate_and_ema_are_trained_scored_and_resumed(toy_corpus, tmp_path, cli):
    out = tmp_path / "translate-id_en.argosmodel"
    work = tmp_path / "work"
    args = toy_args(toy_corpus, out, work, "--mask-rate", "1", "--ema", "0.9")
    r = cli("models", "train", *args, "--max-epochs", "1")
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    data = next(e for e in log if e["event"] == "data")
    assert data["masked_pairs"] > 0
    evals = [e for e in log if e["event"] == "eval"]
    assert evals and all(e["weights"] in ("raw", "ema") for e in evals)
    assert all(set(e["dev_chrf_ema"]) == {"id-en", "en-id"} for e in evals)
    saved = torch.load(work / "checkpoint.pt", map_location="cpu", weights_only=False)
    assert set(saved["ema"]) == set(saved["model"])
    assert any(not torch.equal(saved["ema"][k], saved["model"][k]) for k in saved["model"])
    r = cli("models", "train", *args, "--max-epochs", "2")
    assert r.exit_code == 0, r.output
    assert out.exists() and not out.with_name("translate-en_id.argosmodel").exists()


def test_cooldown_brings_the_learning_rate_down_before_the_time_limit(toy_corpus, tmp_path, cli):
    work = tmp_path / "work"
    args = toy_args(toy_corpus, tmp_path / "m.argosmodel", work, "--max-epochs", "1")
    r = cli("models", "train", *args, "--max-minutes", "30", "--cooldown-minutes", "3000")
    assert r.exit_code == 0, r.output
    evals = [json.loads(line) for line in (work / "train.log").read_text().splitlines() if '"eval"' in line]
    # 30 of 3000 cool-down minutes left at most: at most 1% of the schedule's learning rate
    assert evals and all(0 < e["lr"] <= 0.01 * 1e-3 * min(e["step"] / 500, (500 / e["step"]) ** 0.5) for e in evals)


def test_model_card_lists_every_resumed_run():
    cfg = train.TrainConfig()
    state = {"curve": [], "history": [{"step": 0, "command": "locnews models train A"},
                                      {"step": 400, "command": "locnews models train A --ema 0.999"}]}
    card = train.model_card(cfg, "id", "en", state, 1000, "locnews models train A --ema 0.999", 10)
    assert "Trained in 2 runs" in card
    assert card.index("from step 0") < card.index("locnews models train A\n") < card.index("from step 400")
    one = train.model_card(cfg, "id", "en", {"curve": [], "history": state["history"][:1]}, 1000,
                           "locnews models train A", 10)
    assert "```\nlocnews models train A\n```" in one and "runs" not in one


def test_max_steps_and_step_cooldown_make_the_run_length_machine_independent(toy_corpus, tmp_path, cli):
    work = tmp_path / "work"
    args = toy_args(toy_corpus, tmp_path / "m.argosmodel", work, "--max-steps", "10", "--cooldown-steps", "5")
    r = cli("models", "train", *args)
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    assert [e["step"] for e in log if e["event"] == "eval"] == [6, 10]
    assert log[-1]["event"] == "step_limit" and log[-1]["step"] == 10
    last = [e for e in log if e["event"] == "eval"][-1]
    assert last["lr"] == pytest.approx(1e-3 * 10 / 500 / 5)  # warm-up value, a fifth left of the cool-down


def test_model_card_names_the_packaged_step():
    state = {"curve": [{"step": 400, "epoch": 0, "minutes": 1, "dev_chrf": {"id-en": 30.0, "en-id": 31.0}},
                       {"step": 800, "epoch": 1, "minutes": 2, "dev_chrf": {"id-en": 33.0, "en-id": 34.0},
                        "weights": "ema"},
                       {"step": 1200, "epoch": 1, "minutes": 3, "dev_chrf": {"id-en": 32.0, "en-id": 35.0}}]}
    card = train.model_card(train.TrainConfig(), "id", "en", state, 1000, "cmd", 10)
    assert "weights of step 800 (ema)" in card
    assert "| 800 | 1 | 2 | 33.0 | 34.0 | ema |" in card


def test_model_card_says_why_one_model_serves_both_directions():
    state = {"curve": [], "history": []}
    both = train.model_card(train.TrainConfig(), "id", "en", state, 1000, "cmd", 10)
    assert "`<2en>`" in both and "Why one model and not two" in both and "bidir_vs_uni.md" in both
    one = train.model_card(train.TrainConfig(bidirectional=False), "id", "en", state, 1000, "cmd", 10)
    assert "Why one model" not in one and "one-direction model" in one


def test_grown_model_computes_what_the_small_one_did():
    """--grow-from: more encoder layers and a wider FFN start as the trained model's function."""
    from dataclasses import replace

    small_cfg = train.TrainConfig(vocab_size=50, d_model=16, ffn=32, heads=2, enc_layers=1, dec_layers=1, dropout=0.0)
    small = train.build_model(small_cfg, 50)
    for p in small.parameters():  # trained-looking weights, not the initialisation
        torch.nn.init.normal_(p, 0, 0.3)
    big = train.build_model(replace(small_cfg, enc_layers=3, ffn=48), 50)
    big.load_state_dict(train.grow_state_dict(small.state_dict(), big.state_dict()))
    small.eval(), big.eval()
    src, tgt = torch.randint(4, 50, (2, 7)), torch.randint(4, 50, (2, 5))
    with torch.no_grad():
        assert torch.allclose(small(src, tgt), big(src, tgt), atol=1e-5)
    # and the new capacity is not dead: the grown layers get gradients
    big.train()
    big(src, tgt).sum().backward()
    assert big.encoder_layers[2].feed_forward.w_2.weight.grad.abs().sum() > 0


def test_back_translated_pairs_train_one_direction_with_a_tag(toy_corpus, tmp_path):
    import sentencepiece as spm

    cfg = train.TrainConfig(vocab_size=400, d_model=32, ffn=64, heads=2, enc_layers=1, dec_layers=1)
    pairs = train.read_parallel(toy_corpus["train.id"], toy_corpus["train.en"])
    sp_path = train.train_sentencepiece(pairs, cfg, tmp_path / "sp")
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    synthetic = [("Prices rose.", "Harga naik.")]  # (synthetic en, real id): trained en→id only
    examples = train.encode_back_translated({"id": synthetic}, sp, cfg)
    assert len(examples) == 1
    src, tgt = examples[0]
    assert sp.decode(src).startswith(train.BT_TAG)
    assert tgt[0] == sp.piece_to_id(train.prefix_token("id"))
    assert sp.decode(tgt[1:]) == "Harga naik."


def test_model_card_lists_every_training_file_with_its_licence_note(toy_corpus, tmp_path, cli):
    notes = tmp_path / "notes.tsv"
    notes.write_text("# stem\twhat\tlicence\ntrain\ttoy news pairs\tCC0 (made up for the test)\n", encoding="utf-8")
    out, work = tmp_path / "m.argosmodel", tmp_path / "work"
    r = cli("models", "train", *toy_args(toy_corpus, out, work, "--max-epochs", "1", "--data-notes", str(notes)))
    assert r.exit_code == 0, r.output
    top, _ = models.read_archive(out)
    import zipfile

    with zipfile.ZipFile(out) as zf:
        card = zf.read(f"{top}/README.md").decode()
    assert "| `train.id` / `train.en` | parallel | 1 | toy news pairs | CC0 (made up for the test) |" in card
    # repackaging from the workdir (no training) keeps the notes and the weights
    before = out.read_bytes()
    out.unlink()
    r = cli("models", "train", *toy_args(toy_corpus, out, work, "--package-only"))
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(out) as zf, zipfile.ZipFile(__import__("io").BytesIO(before)) as old:
        assert zf.read(f"{top}/model/model.bin") == old.read(f"{top}/model/model.bin")
        assert "CC0 (made up for the test)" in zf.read(f"{top}/README.md").decode()


def test_snapshots_are_kept_and_averaging_packages_only_a_better_mean(toy_corpus, tmp_path, cli):
    out, work = tmp_path / "m.argosmodel", tmp_path / "work"
    args = toy_args(toy_corpus, out, work)
    r = cli("models", "train", *args, "--max-epochs", "3", "--snapshots", "2", "--patience", "100")
    assert r.exit_code == 0, r.output
    snaps = sorted((work / "snapshots").glob("step-*.pt"))
    assert len(snaps) == 2  # only the last two evaluations' weights
    weights, names = train.average_snapshots(work, 2)
    a, b = (torch.load(f) for f in snaps)
    k = "encoder_layers.0.feed_forward.w_1.weight"
    assert torch.allclose(weights[k], (a[k].float() + b[k].float()) / 2)
    best_before = torch.load(work / "checkpoint.pt", weights_only=False)["state"]["best"]
    r = cli("models", "train", *args, "--package-only", "--average", "2")
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    avg = [e for e in log if e["event"] == "average"][-1]
    from locnews.train import mean_chrf

    assert avg["best"] == (mean_chrf(avg["dev_chrf"]) > best_before)
    assert out.exists()


def test_a_resume_without_adam_moments_rewarms_the_learning_rate(toy_corpus, tmp_path, cli):
    work = tmp_path / "work"
    args = toy_args(toy_corpus, tmp_path / "m.argosmodel", work, "--max-steps", "6")
    assert cli("models", "train", *args).exit_code == 0
    compact = train.compact_checkpoint(work, tmp_path / "compact.pt")
    os.replace(compact, work / "checkpoint.pt")  # what a fresh machine has: the committed compact checkpoint
    r = cli("models", "train", *args, "--max-steps", "12", "--rewarm-steps", "10")
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    assert [e["optimizer"] for e in log if e["event"] == "resume"] == ["reset"]
    last = [e for e in log if e["event"] == "eval"][-1]
    # 6 of the 10 re-warm steps done since the resume at step 6: 60% of the schedule's rate
    assert last["step"] == 12 and last["lr"] == pytest.approx(1e-3 * 12 / 500 * 0.6)


def test_bf16_only_where_the_cpu_computes_it_natively():
    """Emulated bf16 (an AMD Zen 3: no AVX512-BF16, no AMX) trained >3x slower than fp32; auto picks fp32 there."""
    from locnews.train.command import _use_bf16
    from locnews.train.config import cpu_has_native_bf16

    zen3 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 fma bmi2\n"
    sapphire = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 amx_bf16 amx_tile\n"
    assert not cpu_has_native_bf16(zen3)
    assert cpu_has_native_bf16(sapphire)
    assert not cpu_has_native_bf16("")
    assert _use_bf16("bf16", False) and not _use_bf16("fp32", False) and not _use_bf16("auto", True)
    assert _use_bf16("auto", False) == cpu_has_native_bf16()
