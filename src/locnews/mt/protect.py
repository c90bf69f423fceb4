"""Protection around the model: what MT must not touch is masked before and restored after.

Numbers, amounts, percentages, written dates, times, URLs, e-mail addresses, hashtags, @handles,
glossary terms and inline-markup placeholders are each replaced by a short token the model copies
(``#1`` by default, chosen by measurement, see MASK_STYLES). After MT the tokens are put back — not as the source
wrote them but as the target edition writes them: ``2.000`` -> ``2,000``, ``12,5 persen`` ->
``12.5 percent``, ``Rp 1.500.000`` -> ``Rp 1,500,000``, ``8 Juli 2020`` -> ``8 July 2020``.

A paired inline tag whose content is itself fully protected (a linked name, a bold figure) is masked
as one unit, so the model cannot separate the tag from its words. Other paired tags travel as an
opening and a closing token; when the model loses or swaps them, :func:`unmask` re-anchors the tag
on the separately translated inner text (the pipeline translates it in the same batch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from locnews.document import PH_CLOSE, PH_OPEN

# --------------------------------------------------------------------------------------------------
# tokens


@dataclass(frozen=True)
class MaskStyle:
    name: str
    make: Callable[[int], str]
    find: re.Pattern[str]  # group 1 = the number; tolerant of the spaces SentencePiece adds


MASK_STYLES: dict[str, MaskStyle] = {
    "angle": MaskStyle("angle", lambda i: f"<{i}>", re.compile(r"<\s*(\d{1,3})\s*>")),
    "brace": MaskStyle("brace", lambda i: f"{{{i}}}", re.compile(r"\{\s*(\d{1,3})\s*\}")),
    "square": MaskStyle("square", lambda i: f"[{i}]", re.compile(r"\[\s*(\d{1,3})\s*\]")),
    # no closing delimiter: "#1taken" is token 1 + "taken"; a longer number than any item is made up
    "hash": MaskStyle("hash", lambda i: f"#{i}", re.compile(r"#\s?(\d+(?:[.,]\d+)*)")),
    # a number models copy as they copy figures (9019 for item 1); standalone numbers are all masked,
    # so what remains in the text cannot be mistaken for one
    "digits": MaskStyle("digits", lambda i: f"9{i:02d}9", re.compile(r"(?<![\d.,])9(\d\d)9(?![\d]|[.,]\d)")),
    # a made-up proper noun: models copy names they do not know
    "name": MaskStyle("name", lambda i: f"Zx{i}", re.compile(r"\bZx\s?(\d{1,3})\b", re.IGNORECASE)),
}
#: "#1" is the style the bundled models keep best (96-97 % on bppt.dev since they were trained with
#: it, see `locnews models train --mask-rate`; 0-70 % for the others, benchmarks/results/translate.md); what they
#: drop is put back by position and reported.
DEFAULT_STYLE = "hash"


# --------------------------------------------------------------------------------------------------
# numbers in either edition's convention

_SCALES = {
    "id": {"ribu": 1, "juta": 2, "miliar": 3, "milyar": 3, "triliun": 4},
    "en": {"thousand": 1, "million": 2, "billion": 3, "trillion": 4},
}
_SCALE_OUT = {"id": {1: "ribu", 2: "juta", 3: "miliar", 4: "triliun"},
              "en": {1: "thousand", 2: "million", 3: "billion", 4: "trillion"}}
_PERCENT_WORD = {"id": ("persen",), "en": ("percent", "per cent")}
_PERCENT_OUT = {"id": "persen", "en": "percent"}
_SEPS = {"id": (".", ","), "en": (",", ".")}  # (group separator, decimal separator)
_CURRENCY = r"(?:Rp\.?\s?|US\$\s?|S\$\s?|RM\s?|\$|€\s?|£\s?|USD\s|IDR\s|EUR\s)"


def _number_re(lang: str) -> re.Pattern[str]:
    grp, dec = (re.escape(c) for c in _SEPS.get(lang, _SEPS["en"]))
    scales = "|".join(sorted(_SCALES.get(lang, {}), key=len, reverse=True))
    pct = "|".join(_PERCENT_WORD.get(lang, ()))
    return re.compile(
        rf"(?<![\w.,/:\-])(?P<cur>{_CURRENCY})?"
        rf"(?<![.,/:\-])(?P<num>\d{{1,3}}(?:{grp}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?)(?![\w/]|[.,:]\d)"
        rf"(?:(?P<pct>\s?%|\s(?:{pct})\b)|(?:\s(?P<scale>{scales})\b))?",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Number:
    """A number as written: integer digits, fraction digits, and whether it was grouped."""

    integer: str
    fraction: str
    grouped: bool

    @classmethod
    def parse(cls, text: str, lang: str) -> "Number":
        grp, dec = _SEPS.get(lang, _SEPS["en"])
        whole, _, frac = text.partition(dec)
        return cls(whole.replace(grp, ""), frac, grp in whole)

    def format(self, lang: str) -> str:
        grp, dec = _SEPS.get(lang, _SEPS["en"])
        whole = self.integer
        if self.grouped:
            head = len(whole) % 3 or 3
            whole = whole[:head] + "".join(grp + whole[i:i + 3] for i in range(head, len(whole), 3))
        return whole + (dec + self.fraction if self.fraction else "")

    @property
    def value(self) -> float:
        return float(self.integer + ("." + self.fraction if self.fraction else ""))


def reformat_number(text: str, from_lang: str, to_lang: str) -> str:
    """'2.000' (id) -> '2,000' (en); '12,5' -> '12.5'; digits without separators are kept."""
    return Number.parse(text, from_lang).format(to_lang)


def number_values(text: str, lang: str) -> list[float]:
    """Every number in ``text`` read with ``lang``'s separators (for QA and memory matching)."""
    out = []
    for m in _number_re(lang).finditer(text):
        try:
            out.append(Number.parse(m.group("num"), lang).value)
        except ValueError:  # pragma: no cover - the regex only matches digits
            continue
    return out


# --------------------------------------------------------------------------------------------------
# other protected spans

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'⟦⟧]+[^\s<>\"'⟦⟧.,;:!?)\]]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# A bare host name ("KOMPAS.com", "uny.ac.id", "Liputan6.com"): Indonesian news names its sources and
# photo credits this way, and the model drops or mangles them ("Doc. uny.ac.id" → "Doc"). Only names
# ending in a known top-level domain, so "3.5" or "Rp1.5" never match.
_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|net|org|info|biz|io|tv|news|co|id|asia|my|sg|au|uk|us)(?![\w-]|\.[a-z])",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<![\w#&])[#@][A-Za-z_]\w*")
_TIME = {
    "id": re.compile(r"(?<![\w.,])\d{1,2}[.:]\d{2}(?:\s?(?:WIB|WITA|WIT))?(?![\w.,]\d)"),
    "en": re.compile(r"(?<![\w.,])\d{1,2}:\d{2}(?:\s?(?:[ap]\.m\.|[AP]M|WIB|WITA|WIT))?(?![\w])"),
}
_NUMERIC_DATE = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/\d{2,4}(?![\w/])")

_PLACEHOLDER = re.compile(re.escape(PH_OPEN) + r"(/?)(\d+)(/?)" + re.escape(PH_CLOSE))


def _numeric_date_target(written: str, from_lang: str, to_lang: str) -> str:
    """An Indonesian numeric date (always day/month/year) written out for the English edition.

    "Kamis (5/11/2015)" is 5 November; left as "5/11/2015", an American reader takes it for 11 May.
    English sources stay as written: "5/11/2015" there may be either order.
    """
    if from_lang != "id" or to_lang != "en":
        return written
    import datetime as _dt

    from locnews.text.dates import format_dateline

    day, month, year = (int(x) for x in written.split("/"))
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return format_dateline(_dt.date(year, month, day), "en", weekday=False)
    except ValueError:
        return written  # not a day/month/year date (31/2, 11/25): kept as the source has it


@dataclass
class Item:
    """One protected span: its token number, kind, source text and the text the target gets."""

    n: int
    kind: str  # number, date, time, url, email, tag, term, markup-open, markup-close, markup-empty, markup
    source: str
    target: str


@dataclass
class Masked:
    source: str  # the segment as it was
    text: str  # what the model sees
    items: list[Item] = field(default_factory=list)
    style: str = DEFAULT_STYLE
    # paired markup number -> source inner text (for re-anchoring when the model loses the tokens)
    pairs: dict[str, str] = field(default_factory=dict)
    outer: tuple[str, str] | None = None  # a tag wrapping the whole segment, kept out of MT

    def token(self, item: Item) -> str:
        return MASK_STYLES[self.style].make(item.n)


@dataclass
class Restored:
    text: str
    missing: list[Item] = field(default_factory=list)  # items the model dropped
    notes: list[str] = field(default_factory=list)  # repairs made (markup re-anchored …)


def _spans(text: str, from_lang: str, to_lang: str, glossary) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, target) of every protected span, earliest-longest first, no overlaps."""
    from locnews.text.dates import find_dates, format_dateline

    found: list[tuple[int, int, str, str]] = []
    for m in _PLACEHOLDER.finditer(text):
        kind = "markup-close" if m.group(1) else ("markup-empty" if m.group(3) else "markup-open")
        found.append((m.start(), m.end(), kind, m.group(0)))
    for rx, kind in ((_URL, "url"), (_EMAIL, "email"), (_DOMAIN, "url"), (_HASHTAG, "tag")):
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), kind, m.group(0)))
    if glossary is not None:
        for start, end, target in glossary.find(text, from_lang, to_lang):
            found.append((start, end, "term", target))
    for d in find_dates(text):
        if not any(ch.isalpha() for ch in text[d.start:d.end]):
            continue  # 24/11/2026 stays as written (see _NUMERIC_DATE)
        found.append((d.start, d.end, "date", format_dateline(d.date, to_lang, weekday=d.has_weekday)))
    for m in _NUMERIC_DATE.finditer(text):
        found.append((m.start(), m.end(), "date", _numeric_date_target(m.group(0), from_lang, to_lang)))
    time_rx = _TIME.get(from_lang)
    if time_rx is not None:
        for m in time_rx.finditer(text):
            found.append((m.start(), m.end(), "time", m.group(0)))
    for m in _number_re(from_lang).finditer(text):
        found.append((m.start(), m.end(), "number", _number_target(m, from_lang, to_lang)))
    # earliest first, longest first; markup placeholders and URLs win ties by order of kinds above
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, str, str]] = []
    end = -1
    for span in found:
        if span[0] >= end:
            chosen.append(span)
            end = span[1]
    return chosen


def _number_target(m: re.Match[str], from_lang: str, to_lang: str) -> str:
    out = ""
    if m.group("cur"):
        out += m.group("cur")
    out += reformat_number(m.group("num"), from_lang, to_lang)
    if m.group("pct"):
        pct = m.group("pct")
        out += pct if pct.strip() == "%" else " " + _PERCENT_OUT.get(to_lang, pct.strip())
    elif m.group("scale"):
        level = _SCALES[from_lang][m.group("scale").lower()]
        out += " " + _SCALE_OUT.get(to_lang, {}).get(level, m.group("scale"))
    return out


_OUTER = re.compile(
    r"^(\s*)" + re.escape(PH_OPEN) + r"(\d+)" + re.escape(PH_CLOSE) + r"(.*)" + re.escape(PH_OPEN) + r"/\2"
    + re.escape(PH_CLOSE) + r"([\s.,;:!?]*)$", re.S
)


def mask(text: str, from_lang: str, to_lang: str, glossary=None, style: str = DEFAULT_STYLE) -> Masked:
    """Replace every protected span of ``text`` with a token; see the module docstring."""
    lead, core, trail = _edges(text)
    if lead or trail:
        # <br>s after the last word, a tag the previous sentence opened: they stay at the edges
        inner = mask(core, from_lang, to_lang, glossary, style)
        inner.source = text
        a, b = inner.outer or ("", "")
        inner.outer = (lead + a, b + trail)
        return inner
    outer = _OUTER.match(text)
    if outer and _balanced(outer.group(3)):
        # a tag around the whole sentence (a linked headline): the model never sees it, and it goes
        # back around the whole translation
        inner = mask(outer.group(3), from_lang, to_lang, glossary, style)
        inner.source = text
        inner.outer = (outer.group(1) + f"{PH_OPEN}{outer.group(2)}{PH_CLOSE}", f"{PH_OPEN}/{outer.group(2)}{PH_CLOSE}" + outer.group(4))
        return inner
    spans = _spans(text, from_lang, to_lang, glossary)
    spans = _merge_protected_pairs(text, spans)
    masked = Masked(source=text, text="", style=style)
    parts: list[str] = []
    pos = 0
    for n, (start, end, kind, target) in enumerate(spans, start=1):
        item = Item(n, kind, text[start:end], target)
        masked.items.append(item)
        parts.append(text[pos:start])
        parts.append(masked.token(item))
        pos = end
    parts.append(text[pos:])
    masked.text = "".join(parts)
    # remember the inner text of every pair that still travels as two tokens
    opens = {m.group(2): m for m in _PLACEHOLDER.finditer(text) if not m.group(1) and not m.group(3)}
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1) and m.group(2) in opens:
            inner = text[opens[m.group(2)].end():m.start()]
            if any(i.kind == "markup-open" and i.source == opens[m.group(2)].group(0) for i in masked.items):
                masked.pairs[m.group(2)] = inner
    return masked


def _edges(text: str) -> tuple[str, str, str]:
    """(leading, core, trailing): placeholders at the segment's edges that belong to no words in it --
    empty elements, and tags opened or closed in another segment -- with the whitespace around them."""
    marks = list(_PLACEHOLDER.finditer(text))
    opened = {m.group(2) for m in marks if not m.group(1) and not m.group(3)}
    closed = {m.group(2) for m in marks if m.group(1)}

    def edge(m: re.Match[str]) -> bool:
        return bool(m.group(3)) or (m.group(2) not in (closed if not m.group(1) else opened))

    start = 0
    for m in marks:
        if text[start:m.start()].strip() or not edge(m):
            break
        start = m.end()
    end = len(text)
    for m in reversed(marks):
        if m.end() <= start or text[m.end():end].strip() or not edge(m):
            break
        end = m.start()
    core = text[start:end]
    if not core.strip():
        return "", text, ""
    lead_ws = len(core) - len(core.lstrip())
    trail_ws = len(core) - len(core.rstrip())
    return text[: start + lead_ws], core.strip(), text[end - trail_ws :] if trail_ws else text[end:]


def _merge_protected_pairs(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """⟦1⟧ + protected spans only + ⟦/1⟧ -> one 'markup' span: the tag cannot drift off its words."""
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        if s[2] == "markup-open":
            num = _PLACEHOLDER.match(text, s[0]).group(2)  # type: ignore[union-attr]
            j = i + 1
            while j < len(spans) and spans[j][2] not in ("markup-open", "markup-close"):
                j += 1
            if j < len(spans) and spans[j][2] == "markup-close" and j > i + 1:
                close_num = _PLACEHOLDER.match(text, spans[j][0]).group(2)  # type: ignore[union-attr]
                inner = spans[i + 1:j]
                gaps = [text[a[1]:b[0]] for a, b in zip([s, *inner], [*inner, spans[j]])]
                if close_num == num and all(not g.strip() for g in gaps):
                    target = s[3] + "".join(g + t[3] for g, t in zip(gaps, [*inner, spans[j]]))
                    out.append((s[0], spans[j][1], "markup", target))
                    i = j + 1
                    continue
        out.append(s)
        i += 1
    return out


def unmask(
    translated: str, masked: Masked, inner_translations: dict[str, str] | None = None, *, reinsert: bool = True
) -> Restored:
    """Put the target text of every item back where the model left its token.

    An item the model dropped (a number, a name, a link) is not silently lost: with ``reinsert`` it
    goes back at the same relative position, between words, and a note tells the reviewer.
    """
    style = MASK_STYLES[masked.style]
    by_n = {item.n: item for item in masked.items}
    seen: set[int] = set()

    def put_back(m: re.Match[str]) -> str:
        item = by_n.get(int(m.group(1))) if m.group(1).isdigit() else None
        if item is None:
            return ""  # a token the model made up ("#22" from "#2"): its item is re-inserted below
        if item.n in seen and item.kind.startswith("markup"):
            return ""  # a tag twice would break the page
        seen.add(item.n)
        return item.target

    text = style.find.sub(put_back, translated)
    restored = Restored(text=text)
    restored.missing = [i for i in masked.items if i.n not in seen]
    _repair_pairs(restored, masked, inner_translations or {})
    if reinsert:
        _reinsert(restored, masked)
    restored.text = _tidy(restored.text)
    if masked.outer is not None:
        restored.text = masked.outer[0] + restored.text + masked.outer[1]
    return restored


def _balanced(text: str) -> bool:
    """Every placeholder pair inside ``text`` opens and closes within it (so the outer pair is real)."""
    depth: dict[str, int] = {}
    for m in _PLACEHOLDER.finditer(text):
        if m.group(3):
            continue
        n = m.group(2)
        depth[n] = depth.get(n, 0) + (-1 if m.group(1) else 1)
        if depth[n] < 0:
            return False
    return all(v == 0 for v in depth.values())


def _repair_pairs(restored: Restored, masked: Masked, inner: dict[str, str]) -> None:
    """Make every paired tag open before it closes; re-anchor lost ones on their inner text."""
    for num, src_inner in masked.pairs.items():
        open_t, close_t = f"{PH_OPEN}{num}{PH_CLOSE}", f"{PH_OPEN}/{num}{PH_CLOSE}"
        text = restored.text
        a, b = text.find(open_t), text.find(close_t)
        if a != -1 and b != -1 and a < b:
            between = text[a + len(open_t) : b]
            if not _PLACEHOLDER.sub("", between).strip() and _PLACEHOLDER.sub("", src_inner).strip():
                # <strong>detikINET</strong> -> <strong> </strong>: the words go back inside their tag
                words = _PLACEHOLDER.sub("", inner.get(num, "")).strip() or src_inner.strip()
                restored.text = text[: a + len(open_t)] + words + text[b:]
                restored.notes.append(f"markup {num} emptied by MT, its words put back")
            continue
        text = text.replace(open_t, "").replace(close_t, "")
        anchor = None
        cands = [c for c in (_PLACEHOLDER.sub("", t).strip().rstrip(".") for t in (inner.get(num, ""), src_inner)) if c]
        # whole words first, for every candidate ("FT" must not anchor inside "FTX"), then any match
        for pattern in (r"(?<!\w){}(?!\w)", "{}"):
            found = (re.search(pattern.format(re.escape(c)), text, re.IGNORECASE) for c in cands)
            m = next((f for f in found if f), None)
            if m:
                anchor = (m.start(), m.end())
                break
        if anchor is not None:
            restored.notes.append(f"markup {num} re-anchored on its translated words")
        else:
            anchor = _aligned_words(text, masked, num)
            if anchor is not None:
                restored.notes.append(f"markup {num} lost by MT, put back on the words at its place")
            else:
                # nothing to align with (the model returned no words): the tag and its words at the end
                words = _PLACEHOLDER.sub("", inner.get(num, "")).strip() or _PLACEHOLDER.sub("", src_inner).strip()
                text = (text + " " if text.strip() else "") + words
                anchor = (len(text) - len(words), len(text))
                restored.notes.append(f"markup {num} lost by MT, put back with its words at the end")
        if anchor is not None:
            text = text[:anchor[0]] + open_t + text[anchor[0]:anchor[1]] + close_t + text[anchor[1]:]
        restored.text = text
        restored.missing = [i for i in restored.missing if not (i.kind.startswith("markup") and
                                                               _PLACEHOLDER.fullmatch(i.source) and
                                                               _PLACEHOLDER.fullmatch(i.source).group(2) == num)]


def _aligned_words(text: str, masked: Masked, num: str) -> tuple[int, int] | None:
    """The words of ``text`` at the relative place and length the tag's words had in the source."""
    src = masked.text
    open_tok = next((masked.token(i) for i in masked.items if i.kind == "markup-open"
                     and _PLACEHOLDER.fullmatch(i.source) and _PLACEHOLDER.fullmatch(i.source).group(2) == num), None)
    close_tok = next((masked.token(i) for i in masked.items if i.kind == "markup-close"
                      and _PLACEHOLDER.fullmatch(i.source) and _PLACEHOLDER.fullmatch(i.source).group(2) == num), None)
    words = list(re.finditer(r"\S+", text))
    if open_tok is None or close_tok is None or not words or src.find(open_tok) < 0:
        return None
    a, b = src.find(open_tok), src.find(close_tok)
    total = max(1, len(src.split()))
    first = len(src[:a].split())
    count = max(1, len(src[a + len(open_tok) : b].split()))
    start = min(len(words) - 1, round(first / total * len(words)))
    end = min(len(words), start + max(1, round(count / total * len(words))))
    last = words[end - 1]
    stop = last.start() + len(last.group(0).rstrip(".,;:!?\"'”’)"))
    return words[start].start(), max(stop, words[start].start() + 1)


_REINSERT_KINDS = ("number", "date", "time", "url", "email", "tag", "term", "markup", "markup-empty", "markup-open",
                   "markup-close")  # open/close here: a tag that spans two sentences (pairs are repaired above)


def _reinsert(restored: Restored, masked: Masked) -> None:
    text = restored.text
    still: list[Item] = []
    for item in restored.missing:
        if item.kind not in _REINSERT_KINDS:
            still.append(item)
            continue
        tok = masked.token(item)
        where = masked.text.find(tok)
        ratio = where / max(1, len(masked.text)) if where >= 0 else 1.0
        text = insert_at(text, item.target, ratio)
        restored.notes.append(f"{item.kind} {item.target!r} dropped by MT, re-inserted by position")
    restored.text = text
    restored.missing = still


def insert_at(text: str, piece: str, ratio: float) -> str:
    """Insert ``piece`` at the word boundary nearest to ``ratio`` of ``text``."""
    if not text:
        return piece
    target = round(ratio * len(text))
    bounds = [0, len(text)] + [m.start() for m in re.finditer(r"\s", text)]
    pos = min(bounds, key=lambda b: abs(b - target))
    if pos >= len(text):
        # before the closing punctuation, not after it
        end = re.search(r"[.!?…\"'”’)]*$", text)
        pos = end.start() if end else len(text)
        return text[:pos] + (" " if pos and not text[pos - 1].isspace() else "") + piece + text[pos:]
    if pos == 0:
        return piece + " " + text
    return text[:pos] + " " + piece + text[pos:]


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return text.strip()


def protected_targets(masked: Masked) -> Iterable[str]:
    """What must appear in the translation (for QA)."""
    return (i.target for i in masked.items)


def needs_mt(masked_text: str) -> bool:
    """Anything left to translate once protected spans are tokens (a bare number, a '©' or a
    placeholder alone needs no model, and a model given one invents words around it)."""
    rest = MASK_STYLES[DEFAULT_STYLE].find.sub(" ", masked_text)
    from locnews.document import PH_CLOSE, PH_OPEN

    rest = re.sub(re.escape(PH_OPEN) + r"/?\d+/?" + re.escape(PH_CLOSE), " ", rest)
    return bool(re.search(r"[^\W\d_]{2,}", rest))
