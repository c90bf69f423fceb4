"""Offline Indonesian/English detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from locnews.text.lang import detect_language, language_scores

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_samples_are_detected(samples):
    assert detect_language((samples / "isis-children.en.txt").read_text("utf-8")) == "en"
    assert detect_language((samples / "isis-children.id.txt").read_text("utf-8")) == "id"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Presiden bertemu dengan delegasi dari AS dan Jepang di Jakarta.", "id"),
        ("Ia mengatakan bahwa harga cabai naik.", "id"),
        ("The president met the delegation from Japan in Jakarta.", "en"),
        ("It is not clear who will look after the children.", "en"),
    ],
)
def test_short_sentences(text, lang):
    assert detect_language(text) == lang


def test_tie_gives_the_default():
    assert language_scores("Moskow 2020 ISIS") == {"id": 0, "en": 0}
    assert detect_language("Moskow 2020 ISIS") == "id"
    assert detect_language("", default="en") == "en"


def test_bppt_dev_lines():
    base = SHARED / "corpora" / "bppt"
    if not (base / "bppt.dev.id").is_file():
        pytest.skip("shared corpora not available")
    for lang in ("id", "en"):
        lines = [l for l in (base / f"bppt.dev.{lang}").read_text("utf-8").splitlines() if len(l.split()) >= 8]
        right = sum(detect_language(l) == lang for l in lines)
        assert right / len(lines) >= 0.97, (lang, right, len(lines))
