"""The review page's HTML: a Jinja2 template with autoescaping (article text and msgstr are untrusted)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from locnews.document import PH_CLOSE, PH_OPEN
from locnews.review.rows import ArticleView, Row

HERE = Path(__file__).resolve().parent
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
#: inline markup of HTML articles, ⟦1⟧…⟦/1⟧ and ⟦2/⟧
_PLACEHOLDER = re.compile(re.escape(PH_OPEN) + r"/?\d+/?" + re.escape(PH_CLOSE))


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(highlight=highlight)
    return env.get_template("review.html")


def render_page(articles: list[ArticleView], from_lang: str, to_lang: str) -> str:
    rows = [r for a in articles for r in a.rows]
    return _template().render(
        articles=articles,
        title=", ".join(a.slug for a in articles),
        from_lang=from_lang,
        to_lang=to_lang,
        from_name=LANGUAGE_NAMES.get(from_lang, from_lang),
        to_name=LANGUAGE_NAMES.get(to_lang, to_lang),
        left=sum(r.state != "reviewed" for r in rows),
        total=len(rows),
    )


def spans(text: str, marks: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, class) of every markup placeholder, mark's text and number in ``text``; earliest,
    longest wins (so a placeholder's digits are never taken for a number).

    review.js does the same for the editor as the reviewer types.
    """
    found = [(m.start(), m.end(), "ph") for m in _PLACEHOLDER.finditer(text)]
    for cls, needle in marks:
        if not needle:
            continue
        i = text.find(needle)
        while i != -1:
            found.append((i, i + len(needle), cls))
            i = text.find(needle, i + len(needle))
    found += [(m.start(), m.end(), "num") for m in _DIGITS.finditer(text)]
    found.sort(key=lambda s: (s[0], s[0] - s[1]))
    out, end = [], 0
    for s in found:
        if s[0] >= end:
            out.append(s)
            end = s[1]
    return out


def highlight(row: Row):
    """The source text, escaped, with glossary terms and numbers in <mark>."""
    from markupsafe import Markup, escape

    text = row.source
    parts, pos = [], 0
    for start, end, cls in spans(text, [(c, s) for c, s, _ in row.marks]):
        parts.append(escape(text[pos:start]))
        parts.append(Markup('<mark class="{}">{}</mark>').format(cls, text[start:end]))
        pos = end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)
