"""What on a news page is the article, and what is the site's furniture.

The article is the headline, the body's paragraphs and subheads, captions and the page's metadata;
furniture is everything else (menus, related-article lists, tag clouds, share widgets, footers,
ads). Furniture is never sent to MT: UI-catalog strings get their catalog translation, the rest
stays as it is (``locnews segment --format json`` lists it with kind ``furniture``).

How the body is found, in order:

1. the project's ``locnews.toml`` names it (``[pages] body = "CSS selector"``), for a site that
   knows its CMS;
2. otherwise readability-lxml (chosen by measurement over trafilatura and jusText:
   benchmarks/extraction.py, results/extraction.md) finds the main text. The page's text blocks
   that this text covers vote for their ancestors; the deepest element holding most of the votes
   is the body container.

Inside the container, a text block is article when readability kept its words (or it is a subhead
or caption) and no element between the container and it is furniture by its class or id (share,
related, comment, ads …). News rules of our own then take out "Baca juga" inserts, bylines,
editor codes and ad labels, sentence by sentence.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

#: class/id words of furniture containers, in any CMS (English and Indonesian).
FURNITURE_WORDS = frozenset(
    """share sharing social sosmed socmed related terkait rekomendasi recommended recommendation
    comment comments komentar disqus ad ads adv advert advertisement iklan banner promo sponsor
    sponsored newsletter subscribe tag tags topik breadcrumb breadcrumbs sidebar widget popular
    populer terpopuler trending nav navbar menu footer baca readmore read-more outbrain taboola
    """.split()
)
CHROME_TAGS = frozenset(("nav", "header", "footer", "aside", "form"))
ARTICLE_TAGS = frozenset("h2 h3 h4 h5 h6 figcaption caption blockquote".split())
_WORDS = re.compile(r"\w+")
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+")

# Sentences that are furniture wherever they stand, even inside a body paragraph.
FURNITURE_TEXT = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*(baca|simak|lihat|tonton|saksikan|klik)(\s+(juga|pula|selengkapnya|video))\b",
        r"^\W*(read|see|watch)\s+(also|more)\b",
        r"^\W*(berita|artikel|video)\s+(terkait|lainnya|pilihan)\b",
        r"^\W*(related|recommended)\s*(articles?|stories|news)?\s*:",
        r"^\W*(advertisement|iklan|sponsored|scroll to (continue|resume)( with content)?)\W*$",
        r"^\W*(penulis|editor|reporter|pewarta|sumber|fotografer|kontributor|oleh|written by|by)\s*:",
        r"^\W*\(\s*[a-z]{2,5}(\s*/\s*[a-z]{2,5})+\s*\)\W*$",  # editor codes: (rns/rns)
        r"^\W*(copyright|hak cipta|©)",
        r"^\W*(foto|photo|gambar|image|ilustrasi|video|grafis)\s*:",  # credits
        r"^\W*(bagikan|share)\s*(artikel|this|ini)?\s*:?\s*$",
        # calls to follow the outlet: "Dapatkan update berita pilihan …", "… di Grup Telegram"
        r"^\W*(dapatkan|ikuti|download|unduh|follow)\s+(update|berita|kami|akun|aplikasi|juga|info)\b",
        r"\b(grup|group|channel|saluran|kanal)\s+(telegram|whatsapp)\b|\bgoogle news\b",
    )
] + [re.compile(r"^[^\w]*[A-Z][A-Z.'-]+(\s+[A-Z][A-Z.'-]+){0,3}[^\w.!?]*$")]  # a name in capitals alone: a byline


def is_furniture_text(text: str) -> bool:
    """A sentence that is site furniture wherever it stands ("Baca juga: …", a byline, "(rns/rns)")."""
    from locnews.pages.markup import strip_placeholders

    plain = strip_placeholders(text)
    return bool(plain) and any(p.search(plain) for p in FURNITURE_TEXT)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def _shingles(words: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _class_words(el) -> set[str]:
    ident = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return {w for w in _CLASS_SPLIT.split(ident) if w}


def is_furniture_element(el) -> bool:
    return el.tag in CHROME_TAGS or bool(_class_words(el) & FURNITURE_WORDS)


def main_text(raw: str) -> str:
    """The page's main text as readability-lxml finds it ("" when it finds none)."""
    import lxml.etree as etree
    import lxml.html
    from readability import Document
    from readability.readability import Unparseable

    logging.getLogger("readability.readability").setLevel(logging.ERROR)  # its notes are not ours to show
    try:
        summary = Document(raw).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    except (Unparseable, ValueError, etree.LxmlError):  # a page it cannot read: no body found
        return ""


class Coverage:
    """How much of a text block the extracted main text holds (word 4-grams)."""

    def __init__(self, text: str) -> None:
        self.blob = _norm(text)
        self.grams = _shingles(_WORDS.findall(self.blob))

    def __call__(self, text: str) -> float:
        words = _WORDS.findall(_norm(text))
        if not words:
            return 0.0
        if len(words) < 4:
            return 1.0 if _norm(text) in self.blob else 0.0
        grams = _shingles(words)
        return len(grams & self.grams) / len(grams)


def body_containers(found: list, cover: Coverage) -> list[Any]:
    """The element holding the article body, by the main text's votes (empty: none found)."""
    if not cover.grams:
        return []
    from locnews.pages.markup import strip_placeholders

    votes: dict[Any, int] = {}
    total = 0
    for f in found:
        if f.kind != "text":
            continue
        plain = strip_placeholders(f.text)
        if len(plain.split()) >= 8 and cover(plain) >= 0.6:
            total += len(plain)
            for a in f.element.iterancestors():  # a container of blocks, never one paragraph itself
                votes[a] = votes.get(a, 0) + len(plain)
    if not total:
        return []
    best = max((a for a, v in votes.items() if v >= 0.75 * total), key=lambda a: sum(1 for _ in a.iterancestors()))
    return [best]


def article_flags(tree, found: list, raw: str, selector: str | None = None) -> list[bool]:
    """For each of ``found`` (markup.find_translatable's units): is it part of the article?"""
    from locnews.pages.markup import strip_placeholders

    containers: list[Any] = []
    cover: Coverage | None = None  # None: the site named its body, all of it is article
    if selector:
        from lxml.cssselect import CSSSelector

        containers = CSSSelector(selector)(tree)
    if not containers:
        cover = Coverage(main_text(raw))
        containers = body_containers(found, cover)
    first_h1 = next((f.element for f in found if f.kind == "text" and f.element.tag == "h1" and not f.chrome), None)
    if first_h1 is None:
        first_h1 = next((f.element for f in found if f.kind == "text" and f.element.tag == "h1"), None)
    flags = []
    for f in found:
        el = f.element
        if f.kind == "meta" or el.tag == "title" or el is first_h1 or (el.tag == "h1" and _headline_h1(f)):
            flags.append(True)
            continue
        if f.kind == "attr" and not _has_words(f.text):
            flags.append(False)  # file names and URLs in alt/title: nothing to translate
            continue
        if not containers:  # no body found: everything outside the page's chrome and furniture
            flags.append(not f.chrome and not any(is_furniture_element(a) for a in el.iterancestors()))
            continue
        inside = _path_inside(el, containers)
        if inside is None:
            flags.append(_is_caption(f))  # the lead photo's caption often sits above the body
            continue
        if any(is_furniture_element(a) for a in inside):
            flags.append(False)
            continue
        if f.kind == "attr" or el.tag in ARTICLE_TAGS or cover is None:
            flags.append(True)
            continue
        if _all_link(el):
            flags.append(False)  # a teaser of another article in the body ("related" lists)
            continue
        flags.append(cover(strip_placeholders(f.text)) >= 0.5)
    return flags


CAPTION_WORDS = frozenset(("caption", "figcaption", "keterangan", "ket"))


def _is_caption(f) -> bool:
    """A caption (or the alt of its photo) outside the body, not in the page's chrome or furniture."""
    el = f.element
    if f.chrome or any(is_furniture_element(a) for a in el.iterancestors()):
        return False
    if f.kind == "text":
        return el.tag in ("figcaption", "caption") or bool(_class_words(el) & CAPTION_WORDS)
    holder = el.getparent()  # an image's alt: when its figure holds a caption
    return f.attr == "alt" and holder is not None and any(
        d.tag == "figcaption" or bool(_class_words(d) & CAPTION_WORDS) for d in holder.iter() if isinstance(d.tag, str)
    )


def _headline_h1(f) -> bool:
    """An <h1> outside the page's chrome and furniture: the headline (sites repeat it, one for SEO)."""
    return f.kind == "text" and not f.chrome and not any(is_furniture_element(a) for a in f.element.iterancestors())


def _all_link(el) -> bool:
    """A short block whose words are (nearly) all inside links."""
    text = " ".join(el.text_content().split())
    if not text or len(text) > 200:
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked >= 0.8 * len(text)


def _has_words(text: str) -> bool:
    """Words a translator would translate: not a bare URL or file name."""
    t = text.strip()
    return " " in t or not re.search(r"[/\\.]\w", t)


def _path_inside(el, containers: list[Any]) -> list[Any] | None:
    """The elements from ``el`` up to (not including) its container; None when outside all."""
    path = []
    for a in (el, *el.iterancestors()):
        if any(a is c for c in containers):
            return path
        path.append(a)
    return None


def configured_body_selector(start: str | Path | None = None) -> str | None:
    """``[pages] body`` of the project's ``locnews.toml`` (a CSS selector), if it names one."""
    import tomllib

    from locnews import paths
    from locnews.errors import LocnewsError

    root = paths.project_root(start)
    if root is None or not (root / "locnews.toml").is_file():
        return None
    cfg = root / "locnews.toml"
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LocnewsError(f"not valid TOML: {exc}", cfg) from None
    selector = data.get("pages", {}).get("body")
    if selector is None:
        return None
    if not isinstance(selector, str) or not selector.strip():
        raise LocnewsError("[pages] body must be a CSS selector (a string)", cfg)
    from lxml.cssselect import CSSSelector, ExpressionError, SelectorError

    try:
        CSSSelector(selector)
    except (SelectorError, ExpressionError) as exc:
        raise LocnewsError(f"[pages] body: not a CSS selector: {selector!r} ({exc})", cfg) from None
    return selector


#: Furniture longer than this is another article's headline or a teaser, not a UI string.
UI_MAX_WORDS = 6


def furniture_strings(doc) -> list[tuple[str, int]]:
    """(text, line) of the page's furniture that can be a UI string (short, with letters), once each,
    for ``catalog extract --pages``."""
    from locnews.pages.markup import strip_placeholders

    seen: dict[str, int] = {}
    for block, seg in doc.segments("furniture"):
        text = strip_placeholders(seg.text)
        if text and len(text.split()) <= UI_MAX_WORDS and re.search(r"[^\W\d_]{2,}", text):
            seen.setdefault(text, seg.line or block.line)
    return list(seen.items())
