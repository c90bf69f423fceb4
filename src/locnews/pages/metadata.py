"""A page's metadata in the target edition: meta description, og:*, twitter:*, JSON-LD, language.

What a search engine or a link preview shows is translated like the article (``<meta content>``
of the names below, JSON-LD ``headline``/``description`` of an article object) and what declares
the language is set (``<html lang>``/``xml:lang``, ``<meta name="language">``,
``http-equiv="content-language"``, ``og:locale``, JSON-LD ``inLanguage``). Units carry locators
``…/meta[3]/@content`` (an attribute, written like ``alt``) and ``…/script[2]/@json:1.headline``
(object 1 of the script's JSON-LD, key ``headline``).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

#: <meta name|property> whose content is the article's text.
TEXT_META = frozenset(
    """description title og:title og:description og:image:alt twitter:title twitter:description
    twitter:image:alt dc.title dc.description headline alternativeheadline""".split()
)
#: <meta name|http-equiv|property> whose content is the page's language.
LANG_META = frozenset(("language", "content-language", "dc.language"))
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
ARTICLE_TYPES = frozenset(("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "BlogPosting", "WebPage", "OpinionNewsArticle"))
JSONLD_KEYS = ("headline", "alternativeHeadline", "description")
JSON_PREFIX = "json:"


def meta_key(el) -> str:
    return (el.get("name") or el.get("property") or el.get("http-equiv") or el.get("itemprop") or "").strip().lower()


def is_jsonld(el) -> bool:
    return el.tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json"


def _load(el) -> Any:
    try:
        return json.loads(el.text or "", strict=False)
    except ValueError:
        return None  # broken JSON-LD is common: left exactly as it is


def _articles(data: Any) -> Iterator[dict]:
    """The article objects of a JSON-LD document, in a fixed order (also inside @graph and lists)."""
    if isinstance(data, list):
        for item in data:
            yield from _articles(item)
    elif isinstance(data, dict):
        types = data.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(t in ARTICLE_TYPES for t in types if isinstance(t, str)):
            yield data
        if "@graph" in data:
            yield from _articles(data["@graph"])


def text_units(tree, el) -> list[tuple[str, str]]:
    """(locator, text) of ``el``'s translatable metadata: a text <meta> or a JSON-LD script."""
    path = tree.getpath(el)
    if el.tag == "meta" and meta_key(el) in TEXT_META and (el.get("content") or "").strip():
        return [(f"{path}/@content", el.get("content"))]
    if not is_jsonld(el):
        return []
    out = []
    for i, obj in enumerate(_articles(_load(el))):
        for key in JSONLD_KEYS:
            if isinstance(obj.get(key), str) and obj[key].strip():
                out.append((f"{path}/@{JSON_PREFIX}{i}.{key}", obj[key]))
    return out


def set_json_values(el, values: dict[str, str], lang: str, article_body: str | None = None) -> None:
    """Write translated JSON-LD values (``"1.headline" -> text``) and ``inLanguage`` into ``el``.

    ``article_body``, the translated page's article text, replaces ``articleBody`` where exactly one
    article object of the script has one (a listing page's several bodies are not this article's).
    """
    data = _load(el)
    if data is None:
        return
    found = False
    articles = list(_articles(data))
    with_body = [obj for obj in articles if isinstance(obj.get("articleBody"), str)]
    if article_body and len(with_body) == 1:
        with_body[0]["articleBody"] = article_body
    for i, obj in enumerate(articles):
        found = True
        for key in JSONLD_KEYS:
            if f"{i}.{key}" in values:
                obj[key] = values[f"{i}.{key}"]
        obj["inLanguage"] = lang
    if found:
        el.text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def set_language(root, lang: str) -> None:
    """Every declaration of the page's language says ``lang``."""
    root.set("lang", lang)
    for attr in ("xml:lang", "{http://www.w3.org/XML/1998/namespace}lang"):
        if root.get(attr) is not None:
            root.set(attr, lang)
    metas = list(root.iter("meta"))
    before = next((m.get("content") for m in metas if meta_key(m) == "og:locale"), None)
    for meta in metas:
        key = meta_key(meta)
        if key in LANG_META and meta.get("content") is not None:
            meta.set("content", lang)
        elif key == "og:locale":
            meta.set("content", OG_LOCALES.get(lang, lang))
        elif key == "og:locale:alternate" and before and meta.get("content") == OG_LOCALES.get(lang):
            meta.set("content", before)  # the alternate of the English page is the Indonesian one
