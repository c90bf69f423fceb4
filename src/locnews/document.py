"""The one data model every stage shares: a segmented article.

A Document is a list of Blocks (dateline, headline, paragraph, ui); a Block is a list of Segments
(sentences). Each Segment records the whitespace that follows it, so

    block.leading + "".join(seg.text + seg.space_after for seg in block.segments) == block.source

holds byte for byte: nothing a translator or a renderer needs is ever thrown away.

Inline markup in HTML sentences is carried as placeholders ``⟦1⟧…⟦/1⟧`` (paired tags) and ``⟦2/⟧``
(empty elements such as ``<br>``); ``Block.tags`` maps each number back to the source's own tag text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

# "furniture": text of an HTML page that is not the article (menus, related links, "Baca juga"
# inserts); never sent to MT, kept as the source has it
BLOCK_KINDS = ("dateline", "headline", "paragraph", "ui", "furniture")
SEGMENT_KINDS = ("dateline", "headline", "sentence", "ui", "furniture")

# Placeholder syntax for inline markup: rare brackets, so they never collide with article text.
PH_OPEN = "⟦"
PH_CLOSE = "⟧"


@dataclass
class Segment:
    id: str  # stable, positional: "<block>.<n>" — also the msgctxt key of article catalogs
    kind: str  # one of SEGMENT_KINDS
    text: str  # what a translator sees (placeholders for inline markup)
    start: int = 0  # offset of text in the block's source string
    end: int = 0
    space_after: str = ""  # whitespace between this segment and the next one (or the block end)
    line: int = 0  # 1-based line in the source file, for `#:` references


@dataclass
class Block:
    index: int  # 0-based position in the document
    kind: str  # one of BLOCK_KINDS
    segments: list[Segment] = field(default_factory=list)
    leading: str = ""  # whitespace before the first segment
    line: int = 0  # 1-based line of the block in the source file
    # placeholder number -> (opening tag text, closing tag text or "") for HTML inline markup
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    # where the block came from in an HTML page (reader-specific locator), None for text
    locator: str | None = None

    @property
    def source(self) -> str:
        """The block's text rebuilt from its segments (placeholders included)."""
        return self.leading + "".join(s.text + s.space_after for s in self.segments)


@dataclass
class Document:
    lang: str  # "id" or "en"
    blocks: list[Block] = field(default_factory=list)
    path: str | None = None  # source file, for messages and references
    format: str = "text"  # "text" or "html"
    raw: str = ""  # the source as read (HTML pages are re-rendered from it)

    def segments(self, *kinds: str) -> Iterator[tuple[Block, Segment]]:
        """Every (block, segment), optionally only those of the given segment kinds."""
        for block in self.blocks:
            for seg in block.segments:
                if not kinds or seg.kind in kinds:
                    yield block, seg

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    @property
    def dateline(self) -> Block | None:
        found = self.blocks_of("dateline")
        return found[0] if found else None

    @property
    def headline(self) -> Block | None:
        found = self.blocks_of("headline")
        return found[0] if found else None
