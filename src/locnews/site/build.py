"""Building a whole site: every article in both editions, the index pages, and writing them at the end."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

from locnews.errors import LocnewsError
from locnews.site.config import (
    ARTICLE_SUFFIXES,
    FORMATS,
    LANGUAGES,
    Page,
    Pending,
    SiteConfig,
    check_lang,
    default_config,
)
from locnews.site.environment import UICatalog, _render, make_environment
from locnews.site.render import (
    _page_context,
    build_article,
    decorate_html,
    read_source,
)
from locnews.site.selection import (
    article_slug,
    select_texts,
)


def find_articles(directory: Path) -> list[Path]:
    found = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
        and p.name.lower() not in ("index.html", "index.htm")
    )
    if not found:
        raise LocnewsError("no articles (*.txt, *.html) in this folder", directory)
    return found


def _html_first(path: Path) -> int:
    return 0 if path.suffix.lower() in (".html", ".htm") else 1


def build_site(
    inputs: list[str | Path],
    lang: str,
    config: SiteConfig,
    *,
    fmt: str | None = None,
    source_lang: str | None = None,
    notes: list[str] | None = None,
) -> list[Page]:
    """Every page of a build, rendered in memory; raises LocnewsError before anything is written.

    Files: the ``lang`` page of each. A folder: each article in its own edition and in ``lang``,
    and an index page per edition. When an edition was written by hand (``x.en.txt`` beside
    ``x.id.txt``), the written one is the page and no translation is needed; of two sources in the
    same language (``x.id.txt``, ``x.id.html``), the HTML page wins. ``notes`` says what was skipped.
    """
    lang = check_lang(lang)
    if fmt is not None and fmt not in FORMATS:
        raise LocnewsError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    notes = notes if notes is not None else []
    if not inputs:
        raise LocnewsError("no input: give article files or a folder")
    site_mode = any(Path(p).is_dir() for p in inputs)
    if not site_mode and not config.standalone:
        import dataclasses

        config = dataclasses.replace(config, standalone=True)
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(find_articles(p))
        elif not p.exists():
            raise LocnewsError("no such file", p)
        elif p not in files:
            files.append(p)

    docs = {f: read_source(f, config, source_lang) for f in files}
    # the source that stands for each (slug, language): HTML before text, then file order
    written: dict[tuple[str, str], Path] = {}
    for f in sorted(files, key=_html_first):
        key = (article_slug(f), docs[f].lang)
        if key in written:
            notes.append(f"{key[1]}/{key[0]}: using {written[key]}, not {f}")
            continue
        written[key] = f

    jobs: list[tuple[Path, str]] = []  # (source, edition to render)
    for f in files:
        slug, own = article_slug(f), docs[f].lang
        if written[(slug, own)] != f:
            continue
        if site_mode:
            jobs.append((f, own))
        if own == lang:
            if not site_mode:
                jobs.append((f, lang))
        elif (slug, lang) in written:
            notes.append(f"{lang}/{slug}: the written {lang} edition {written[(slug, lang)]} is used; {f} is not translated")
        else:
            jobs.append((f, lang))

    pages = [build_article(f, edition, config, fmt=fmt, doc=docs[f]) for f, edition in jobs]
    seen: dict[str, Page] = {}
    for page in pages:
        if page.rel_path in seen:  # only possible with two slugs equal after normalisation
            raise LocnewsError(f"two sources build the same page {page.rel_path}: "
                               f"{seen[page.rel_path].source} and {page.source}", page.source)
        seen[page.rel_path] = page
    if site_mode and (fmt or "html") == "html":
        for edition in LANGUAGES:
            listed = [p for p in pages if p.lang == edition]
            if listed or edition == lang:
                pages.append(build_index(edition, listed, config))
    return pages


def build_index(lang: str, pages: list[Page], config: SiteConfig) -> Page:
    """The edition's index page: newest first, then by title."""
    ui = UICatalog(lang, config.ui_locales)
    env = make_environment(config, ui)
    ordered = sorted(pages, key=lambda p: p.title)
    ordered.sort(key=lambda p: p.date_iso or "", reverse=True)  # stable: same day stays by title
    articles = [
        {
            "title": p.title,
            "href": Path(p.rel_path).name,
            "date_text": p.date_text,
            "date_iso": p.date_iso,
            "machine": p.machine,
        }
        for p in ordered
    ]
    content = _render(
        env, "index.html", {**_page_context(config, lang, "index.html"), "articles": articles}
    )
    pending = [Pending(f"{lang}/index.html", 0, "ui", "ui-missing", m) for m in ui.missing]
    return Page(lang=lang, slug="index", rel_path=f"{lang}/index.html", content=content,
                title="index", pending=pending)


def pending_of(pages: Iterable[Page]) -> list[Pending]:
    return [p for page in pages for p in page.pending]


def write_pages(pages: list[Page], out: Path) -> list[Path]:
    """Write every page under ``out`` (atomic writes); returns the files written."""
    from locnews.fileio import atomic_write_text

    written = []
    for page in pages:
        target = out / page.rel_path
        try:
            atomic_write_text(target, page.content)
        except OSError as exc:
            raise LocnewsError(f"cannot write page: {exc.strerror or exc}", target) from None
        written.append(target)
    return written


def warn(message: str) -> None:
    print(f"locnews: warning: {message}", file=sys.stderr)


__all__ = [
    "LANGUAGES",
    "Page",
    "Pending",
    "SiteConfig",
    "build_article",
    "build_index",
    "build_site",
    "check_lang",
    "decorate_html",
    "default_config",
    "pending_of",
    "write_pages",
    "read_source",
    "select_texts",
]
