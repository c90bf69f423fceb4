"""The glossary: names and terms MT must not translate freely (``locales/glossary.tsv``).

Format — UTF-8, tab-separated, ``#`` starts a comment line::

    # id	en                 <- optional header naming the two columns' languages (default id, en)
    Ramzan Kadyrov	=         <- "=" : the same in both editions
    Kementerian Luar Negeri Rusia	Russian foreign ministry

Each row works in both directions. Terms match whole words; names (with a capital letter) match
case-sensitively, lower-case terms in any case. The longest term wins where terms overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from locnews.errors import LocnewsError

GLOSSARY_NAME = "glossary.tsv"


@dataclass
class Glossary:
    langs: tuple[str, str] = ("id", "en")
    rows: list[tuple[str, str]] = field(default_factory=list)  # (term in langs[0], term in langs[1])
    path: str | None = None
    _cache: dict[tuple[str, str], tuple[re.Pattern[str] | None, dict[str, str], dict[str, str]]] = field(
        default_factory=dict, repr=False
    )

    def pairs(self, from_lang: str, to_lang: str) -> list[tuple[str, str]]:
        """(source term, target term) for a direction; empty for a pair the glossary does not cover."""
        if (from_lang, to_lang) == self.langs:
            return list(self.rows)
        if (to_lang, from_lang) == self.langs:
            return [(b, a) for a, b in self.rows]
        return []

    def _matcher(self, from_lang: str, to_lang: str):
        key = (from_lang, to_lang)
        if key not in self._cache:
            exact: dict[str, str] = {}
            folded: dict[str, str] = {}
            for src, tgt in self.pairs(from_lang, to_lang):
                if any(ch.isupper() for ch in src):
                    exact[src] = tgt
                else:
                    folded[src.lower()] = tgt
            terms = sorted({*exact, *folded}, key=len, reverse=True)
            if terms:
                alts = "|".join(
                    re.escape(t) if t in exact else "(?i:" + re.escape(t) + ")" for t in terms
                )
                rx = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")
            else:
                rx = None
            self._cache[key] = (rx, exact, folded)
        return self._cache[key]

    def find(self, text: str, from_lang: str, to_lang: str) -> list[tuple[int, int, str]]:
        """(start, end, target term) of every glossary term in ``text``, longest first, no overlaps."""
        rx, exact, folded = self._matcher(from_lang, to_lang)
        if rx is None:
            return []
        out = []
        for m in rx.finditer(text):
            word = m.group(0)
            tgt = exact.get(word)
            if tgt is None:
                tgt = folded.get(word.lower(), word)
            out.append((m.start(), m.end(), tgt))
        return out

    def targets_in(self, source: str, from_lang: str, to_lang: str) -> list[str]:
        return [t for _, _, t in self.find(source, from_lang, to_lang)]

    def __len__(self) -> int:
        return len(self.rows)


def parse_glossary(text: str, path: str | None = None) -> Glossary:
    g = Glossary(path=path)
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            # "# id<TAB>en" before any row names the columns
            cols = line.lstrip("# ").split("\t")
            if not g.rows and not header_seen and len(cols) == 2 and all(re.fullmatch(r"[a-z]{2,3}", c.strip()) for c in cols):
                g.langs = (cols[0].strip(), cols[1].strip())
                header_seen = True
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[0].strip() or not cols[1].strip():
            raise LocnewsError("glossary rows need two tab-separated columns: source term, target term or '='", path, lineno)
        a, b = cols[0].strip(), cols[1].strip()
        g.rows.append((a, a if b == "=" else b))
    return g


def load_glossary(path: str | Path | None = None, locales_dir: str | Path | None = None) -> Glossary:
    """The project's glossary (``locales/glossary.tsv``), else the bundled one, else an empty one."""
    from locnews.fileio import read_text

    if path is None:
        from locnews.paths import bundled_locales_dir, project_locales_dir

        if locales_dir is None:
            locales_dir = project_locales_dir()
        path = Path(locales_dir) / GLOSSARY_NAME
        if not path.exists():
            # a folder without its own glossary uses the one shipped with locnews (like UI strings)
            path = bundled_locales_dir() / GLOSSARY_NAME
            if not path.exists():
                return Glossary()
    return parse_glossary(read_text(path, "glossary", allow_empty=True), str(path))
