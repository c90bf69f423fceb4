"""QA checks on machine translations, as small functions in a registry (Babel's checkers.py shape).

Each checker takes a :class:`QAInput` and yields one message per problem. :func:`run_checks` runs
them all; the pipeline writes the findings into the catalog (``locnews-qa`` flag + translator
comment) and into the ``--json`` report. Adding a check is adding a decorated function.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from locnews.document import PH_CLOSE, PH_OPEN

#: A runaway output: more words than RUNAWAY_FACTOR × the source's words + RUNAWAY_SLACK, or one
#: word RUNAWAY_REPEATS times in a row ("technology technology technology …").
RUNAWAY_FACTOR, RUNAWAY_SLACK, RUNAWAY_REPEATS = 3, 5, 3

#: Acceptable target/source length ratio (characters) for sources long enough to judge.
LENGTH_RATIO = (0.45, 2.2)
LENGTH_MIN_SOURCE = 25


@dataclass
class QAInput:
    source: str
    target: str
    from_lang: str
    to_lang: str
    # (kind, source text, text the target must hold) of every masked span
    protected: list[tuple[str, str, str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # glossary target terms the target must hold


@dataclass(frozen=True)
class Finding:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


Checker = Callable[[QAInput], Iterable[str]]
CHECKERS: dict[str, Checker] = {}


def checker(name: str) -> Callable[[Checker], Checker]:
    def register(fn: Checker) -> Checker:
        CHECKERS[name] = fn
        return fn

    return register


def run_checks(qa: QAInput, only: Iterable[str] | None = None) -> list[Finding]:
    names = list(only) if only is not None else list(CHECKERS)
    return [Finding(name, msg) for name in names for msg in CHECKERS[name](qa)]


def check_translation(source: str, target: str, masked, from_lang: str, to_lang: str) -> list[Finding]:
    """Every check on ``target``, a translation of ``source`` whose protected spans ``masked`` holds
    (a ``protect.Masked``): what translate runs on machine output and review on a reviewer's edit."""
    items = masked.items
    qa = QAInput(
        source=source,
        target=target,
        from_lang=from_lang,
        to_lang=to_lang,
        protected=[(i.kind, i.source, i.target) for i in items if not i.kind.startswith("markup") and i.kind != "term"],
        terms=[i.target for i in items if i.kind == "term"],
    )
    return run_checks(qa)


# --------------------------------------------------------------------------------------------------

_PH = re.compile(re.escape(PH_OPEN) + r"/?\d+/?" + re.escape(PH_CLOSE))
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+", re.UNICODE)


@checker("number")
def numbers(qa: QAInput) -> Iterable[str]:
    """Every number, amount, date and time of the source, in target format, is in the target."""
    want = [t for kind, _, t in qa.protected if kind in ("number", "date", "time")]
    have = qa.target
    for t in want:
        if t not in have:
            yield f"{t!r} missing or changed"
        else:
            have = have.replace(t, "", 1)
    # digits the masker did not cover (COVID-19, G20) must survive too
    rest = _digit_runs(qa.source, [s for _, s, _ in qa.protected]) - _digit_runs(qa.target, [])
    for d in sorted(rest):
        if not any(d in t for t in want):
            yield f"number {d} missing"
    # and no number the source does not have (a mangled mask token, a hallucinated figure)
    known = _digit_runs(qa.source, []) | {d for _, _, t in qa.protected for d in _DIGITS.findall(t)}
    for d in sorted(_digit_runs(qa.target, []) - known):
        yield f"number {d} not in the source"


def _digit_runs(text: str, skip: list[str]) -> set[str]:
    for s in skip:
        text = text.replace(s, " ")
    text = _PH.sub(" ", text)
    return set(_DIGITS.findall(text))


@checker("placeholder")
def placeholders(qa: QAInput) -> Iterable[str]:
    """Inline-markup placeholders: same set, each pair opened before it is closed."""
    src, tgt = Counter(_PH.findall(qa.source)), Counter(_PH.findall(qa.target))
    for ph in sorted(src - tgt):
        yield f"markup {ph} missing"
    for ph in sorted(tgt - src):
        yield f"markup {ph} not in the source"
    for ph in src:
        if ph.startswith(PH_OPEN + "/"):
            opener = ph.replace("/", "", 1)
            a, b = qa.target.find(opener), qa.target.find(ph)
            if a != -1 and b != -1 and b < a:
                yield f"markup {opener} closes before it opens"


@checker("url")
def urls(qa: QAInput) -> Iterable[str]:
    """URLs, e-mail addresses, hashtags and handles are copied exactly."""
    for kind, _, t in qa.protected:
        if kind in ("url", "email", "tag") and t not in qa.target:
            yield f"{kind} {t!r} missing or changed"


@checker("glossary")
def glossary_terms(qa: QAInput) -> Iterable[str]:
    have = qa.target
    for t in qa.terms:
        if t not in have:
            yield f"glossary term {t!r} missing"
        else:
            have = have.replace(t, "", 1)


@checker("repeat")
def repeated_words(qa: QAInput) -> Iterable[str]:
    """'the the' the source does not have, and runaway loops ('of the of the of the …')."""
    words = [w.lower() for w in _WORD.findall(qa.target)]
    src_pairs = {(a.lower(), b.lower()) for a, b in zip(_WORD.findall(qa.source), _WORD.findall(qa.source)[1:])}
    for a, b in zip(words, words[1:]):
        if a == b and not a.isdigit() and (a, b) not in src_pairs:
            yield f"repeated word {a!r}"
            break
    if _runaway(words) or _LOOP.search(qa.target) and not _LOOP.search(qa.source):
        yield "runaway repetition"


# the same 2-20 characters five times in a row ("__en____en____en__…", "hahahahaha")
_LOOP = re.compile(r"(\S{2,20}?)\1{4,}")


def _runaway(words: list[str]) -> bool:
    """An n-gram (n <= 4) repeated back to back: 4 times for one word, 3 times for longer ones."""
    for n in (1, 2, 3, 4):
        times = 4 if n == 1 else 3
        for i in range(len(words) - n * times + 1):
            gram = words[i:i + n]
            if all(words[i + k * n:i + (k + 1) * n] == gram for k in range(1, times)):
                return True
    return False


@checker("length")
def length_ratio(qa: QAInput) -> Iterable[str]:
    src = _PH.sub("", qa.source).strip()
    tgt = _PH.sub("", qa.target).strip()
    if len(src) < LENGTH_MIN_SOURCE:
        return
    ratio = len(tgt) / max(1, len(src))
    lo, hi = LENGTH_RATIO
    if ratio < lo or ratio > hi:
        yield f"length ratio {ratio:.2f} outside {lo}-{hi}"


@checker("untranslated")
def identical(qa: QAInput) -> Iterable[str]:
    """Output equal to the source (the model copied it), unless the source is only names/numbers."""
    if qa.target.strip() != qa.source.strip():
        return
    rest = qa.source
    for _, s, _ in qa.protected:
        rest = rest.replace(s, " ")
    for t in qa.terms:
        rest = rest.replace(t, " ")
    if len(_WORD.findall(_PH.sub(" ", rest))) >= 3:
        yield "translation identical to the source"


def runaway_reason(source: str, target: str) -> str | None:
    """Why ``target`` is a degenerate output of ``source`` (too long, a word repeated), or None.

    The decoding guard of ``models.Engine`` (the "repeat" and "length" checkers report what
    reaches a catalog).

    Words are runs of letters/digits; markup placeholders and mask tokens count as words, so a
    legitimately long list of tokens is not mistaken for a loop.
    """
    src_words = len(_WORD.findall(source))
    words = [w.lower() for w in _WORD.findall(target)]
    limit = RUNAWAY_FACTOR * src_words + RUNAWAY_SLACK
    if len(words) > limit:
        return f"{len(words)} words for a source of {src_words} (limit {limit})"
    run = 1
    for prev, word in zip(words, words[1:]):
        run = run + 1 if word == prev and not word.isdigit() else 1
        if run >= RUNAWAY_REPEATS:
            return f"{word!r} {run} times in a row"
    return None


#: Signs that carry meaning and that no translation adds or drops (© 2024, 50%, #tag, a & b).
_SIGNS = "©®™§¶@#&%*|\\{}<>[]" + PH_OPEN + PH_CLOSE
_DOUBLE_QUOTES = "\"“”«»„"
_OPENING = "“«„"


@checker("symbols")
def symbols(qa: QAInput) -> Iterable[str]:
    """Signs such as © % # & in the same number (a '©' turned into 'The', a stray '#' or mask token)."""
    src = _PH.sub(" ", qa.source)
    tgt = _PH.sub(" ", qa.target)
    for _, source, target in qa.protected:  # "5%" -> "5 persen", "#tag": the masker's business
        src, tgt = src.replace(source, " ", 1), tgt.replace(target, " ", 1)
    for sign in _SIGNS:
        a, b = src.count(sign), tgt.count(sign)
        if a > b:
            yield f"{sign!r} missing"
        elif b > a:
            yield f"stray {sign!r} not in the source"


@checker("quotes")
def quotes(qa: QAInput) -> Iterable[str]:
    """Double quotes: as many as in the source, and an opening quote never glued to the word before."""
    a = sum(qa.source.count(q) for q in _DOUBLE_QUOTES)
    b = sum(qa.target.count(q) for q in _DOUBLE_QUOTES)
    if a != b:
        yield f"{b} double quote(s), the source has {a}"
    if re.search(rf"\w[{_OPENING}]", qa.target) and not re.search(rf"\w[{_OPENING}]", qa.source):
        yield "an opening quote glued to the word before it"
