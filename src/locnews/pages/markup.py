"""HTML article pages: what to translate, and how inline markup travels inside a sentence.

Parsing uses lxml.html (libxml2's HTML parser), never regular expressions. The page is parsed the
same way by the reader and by ``writers.write_html``, so a block's *locator* -- the element's XPath
(``/html/body/article/p[3]``), or an attribute's (``…/img/@alt``) -- finds the same node again.

Extracted ("text blocks"): ``title``, ``h1``–``h6``, ``p``, ``li``, ``figcaption``, ``td``/``th``,
``dt``/``dd``, ``caption``, ``blockquote``, ``time`` and leaf ``div``s -- each only when it holds
no other block element (the innermost one carries the text) -- and the ``alt``/``title``
attributes. Outside text blocks, inline elements (``a``, ``button``, ``label`` …) and the
``aria-label``/``placeholder``/button ``value`` attributes are extracted only when they are UI
strings of the site's catalogs (menus with submenus, search forms), as ``ui`` blocks. Never extracted: ``script``, ``style``, ``code``, ``pre``, ``kbd``, ``samp``,
``textarea``, ``noscript``, ``template``, ``svg``, ``math``, comments, and anything inside an
element with ``translate="no"`` or class ``notranslate``.

Inline markup inside a text block becomes placeholders in its text: a paired element
``<a href="…">x</a>`` is ``⟦1⟧x⟦/1⟧``; an empty one (``<br>``, ``<img>``) or a protected one
(``<code>…</code>``, ``<span translate="no">…</span>``, a comment) is ``⟦2/⟧``. Numbers count in
document order from 1 within the block; ``inline_elements`` gives the same numbering for the
writer. Whitespace runs are collapsed to one space (HTML does not render them); no-break spaces
(``&nbsp;``) and entities are kept as the characters they stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from locnews.document import PH_CLOSE, PH_OPEN

# Text beside block children (<div>Intro <b>x</b> <p>…</p> more</div>) is wrapped in this element
# while a page is read or written (see wrap_loose_runs), so it is a text block like any other.
RUN_TAG = "locnews-run"
# Elements whose innermost instances carry translatable text.
TEXT_BLOCK_TAGS = frozenset(
    f"title h1 h2 h3 h4 h5 h6 p li figcaption td th dt dd caption blockquote time div {RUN_TAG}".split()
)
# Block-level elements: a text block must not contain one (the innermost element carries the text).
BLOCK_LEVEL = TEXT_BLOCK_TAGS | frozenset(
    "html head body article section main aside nav header footer figure ul ol dl table thead "
    "tbody tfoot tr form fieldset address hr details summary".split()
)
# Never extracted, never changed.
SKIP_TAGS = frozenset("script style code pre kbd samp var textarea noscript template svg math".split())
# Empty (void) elements: placeholders of the form ⟦n/⟧.
VOID_TAGS = frozenset("br img wbr hr input area embed source track col meta link".split())
TRANSLATABLE_ATTRS = ("alt", "title")
ATTR_TAGS_ALT = frozenset(("img", "area", "input"))
CHROME_CONTAINERS = frozenset(("nav", "header", "footer", "aside"))
# Extracted only when their value is a UI string of the site's catalogs (then translated from the
# catalog, never by MT): aria-label="Menu utama", placeholder="Cari berita…", <input value="Cari">.
UI_ATTRS = ("aria-label", "placeholder", "value")
BUTTON_TYPES = frozenset(("submit", "button", "reset"))
UI_INLINE_TAGS = frozenset("a span button label option summary legend strong b em small".split())

_HTML_WS = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace: NBSP is not in it, and must survive
_EMPTY_RUN = re.compile("((?:" + re.escape(PH_OPEN) + r"\d+/" + re.escape(PH_CLOSE) + " ?){2,}) ?")
_EMPTY_NUM = re.compile(re.escape(PH_OPEN) + r"(\d+)/" + re.escape(PH_CLOSE))
PLACEHOLDER = re.compile(re.escape(PH_OPEN) + r"(/?)(\d+)(/?)" + re.escape(PH_CLOSE))


def parse_page(raw: str):
    """Parse a page (str) into an lxml ElementTree; the reader and the writer both use this."""
    import lxml.etree as etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False)
    raw = _without_internal_subset(raw)
    try:
        root = lxml.html.document_fromstring(raw.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"cannot parse HTML: {exc}") from None
    return root.getroottree()


_INTERNAL_SUBSET = re.compile(r"(<!doctype[^\[>]*)\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def _without_internal_subset(raw: str) -> str:
    """``<!DOCTYPE html [ <!ENTITY ...> ]>``: the HTML parser ends the doctype at the first ``>`` and
    the rest (``]>``) would become page text. The subset means nothing in HTML: dropped, its line
    breaks kept so line numbers stay right."""
    head = raw[:4096].lstrip().lower()
    if not head.startswith("<!doctype"):
        return raw
    return _INTERNAL_SUBSET.sub(lambda m: m.group(1).rstrip() + ">" + "\n" * m.group(0).count("\n"), raw, count=1)


def _with_block_descendants(root) -> set[Any]:
    """Elements with a block-level descendant, in one pass (not one descendant walk per element).

    Sets hold the elements themselves: an lxml proxy's id() is only stable while it is alive.
    """
    has_block: set[Any] = set()
    for el in root.iter():
        if is_element(el) and el.tag in BLOCK_LEVEL:
            for a in el.iterancestors():
                if a in has_block:
                    break
                has_block.add(a)
    return has_block


def wrap_loose_runs(tree) -> None:
    """Wrap each run of text and inline elements that sits beside block children in a RUN_TAG element.

    ``<div>Catatan: <b>baca</b> ini.<p>…</p>Teks lepas.</div>`` has two such runs; without this they
    would be in no text block and stay untranslated on the translated page. Reader, writer and the
    build step all wrap the same way, so locators agree; :func:`unwrap_loose_runs` removes the
    wrappers before a page is written.
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    has_block = _with_block_descendants(root)
    for parent in [el for el in root.iter() if el in has_block and not inside_protected(el)]:
        groups: list[tuple[Any, list[Any]]] = [(None, [])]  # (block child before the run or None, run)
        for child in parent:
            if is_element(child) and (child.tag in BLOCK_LEVEL or child in has_block):
                groups.append((child, []))
            else:
                groups[-1][1].append(child)
        nexts = [g[0] for g in groups[1:]] + [None]  # the block child after each run
        for (anchor, kids), after in reversed(list(zip(groups, nexts))):  # from the end: indexes stay valid
            text = parent.text if anchor is None else anchor.tail
            # only runs with text of their own: a lone inline element (a logo link, a menu item
            # beside its submenu) keeps the rules for inline elements outside text blocks
            if not (text or "").strip() and not any((k.tail or "").strip() for k in kids):
                continue
            wrapper = parent.makeelement(RUN_TAG, {})
            wrapper.text = text
            # the line the run's text starts on: count back from the next element the parser placed
            following = kids[0] if kids else after
            if following is not None and following.sourceline:
                line = following.sourceline - (text or "").lstrip().count("\n")
            else:
                line = (anchor if anchor is not None else parent).sourceline
            if line:
                wrapper.sourceline = line
            if anchor is None:
                parent.text = None
                index = 0
            else:
                anchor.tail = None
                index = parent.index(anchor) + 1
            for k in kids:
                wrapper.append(k)  # moves the element with its tail
            parent.insert(index, wrapper)


def unwrap_loose_runs(tree) -> None:
    """Remove the wrappers :func:`wrap_loose_runs` added, keeping their content in place."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    for wrapper in list(root.iter(RUN_TAG)):
        wrapper.drop_tag()


def looks_like_html(text: str, suffix: str = "") -> bool:
    """True for ``.html``/``.htm``/``.xhtml`` files, and for text that starts like a page."""
    if suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    if suffix.lower() in (".txt", ".text", ".md"):
        head = text.lstrip()[:200].lower()
        return head.startswith("<!doctype html") or head.startswith("<html")
    head = text.lstrip()[:1000].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


def is_element(node: Any) -> bool:
    import lxml.etree as etree

    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def is_protected(el) -> bool:
    """An element whose content is never translated (script, code, translate="no", …)."""
    if not is_element(el):
        return True  # comments, processing instructions
    return (
        el.tag in SKIP_TAGS
        or (el.get("translate") or "").strip().lower() == "no"
        or "notranslate" in _classes(el)
    )


def inside_protected(el) -> bool:
    return any(is_protected(a) for a in el.iterancestors()) or is_protected(el)


def collapse(text: str | None) -> str:
    return _HTML_WS.sub(" ", text) if text else ""


def open_tag(el) -> str:
    """The element's own opening tag, as the source wrote it (attribute order kept)."""
    from html import escape

    attrs = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in el.attrib.items())
    return f"<{el.tag}{attrs}>"


def outer_html(el) -> str:
    """The whole element without its tail (used for protected elements and comments)."""
    import copy

    import lxml.html

    dup = copy.deepcopy(el)
    dup.tail = None
    return lxml.html.tostring(dup, encoding="unicode", method="html")


@dataclass
class Inline:
    """One placeholder of a text block: the element it stands for and its kind."""

    number: int
    element: Any
    kind: str  # "pair" (⟦n⟧…⟦/n⟧) or "empty" (⟦n/⟧: void, protected, comment)


def inline_elements(el) -> list[Inline]:
    """Placeholders of the block element ``el`` in the order the reader numbers them."""
    out: list[Inline] = []

    def walk(parent) -> None:
        for child in parent:
            n = len(out) + 1
            if is_protected(child) or child.tag in VOID_TAGS:
                out.append(Inline(n, child, "empty"))
            else:
                out.append(Inline(n, child, "pair"))
                walk(child)

    walk(el)
    return out


def block_text(el) -> tuple[str, dict[str, tuple[str, str]]]:
    """The text of a block element with placeholders, and number -> (open tag, close tag)."""
    tags: dict[str, tuple[str, str]] = {}
    kinds = {i.element: i for i in inline_elements(el)}  # keyed by element: ids of lxml proxies get reused
    parts: list[str] = []

    def walk(parent) -> None:
        parts.append(collapse(parent.text))
        for child in parent:
            inl = kinds[child]
            n = inl.number
            if inl.kind == "empty":
                if is_element(child) and child.tag in VOID_TAGS and not is_protected(child):
                    tags[str(n)] = (open_tag(child), "")
                else:
                    tags[str(n)] = (outer_html(child), "")
                parts.append(f"{PH_OPEN}{n}/{PH_CLOSE}")
            else:
                tags[str(n)] = (open_tag(child), f"</{child.tag}>")
                parts.append(f"{PH_OPEN}{n}{PH_CLOSE}")
                walk(child)
                parts.append(f"{PH_OPEN}/{n}{PH_CLOSE}")
            parts.append(collapse(child.tail))

    walk(el)
    text = _HTML_WS.sub(" ", "".join(parts))
    # <br><br> separates paragraphs inside one element (common in news CMS output): a blank line
    # after it makes it a sentence boundary even without a full stop before it
    brs = {n for n, (open_, _) in tags.items() if open_[:3].lower() == "<br"}
    if len(brs) >= 2:

        def blank(m: re.Match[str]) -> str:
            if all(n in brs for n in _EMPTY_NUM.findall(m.group(1))):
                return m.group(1).rstrip() + "\n\n"
            return m.group(0)

        text = _EMPTY_RUN.sub(blank, text)
    return text, tags


def strip_placeholders(text: str) -> str:
    return " ".join(PLACEHOLDER.sub("", text).split())


@dataclass
class Found:
    """One translatable unit of a page, before segmentation."""

    kind: str  # "text" (element content), "attr" (attribute value), "meta" (metadata, see metadata.py)
    element: Any
    locator: str
    text: str  # with placeholders for "text"
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    attr: str | None = None
    chrome: bool = False  # inside nav/header/footer/aside
    line: int = 0
    ui: bool = False  # the whole text is a UI string (placeholder-free)


def find_translatable(tree, is_ui: Callable[[str], bool] | None = None) -> list[Found]:
    """Every translatable text block and attribute of the page, in document order.

    A text block whose whole text is a UI string (``is_ui``) is narrowed to the innermost element
    holding all of it (``<li><a>Beranda</a></li>`` -> the ``<a>``), so its text has no placeholders
    and the UI catalog's translation can replace it directly.
    """
    out: list[Found] = []
    claimed: set[Any] = set()  # elements inside an extracted text block
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    has_block = _with_block_descendants(root)
    for el in root.iter():
        if not is_element(el) or el in claimed:
            continue
        if el.tag in ("meta", "script"):  # metadata: description, og:*, twitter:*, JSON-LD
            from locnews.pages.metadata import text_units

            for locator, value in text_units(tree, el):
                out.append(Found("meta", el, locator, collapse(value).strip(), attr=locator.rsplit("/@", 1)[1],
                                 line=el.sourceline or 0))
        if is_protected(el):
            claimed.update(el.iterdescendants())
            continue
        chrome = any(a.tag in CHROME_CONTAINERS for a in el.iterancestors()) or el.tag in CHROME_CONTAINERS
        # attributes first: they belong to this element, which comes before its content
        out.extend(_attrs(tree, el, chrome, is_ui))
        if el in has_block:
            continue
        if el.tag not in TEXT_BLOCK_TAGS:
            # outside any text block, an inline element is extracted only as a UI label: a menu
            # item with a submenu (<li><a>Berita</a><ul>…</ul></li>), a button, a form label
            if el.tag not in UI_INLINE_TAGS or is_ui is None:
                continue
            text, tags = block_text(el)
            if not is_ui(strip_placeholders(text)):
                continue
        text, tags = block_text(el)
        if not text.strip():
            continue
        for d in el.iterdescendants():
            claimed.add(d)
            # attributes of inline children (<a title>, <img alt>) are their own units
            if is_element(d) and not inside_protected(d):
                out.extend(_attrs(tree, d, chrome, is_ui))
        target, ui = el, False
        if is_ui is not None and is_ui(strip_placeholders(text)):
            narrowed = _narrow(el)
            ntext, ntags = block_text(narrowed)
            if not PLACEHOLDER.search(ntext):  # markup inside a UI label: keep it a normal block
                target, text, tags, ui = narrowed, ntext, ntags, True
        out.append(Found("text", target, tree.getpath(target), text, tags, chrome=chrome,
                         line=target.sourceline or el.sourceline or 0, ui=ui))
    return out


def _attrs(tree, el, chrome: bool, is_ui) -> list[Found]:
    """The translatable attributes of ``el``: alt/title always, UI-only ones when they are UI."""
    found = []
    for attr in TRANSLATABLE_ATTRS:
        value = el.get(attr)
        if value and value.strip() and (attr == "title" or el.tag in ATTR_TAGS_ALT):
            found.append(_attr(tree, el, attr, value, chrome, is_ui))
    if is_ui is not None:
        for attr in UI_ATTRS:
            value = el.get(attr)
            if attr == "value" and (el.tag != "input" or (el.get("type") or "").lower() not in BUTTON_TYPES):
                continue
            if value and value.strip() and is_ui(value):
                found.append(_attr(tree, el, attr, value, chrome, is_ui))
    return found


def _attr(tree, el, attr: str, value: str, chrome: bool, is_ui) -> Found:
    text = collapse(value)
    return Found("attr", el, f"{tree.getpath(el)}/@{attr}", text, attr=attr, chrome=chrome,
                 line=el.sourceline or 0, ui=bool(is_ui and is_ui(text)))


def _narrow(el):
    """Descend through single inline wrappers that hold all of ``el``'s text."""
    while True:
        kids = list(el)
        if len(kids) != 1 or not is_element(kids[0]) or is_protected(kids[0]) or kids[0].tag in VOID_TAGS:
            return el
        only = kids[0]
        if collapse(el.text).strip() or collapse(only.tail).strip():
            return el
        el = only


def repair_placeholders(source: str, target: str) -> str:
    """Make a translated segment's placeholders consistent with its source segment.

    Placeholders the source does not have, and repeats, are dropped; a closing placeholder that
    comes before its opening one is moved to the end; an element the source opens and closes
    within this segment but the translation leaves open is closed at the end of the segment.
    """
    if PH_OPEN not in target and PH_OPEN not in source:
        return target
    src = {m.group(0) for m in PLACEHOLDER.finditer(source)}
    seen: set[str] = set()
    opened: list[str] = []
    moved: list[str] = []

    def keep(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok not in src or tok in seen:
            return ""
        seen.add(tok)
        closing, num = m.group(1), m.group(2)
        if closing:
            if f"{PH_OPEN}{num}{PH_CLOSE}" in src and f"{PH_OPEN}{num}{PH_CLOSE}" not in seen:
                moved.append(tok)  # closed before it was opened
                return ""
            if num in opened:
                opened.remove(num)
        elif not m.group(3):
            opened.append(num)
        return tok

    out = PLACEHOLDER.sub(keep, target)
    out = _put_back_lost(source, out, src - seen)
    for num in opened:
        close = f"{PH_OPEN}/{num}{PH_CLOSE}"
        if close in src and close not in seen:
            moved.append(close)
    # close innermost first: in the reverse order of the openings
    closes = []
    for tok in moved:
        num = PLACEHOLDER.match(tok).group(2)  # type: ignore[union-attr]
        opening = f"{PH_OPEN}{num}{PH_CLOSE}"
        if opening in seen:
            closes.append((out.index(opening), tok))
    if closes:
        # before the trailing whitespace and empty elements (a <br> after the sentence stays out)
        body = _TRAILING_EMPTY.sub("", out)
        out = body + "".join(t for _, t in sorted(closes, reverse=True)) + out[len(body):]
    return out


def _put_back_lost(source: str, target: str, lost: set[str]) -> str:
    """Placeholders of ``source`` the translation lost and that close no pair inside the segment
    (``<br>``, a tag opened here and closed in the next sentence) go back at their relative place."""
    from locnews.mt.protect import insert_at

    nums = [m.group(2) for m in PLACEHOLDER.finditer(source) if not m.group(3)]
    for m in PLACEHOLDER.finditer(source):
        tok = m.group(0)
        if tok in lost and (m.group(3) or nums.count(m.group(2)) == 1):
            target = insert_at(target, tok, m.start() / max(1, len(source)))
    return target


_TRAILING_EMPTY = re.compile(r"(?:\s|" + re.escape(PH_OPEN) + r"\d+/" + re.escape(PH_CLOSE) + r")*\Z")
