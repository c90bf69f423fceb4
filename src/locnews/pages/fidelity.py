"""Is a translated page still the source page? Elements, attributes, links, scripts, repetition.

``compare_pages(source, output)`` lists every way the output lost something of the source's
markup: an element (by tag, in document order), an attribute, a link, a script, style or comment
that is not byte-identical. Only what translation may change is allowed to differ: text, the
translatable attributes' values, ``lang``, declared charsets and localized metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

#: Attribute values translation may change (their names must stay).
CHANGEABLE_ATTRS = frozenset(("lang", "xml:lang", "alt", "title", "content", "aria-label", "placeholder", "value", "charset"))
_RUN = re.compile(r"\b(\w+(?:\s+\w+){0,2})(?:\s+\1\b){3,}", re.IGNORECASE)


@dataclass
class PageDiff:
    problems: list[str] = field(default_factory=list)
    links_in: int = 0
    links_out: int = 0
    inline_in: int = 0
    inline_out: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _elements(tree):
    import lxml.etree as etree

    for el in tree.getroot().iter():
        if isinstance(el, etree._Element):
            yield el


def _raw_nodes(tree) -> list[str]:
    """Scripts, styles and comments as serialised (they must come back byte-identical)."""
    import lxml.etree as etree

    out = []
    for el in _elements(tree):
        if not isinstance(el.tag, str):
            out.append(etree.tostring(el, encoding="unicode", with_tail=False))
        elif el.tag in ("script", "style") and (el.get("type") or "").lower() != "application/ld+json":
            out.append(f"<{el.tag}>{el.text or ''}")
    return out


def _signature(el) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An element's tag and the attributes translation must not change."""
    return el.tag, tuple(sorted((k, v) for k, v in el.attrib.items() if k not in CHANGEABLE_ATTRS))


def compare_pages(source: str, output: str) -> PageDiff:
    """Every element, attribute, link and raw node of ``source`` found again in ``output``."""
    from locnews.pages.markup import parse_page

    src, out = parse_page(source), parse_page(output)
    diff = PageDiff()
    s_els = [e for e in _elements(src) if isinstance(e.tag, str)]
    o_els = [e for e in _elements(out) if isinstance(e.tag, str)]
    # as multisets: a translation may reorder the inline elements of a sentence
    lost = Counter(map(_signature, s_els)) - Counter(map(_signature, o_els))
    added = Counter(map(_signature, o_els)) - Counter(map(_signature, s_els))
    for (tag, attrs), n in lost.items():
        diff.problems.append(f"<{tag}{''.join(f' {k}={v!r}' for k, v in attrs)}> lost ({n}x)")
    for (tag, attrs), n in added.items():
        diff.problems.append(f"<{tag}{''.join(f' {k}={v!r}' for k, v in attrs)}> added ({n}x)")
    s_links = [e.get("href") for e in s_els if e.tag == "a" and e.get("href")]
    o_links = [e.get("href") for e in o_els if e.tag == "a" and e.get("href")]
    diff.links_in, diff.links_out = len(s_links), len(o_links)
    if Counter(s_links) != Counter(o_links):
        diff.problems.append(f"links differ: {len(s_links)} in, {len(o_links)} out")
    inline = ("a", "b", "strong", "i", "em", "span", "u", "sup", "sub")
    diff.inline_in = sum(e.tag in inline for e in s_els)
    diff.inline_out = sum(e.tag in inline for e in o_els)
    if _raw_nodes(src) != _raw_nodes(out):
        diff.problems.append("scripts, styles or comments changed")
    return diff


def runaway_repetition(text: str) -> str | None:
    """The first phrase of one to three words repeated four or more times in a row, if any."""
    m = _RUN.search(text)
    return m.group(0) if m else None


# --------------------------------------------------------------------------------------------
# scoring against a gold annotation (../shared/pages/NAME.gold.json: what a reader calls the article)


def _grams(text: str, n: int = 4) -> list[tuple[str, ...]]:
    words = re.findall(r"\w+", text.replace("\u00a0", " ").lower())
    return [tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))] if words else []


def covered(text: str, pool: set[tuple[str, ...]], blob: str = "") -> float:
    """Share of ``text``'s word 4-grams found in ``pool``; a text under four words: 1.0 when it is
    in ``blob`` (the gold texts joined), else 0.0."""
    grams = _grams(text)
    if grams and len(grams[0]) < 4:
        words = " ".join(grams[0])
        return 1.0 if words and words in " ".join(re.findall(r"\w+", blob.lower())) else 0.0
    return sum(g in pool for g in grams) / len(grams) if grams else 0.0


def gram_pool(texts) -> set[tuple[str, ...]]:
    pool: set[tuple[str, ...]] = set()
    for t in texts:
        pool.update(_grams(t))
    return pool


def body_recall(paragraphs: list[str], texts: list[str]) -> float:
    """Share of the gold paragraphs' 4-grams found in ``texts`` joined in order (a paragraph under
    four words counts as one gram, found when its words are in the joined text)."""
    joined = " ".join(texts)
    pool = gram_pool([joined])
    words = " " + " ".join(re.findall(r"\w+", joined.lower())) + " "
    hit = total = 0
    for para in paragraphs:
        grams = _grams(para)
        if grams and len(grams[0]) < 4:
            total += 1
            hit += f" {' '.join(grams[0])} " in words
        else:
            total += len(grams)
            hit += sum(g in pool for g in grams)
    return hit / total if total else 0.0


def gold_article_texts(gold: dict) -> list[str]:
    """Everything of the gold annotation that is the article (its metadata included)."""
    return [gold.get("headline", ""), *gold.get("body", []), *gold.get("captions", []), gold.get("meta_description", "")]


def evaluate_page(source: str, output: str, segments: list, gold: dict) -> dict:
    """The issue-12 checks of one translated page against its gold annotation.

    ``segments``: the translate report's SegmentResults of the page (id, source, target, origin).
    """
    from locnews.pages.markup import parse_page, strip_placeholders

    article = gram_pool(gold_article_texts(gold))
    blob = " ".join(gold_article_texts(gold))
    machine = [s for s in segments if s.origin == "machine"]
    furniture = [s for s in machine if covered(strip_placeholders(s.source), article, blob) < 0.5]
    translated = [strip_placeholders(s.source) for s in segments if s.target.strip() != s.source.strip()]
    diff = compare_pages(source, output)
    repeats = [r for s in machine if (r := runaway_repetition(strip_placeholders(s.target)))
               and not runaway_repetition(strip_placeholders(s.source))]
    src_tree, out_tree = parse_page(source), parse_page(output)
    meta_in, meta_out = _metadata(src_tree), _metadata(out_tree)
    unlocalized = [k for k, v in meta_in.items() if k != "lang" and meta_out.get(k) == v]
    return {
        "body_translated": round(body_recall(gold["body"], translated), 3),
        "mt_segments": len(machine),
        "furniture_share": round(len(furniture) / len(machine), 3) if machine else 0.0,
        "furniture_examples": [strip_placeholders(s.source)[:60] for s in furniture[:5]],
        "links_in": diff.links_in, "links_out": diff.links_out,
        "inline_in": diff.inline_in, "inline_out": diff.inline_out,
        "page_problems": diff.problems,
        "runaway_repetition": repeats[:5],
        "metadata": sorted(meta_in),
        "metadata_unlocalized": unlocalized,
        "lang_out": meta_out.get("lang"),
        "headline_left": _visible_as(out_tree, gold.get("headline", "")),
    }


def _visible_as(tree, text: str) -> int:
    """How many <h1> of the page show exactly ``text`` (the source headline left as it was)."""
    want = " ".join(text.split())
    return sum(1 for el in tree.getroot().iter("h1") if " ".join(el.text_content().split()) == want)


def _metadata(tree) -> dict[str, str]:
    """The page's title, text metadata and JSON-LD headline/description, by name."""
    from locnews.pages.metadata import TEXT_META, is_jsonld, meta_key, text_units

    root = tree.getroot()
    out = {"lang": root.get("lang") or ""}
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        out["title"] = " ".join(title.text.split())
    for el in root.iter("meta", "script"):
        if el.tag == "meta" and meta_key(el) in TEXT_META and (el.get("content") or "").strip():
            out[meta_key(el)] = " ".join(el.get("content").split())
        elif el.tag == "script" and is_jsonld(el):
            for locator, text in text_units(tree, el):
                out["json-ld " + locator.rsplit("@json:", 1)[1]] = " ".join(text.split())
    return out
