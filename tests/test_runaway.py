"""Decoding guards: a one-word menu item never comes back as a wall of repeated words."""

from __future__ import annotations

from pathlib import Path

import pytest

from locnews.mt.checks import RUNAWAY_FACTOR, RUNAWAY_SLACK, runaway_reason
from locnews.mt.models import Engine

SHORT = Path(__file__).parent / "data" / "short_inputs.tsv"


def short_inputs(lang: str) -> list[str]:
    rows = [line.split("\t") for line in SHORT.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [text for code, text in rows if code == lang]


def test_runaway_reason():
    assert runaway_reason("Teknologi", "Technology") is None
    assert runaway_reason("Teknologi", "technology technology technology") == "'technology' 3 times in a row"
    assert runaway_reason("Games", " ".join(["Games"] * 2)) is None
    long = " ".join(f"w{i}" for i in range(RUNAWAY_FACTOR * 1 + RUNAWAY_SLACK + 1))
    assert "words for a source of 1" in runaway_reason("Berita", long)
    # numbers repeat legitimately ("1 1 1" in a score line) and are not a loop
    assert runaway_reason("skor 1 1 1", "score 1 1 1") is None


class _Looping:
    """A stand-in for ctranslate2.Translator whose first decoding loops, like the issue's model."""

    def __init__(self, fixed_on_retry: bool, sp):
        self.fixed_on_retry = fixed_on_retry
        self.good = ["<2en>"] + sp.encode("Technology", out_type=str)
        self.loop = ["<2en>"] + sp.encode("technology " * 316, out_type=str)
        self.calls: list[dict] = []

    def translate_batch(self, tokens, **kw):
        self.calls.append(kw)

        class R:
            def __init__(self, toks):
                self.hypotheses = [toks]

        retry = "repetition_penalty" in kw
        out = []
        for t in tokens:
            out.append(R(self.good if (retry and self.fixed_on_retry) else self.loop))
        return out


def _engine(fixed_on_retry: bool) -> Engine:
    """The bundled id→en package's tokenizer around a looping stand-in translator."""
    import sentencepiece as spm

    from locnews.mt.models import _zip_model_files, find_package

    pkg = find_package("id", "en")
    eng = Engine.__new__(Engine)
    _, proto = _zip_model_files(pkg.path, pkg.name)
    eng.package, eng.beam_size, eng.max_batch_size, eng.degenerate = pkg, 2, 32, set()
    eng.sp = spm.SentencePieceProcessor(model_proto=proto)
    eng.translator = _Looping(fixed_on_retry, eng.sp)
    return eng


def test_guard_redecodes_a_runaway_output_with_a_bound_and_penalties():
    eng = _engine(fixed_on_retry=True)
    tr = eng.translator
    assert eng.translate(["Teknologi", "Teknologi"]) == ["Technology", "Technology"]
    assert len(tr.calls) == 2 and tr.calls[1]["no_repeat_ngram_size"] == 3
    assert tr.calls[1]["max_decoding_length"] < tr.calls[0]["max_decoding_length"]
    assert eng.degenerate == set()


def test_guard_falls_back_to_the_source_and_says_so(tmp_path):
    """Still degenerate after the retry: the source text is kept and the catalog carries a finding."""
    from locnews.translate import Options, translate_files

    eng = _engine(fixed_on_retry=False)
    assert eng.translate(["Teknologi"]) == ["Teknologi"]
    assert eng.degenerate == {"Teknologi"}

    src = tmp_path / "menu.id.txt"
    src.write_text("Ini kalimat pertama artikel ini.\n", encoding="utf-8")
    (tmp_path / "locales").mkdir()
    opts = Options(from_lang="id", to_lang="en", locales_dir=tmp_path / "locales", progress=False, use_tm=False)
    report = translate_files([src], opts, engine_factory=lambda: _engine(fixed_on_retry=False))
    [seg] = report.articles[0].segments
    assert seg.target == seg.source == "Ini kalimat pertama artikel ini."
    assert any(q.startswith("runaway:") for q in seg.qa)


@pytest.mark.parametrize("src,tgt", [("id", "en"), ("en", "id")])
def test_real_model_on_short_inputs_never_runs_away(src, tgt, no_network):
    """≥ 200 one- to three-word inputs (menu items, tags, names) through the bundled model."""
    from locnews.mt.models import load_engine

    texts = short_inputs(src)
    outs = load_engine(src, tgt).translate(texts)
    bad = [(s, o) for s, o in zip(texts, outs) if runaway_reason(s, o)]
    assert bad == []
    assert len(short_inputs("id")) + len(short_inputs("en")) >= 200


class _Echo:
    """A stand-in translator that returns its input pieces: shows what the model is given."""

    def __init__(self):
        self.inputs: list[list[str]] = []

    def translate_batch(self, tokens, target_prefix=None, **kw):
        self.inputs.extend(tokens)

        class R:
            def __init__(self, toks):
                self.hypotheses = [toks]

        return [R((p or []) + t) for p, t in zip(target_prefix or [None] * len(tokens), tokens)]


def test_a_headline_without_a_stop_is_given_one_and_comes_back_without_it():
    from locnews.mt.models import drop_full_stop, needs_full_stop

    eng = _engine(fixed_on_retry=True)
    eng.translator = _Echo()
    out = eng.translate(["Harga beras naik tajam", "Harga beras naik tajam.", "Berita Terkini", "Naik #1"])
    given = [eng.sp.decode(t) for t in eng.translator.inputs]
    # the model sees a sentence that ends like the ones it learnt from; menus and tags stay as they are
    assert given == ["Harga beras naik tajam.", "Harga beras naik tajam.", "Berita Terkini", "Naik #1"]
    assert out == ["Harga beras naik tajam", "Harga beras naik tajam.", "Berita Terkini", "Naik #1"]
    assert needs_full_stop("Jokowi resmikan jalan #1") and not needs_full_stop("Apa kabar, Jakarta?")
    assert not needs_full_stop('Ia berkata: "Kami siap"') and not needs_full_stop("Dua kata")
    assert drop_full_stop("Prices rose.") == "Prices rose" and drop_full_stop("and so on...") == "and so on..."
    assert drop_full_stop("A visit to Washington D.C..") == "A visit to Washington D.C."
    assert drop_full_stop("fruit, vegetables, etc.") == "fruit, vegetables, etc."
