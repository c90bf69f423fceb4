"""`locnews models train` options on a toy run: --one-direction, a weighted --train corpus, --patience.

Needs the optional `train` extra (torch) and ../shared corpora; skipped, saying so, without them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the train extra (torch) is not installed")

from test_train import SHARED, TOY

from locnews.mt import models
from locnews.train.data import read_parallel


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpora/bppt not found (the shared material beside the checkout)")
    d = tmp_path_factory.mktemp("corpus")
    out = {}
    for name, split, lo, hi in (("a", "train", 0, 200), ("b", "train", 200, 400), ("dev", "dev", 0, 20)):
        for lang in ("id", "en"):
            lines = (SHARED / f"bppt.{split}.{lang}").read_text(encoding="utf-8").splitlines()[lo:hi]
            out[f"{name}.{lang}"] = d / f"{name}.{lang}"
            out[f"{name}.{lang}"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_a_weight_below_one_samples_that_share_of_the_corpus(corpus):
    full = read_parallel(corpus["b.id"], corpus["b.en"])
    quarter = read_parallel(corpus["b.id"], corpus["b.en"], 0.25)
    assert len(full) == 200 and 25 <= len(quarter) <= 75
    assert set(quarter) <= set(full)
    assert read_parallel(corpus["b.id"], corpus["b.en"], 0.25) == quarter  # seeded: the same sample


def test_one_direction_weighted_train_and_patience(corpus, tmp_path, cli):
    out = tmp_path / "translate-id_en.argosmodel"
    work = tmp_path / "work"
    r = cli("models", "train", "--from", "id", "--to", "en",
            "--train", corpus["a.id"], corpus["a.en"], "--train", corpus["b.id"], corpus["b.en"], "0.25",
            "--dev", corpus["dev.id"], corpus["dev.en"], "-o", out, "--workdir", work, *TOY,
            "--one-direction", "--eval-every", "2", "--patience", "1", "--max-steps", "400")
    assert r.exit_code == 0, r.output
    log = [json.loads(line) for line in (work / "train.log").read_text().splitlines()]
    data = next(e for e in log if e["event"] == "data")
    assert 200 < data["pairs"] < 300  # corpus a in full, about a quarter of corpus b (less duplicates)
    evals = [e for e in log if e["event"] == "eval"]
    assert evals and all(set(e["dev_chrf"]) == {"id-en"} for e in evals)  # one direction only
    stop = [e for e in log if e["event"] == "early_stop"]
    assert stop, "--patience 1 should stop the run at the first evaluation without improvement"
    assert stop[0]["step"] == evals[-1]["step"] < 400
    assert not (tmp_path / "translate-en_id.argosmodel").exists()
    _, meta = models.read_archive(out)
    assert (meta["from_code"], meta["to_code"]) == ("id", "en")
