"""Headline case: Title Case headlines are sentence-cased for the model and title-cased again after.

News sites write headlines in Title Case ("Puluhan Bayi dan Balita dari Teroris ISIS …"). A model
trained on ordinary sentences reads every capitalised word as a name and copies it untranslated
("The Bayi and Balita …"). So, before MT, a Title Case headline gets its common words lower-cased,
and the translation gets the target edition's Title Case back.

Which words are common is not guessed: ``data/casing/<lang>.txt`` lists the words that the training
corpora write in lower case more often than capitalised in mid-sentence (built by
``training/build_casing.py``). A word not in the list stays as written: an unknown capitalised word
is more likely a name than not. Pure functions; the lists are read once, on first use.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

CASING_DIR = Path(__file__).resolve().parents[1] / "data" / "casing"

# Words a Title Case headline leaves in lower case unless first or last: function words of each
# edition's style (Indonesian: PUEBI's kata tugas; English: articles, conjunctions, short prepositions).
SMALL_WORDS = {
    "id": frozenset(
        "dan atau di ke dari yang untuk pada dengan dalam oleh bagi kepada tentang karena serta "
        "tetapi namun agar sebagai daripada terhadap antara akan si sang para".split()
    ),
    "en": frozenset(
        "a an the and but or nor for so yet as at by in of off on out per to up via vs v from into "
        "onto over with than".split()
    ),
}
# Clitics and particles a listed word may carry ("penjelasannya" = "penjelasan" + "nya").
_SUFFIXES = {"id": ("nya", "lah", "kah", "pun", "ku", "mu"), "en": ("'s", "’s", "s", "es")}

WORD = re.compile(r"[^\W\d_][\w’'-]*")
# Sentence-initial positions are not evidence: a capital there says nothing about the word.
_OPENERS = frozenset(".!?:;“\"‘([«")


def _after_stop(text: str, start: int) -> bool:
    """The word at ``start`` follows a stop or an opening quote/bracket (whitespace between)."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] in _OPENERS


@lru_cache(maxsize=None)
def common_words(lang: str) -> frozenset[str]:
    """The words ``lang``'s corpora write in lower case (empty when no list ships for it)."""
    path = CASING_DIR / f"{lang}.txt"
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    )


def _capitalised(word: str) -> bool:
    """``Word``: a capital followed only by lower-case letters (not ``ISIS``, ``iPhone``, ``McDonald``)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def _words(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def is_title_case(text: str, lang: str) -> bool:
    """Most words past the first, function words aside, are capitalised (and there are at least 3)."""
    small = SMALL_WORDS.get(lang, frozenset())
    words = [m.group() for m in _words(text)[1:] if m.group().lower() not in small]
    if len(words) < 3:
        return False
    upper = sum(1 for w in words if w[0].isupper())
    return upper / len(words) >= 0.8


def _is_common(word: str, lang: str, vocab: frozenset[str]) -> bool:
    low = word.lower()
    if low in vocab or low in SMALL_WORDS.get(lang, ()):
        return True
    return any(low.endswith(s) and low[: -len(s)] in vocab for s in _SUFFIXES.get(lang, ()) if len(low) > len(s) + 2)


def sentence_case(text: str, lang: str, vocab: frozenset[str] | None = None) -> str:
    """``text`` with its capitalised common words lower-cased; the first word, names, acronyms kept."""
    vocab = common_words(lang) if vocab is None else vocab
    out, pos = [], 0
    for i, m in enumerate(_words(text)):
        w = m.group()
        if (i > 0 and _capitalised(w) and len(w.lower()) == len(w)  # same length: offsets stay valid
                and not _after_stop(text, m.start()) and _is_common(w, lang, vocab)):
            out += [text[pos : m.start()], w.lower()]
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def title_case(text: str, lang: str) -> str:
    """``text`` in ``lang``'s headline style: words capitalised, function words lower case unless
    first, last or after a colon; words with capitals of their own (names, acronyms) untouched."""
    small = SMALL_WORDS.get(lang, frozenset())
    words = _words(text)
    out, pos = [], 0
    for i, m in enumerate(words):
        w = m.group()
        if any(c.isupper() for c in w):
            continue
        edge = i == 0 or i == len(words) - 1 or re.search(r"[:—–]\s*$", text[: m.start()])
        if w in small and not edge:
            continue
        # each part of a compound: "Anak-Anak", "Three-Year-Old"
        parts = [p[:1].upper() + p[1:] if p and (j == 0 or p not in small) else p for j, p in enumerate(w.split("-"))]
        out += [text[pos : m.start()], "-".join(parts)]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# building the lists (training/build_casing.py)


def count_cases(lines: Iterable[str]) -> tuple[Counter, Counter]:
    """(lower-case counts, capitalised counts) of each word, sentence-initial positions skipped."""
    lower, capital = Counter(), Counter()
    for line in lines:
        for i, m in enumerate(WORD.finditer(line)):
            w = m.group()
            if i == 0 or _after_stop(line, m.start()):
                continue
            if w.islower():
                lower[w] += 1
            elif _capitalised(w):
                capital[w.lower()] += 1
    return lower, capital


def common_word_list(lines: Iterable[str], min_count: int = 1) -> list[str]:
    """Words written in lower case at least ``min_count`` times and more often than capitalised."""
    lower, capital = count_cases(lines)
    return sorted(w for w, n in lower.items() if n >= min_count and n > capital[w])
