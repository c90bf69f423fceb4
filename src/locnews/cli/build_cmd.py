"""`locnews build`: the localized pages of one or more articles (locnews.site does the work)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from locnews.cli._app import app, guarded

PAGE_SUFFIXES = (".html", ".htm", ".txt")


@app.command("build")
@guarded
def build(
    files: List[Path] = typer.Argument(..., help="Article files (text or HTML), or a folder of them."),
    lang: str = typer.Option(..., "--lang", "-l", help="Edition to build: id or en."),
    out: Optional[Path] = typer.Option(
        None, "-o", "--out",
        help="Output folder (pages go to OUT/<lang>/<slug>.html), or a file for one article. "
        "Default for one article: stdout.",
    ),
    fmt: str = typer.Option("html", "--format", "-f", help="html (site page) or text (site text layout)."),
    require_reviewed: bool = typer.Option(
        False, "--require-reviewed",
        help="Fail (exit 1, nothing written) listing segments still fuzzy or untranslated.",
    ),
    source_lang: Optional[str] = typer.Option(
        None, "--from", help="Language of the sources (default: file name suffix, else detected)."
    ),
    mt_marker: Optional[str] = typer.Option(
        None, "--mt-marker",
        help="Text of the marker on paragraphs still machine output (default: the UI catalog's).",
    ),
    site_name: Optional[str] = typer.Option(None, "--site-name", help="Site name in titles and header."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", help="Absolute site URL for hreflang links (default: relative links)."
    ),
) -> None:
    """Build the page of each article in LANG: reviewed translations first, machine ones marked."""
    from locnews.errors import EXIT_FAILED_CHECK, LocnewsError
    from locnews.site import build as site, config as site_config

    lang = site_config.check_lang(lang)
    if fmt not in site_config.FORMATS:
        raise LocnewsError(f"unknown format {fmt!r} (known: {', '.join(site_config.FORMATS)})")
    several = len(files) > 1 or any(f.is_dir() for f in files)
    if several and out is None:
        raise LocnewsError("several pages to build: give an output folder with -o OUT")
    to_file = out is not None and not several and out.suffix.lower() in PAGE_SUFFIXES and not out.is_dir()
    if out is not None:
        # fail before rendering anything, not halfway through writing a site
        folder = out.parent if to_file else out
        existing = next((d for d in (folder, *folder.parents) if d.exists()), None)
        if existing is not None and not existing.is_dir():
            raise LocnewsError("output exists and is not a folder", existing)

    config = site_config.default_config(site_name=site_name, base_url=base_url, mt_marker=mt_marker)
    notes: list[str] = []
    pages = site.build_site(list(files), lang, config, fmt=fmt, source_lang=source_lang, notes=notes)
    for note in notes:
        print(f"locnews: note: {note}", file=sys.stderr)

    pending = site.pending_of(pages)
    if require_reviewed and pending:
        print(f"locnews: {len(pending)} segment(s) not reviewed; nothing written:", file=sys.stderr)
        for item in pending:
            print(f"  {item}", file=sys.stderr)
        raise typer.Exit(EXIT_FAILED_CHECK)
    for item in pending:
        if item.state == "ui-missing":
            site.warn(f"{item.path}: UI string with no {lang} translation in the catalog: {item.text}")
    for page in pages:
        n = sum(1 for p in page.pending if p.state in ("fuzzy", "untranslated"))
        if n:
            site.warn(f"{page.rel_path}: {n} segment(s) not reviewed, still machine output")

    if out is None:
        sys.stdout.write(pages[0].content)
        return
    if to_file:
        from locnews.fileio import atomic_write_text

        atomic_write_text(out, pages[0].content)
        written = [out]
    else:
        written = site.write_pages(pages, out)
    print(f"locnews: built {len(written)} page(s) in {out}", file=sys.stderr)
