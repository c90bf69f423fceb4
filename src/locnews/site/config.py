"""What a site build is configured with: languages, formats, the site config, pages and pending segments."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from locnews.errors import LocnewsError

LANGUAGES = ("id", "en")
DEFAULT_SITE_NAME = "locnews"
FORMATS = ("html", "text")
#: Source files a directory build picks up.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: Class put on a paragraph still showing machine output, and on its visible marker.
MT_CLASS = "machine-translated"
MARKER_CLASS = "mt-marker"
MARKER_MSG = ("marker", "Terjemahan mesin — belum ditinjau")  # (msgctxt, msgid) in the UI catalog


@dataclass
class Pending:
    """A segment shown without a reviewed translation (what ``--require-reviewed`` lists)."""

    path: str
    line: int
    id: str
    state: str  # "fuzzy" (machine or memory suggestion), "untranslated", "ui-missing"
    text: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return f"{where}: {self.id} {self.state}: {text}"


@dataclass
class Page:
    """One rendered page, not yet written."""

    lang: str
    slug: str
    rel_path: str  # where it goes under the output folder, e.g. "en/isis-children.html"
    content: str
    title: str = ""
    date_iso: str = ""
    date_text: str = ""
    source: str | None = None
    source_lang: str = ""  # the article's own language
    machine: bool = False  # shows machine output somewhere
    translated: bool = True  # False: the source edition as written
    pending: list[Pending] = field(default_factory=list)


@dataclass
class SiteConfig:
    """Where templates and catalogs come from and how pages link to each other."""

    article_locales: Path  # locales/<lang>/articles/<slug>.po live here
    ui_locales: Path  # locales/<lang>/LC_MESSAGES/messages.po live here
    templates: list[Path]  # searched in order: the project's, then the bundled ones
    site_name: str = DEFAULT_SITE_NAME
    base_url: str | None = None  # absolute URLs in hreflang links when set, else relative
    mt_marker: str | None = None  # None: the UI catalog's "machine translation" marker
    #: pages built one by one (files, not a folder): no relative links to the other edition or the
    #: index, which this build does not write (absolute ones under ``base_url`` are kept)
    standalone: bool = False
    year: int = field(default_factory=lambda: _dt.date.today().year)


def ui_source_lang() -> str:
    """The language of the UI msgids (the site's first edition; configurable in catalog.py)."""
    from locnews.catalogs.ui import SOURCE_LANG

    return SOURCE_LANG


def check_base_url(url: str | None) -> str | None:
    """An absolute http(s) URL (it goes into every page's links), without its trailing slash."""
    if url is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in ' "<>\'\\`'):
        raise LocnewsError(f"--base-url must be an http:// or https:// URL, not {url!r}")
    return url.strip().rstrip("/")


def check_lang(lang: str, what: str = "language") -> str:
    code = (lang or "").strip().lower().replace("-", "_")
    if code not in LANGUAGES:
        raise LocnewsError(f"unknown {what} {lang!r} (known: {', '.join(LANGUAGES)})")
    return code


def project_templates_dir(start: str | Path | None = None) -> Path | None:
    """``templates/`` of the project (the folder with ``locales/``), when it has any template."""
    from locnews import paths

    root = paths.project_root(start)
    if root is None:
        root = Path(start or os.getcwd()).resolve()
    d = root / "templates"
    return d if d.is_dir() and any(d.glob("*.html")) else None


def default_config(
    *,
    start: str | Path | None = None,
    site_name: str | None = None,
    base_url: str | None = None,
    mt_marker: str | None = None,
) -> SiteConfig:
    """The project's templates and locales when it has them, else the ones bundled with locnews."""
    from locnews import paths

    templates = [d for d in (project_templates_dir(start), paths.bundled_templates_dir()) if d]
    return SiteConfig(
        article_locales=paths.project_locales_dir(start),
        ui_locales=paths.ui_locales_dir(start),
        templates=templates,
        site_name=site_name or DEFAULT_SITE_NAME,
        base_url=check_base_url(base_url),
        mt_marker=mt_marker,
    )
