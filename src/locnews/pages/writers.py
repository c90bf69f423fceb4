"""Write a translated article back in its source's form: the site's text layout, or the HTML page.

``translations`` maps segment ids (``p3.2``) to target text; a segment without one keeps its
source text. HTML output is the ORIGINAL page re-serialised by lxml -- navigation, scripts,
styles, comments and attributes kept -- with only the extracted text and ``alt``/``title``
values replaced. Text is inserted through lxml's tree API, never pasted into markup, so a
translation that contains ``<script>`` comes out as inert text.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from locnews.document import Block, Document
from locnews.errors import LocnewsError


def _ui_fallback(text: str, lang: str) -> str | None:
    try:
        from locnews.catalogs.ui_strings import load_ui_strings

        return load_ui_strings().translate(text, lang)
    except (LocnewsError, ImportError, OSError):
        return None


def block_translation(
    block: Block, translations: dict[str, str], ui_lang: str | None = None, *, repair: bool = False
) -> str:
    """The block's text in the target language: segments joined with their recorded whitespace.

    ``repair`` makes each translated segment's inline placeholders consistent with its source
    (see ``markup.repair_placeholders``).
    """
    parts = [block.leading]
    for seg in block.segments:
        text = translations.get(seg.id)
        if text is None and seg.kind == "ui" and ui_lang:
            text = _ui_fallback(seg.text, ui_lang)
        elif text is not None and repair:
            from locnews.pages.markup import repair_placeholders

            text = repair_placeholders(seg.text, text)
        parts.append((seg.text if text is None else text) + seg.space_after)
    return "".join(parts)


def write_text(doc: Document, translations: dict[str, str], ui_lang: str) -> str:
    """The article in the site's text layout (same layout as a text source: every blank line kept).

    UI chrome without a translation in ``translations`` is looked up in the UI catalogs for
    ``ui_lang``; missing everywhere, it keeps its source text. An HTML source is laid out as
    dateline, headline, paragraphs (blank-line separated) and chrome lines, with placeholders
    removed.
    """
    if doc.format == "text":
        return "".join(block_translation(b, translations, ui_lang) for b in doc.blocks)
    body, chrome = _page_text(doc.blocks, translations, ui_lang)
    out = "\n\n".join(body)
    if chrome:
        out += "\n\n" + "\n".join(chrome)
    return out + "\n"


def _page_text(blocks: list[Block], translations: dict[str, str], ui_lang: str) -> tuple[list[str], list[str]]:
    """The translated text of an HTML page's blocks, placeholders removed: (other blocks, UI chrome)."""
    from locnews.pages.markup import strip_placeholders

    body: list[str] = []
    chrome: list[str] = []
    for b in blocks:
        if b.locator and ("/@" in b.locator or b.locator.endswith("/title")):
            continue  # attributes and the <title> are not part of the article's text
        text = strip_placeholders(block_translation(b, translations, ui_lang))
        if text:
            (chrome if b.kind == "ui" else body).append(text)
    return body, chrome


# --------------------------------------------------------------------------------------------
# HTML


def write_html(doc: Document, translations: dict[str, str], target_lang: str) -> str:
    """Re-serialise the source page with its translatable text replaced and ``<html lang>`` set."""
    from locnews.pages.markup import inline_elements, parse_page, unwrap_loose_runs, wrap_loose_runs

    if doc.format != "html":
        raise LocnewsError("write_html needs an HTML source document", doc.path)
    tree = parse_page(doc.raw)
    wrap_loose_runs(tree)  # as the reader did: the locators point into the wrapped page
    root = tree.getroot()
    # Resolve every locator before changing anything: rebuilding a block must not move another.
    targets: list[tuple[Block, Any, str | None]] = []
    for block in doc.blocks:
        if not block.locator:
            continue
        path, _, attr = block.locator.partition("/@")
        found = tree.xpath(path)
        if not found:
            raise LocnewsError(f"page structure changed: {block.locator} not found", doc.path)
        targets.append((block, found[0], attr or None))
    # Attributes first: inline children are copied with their (translated) attributes.
    from locnews.pages.metadata import JSON_PREFIX, is_jsonld, set_json_values, set_language

    json_values: dict[Any, dict[str, str]] = {}
    for block, el, attr in targets:
        if block.kind == "furniture":
            continue
        if attr and attr.startswith(JSON_PREFIX):
            json_values.setdefault(el, {})[attr[len(JSON_PREFIX):]] = block_translation(block, translations, target_lang).strip()
        elif attr:
            el.set(attr, block_translation(block, translations, target_lang).strip())
    for block, el, attr in targets:
        if attr or block.kind == "furniture":
            continue  # furniture stays exactly as the source has it
        text = block_translation(block, translations, target_lang, repair=True)
        if block.kind != "paragraph":
            text = block.leading + text.strip() + (block.segments[-1].space_after if block.segments else "")
        fill(el, text, {i.number: i for i in inline_elements(el)})
    unwrap_loose_runs(tree)
    # JSON-LD articleBody: the article's dateline and paragraphs as plain text, in the target edition
    article = [b for b in doc.blocks if b.kind in ("dateline", "paragraph")]
    article_body = "\n\n".join(t.strip() for t in _page_text(article, translations, target_lang)[0])
    for script in root.iter("script"):
        if is_jsonld(script):
            set_json_values(script, json_values.get(script, {}), target_lang, article_body)
    set_language(root, target_lang)
    declare_utf8(root)
    return serialize(tree, source_has_doctype(doc.raw))


def source_has_doctype(raw: str) -> bool:
    return raw.lstrip("\ufeff \t\r\n")[:9].lower() == "<!doctype"


def serialize(tree, has_doctype: bool = True) -> str:
    import lxml.etree as etree

    # etree's serialiser, not lxml.html's: that one drops <meta http-equiv="Content-Type">
    out = etree.tostring(tree, encoding="unicode", method="html", doctype=tree.docinfo.doctype or None)
    # libxml2 invents an HTML 4.0 doctype for a page without one: keep only the source's own
    if not has_doctype and out[:9].lower() == "<!doctype":
        out = out[out.index(">") + 1 :].lstrip("\n")
    # a no-break space written as &nbsp; stays visible to the next editor
    return out.replace("\u00a0", "&nbsp;") + ("\n" if not out.endswith("\n") else "")


def declare_utf8(root) -> None:
    """Pages are written as UTF-8: a ``charset`` the source declared (rightly or not) says so too."""
    for meta in root.iter("meta"):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type" and "charset" in (meta.get("content") or ""):
            meta.set("content", re.sub(r"charset\s*=\s*[\w.:-]+", "charset=utf-8", meta.get("content"), flags=re.I))


_TOKEN = re.compile(r"⟦(/?)(\d+)(/?)⟧")


def fill(el, text: str, inline: dict[int, Any]) -> None:
    """Replace ``el``'s content with ``text``, turning placeholders back into the source's elements.

    Unknown or repeated placeholders are dropped, a closing placeholder closes every element opened
    inside it, elements left open are closed at the end of the block, and protected elements
    (code, ``translate="no"``, comments) the translation lost are appended, so the page stays
    well-formed and nothing protected is lost.
    """
    for child in list(el):
        el.remove(child)
    el.text = None
    used: set[int] = set()
    stack: list[tuple[int, Any]] = [(0, el)]
    last: Any = None  # node whose .tail receives the next text (None: the current parent's .text)

    def add_text(s: str) -> None:
        nonlocal last
        if not s:
            return
        parent = stack[-1][1]
        if last is None:
            parent.text = (parent.text or "") + s
        else:
            last.tail = (last.tail or "") + s

    def append(node: Any) -> None:
        nonlocal last
        node.tail = None
        stack[-1][1].append(node)
        last = node

    pos = 0
    for m in _TOKEN.finditer(text):
        add_text(text[pos : m.start()])
        pos = m.end()
        closing, num, empty = m.group(1), int(m.group(2)), m.group(3)
        inl = inline.get(num)
        if closing:
            if any(n == num for n, _ in stack[1:]):
                while stack[-1][0] != num:
                    _close(stack)
                last = _close(stack)
            continue  # a stray closing placeholder is dropped
        if inl is None or num in used or (inl.kind == "empty") != bool(empty):
            continue
        used.add(num)
        if inl.kind == "empty":
            append(copy.deepcopy(inl.element))
        else:
            node = _shallow(inl.element)
            append(node)
            stack.append((num, node))
            last = None
    add_text(text[pos:])
    while len(stack) > 1:
        last = _close(stack)
    from locnews.pages.markup import is_protected

    for num, inl in sorted(inline.items()):
        if num not in used and inl.kind == "empty" and is_protected(inl.element):
            add_text(" ")
            append(copy.deepcopy(inl.element))


def _close(stack: list[tuple[int, Any]]) -> Any:
    _, node = stack.pop()
    return node


def _shallow(el) -> Any:
    """The element with its attributes and no content; any tag name the parser accepted
    (``fb:like``, ``g:plusone``, custom elements), which ``makeelement`` would refuse."""
    node = copy.copy(el)
    del node[:]
    node.text = node.tail = None
    return node
