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

from pathlib import Path
from typing import Any, Iterable

from locnews.document import Document
from locnews.errors import LocnewsError
from locnews.site.config import (
    FORMATS,
    LANGUAGES,
    MARKER_CLASS,
    MARKER_MSG,
    MT_CLASS,
    Page,
    Pending,
    SiteConfig,
    check_lang,
    ui_source_lang,
)
from locnews.site.environment import UICatalog, _render, make_environment
from locnews.site.selection import (
    Selection,
    article_slug,
    select_texts,
)


def _href(config: SiteConfig, from_lang: str, to_lang: str, name: str) -> str:
    if config.base_url:
        return f"{config.base_url}/{to_lang}/{name}"
    return name if from_lang == to_lang else f"../{to_lang}/{name}"


def _alternates(config: SiteConfig, lang: str, name: str) -> list[dict[str, str]]:
    if config.standalone and not config.base_url:
        return []  # the other edition is not part of this build: no link to a page that is not there
    return [{"lang": code, "href": _href(config, lang, code, name)} for code in LANGUAGES]


def _other(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def _join(doc: Document, block_kind: str, sel: Selection) -> list[tuple[str, bool]]:
    """Text of each block of ``block_kind`` in the chosen language, and whether it is machine output."""
    from locnews.pages.markup import strip_placeholders

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
        from locnews.text.dates import format_dateline

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
    from locnews.catalogs.ui_strings import load_ui_strings
    from locnews.pages.readers import read_article

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
        "home_url": _href(config, lang, lang, "index.html"),
        "year": config.year,
        "default_css": DEFAULT_CSS,
    }
    if config.standalone and not config.base_url:
        del ctx["other_edition_url"]
        ctx["home_url"] = ""  # no index is written by a build of single files
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
    from locnews.pages.writers import write_text

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
    from locnews.pages.writers import write_html

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

    from locnews.pages.markup import RUN_TAG, parse_page, wrap_loose_runs
    from locnews.pages.writers import serialize, source_has_doctype

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
    # the default stylesheet first, and without specificity (:where): the site's own CSS wins
    default = etree.Element("style")
    default.set("data-locnews", "default")
    default.text = DEFAULT_CSS
    default.tail = "\n"
    head.insert(0, default)
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
    return serialize(tree, source_has_doctype(html))


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
    ".mt-marker{display:inline-block;vertical-align:middle;margin-left:.4em;padding:0 .35em;font:normal .75rem/1.5 system-ui,sans-serif;"
    "border:1px solid #b58900;border-radius:3px;color:#6b5200;background:#fff6d5}"
)
#: A small default look for built pages: a readable measure, the menu as a bar, images that fit.
#: Zero specificity (:where), so any stylesheet of the site's own overrides it.
DEFAULT_CSS = (
    ":where(body){max-width:44em;margin:0 auto;padding:0 1em 2em;font:1.0625rem/1.6 Georgia,'Times New Roman',serif;"
    "color:#1f2328;background:#fff}"
    ":where(h1,h2,h3){font-family:system-ui,sans-serif;line-height:1.25}"
    ":where(h1){font-size:1.9em;margin:.6em 0 .4em}"
    ":where(nav,.menu) :where(ul){list-style:none;display:flex;flex-wrap:wrap;gap:.2em 1.1em;margin:0;"
    "padding:.45em .8em;background:#1d3557;font-family:system-ui,sans-serif;font-size:.9em}"
    ":where(nav,.menu) :where(ul ul){display:none}"
    ":where(nav,.menu) :where(a){color:#fff;text-decoration:none}"
    ":where(img,video,iframe,table){max-width:100%;height:auto}"
    ":where(figcaption,.caption){font-size:.85em;color:#57606a}"
    ":where(footer,aside){font-size:.9em;color:#57606a}"
)
