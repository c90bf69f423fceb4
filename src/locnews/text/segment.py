"""Sentence segmentation for Indonesian and English news.

Why this design (numbers in ``benchmarks/results/segmentation.md``): of the maintained segmenters
measured -- sentencex, blingfire, pysbd, syntok -- sentencex is by far the fastest and as good as
any on BPPT, but none knows Indonesian news conventions (on the stress sets they lose 4-18 points
of F1 on ``Jl.``, ``dr.``, ``Sp.A.``, ``dll.``, quotes, URLs). So locnews finds the candidate
boundaries itself, which also keeps exact offsets, decides them with news rules kept per language
in ``locnews/data/segment/<lang>.txt``, and defers to sentencex (and its own abbreviation lists)
in the one case no rule settles.

How a boundary is decided: every run of terminal punctuation (``. ! ? …``, plus any closing quotes,
brackets or inline-markup placeholders right after it) followed by whitespace is a *candidate*.
Rules decide listed abbreviations (titles like ``Jl.``, ``dr.``, ``K.H.``; degrees like ``Sp.A.``;
``dll.`` that may end a sentence; ``U.S.`` that ends one only before a typical sentence starter),
initials, dotted acronyms, numbers and dates, URLs and e-mail addresses, a stop inside closing
quotes, and a lowercase word after ``? ! …`` (``“…?” tanya Rina.`` is one sentence; ``perkiraan...
namun`` goes on). An ordinary word, a full stop and a capital is a boundary. An unlisted word, a
full stop and a lowercase word (``kg. beras``, or a sentence starting in lowercase) is left to
sentencex. Numbers, URLs and e-mail addresses never contain whitespace, so they never produce a
candidate inside them. A blank line always ends a sentence.

Nothing is normalised: each :class:`Span` records its offsets and the whitespace after it, so

    text[:spans[0].start] + "".join(text[s.start:s.end] + s.space_after for s in spans) == text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple


RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "segment"


class Span(NamedTuple):
    """One sentence: ``text[start:end]`` and the whitespace that follows it."""

    start: int
    end: int
    space_after: str


_new_span = tuple.__new__  # NamedTuple's own __new__ is a Python function: 3x slower in the hot loop

# Closing quotes/brackets that may follow the stop ("… dini hari.”"), and opening ones that may
# precede the next sentence's first letter.
CLOSERS = "”\"’'»)]"
OPENERS = "“\"‘'«(["

# A candidate: terminal punctuation, closers, whitespace -- or a blank line. The token before the
# punctuation is looked up only when a rule needs it (a look-behind in the pattern is 3x slower).
# Inline-markup placeholders (⟦/1⟧ closing, ⟦2/⟧ empty) may sit between the stop and the space.
_STOP = r"([.!?…]+)((?:[" + re.escape(CLOSERS) + r"]|⟦/\d+⟧|⟦\d+/⟧)*)(\s+)"
_CANDIDATE = re.compile(_STOP)
_STOP_CHAR = re.compile(r"[.!?…]")
# Text with a newline may hold a blank line: a second branch (group 4), 2x slower, so only then.
# The blank line takes the whitespace before it too: a sentence never ends in whitespace.
_CANDIDATE_NL = re.compile(_STOP + r"|([^\S\n]*\n[^\S\n]*\n\s*)")
_TOKEN_WINDOW = 80  # longest token a rule looks at; longer ones are URLs or junk
_NEXT_WORD = re.compile(r"(?:[" + re.escape(OPENERS) + r"]|⟦\d+/?⟧)*([\w’'-]*)")
_PLACEHOLDER = re.compile(r"⟦/?\d+/?⟧")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")  # U.S, a.m, D.C, Sp.A
_URLISH = re.compile(r"://|@|^www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """The per-language rule sets read from ``data/segment/<lang>.txt`` (see the file header)."""

    prefix: frozenset[str] = frozenset()
    numeric: frozenset[str] = frozenset()
    suffix: frozenset[str] = frozenset()
    ambiguous: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    continuations: frozenset[str] = frozenset()
    # token without its final stop -> its class, "prefix" > "numeric" > "suffix" > "ambiguous"
    classes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        for name in reversed(SECTIONS[:4]):
            for abbr in getattr(self, name):
                self.classes[abbr[:-1] if abbr.endswith(".") else abbr] = name


SECTIONS = ("prefix", "numeric", "suffix", "ambiguous", "starters", "continuations")


def parse_rules(text: str) -> Rules:
    """Parse a rules file: ``[section]`` headers, one entry per line, ``#`` comments."""
    found: dict[str, set[str]] = {name: set() for name in SECTIONS}
    current: set[str] | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.partition("#")[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1].strip()
            if name not in found:
                raise ValueError(f"line {lineno}: unknown section [{name}]")
            current = found[name]
            continue
        if current is None:
            raise ValueError(f"line {lineno}: entry before any [section]")
        current.add(line)
    return Rules(**{k: frozenset(v) for k, v in found.items()})


@lru_cache(maxsize=None)
def load_rules(lang: str) -> Rules:
    """The bundled rules for ``lang`` ("id", "en"); an unknown language gets no extra rules."""
    path = RULES_DIR / f"{lang}.txt"
    if not lang.isalpha() or not path.is_file():
        return Rules()
    return parse_rules(path.read_text("utf-8"))


def _sentencex_ends(text: str, lang: str) -> frozenset[int]:
    """Offsets where sentencex starts a new sentence (after the whitespace)."""
    try:
        from sentencex import get_sentence_boundaries
    except ImportError:  # pragma: no cover - sentencex is a declared dependency
        return frozenset()
    try:
        return frozenset(b["end_index"] for b in get_sentence_boundaries(lang, text))
    except Exception:  # pragma: no cover - never let the base segmenter break a run
        return frozenset()


def split_sentences(text: str, lang: str, *, base: bool = True) -> list[Span]:
    """Split ``text`` into sentences for ``lang`` ("id" or "en").

    ``base=False`` skips sentencex and decides plain cases by capitalisation alone (used by the
    benchmark to show what each layer contributes).
    """
    rules = load_rules(lang)
    spans: list[Span] = []
    n = len(text)
    start = n - len(text.lstrip())
    if start == n:
        return spans
    sx: frozenset[int] | None = None if base else frozenset()
    for m in _candidates(text, start):
        ws_end = m.end()
        if ws_end >= n:
            break  # trailing whitespace belongs to the last sentence
        if m.lastindex == 4:  # blank line
            ws_start = m.start(4)
        else:
            verdict = _decide(text, m, ws_end, rules)
            if verdict is None:  # a plain case: ask the base segmenter
                if sx is None:
                    sx = _sentencex_ends(text, lang)
                verdict = ws_end in sx if sx else True
            if not verdict:
                continue
            ws_start = m.start(3)
        spans.append(_new_span(Span, (start, ws_start, text[ws_start:ws_end])))
        start = ws_end
    end = len(text.rstrip())
    spans.append(_new_span(Span, (start, end, text[end:])))
    return spans


def _candidates(text: str, start: int) -> Iterator[re.Match[str]]:
    """The candidate matches in order.

    Finding a stop character with a one-class pattern and matching the rest from there is 1.4x
    faster than one ``finditer`` over the full pattern (Python's engine has a fast loop only for
    a single character class).
    """
    if "\n" in text:
        yield from _CANDIDATE_NL.finditer(text, start)
        return
    find, match = _STOP_CHAR.search, _CANDIDATE.match
    pos = start
    while True:
        f = find(text, pos)
        if f is None:
            return
        m = match(text, f.start())
        if m is None:
            pos = f.end()
            continue
        yield m
        pos = m.end()


def _token_before(text: str, pos: int) -> str:
    """The whitespace-delimited token ending at ``pos``, without opening quotes/brackets."""
    lo = max(0, pos - _TOKEN_WINDOW)
    tok = text[text.rfind(" ", lo, pos) + 1 : pos]
    if not tok.isprintable():  # another kind of whitespace (newline, tab, no-break space) inside
        parts = tok.split()
        tok = parts[-1] if parts and not tok[-1].isspace() else ""
    if "⟦" in tok:
        tok = _PLACEHOLDER.sub("", tok)
    return tok.lstrip(OPENERS)


_OPEN_SET = frozenset(OPENERS + "⟦")


def _decide(text: str, m: re.Match[str], nxt: int, rules: Rules) -> bool | None:
    """True/False when a rule knows the answer for this candidate, None for a plain case."""
    first = text[nxt]
    word = None
    if first in _OPEN_SET:
        word = _NEXT_WORD.match(text, nxt).group(1)  # type: ignore[union-attr]
        first = word[:1] or first
    lower = first.islower()
    if m.group(1) != ".":
        # "“Kapan?” tanya Rina." and "perkiraan... namun" go on; a capital starts a new sentence
        return not lower
    closers = m.group(2)
    if closers and (closers[0] != "⟦" or any(c in CLOSERS for c in closers)):
        return not lower  # the stop sits inside closing quotes: "… dini hari.” Polisi …"
    tok = _token_before(text, m.start())
    cls = rules.classes.get(tok)
    if cls is None and tok.isalpha() and (len(tok) > 4 or tok.islower()):
        # the common case, an ordinary word: lowercase next is for the base segmenter to judge
        return None if lower else True
    if cls == "prefix":
        return False
    if cls == "numeric" and first.isdigit():
        return False
    if word is None:
        word = _NEXT_WORD.match(text, nxt).group(1)  # type: ignore[union-attr]
    if cls in ("suffix", "ambiguous") and text[nxt] == "(":
        return False  # a gloss follows the abbreviation: "PT Bank Central Asia Tbk. (BCA), …"
    if cls == "suffix":
        return first.isupper() and word not in rules.continuations
    if cls == "ambiguous":
        return word in rules.starters
    if not tok:
        return not lower
    if _URLISH.search(tok):
        return not lower  # the stop after a URL or e-mail address is not part of it
    if len(tok) == 1 and tok.isupper():
        return word in rules.starters  # an initial ("J. D. Vance", "H. Abdul") or "vitamin C."
    if _DOTTED.match(tok):
        return word in rules.starters  # an unlisted dotted abbreviation
    if not tok.replace("-", "").isalpha():
        return not lower  # a number, a date, a unit: "… Rp 1.500.000. Dana …", "150 km/h. More …"
    if lower:
        if tok[0].isupper() and len(tok) <= 4:
            return False  # "Tbk. said", "Kab. lama": a short capitalised word is an abbreviation
        return None  # "word. word": an unlisted abbreviation or a sentence starting in lowercase
    return True
