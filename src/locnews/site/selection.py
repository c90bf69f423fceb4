"""Choosing the text of every segment for an edition: reviewed translation, machine suggestion, dateline, UI chrome."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from locnews.document import Document
from locnews.errors import LocnewsError
from locnews.site.config import (
    Pending,
    SiteConfig,
)


def article_slug(path: str | Path) -> str:
    """'samples/isis-children.id.txt' -> 'isis-children' (the article catalogs' naming)."""
    from locnews.catalogs.articles import article_slug as slug

    return slug(path)


@dataclass
class Selection:
    """The text chosen for each segment of one document in one language."""

    texts: dict[str, str]  # segment id -> text to show
    machine: set[str]  # segment ids whose text is not reviewed
    pending: list[Pending]
    date: _dt.date | None = None
    dropped_ui: set[str] = field(default_factory=set)  # ui segments with no catalog translation


def select_texts(doc: Document, lang: str, config: SiteConfig) -> Selection:
    """Reviewed translation first, the machine suggestion otherwise; dates by Babel; UI by catalog."""
    from locnews.text.dates import format_dateline, parse_dateline

    path = doc.path or "<article>"
    sel = Selection(texts={}, machine=set(), pending=[])
    same = doc.lang == lang
    catalog: dict[str, Any] = {}
    if not same:
        catalog = _load_article_catalog(doc, lang, config)

    for block, seg in doc.segments():
        if seg.kind == "dateline":
            try:
                sel.date = sel.date or parse_dateline(seg.text, doc.lang)
            except LocnewsError as err:
                raise LocnewsError(err.message, path, seg.line or block.line) from None
            sel.texts[seg.id] = format_dateline(sel.date, lang)
        elif seg.kind == "furniture":
            sel.texts[seg.id] = seg.text  # not the article: shown as the source has it
        elif seg.kind == "ui":
            # through the catalog even in the article's own language: the seed's English edition
            # carried the Indonesian "Versi Mobile"
            found = ui_translate(seg.text, lang, config)
            if found is None and same:
                sel.texts[seg.id] = seg.text
            elif found is None:
                sel.dropped_ui.add(seg.id)
                sel.pending.append(Pending(path, seg.line or block.line, seg.id, "ui-missing", seg.text))
            else:
                sel.texts[seg.id] = found
        elif same:
            sel.texts[seg.id] = seg.text
        else:
            tr = catalog.get(seg.id)
            if tr is None or not getattr(tr, "text", ""):
                # Nothing to show but the source: marked as machine-side so the reader is warned.
                sel.texts[seg.id] = seg.text
                sel.machine.add(seg.id)
                sel.pending.append(Pending(path, seg.line or block.line, seg.id, "untranslated", seg.text))
            else:
                sel.texts[seg.id] = tr.text
                if tr.fuzzy:
                    sel.machine.add(seg.id)
                    sel.pending.append(Pending(path, seg.line or block.line, seg.id, "fuzzy", seg.text))
    return sel


def _load_article_catalog(doc: Document, lang: str, config: SiteConfig) -> dict[str, Any]:
    """The article catalog's translations; a missing catalog, or one for another article, is an error."""
    from locnews.catalogs.articles import (
        catalog_for,
        catalog_segments,
        load_translations,
    )

    found = load_translations(doc, lang, config.article_locales)  # raises: missing, corrupt, other
    wanted = catalog_segments(doc)
    if wanted and not any(seg.id in found for seg in wanted):
        # no X-Locnews-Article header to tell, but not one sentence of this article is in it
        raise LocnewsError(
            f"catalog does not belong to this article: none of its {len(wanted)} segments is "
            f"in it (run `locnews translate {doc.path} --from {doc.lang} --to {lang}`)",
            catalog_for(doc, lang, config.article_locales),
        )
    return found


def ui_translate(text: str, lang: str, config: SiteConfig) -> str | None:
    """A chrome line ("Versi Mobile") in ``lang`` from the UI catalogs, or None when missing."""
    from locnews.catalogs.ui_strings import load_ui_strings

    strings = load_ui_strings(config.ui_locales)
    try:
        return strings.translate(text.strip(), lang)
    except LocnewsError:
        return None
