"""Read an article -- plain text in the site's layout, or an HTML page -- into a segmented Document.

Plain-text layout (as the site exports it)::

    Rabu, 08 Jul 2020                 <- dateline (optional: a short line with a year in it)
                                      
    Headline                          <- headline: the first line after the dateline
                                      
    First paragraph. Second sentence. <- body: one paragraph per line, or blank-line separated
    A line that does not end a        <- a line that ends mid-sentence and is followed by a
    sentence continues here.             lowercase word continues the paragraph (hard wrap)
                                      
    Versi Mobile                      <- site chrome: any line that is a UI string of the
    Terpopuler                           site's gettext catalogs (``locales/``) -> a ``ui`` block

Segment ids are stable positional keys, ``<kind letter><block index>.<sentence number>``:
``d0.1`` (dateline), ``h1.1`` (headline), ``p3.2`` (second sentence of block 3, a paragraph),
``u9.1`` (a ui line). The block index counts every block of the document from 0 (in HTML pages
also the ``<title>``, menu items and ``alt``/``title`` attributes); the sentence number counts
from 1. They are the msgctxt of article catalogs, so they stay the same as long as the article's
block structure does. Datelines, headlines and ui blocks are never split into sentences.

Text documents keep every byte: each block's leading whitespace and each segment's
``space_after`` (the whitespace up to the next block included), so
``"".join(block.source for block in doc.blocks) == the file's text``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from locnews.document import Block, Document, Segment
from locnews.errors import LocnewsError

KIND_LETTER = {"dateline": "d", "headline": "h", "paragraph": "p", "ui": "u", "furniture": "f"}
SEGMENT_KIND = {"dateline": "dateline", "headline": "headline", "paragraph": "sentence", "ui": "ui",
                "furniture": "furniture"}

_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
# Weekday and month names (and their short forms) that make a short line with a year a dateline.
DATE_WORDS = frozenset(
    """senin selasa rabu kamis jumat jum'at sabtu minggu ahad januari februari maret april mei juni
    juli agustus september oktober november desember jan feb mar apr jun jul agu agt ags sep okt
    nov des monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri
    sat sun january february march may june july august october december aug sept oct dec""".split()
)
_ENDS_SENTENCE = re.compile(r"[.!?…:;][”\"’'»)\]]*$")


class UILookup(Protocol):
    def is_ui(self, text: str) -> bool: ...


class _NoUI:
    def is_ui(self, text: str) -> bool:
        return False


def segment_id(kind: str, block: int, n: int) -> str:
    """``segment_id("paragraph", 3, 2) == "p3.2"``."""
    return f"{KIND_LETTER[kind]}{block}.{n}"


def _default_ui() -> UILookup:
    try:
        from locnews.catalogs.ui_strings import load_ui_strings

        return load_ui_strings()
    except LocnewsError:
        return _NoUI()
    except (ImportError, OSError):  # pragma: no cover - no catalogs anywhere: no chrome to find
        return _NoUI()


def read_article(path: str | Path, lang: str | None = None, ui: UILookup | None = None) -> Document:
    """Read and segment an article file (plain text or HTML, told apart by extension and content).

    ``lang`` ("id"/"en") when not given: the file name's language suffix (``x.id.txt``), else the
    page's ``<html lang>``, else detected from the text; ``ui`` recognises site chrome
    (default: the project's UI catalogs, else the bundled ones).
    """
    from locnews.fileio import read_text

    p = Path(path)
    raw = read_text(p, "file")
    from locnews.pages.markup import looks_like_html

    if lang is None:
        lang = lang_from_name(p)
    if looks_like_html(raw, p.suffix):
        from locnews.pages.extract import configured_body_selector

        return parse_html(raw, lang=lang, ui=ui, path=str(p), body_selector=configured_body_selector())
    return parse_text(raw, lang=lang, ui=ui, path=str(p))


def lang_from_name(path: str | Path) -> str | None:
    """'isis-children.id.txt' -> 'id'; None when the name has no language suffix."""
    parts = Path(path).name.split(".")
    if len(parts) >= 3 and parts[-2] in ("id", "en"):
        return parts[-2]
    return None


def _check_lang(lang: str, path: str | None) -> str:
    if lang not in ("id", "en"):
        raise LocnewsError(f"unsupported language {lang!r} (use id or en)", path)
    return lang


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    out, pos = [], 0
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            out.append((pos, len(text)))
            return out
        out.append((pos, nl))
        pos = nl + 1


def _is_dateline(line: str) -> bool:
    """A short line with a year and a weekday/month name, or a numeric date ("Rabu, 08 Jul 2020")."""
    words = line.split()
    if not (1 <= len(words) <= 8 and len(line) <= 60) or line.rstrip().endswith("."):
        return False
    if _NUMERIC_DATE.search(line):
        return True
    named = any(w.strip(",.()").lower() in DATE_WORDS for w in words)
    return named and bool(_YEAR.search(line))


def parse_text(
    text: str, lang: str | None = None, ui: UILookup | None = None, path: str | None = None
) -> Document:
    """Segment a plain-text article given as a string (see the module docstring for the layout)."""
    if ui is None:
        ui = _default_ui()
    if lang is None:
        from locnews.text.lang import detect_language

        lang = detect_language(text)
    lang = _check_lang(lang, path)

    # 1. group lines into blocks: (kind, content start, content end, 1-based line)
    spans: list[list[Any]] = []
    seen_headline = False
    prev_blank = True
    for lineno, (a, b) in enumerate(_lines(text), 1):
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            continue
        ca = a + (len(line) - len(line.lstrip()))
        cb = a + len(line.rstrip())
        if ui.is_ui(stripped):
            kind = "ui"
        elif all(k[0] == "ui" for k in spans) and _is_dateline(stripped):  # chrome may come first
            kind = "dateline"
        elif not seen_headline:
            kind = "headline"
        else:
            kind = "paragraph"
            last = spans[-1] if spans else None
            if (
                last is not None
                and last[0] == "paragraph"
                and not prev_blank
                and not _ENDS_SENTENCE.search(text[last[1] : last[2]])
                and (stripped[0].islower() or text[last[2] - 1] in ",-")
            ):
                last[2] = cb  # a hard-wrapped paragraph continues
                prev_blank = False
                continue
        if kind == "headline":
            seen_headline = True
        spans.append([kind, ca, cb, lineno])
        prev_blank = False

    doc = Document(lang=lang, path=path, format="text", raw=text)
    if not spans:
        return doc
    from locnews.text.segment import split_sentences

    for i, (kind, ca, cb, lineno) in enumerate(spans):
        nxt = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        content = text[ca:cb]
        block = Block(index=i, kind=kind, line=lineno, leading=text[:ca] if i == 0 else "")
        if kind == "paragraph":
            pieces = [(s.start, s.end, s.space_after) for s in split_sentences(content, lang)]
        else:
            pieces = [(0, len(content), "")]
        base = len(block.leading)
        for n, (s, e, ws) in enumerate(pieces, 1):
            if n == len(pieces):
                ws = ws + text[cb:nxt]  # the whitespace up to the next block belongs to this one
            block.segments.append(
                Segment(
                    id=segment_id(kind, i, n),
                    kind=SEGMENT_KIND[kind],
                    text=content[s:e],
                    start=base + s,
                    end=base + e,
                    space_after=ws,
                    line=lineno + content.count("\n", 0, s),
                )
            )
        doc.blocks.append(block)
    return doc


def parse_html(
    raw: str, lang: str | None = None, ui: UILookup | None = None, path: str | None = None,
    body_selector: str | None = None,
) -> Document:
    """Segment an HTML page given as a string; blocks carry XPath locators and inline tags.

    Only the article (``pages/extract.py``; ``body_selector`` names its body) is for translation:
    the rest of the page is ``furniture`` blocks, and so are "Baca juga" inserts, bylines and ad
    labels inside the body (``furniture`` segments of a paragraph).
    """
    from locnews.pages.extract import article_flags, is_furniture_text
    from locnews.pages.markup import find_translatable, parse_page, strip_placeholders, wrap_loose_runs

    if ui is None:
        ui = _default_ui()
    try:
        tree = parse_page(raw)
    except ValueError as exc:
        raise LocnewsError(str(exc), path) from None
    wrap_loose_runs(tree)
    found = find_translatable(tree, ui.is_ui)
    article = article_flags(tree, found, raw, body_selector)
    root = tree.getroot()
    text = " ".join(strip_placeholders(f.text) for f, a in zip(found, article) if a and f.kind == "text")
    lang = _check_lang(page_language(text, root.get("lang") or root.get("xml:lang"), lang, path), path)

    from locnews.text.segment import split_sentences

    doc = Document(lang=lang, path=path, format="html", raw=raw)
    heads = [strip_placeholders(f.text).strip() for f, a in zip(found, article) if a and f.kind == "text"
             and f.element.tag == "h1"]
    have_dateline = have_headline = False
    after_h1 = body_started = False  # the article's date stands between its headline and its body
    for f, in_article in zip(found, article):
        plain = strip_placeholders(f.text)
        tag = f.element.tag if f.kind == "text" else None
        if f.ui:
            kind = "ui"
        elif (not have_dateline and tag is not None and (tag == "time" or (after_h1 and not body_started))
              and _is_dateline(plain)):
            kind, have_dateline = "dateline", True  # formatted by Babel, never MT
        elif not in_article:
            kind = "furniture"
        elif tag == "time" and not have_dateline:
            kind, have_dateline = "dateline", True
        elif tag == "h1" and not have_headline:  # the first article h1 (in an <article><header> too)
            kind, have_headline = "headline", True
        else:
            kind = "paragraph"
        if tag == "h1" and in_article:
            after_h1, body_started = True, False  # sites repeat the headline: the date follows the last
        elif kind == "paragraph" and tag is not None and tag != "title" and after_h1:
            body_started = True
        i = len(doc.blocks)
        text = f.text if kind == "paragraph" else (plain if kind == "ui" else f.text.strip())
        leading = text[: len(text) - len(text.lstrip())]
        body = text[len(leading) :]
        block = Block(index=i, kind=kind, line=f.line, leading=leading,
                      tags=f.tags if kind != "ui" else {}, locator=f.locator)
        suffix = _site_suffix(body, heads) if kind == "paragraph" and (tag == "title" or f.kind == "meta") else None
        if suffix is not None:
            # "Headline | Site Name": the headline goes to MT, the site's name stays as it is
            head_end, rest = suffix
            trimmed = body.rstrip()
            pieces = [(0, head_end, body[head_end:rest]), (rest, len(trimmed), body[len(trimmed):])]
        elif kind == "paragraph":
            pieces = [(s.start, s.end, s.space_after) for s in split_sentences(body, lang)]
        else:
            trimmed = body.rstrip()
            pieces = [(0, len(trimmed), body[len(trimmed):])]
        for n, (s, e, ws) in enumerate(pieces, 1):
            seg_kind = SEGMENT_KIND[kind]
            if kind == "paragraph" and (is_furniture_text(body[s:e]) or (suffix is not None and n == 2)):
                seg_kind = "furniture"  # "Baca juga: …" inside the body: kept as it is, like furniture
            block.segments.append(
                Segment(id=segment_id(kind, i, n), kind=seg_kind, text=body[s:e],
                        start=len(leading) + s, end=len(leading) + e, space_after=ws, line=f.line)
            )
        if block.segments:
            doc.blocks.append(block)
    return doc


_SITE_SEPARATOR = re.compile(r"\s*[|\-–—:·»]\s*\S")


def _site_suffix(text: str, heads: list[str]) -> tuple[int, int] | None:
    """(end of the headline, start of the site part) when ``text`` is a headline plus a short
    site-name suffix ("Ini 7 Alasan … | Tempo Gaya", "… - Tekno Liputan6.com"); else None."""
    low = " ".join(text.split()).lower()
    for head in heads:
        h = " ".join(head.split()).lower()
        if not h or not low.startswith(h) or len(text) <= len(head):
            continue
        if text[: len(head)].lower() != head.lower():
            continue  # whitespace differs inside: offsets would not line up
        m = _SITE_SEPARATOR.match(text, len(head))
        if m and len(text[len(head):].split()) <= 6:
            rest = len(head) + (len(text[len(head):]) - len(text[len(head):].lstrip()))
            return len(head), rest
    return None


def page_language(text: str, declared: str | None, given: str | None, path: str | None) -> str:
    """One language decision for every command: the one given (``--from``, a ``.id.`` file name),
    else the page's ``lang`` unless its article text is clearly in the other language, else the
    text's. A declaration the text contradicts is a warning naming both."""
    import sys

    from locnews.text.lang import NAMES, clear_language, detect_language

    page_lang = (declared or "").split("-")[0].strip().lower() or None
    clear = clear_language(text)
    claimed = given or page_lang
    if claimed in NAMES and clear is not None and clear != claimed:
        how = f"is given as {NAMES[claimed]}" if given else f'declares lang="{declared}" ({NAMES[claimed]})'
        chosen = given or clear
        message = (f"locnews: warning: {path or '<page>'}: page {how} but its text is {NAMES[clear]}"
                   f" ({clear}); read as {chosen}")
        print(message, file=sys.stderr)
        return chosen
    if claimed is not None:
        return claimed
    return clear or detect_language(text)


__all__ = ["read_article", "parse_text", "parse_html", "segment_id", "KIND_LETTER"]
