"""What the review page shows: each article's segments in reading order, beside their catalog entries.

A row is one catalog segment (dateline, headline, sentence): its source, its current translation,
its state (``reviewed``, ``fuzzy``, ``untranslated``), where the translation came from, the QA
findings on it (recomputed with ``mt.checks``, so a fixed number stops being flagged), the glossary
terms and numbers to highlight, and the best memory suggestion.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from locnews.catalogs.articles import catalog_segments, entry_origin, is_edited, is_reviewed
from locnews.document import Document

if TYPE_CHECKING:
    import polib

_MEMORY_SCORE = re.compile(r"translation memory: (?:(exact) match|(\d+)% match)")
#: Protected-span kinds highlighted on the page, by CSS class.
MARK_CLASS = {"number": "num", "date": "num", "time": "num", "term": "term", "url": "keep", "email": "keep", "tag": "keep"}


@dataclass
class Suggestion:
    text: str
    score: float
    origin: str


@dataclass
class Row:
    id: str  # the catalog's msgctxt
    kind: str  # dateline, headline, sentence
    block: int
    source: str
    target: str
    state: str  # reviewed, fuzzy, untranslated
    origin: str  # reviewed, edited, memory, machine, dateline, untranslated
    score: float | None = None  # memory match
    qa: list[str] = field(default_factory=list)
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (class, source text, target text)
    suggestion: Suggestion | None = None

    @property
    def origin_label(self) -> str:
        if self.origin == "memory" and self.score is not None:
            return f"memory {self.score:.0%}"
        return self.origin

    def target_marks(self) -> list[list[str]]:
        """What review.js highlights in the editor: the target forms of the source's terms and numbers."""
        return [[c, t] for c, _, t in self.marks]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "target": self.target,
            "state": self.state,
            "origin": self.origin,
            "origin_label": self.origin_label,
            "qa": self.qa,
            "marks": self.target_marks(),
            "suggestion": None if self.suggestion is None else self.suggestion.__dict__,
        }


@dataclass
class ArticleView:
    doc: Document
    catalog: Path
    version: str  # fingerprint of the catalog file the rows were read from
    rows: list[Row]

    @property
    def slug(self) -> str:
        return self.catalog.stem

    @property
    def catalog_label(self) -> str:
        """The catalog as the reviewer knows it: relative to the current folder when inside it."""
        try:
            return str(self.catalog.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(self.catalog)

    @property
    def left(self) -> int:
        return sum(r.state != "reviewed" for r in self.rows)

    def blocks(self) -> list[list[Row]]:
        """Rows grouped by paragraph, in reading order."""
        out: list[list[Row]] = []
        for r in self.rows:
            if out and out[-1][0].block == r.block:
                out[-1].append(r)
            else:
                out.append([r])
        return out


@dataclass
class Context:
    """What every row needs besides its entry: the pair, the glossary, the memories."""

    from_lang: str
    to_lang: str
    glossary: object | None = None  # mt.glossary.Glossary
    memories: list = field(default_factory=list)  # mt.tm.TranslationMemory, best first
    # source -> protect.Masked and (source, target) -> QA findings, kept across page loads: a
    # reload only recomputes what changed
    cache: dict = field(default_factory=dict)


def catalog_version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def state_of(entry: "polib.POEntry | None") -> str:
    if entry is None or not entry.msgstr:
        return "untranslated"
    return "reviewed" if is_reviewed(entry) else "fuzzy"


def origin_of(entry: "polib.POEntry | None") -> tuple[str, float | None]:
    if entry is None or not entry.msgstr:
        return "untranslated", None
    origin = entry_origin(entry)
    if origin != "reviewed" and is_edited(entry):
        return "edited", None
    if origin == "memory":
        m = _MEMORY_SCORE.search(entry.comment or "")
        score = 1.0 if m and m.group(1) else (int(m.group(2)) / 100 if m else None)
        return "memory", score
    return origin, None


def live_entry(po: "polib.POFile", key: str, msgid: str) -> "polib.POEntry | None":
    """The live entry for a segment: same key and same source text (an edited source is another)."""
    for e in po:
        if not e.obsolete and (e.msgctxt or "") == key and e.msgid == msgid:
            return e
    return None


def build_row(seg, block: int, entry: "polib.POEntry | None", ctx: Context) -> Row:
    from locnews.mt import protect

    state = state_of(entry)
    origin, score = origin_of(entry)
    target = entry.msgstr if entry is not None else ""
    row = Row(seg.id, seg.kind, block, seg.text, target, state, origin, score)
    if seg.kind == "dateline":
        return row  # formatted by Babel, never machine-translated: nothing for QA or memory
    masked = ctx.cache.get(seg.text)
    if masked is None:
        masked = ctx.cache[seg.text] = protect.mask(seg.text, ctx.from_lang, ctx.to_lang, ctx.glossary)
    row.marks = [(MARK_CLASS[i.kind], i.source, i.target) for i in masked.items if i.kind in MARK_CLASS]
    if target:
        from locnews.mt.checks import check_translation

        qa = ctx.cache.get((seg.text, target))
        if qa is None:
            qa = [str(f) for f in check_translation(seg.text, target, masked, ctx.from_lang, ctx.to_lang)]
            ctx.cache[(seg.text, target)] = qa
        row.qa = list(qa)
    return row


def add_suggestions(rows: list[Row], ctx: Context) -> None:
    """The best memory match for every row not reviewed (and not the text it already has).

    Memory lookups are the slow part of a page (fuzzy scoring), so the page asks for them after it
    has opened, and a save asks only for its row's.
    """
    for row in rows:
        if row.state == "reviewed" or row.kind == "dateline":
            continue
        best = None
        for mem in ctx.memories:
            m = mem.lookup(row.source, ctx.from_lang, ctx.to_lang)
            if m is not None and m.target != row.target and (best is None or m.score > best.score):
                best = m
        row.suggestion = None if best is None else Suggestion(best.target, best.score, best.origin)


def build_article(doc: Document, catalog: Path, po: "polib.POFile", version: str, ctx: Context) -> ArticleView:
    block_of = {seg.id: b.index for b, seg in doc.segments()}
    entries = {(e.msgctxt or "", e.msgid): e for e in po if not e.obsolete}
    rows = [build_row(seg, block_of[seg.id], entries.get((seg.id, seg.text)), ctx) for seg in catalog_segments(doc)]
    return ArticleView(doc, catalog, version, rows)


@contextlib.contextmanager
def memories(pos: list["polib.POFile"], from_lang: str, to_lang: str, tm_path: Path | None) -> Iterator[list]:
    """[the reviewed pairs of the open catalogs, the project memory if it exists] for suggestions."""
    from locnews.catalogs.articles import reviewed_pairs
    from locnews.mt.tm import TranslationMemory

    session = TranslationMemory(":memory:")
    session.add_many(
        (src, tgt, from_lang, to_lang, f"{to_lang}/articles/{po.metadata.get('X-Locnews-Article', '')}.po")
        for po in pos
        for _, src, tgt in reviewed_pairs(po)
    )
    mems = [session]
    if tm_path is not None and Path(tm_path).exists():
        mems.append(TranslationMemory(tm_path, create=False))
    try:
        yield mems
    finally:
        for m in mems:
            m.close()
