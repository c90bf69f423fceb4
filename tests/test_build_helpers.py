"""Helpers shared by the build tests: article catalogs written the way `locnews translate` lays
them out (locales/<to>/articles/<slug>.po, msgctxt = segment key, msgid = source segment), and
the parsed output page."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import lxml.html
import polib


def parallel_translations(source: Path, other: Path) -> dict[str, str]:
    """Segment id -> the other edition's segment at the same position (the samples are parallel).

    Only used where the two editions segment into the same number of segments per block kind;
    otherwise the caller falls back to a tagged copy of the source.
    """
    from locnews.catalogs.articles import catalog_segments
    from locnews.pages.readers import read_article

    a = catalog_segments(read_article(source))
    b = catalog_segments(read_article(other))
    if len(a) != len(b) or any(x.kind != y.kind for x, y in zip(a, b)):
        return {}
    return {x.id: y.text for x, y in zip(a, b)}


def write_catalog(
    project: Path,
    source: Path,
    to_lang: str,
    *,
    translate: Callable[[str, str], str] | None = None,
    fuzzy: Callable[[str], bool] = lambda seg_id: False,
    slug: str | None = None,
    article: str | None = None,
) -> tuple[Path, dict[str, str]]:
    """Write ``project/locales/<to_lang>/articles/<slug>.po`` for ``source``; returns (path, texts).

    ``translate(seg_id, text)`` gives each msgstr (default: the text tagged with the language);
    ``fuzzy(seg_id)`` marks an entry as machine output.
    """
    from locnews.catalogs.articles import article_slug, catalog_segments
    from locnews.pages.readers import read_article

    doc = read_article(source)
    slug = slug or article_slug(source)
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": "test",
        "Language": to_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;" if to_lang == "id" else "nplurals=2; plural=(n != 1);",
        "X-Locnews-Article": article or slug,
    }
    texts: dict[str, str] = {}
    for seg in catalog_segments(doc):
        text = translate(seg.id, seg.text) if translate else f"[{to_lang}] {seg.text}"
        texts[seg.id] = text
        entry = polib.POEntry(msgctxt=seg.id, msgid=seg.text, msgstr=text, occurrences=[(source.name, str(seg.line))])
        if fuzzy(seg.id):
            entry.flags.append("fuzzy")
            entry.comment = "machine translation"
        po.append(entry)
    path = project / "locales" / to_lang / "articles" / f"{slug}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path, texts


def parse(html: str):
    return lxml.html.document_fromstring(html)


def visible_text(root) -> str:
    """Text a reader sees: no script/style/title, whitespace collapsed."""
    root = lxml.html.document_fromstring(lxml.html.tostring(root))
    for el in root.xpath("//script|//style|//head"):
        el.getparent().remove(el)
    return " ".join(root.text_content().split())


def hreflang(root) -> dict[str, str]:
    return {l.get("hreflang"): l.get("href") for l in root.xpath("//head/link[@rel='alternate'][@hreflang]")}
