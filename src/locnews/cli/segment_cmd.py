"""`locnews segment FILE [--lang id|en] [--format text|json]`: show how an article is segmented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from locnews.cli._app import app, guarded


@app.command("segment")
@guarded
def segment(
    file: Path = typer.Argument(..., help="A plain-text article or an HTML page."),
    lang: Optional[str] = typer.Option(
        None, "--lang", "-l", help="Language of the article: id or en (default: detected)."
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="text (one segment per line) or json."),
) -> None:
    """Split an article into segments: dateline, headline, sentences and UI chrome.

    text: one segment per line (dateline, headline, then the body sentences, a blank line between
    paragraphs; UI chrome is not printed), nor is a page's furniture. json: {"lang", "segments":
    [{"id", "kind", "block", "text"}]}, UI chrome (kind ui) and furniture (kind furniture: text of a
    page that is not the article, kept untranslated; add it to the UI catalogs to translate it) included.
    """
    from locnews.errors import LocnewsError
    from locnews.pages.readers import read_article

    if lang is not None and lang not in ("id", "en"):
        raise LocnewsError(f"unsupported language {lang!r} (use id or en)")
    if fmt not in ("text", "json"):
        raise LocnewsError(f"unknown format {fmt!r} (use text or json)")
    doc = read_article(file, lang=lang)
    if fmt == "json":
        segments = [
            {"id": s.id, "kind": s.kind, "block": b.index, "text": s.text} for b, s in doc.segments()
        ]
        typer.echo(json.dumps({"lang": doc.lang, "segments": segments}, ensure_ascii=False, indent=2))
        return
    out: list[str] = []
    # dateline and headline first (an HTML page's <title> and menu come before them in the source)
    order = {"dateline": 0, "headline": 1, "paragraph": 2}
    def page_text(b) -> bool:  # not the page's metadata: <title>, <meta content>, alt/title attributes
        return not b.locator or ("/@" not in b.locator and not b.locator.endswith("/title"))

    for block in sorted((b for b in doc.blocks if b.kind in order and page_text(b)), key=lambda b: order[b.kind]):
        if block.kind == "paragraph" and out:
            out.append("")
        out.extend(" ".join(s.text.split()) for s in block.segments if s.kind != "furniture")
    typer.echo("\n".join(out))
