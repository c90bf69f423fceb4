"""The benchmarks' own metrics must be able to fail: a model that loses what they count scores low."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from locnews.mt.glossary import load_glossary

REPO = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Pada 12 Maret 2024 sebanyak 1.500 orang hadir.",
    "Harga naik 3,5 persen menjadi Rp 12.000 per liter.",
    "Informasi lengkap ada di https://example.org/berita.",
]
TOKEN = re.compile(r"#\s?\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def eval_mt():
    spec = importlib.util.spec_from_file_location("eval_mt", REPO / "benchmarks" / "eval_mt.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(REPO / "locales" / "glossary.tsv")


def test_mask_kept_is_zero_for_a_model_that_drops_every_token(eval_mt, glossary):
    def drop_tokens(texts):
        return [TOKEN.sub("", t) for t in texts]

    restored, items, kept = eval_mt.pipeline_pass(drop_tokens, SENTENCES, "id", "en", glossary)
    assert items >= 5
    assert kept == 0
    # the pipeline still puts every number back by position: that is the translate column, not this one
    assert "1,500" in restored[0] and "https://example.org/berita" in restored[2]


def test_mask_kept_counts_every_token_a_model_keeps(eval_mt, glossary):
    _, items, kept = eval_mt.pipeline_pass(lambda texts: list(texts), SENTENCES, "id", "en", glossary)
    assert kept == items >= 5


def test_mask_kept_counts_a_partial_drop(eval_mt, glossary):
    def drop_first(texts):
        return [TOKEN.sub("", t, count=1) for t in texts]

    _, items, kept = eval_mt.pipeline_pass(drop_first, SENTENCES, "id", "en", glossary)
    assert kept == items - len(SENTENCES)
