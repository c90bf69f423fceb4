"""A reviewer's work is never lost, whatever happens to the source (a property test).

Random sequences of translate / review / edit source (change a word, insert, delete, reorder a
paragraph) / rerun, through the real pipeline with a fast fake engine: every translation a reviewer
ever wrote is still in the catalog after every run, live, as a fuzzy suggestion, or as ``#~``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locnews.translate import Options, translate_files

WORDS = ["banjir", "melanda", "jakarta", "pada", "senin", "pekan", "minggu", "warga", "rumah", "kota", "hujan",
         "deras", "sejak", "pagi", "ribuan", "mengungsi", "ke", "masjid"]


def engine(texts: list[str]) -> list[str]:
    """A fast stand-in for the model: deterministic, and visibly machine output."""
    return [f"MT[{t}]" for t in texts]


def sentence(draw_words: list[int], number: int) -> str:
    words = [WORDS[i % len(WORDS)] for i in draw_words]
    return f"{words[0].capitalize()} {' '.join(words[1:])} {number} orang."


sentences = st.builds(sentence, st.lists(st.integers(0, 200), min_size=4, max_size=9), st.integers(1, 999))
operation = st.one_of(
    st.tuples(st.just("translate")),
    st.tuples(st.just("review"), st.integers(0, 50)),
    st.tuples(st.just("change"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("insert"), st.integers(0, 50), sentences),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("reorder"), st.integers(0, 50), st.integers(0, 50)),
)


def write_article(path: Path, paragraphs: list[str]) -> None:
    path.write_text("Rabu, 8 Juli 2020\n\nBanjir Jakarta\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def all_translations(catalog: Path) -> set[str]:
    return {e.msgstr for e in polib.pofile(str(catalog)) if e.msgstr}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentences, min_size=1, max_size=5), st.lists(operation, min_size=1, max_size=14))
def test_reviewed_text_is_never_lost(start, ops):
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "banjir.id.txt"
        catalog = Path(tmp) / "locales" / "en" / "articles" / "banjir.po"
        opts = Options("id", "en", locales_dir=Path(tmp) / "locales", use_tm=False, progress=False)
        paragraphs = list(start)
        write_article(article, paragraphs)
        translate_files([article], opts, translator=engine)
        reviewed: set[str] = set()
        for n, op in enumerate(ops):
            kind = op[0]
            if kind == "translate":
                translate_files([article], opts, translator=engine)
                missing = reviewed - all_translations(catalog)
                assert not missing, f"lost after step {n}: {missing}"
                assert_held_not_replaced(catalog, reviewed)
            elif kind == "review":
                po = polib.pofile(str(catalog))
                open_ = [e for e in po if not e.obsolete and "fuzzy" in e.flags and e.msgstr]
                if open_:
                    e = open_[op[1] % len(open_)]
                    e.msgstr = f"Reviewed {len(reviewed)}: {e.msgid}"
                    e.flags.remove("fuzzy")
                    reviewed.add(e.msgstr)
                    po.save(str(catalog))
            elif paragraphs:
                i = op[1] % len(paragraphs)
                if kind == "change":
                    words = paragraphs[i].split(" ")
                    words[1] = op[2]
                    paragraphs[i] = " ".join(words)
                elif kind == "insert":
                    paragraphs.insert(i, op[2])
                elif kind == "delete" and len(paragraphs) > 1:
                    del paragraphs[i]
                elif kind == "reorder":
                    j = op[2] % len(paragraphs)
                    paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
                write_article(article, paragraphs)
        translate_files([article], opts, translator=engine)
        assert reviewed <= all_translations(catalog)
        if shutil.which("msgfmt"):  # and the catalog stays one gettext accepts (no twin entries)
            r = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog)], capture_output=True, text=True)
            assert r.returncode == 0, r.stderr


def assert_held_not_replaced(catalog: Path, reviewed: set[str]) -> None:
    """A live fuzzy entry offering a reviewer's text keeps it: machine output never replaces it."""
    for e in polib.pofile(str(catalog)):
        if not e.obsolete and e.previous_msgid and "reviewed translation" in (e.comment or ""):
            assert e.msgstr in reviewed and not e.msgstr.startswith("MT[")
