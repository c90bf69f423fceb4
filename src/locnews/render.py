"""Build the pages a reader sees: an article in either edition, and an index page per edition.

The pipeline for one article is: read and segment the source (readers), pick a translation for
every segment (reviewed catalog entry, else the machine suggestion; the dateline re-formatted with
Babel, UI chrome from the compiled UI catalog, never MT), then render:

* plain-text sources through the site's Jinja2 templates (``article.html`` extends ``base.html``),
  with autoescape on and gettext callables that escape what the catalog returns, so neither an
  article catalog nor a UI catalog can inject markup or script;
* HTML sources through ``writers.write_html``, which keeps the page's own structure and restores
  inline markup from the source's own tags; the page's ``<html lang>``, the hreflang pair and the
  machine-output marker are then set with lxml.

Everything is rendered in memory first; files are written only when every page built (and, with
``require_reviewed``, when nothing is pending), so a bad input never leaves half a site behind.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .document import Document
from .errors import LocnewsError

#: Editions a site can have. An unknown --lang is a usage error, not an empty page.
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
    year: int = field(default_factory=lambda: _dt.date.today().year)


# --------------------------------------------------------------------------------------------
# configuration


def ui_source_lang() -> str:
    """The language of the UI msgids (the site's first edition; configurable in catalog.py)."""
    from .catalog import SOURCE_LANG

    return SOURCE_LANG


def check_lang(lang: str, what: str = "language") -> str:
    code = (lang or "").strip().lower().replace("-", "_")
    if code not in LANGUAGES:
        raise LocnewsError(f"unknown {what} {lang!r} (known: {', '.join(LANGUAGES)})")
    return code


def project_templates_dir(start: str | Path | None = None) -> Path | None:
    """``templates/`` of the project (the folder with ``locales/``), when it has any template."""
    from . import paths

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
    from . import paths

    templates = [d for d in (project_templates_dir(start), paths.bundled_templates_dir()) if d]
    return SiteConfig(
        article_locales=paths.project_locales_dir(start),
        ui_locales=paths.ui_locales_dir(start),
        templates=templates,
        site_name=site_name or DEFAULT_SITE_NAME,
        base_url=base_url.rstrip("/") if base_url else None,
        mt_marker=mt_marker,
    )


# --------------------------------------------------------------------------------------------
# UI strings: the compiled catalog, escaped, and every miss recorded


class UICatalog:
    """gettext functions over the compiled UI catalog of one language.

    What they return is escaped (a UI catalog is data, not markup), and a msgid with no
    translation is recorded so that the build can say which UI string is missing — the bug that
    printed "Versi Mobile" on the English page.
    """

    def __init__(self, lang: str, locales_dir: Path) -> None:
        from .ui_strings import ui_translations

        self.lang = lang
        self.trans = ui_translations(lang, locales_dir)
        self._catalog: dict[Any, str] = getattr(self.trans, "_catalog", {}) or {}
        self.missing: list[str] = []

    def _miss(self, key: Any, label: str) -> None:
        if self.lang != ui_source_lang() and key not in self._catalog and label not in self.missing:
            self.missing.append(label)

    def gettext(self, message: str) -> str:
        self._miss(message, message)
        return self.trans.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._miss((singular, 0), singular)
        return self.trans.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self._miss(f"{context}\x04{message}", f"{message} (context {context})")
        return self.trans.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._miss((f"{context}\x04{singular}", 0), f"{singular} (context {context})")
        return self.trans.npgettext(context, singular, plural, n)

    def install(self, env: Any) -> None:
        from markupsafe import escape

        def esc(func):  # noqa: ANN001, ANN202 - tiny adapter
            return lambda *args: escape(func(*args))

        env.install_gettext_callables(
            gettext=esc(self.gettext),
            ngettext=esc(self.ngettext),
            pgettext=esc(self.pgettext),
            npgettext=esc(self.npgettext),
            newstyle=True,
        )


def make_environment(config: SiteConfig, ui: UICatalog):
    """A Jinja2 environment with autoescape on and the UI catalog's (escaping) gettext."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(
        loader=FileSystemLoader([str(d) for d in config.templates]),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    ui.install(env)
    return env


def _render(env: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError

    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise LocnewsError(f"template error: {exc.message or exc}", where, line) from None


# --------------------------------------------------------------------------------------------
# choosing the text of every segment


def article_slug(path: str | Path) -> str:
    """'samples/isis-children.id.txt' -> 'isis-children' (the article catalogs' naming)."""
    from .articles import article_slug as slug

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
    from .dates import format_dateline, parse_dateline

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
    from .articles import catalog_for, catalog_segments, load_translations

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
    from .ui_strings import load_ui_strings

    strings = load_ui_strings(config.ui_locales)
    try:
        return strings.translate(text.strip(), lang)
    except LocnewsError:
        return None


# --------------------------------------------------------------------------------------------
# one article


def _href(config: SiteConfig, from_lang: str, to_lang: str, name: str) -> str:
    if config.base_url:
        return f"{config.base_url}/{to_lang}/{name}"
    return name if from_lang == to_lang else f"../{to_lang}/{name}"


def _alternates(config: SiteConfig, lang: str, name: str) -> list[dict[str, str]]:
    return [{"lang": code, "href": _href(config, lang, code, name)} for code in LANGUAGES]


def _other(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def _join(doc: Document, block_kind: str, sel: Selection) -> list[tuple[str, bool]]:
    """Text of each block of ``block_kind`` in the chosen language, and whether it is machine output."""
    from .markup import strip_placeholders

    out: list[tuple[str, bool]] = []
    for block in doc.blocks_of(block_kind):
        parts = [sel.texts.get(s.id, s.text) + s.space_after for s in block.segments]
        # a paragraph's line breaks are not the page's; inline tags of an HTML source are not text
        text = " ".join(strip_placeholders("".join(parts)).split())
        if text:
            out.append((text, any(s.id in sel.machine for s in block.segments)))
    return out


def build_article(
    path: str | Path,
    lang: str,
    config: SiteConfig,
    *,
    fmt: str | None = None,
    source_lang: str | None = None,
    doc: Document | None = None,
) -> Page:
    """Render one article in ``lang`` (its own edition when the source is already in ``lang``).

    ``doc`` is the article already read (``read_source``), to avoid reading it twice.
    """
    lang = check_lang(lang)
    if fmt is not None and fmt not in FORMATS:
        raise LocnewsError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if doc is None:
        doc = read_source(path, config, source_lang)
    fmt = fmt or "html"
    slug = article_slug(path)
    ext = "html" if fmt == "html" else "txt"
    name = f"{slug}.{ext}"

    ui = UICatalog(lang, config.ui_locales)
    sel = select_texts(doc, lang, config)
    headline = _join(doc, "headline", sel)
    title = headline[0][0] if headline else slug
    date_iso = sel.date.isoformat() if sel.date else ""
    date_text = ""
    if sel.date:
        from .dates import format_dateline

        date_text = format_dateline(sel.date, lang)

    if fmt == "text":
        content = _render_text(doc, lang, sel, _marker(config, ui, lang))
    elif doc.format == "html":
        content = _render_html_source(doc, lang, sel, config, ui, name)
    else:
        env = make_environment(config, ui)
        paragraphs = _join(doc, "paragraph", sel)
        content = _render(
            env,
            "article.html",
            {
                **_page_context(config, lang, name),
                "article": {
                    "headline": title,
                    "date_iso": date_iso,
                    "date_text": date_text,
                    "paragraphs": [_paragraph(text, machine) for text, machine in paragraphs],
                    "comment_count": 0,
                },
                "related": [],
            },
        )
    pending = list(sel.pending)
    for label in ui.missing:
        pending.append(Pending(str(path), 0, "ui", "ui-missing", label))
    return Page(
        lang=lang,
        slug=slug,
        rel_path=f"{lang}/{name}",
        content=content,
        title=title,
        date_iso=date_iso,
        date_text=date_text,
        source=str(path),
        machine=bool(sel.machine),
        translated=doc.lang != lang,
        source_lang=doc.lang,
        pending=pending,
    )


def read_source(path: str | Path, config: SiteConfig, source_lang: str | None = None) -> Document:
    """Read and segment an article; chrome is recognised with the build's own UI catalogs."""
    from .readers import read_article
    from .ui_strings import load_ui_strings

    if source_lang is not None:
        source_lang = check_lang(source_lang, "source language")
    doc = read_article(path, lang=source_lang, ui=load_ui_strings(config.ui_locales))
    if doc.lang not in LANGUAGES:
        raise LocnewsError(f"article language {doc.lang!r} is not one of {', '.join(LANGUAGES)}", path)
    doc.path = doc.path or str(path)
    return doc


def _paragraph(text: str, machine: bool) -> dict[str, Any]:
    from markupsafe import escape

    return {"html": escape(text), "text": text, "machine": machine}


def _page_context(config: SiteConfig, lang: str, name: str) -> dict[str, Any]:
    other = _other(lang)
    ctx: dict[str, Any] = {
        "lang": lang,
        "site_name": config.site_name,
        "alternates": _alternates(config, lang, name),
        "other_lang": other,
        "other_edition_url": _href(config, lang, other, name),
        "home_url": "index.html",
        "year": config.year,
    }
    if config.mt_marker is not None:
        ctx["mt_marker"] = config.mt_marker
    return ctx


def _marker(config: SiteConfig, ui: UICatalog, lang: str) -> str:
    """The machine-output marker: ``--mt-marker`` or the UI catalog's (a missing one is reported)."""
    marker = config.mt_marker
    if marker is None:
        marker = ui.trans.pgettext(*MARKER_MSG)
        if lang != ui_source_lang() and marker == MARKER_MSG[1]:
            ui.missing.append(f"{MARKER_MSG[1]} (context {MARKER_MSG[0]})")
    return marker


def _render_text(doc: Document, lang: str, sel: Selection, marker: str = "") -> str:
    """The site's plain-text layout; chrome lines with no UI translation are left out.

    A paragraph still showing machine output ends with ``[marker]``: plain text has no class to
    carry it, and a copy-editor pasting the text into a CMS must still see it.
    """
    from .writers import write_text

    if sel.dropped_ui:
        import copy

        doc = copy.copy(doc)
        doc.blocks = [
            b for b in doc.blocks if not any(s.id in sel.dropped_ui for s in b.segments)
        ]
    texts = dict(sel.texts)
    if marker:
        for block in doc.blocks:
            if block.kind in ("paragraph", "headline") and any(s.id in sel.machine for s in block.segments):
                last = block.segments[-1].id
                texts[last] = texts.get(last, block.segments[-1].text).rstrip() + f" [{marker}]"
    return write_text(doc, texts, lang)


def _render_html_source(
    doc: Document, lang: str, sel: Selection, config: SiteConfig, ui: UICatalog, name: str
) -> str:
    """The source page with its text replaced, then its lang, hreflang links and MT markers set."""
    from .writers import write_html

    html = write_html(doc, sel.texts, lang)
    marker = _marker(config, ui, lang)
    machine_locators = [
        b.locator for b in doc.blocks if b.locator and any(s.id in sel.machine for s in b.segments)
    ]
    dateline = doc.dateline
    return decorate_html(
        html,
        lang=lang,
        alternates=_alternates(config, lang, name),
        machine_locators=machine_locators,
        marker=marker,
        date_locator=dateline.locator if dateline else None,
        date_iso=sel.date.isoformat() if sel.date else "",
        path=doc.path,
    )


def decorate_html(
    html: str,
    *,
    lang: str,
    alternates: list[dict[str, str]],
    machine_locators: Iterable[str] = (),
    marker: str = "",
    date_locator: str | None = None,
    date_iso: str = "",
    path: str | None = None,
) -> str:
    """Set ``<html lang>``, replace the hreflang links, date the dateline, mark machine output.

    Locators are the reader's XPath expressions into the page (``writers.write_html`` keeps the
    structure, so they still point at the same elements). The marker is added as element text
    through lxml, so it is escaped like everything else.
    """
    import lxml.etree as etree

    from .markup import RUN_TAG, parse_page, wrap_loose_runs
    from .writers import serialize

    try:
        tree = parse_page(html)
    except ValueError as exc:
        raise LocnewsError(f"cannot parse the page to build: {exc}", path) from None
    wrap_loose_runs(tree)  # the reader's locators of loose text point at these wrappers
    root = tree.getroot()
    root.set("lang", lang)
    head = root.find("head")
    if head is None:
        head = root.makeelement("head", {})
        root.insert(0, head)
    for link in head.xpath("link[@rel='alternate'][@hreflang]"):
        link.getparent().remove(link)
    for alt in alternates:
        link = etree.SubElement(head, "link", rel="alternate", hreflang=alt["lang"], href=alt["href"])
        link.tail = "\n"
    if date_locator and date_iso:
        for el in _elements(tree, date_locator):
            if el.tag == "time":
                el.set("datetime", date_iso)
    styled = False
    for locator in machine_locators:
        for el in _elements(tree, locator):
            if el.tag in ("html", "head", "title", "meta") or any(a.tag == "head" for a in el.iterancestors()):
                continue
            classes = (el.get("class") or "").split()
            if MT_CLASS not in classes:
                el.set("class", " ".join([*classes, MT_CLASS]))
            el.set("data-locnews-origin", "machine")
            if not marker:
                continue
            if len(el):
                el[-1].tail = (el[-1].tail or "").rstrip() + " "
            else:
                el.text = (el.text or "").rstrip() + " "
            tag = etree.SubElement(el, "small")
            tag.set("class", MARKER_CLASS)
            tag.text = marker
            styled = True
    if styled:
        style = etree.SubElement(head, "style")
        style.text = MARKER_CSS
        style.tail = "\n"
    for wrapper in list(root.iter(RUN_TAG)):
        if wrapper.get("data-locnews-origin"):
            wrapper.tag = "span"  # machine-translated loose text keeps its mark in a real element
        else:
            wrapper.drop_tag()
    return serialize(tree)


def _elements(tree: Any, locator: str) -> list[Any]:
    """Elements an element locator finds (attribute locators, ``…/@alt``, find none)."""
    import lxml.etree as etree

    if "/@" in locator:
        return []
    try:
        found = tree.xpath(locator)
    except etree.XPathError:
        return []
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


MARKER_CSS = (  # the same rules as templates/_mt_style.html
    ".machine-translated{border-left:3px solid #e0b000;padding-left:.5em}"
    ".mt-marker{display:inline-block;margin-left:.4em;padding:0 .35em;font-size:.75em;"
    "border:1px solid #b58900;border-radius:3px;color:#6b5200;background:#fff6d5}"
)


# --------------------------------------------------------------------------------------------
# a set of articles: a site


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
    from .fileio import atomic_write_text

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
