"""Translation memory: reviewed segment pairs in SQLite, TMX in and out.

Lookups, in order: an *exact* match (same source text) is used as it is; a *fuzzy* match (similarity
>= 0.8 after numbers are replaced by '#') is offered with its numbers swapped for the new source's,
formatted for the target locale. Fuzzy candidates come from an inverted word index (``words`` table)
and only the best few are scored, so a lookup never compares against the whole memory.

Default database: ``<project>/.locnews/tm.sqlite``; ``$LOCNEWS_TM`` or ``--tm`` override it.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import sqlite3
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable, Iterator

from locnews.errors import LocnewsError

FUZZY_MIN = 0.8
FUZZY_TOP = 0.99  # the best score a match that is not exact can show
_CANDIDATES = 40  # best index hits scored per lookup
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+", re.UNICODE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    key TEXT NOT NULL,          -- normalised source: lower case, numbers -> '#', spaces collapsed
    nwords INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL DEFAULT '',
    UNIQUE (src_lang, tgt_lang, source)
);
CREATE INDEX IF NOT EXISTS units_key ON units (src_lang, tgt_lang, key);
CREATE TABLE IF NOT EXISTS words (
    word TEXT NOT NULL,
    unit INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (word, unit)
) WITHOUT ROWID;
"""


def default_tm_path(start: str | Path | None = None) -> Path:
    env = os.environ.get("LOCNEWS_TM")
    if env:
        return Path(env)
    from locnews.paths import project_root

    root = project_root(start) or Path(start or os.getcwd()).resolve()
    return root / ".locnews" / "tm.sqlite"


def normalise(text: str) -> str:
    return " ".join(_NUM.sub("#", text.lower()).split())


def _words(key: str) -> list[str]:
    return sorted(set(_WORD.findall(key)))


@dataclass
class TMMatch:
    source: str  # the memory's source
    target: str  # the memory's target, numbers already substituted
    score: float  # 1.0 exact; else similarity of the normalised sources
    origin: str
    exact: bool


class TranslationMemory:
    """A SQLite memory. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        """``create=False`` opens an existing memory read-only: looking up never writes a byte."""
        self.path = Path(path)
        in_memory = str(path) == ":memory:"  # a throwaway memory for one run
        if not in_memory and not create and not self.path.is_file():
            raise LocnewsError("no translation memory here (run `locnews tm import` first)", self.path)
        if create and not in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if in_memory or create:
                self.db = sqlite3.connect(":memory:" if in_memory else str(self.path), timeout=30)
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.executescript(SCHEMA)
            else:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=30)
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if not {"units", "words"} <= tables:
                    self.db.close()
                    raise LocnewsError("not a locnews translation memory (no units table; empty file?)", self.path)
        except sqlite3.DatabaseError as exc:
            raise LocnewsError(f"not a locnews translation memory: {exc}", self.path) from None

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.db.commit()  # a lone add() is not lost when the block ends
        self.close()

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------------------------- writing
    def add(self, source: str, target: str, src_lang: str, tgt_lang: str, origin: str = "") -> bool:
        """Store a reviewed pair; a newer translation of the same source replaces the old one.

        Returns True when something changed.
        """
        source, target = source.strip(), target.strip()
        if not source or not target:
            return False
        row = self.db.execute(
            "SELECT id, target FROM units WHERE src_lang=? AND tgt_lang=? AND source=?",
            (src_lang, tgt_lang, source),
        ).fetchone()
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if row is not None:
            if row[1] == target:
                return False
            self.db.execute("UPDATE units SET target=?, origin=?, updated=? WHERE id=?", (target, origin, now, row[0]))
            return True
        key = normalise(source)
        words = _words(key)
        cur = self.db.execute(
            "INSERT INTO units (src_lang, tgt_lang, source, target, key, nwords, origin, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (src_lang, tgt_lang, source, target, key, len(words), origin, now),
        )
        self.db.executemany("INSERT OR IGNORE INTO words (word, unit) VALUES (?, ?)", [(w, cur.lastrowid) for w in words])
        return True

    def forget(self, source: str, src_lang: str, tgt_lang: str, origin: str) -> bool:
        """Remove the pair a retracted approval stored: only while ``origin`` still holds it.

        A pair another catalog has since stored for the same source (another origin) stays: that
        reviewer's approval is not the one retracted. Returns True when a pair was removed.
        """
        cur = self.db.execute(
            "DELETE FROM units WHERE src_lang=? AND tgt_lang=? AND source=? AND origin=?",
            (src_lang, tgt_lang, source.strip(), origin),
        )
        return cur.rowcount > 0

    def add_many(self, rows: Iterable[tuple[str, str, str, str, str]]) -> int:
        """(source, target, src_lang, tgt_lang, origin) rows in one transaction; returns changes."""
        n = 0
        with self.db:
            for row in rows:
                n += self.add(*row)
        return n

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM units").fetchone()[0]

    def units(self, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[tuple[str, str, str, str, str]]:
        sql = "SELECT source, target, src_lang, tgt_lang, origin FROM units"
        where = [(col, lang) for col, lang in (("src_lang", src_lang), ("tgt_lang", tgt_lang)) if lang]
        if where:  # each filter on its own: `tm export --from en` alone keeps only English sources
            sql += " WHERE " + " AND ".join(f"{col}=?" for col, _ in where)
        args = [lang for _, lang in where]
        yield from self.db.execute(sql + " ORDER BY id", args)

    # ---------------------------------------------------------------------------------- lookup
    def lookup(self, source: str, src_lang: str, tgt_lang: str, min_score: float = FUZZY_MIN) -> TMMatch | None:
        source = source.strip()
        row = self.db.execute(
            "SELECT source, target, origin FROM units WHERE src_lang=? AND tgt_lang=? AND source=?",
            (src_lang, tgt_lang, source),
        ).fetchone()
        if row is not None:
            return TMMatch(row[0], row[1], 1.0, row[2], True)
        key = normalise(source)
        words = _words(key)
        if not words:
            return None
        # Similarity >= 0.8 needs most words shared: ask the index only for units sharing enough.
        need = max(1, math.ceil(len(words) * 0.5))
        lo, hi = math.floor(len(words) * 0.6), math.ceil(len(words) / 0.6)
        marks = ",".join("?" * len(words))
        rows = self.db.execute(
            f"""SELECT u.source, u.target, u.origin, u.key, hits.c FROM
                  (SELECT unit, COUNT(*) AS c FROM words WHERE word IN ({marks})
                   GROUP BY unit HAVING c >= ? ORDER BY c DESC LIMIT ?) AS hits
                JOIN units u ON u.id = hits.unit
                WHERE u.src_lang=? AND u.tgt_lang=? AND u.nwords BETWEEN ? AND ?""",
            (*words, need, _CANDIDATES * 5, src_lang, tgt_lang, lo, hi),
        ).fetchall()
        best: tuple[float, tuple] | None = None
        for r in sorted(rows, key=lambda r: -r[4])[:_CANDIDATES]:
            score = SequenceMatcher(None, key, r[3], autojunk=False).ratio()
            if best is None or score > best[0]:
                best = (score, r)
        if best is None or best[0] < min_score:
            return None
        score, (msrc, mtgt, origin, _, _) = best
        target = substitute_numbers(source, msrc, mtgt, src_lang, tgt_lang)
        if target is None:
            return None  # numbers could not be carried over safely: MT does better
        # only an exact match is 100 %: this one differs (numbers at least), so it says so
        return TMMatch(msrc, target, min(round(score, 3), FUZZY_TOP), origin, False)

    # ---------------------------------------------------------------------------------- TMX
    def export_tmx(self, path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None) -> int:
        from xml.sax.saxutils import escape, quoteattr

        from locnews.fileio import atomic_write_text

        units = list(self.units(src_lang, tgt_lang))
        srclang = src_lang or (units[0][2] if units else "id")
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<tmx version="1.4">',
            f'  <header creationtool="locnews" creationtoolversion="1" datatype="plaintext" segtype="sentence"'
            f' adminlang="en" srclang={quoteattr(srclang)} o-tmf="locnews-sqlite"/>',
            "  <body>",
        ]
        for source, target, sl, tl, origin in units:
            note = f"\n      <prop type=\"x-origin\">{escape(origin)}</prop>" if origin else ""
            out.append(
                f"    <tu srclang={quoteattr(sl)}>{note}\n"
                f"      <tuv xml:lang={quoteattr(sl)}><seg>{escape(source)}</seg></tuv>\n"
                f"      <tuv xml:lang={quoteattr(tl)}><seg>{escape(target)}</seg></tuv>\n"
                "    </tu>"
            )
        out += ["  </body>", "</tmx>", ""]
        atomic_write_text(path, "\n".join(out))
        return len(units)

    def import_tmx(self, path: str | Path) -> int:
        """Add every translation unit of a TMX file (each pair of languages in it); returns changes."""
        return self.add_many(read_tmx(path))


def read_tmx(path: str | Path) -> list[tuple[str, str, str, str, str]]:
    """(source, target, src_lang, tgt_lang, origin) rows of a TMX file; LocnewsError if broken."""
    from lxml import etree

    from locnews.fileio import read_bytes

    data = read_bytes(path, "TMX file")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        raise LocnewsError(f"not valid TMX (XML): {exc.msg}", path, line) from None
    if etree.QName(root).localname != "tmx":
        raise LocnewsError("not a TMX file (root element is not <tmx>)", path, root.sourceline)
    header = root.find("header")
    default_src = (header.get("srclang") if header is not None else None) or ""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    rows = []
    for tu in root.iter("tu"):
        origin = ""
        for prop in tu.findall("prop"):
            if prop.get("type") == "x-origin":
                origin = prop.text or ""
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
            seg = tuv.find("seg")
            if lang and seg is not None:
                segs[lang] = "".join(seg.itertext()).strip()
        src = (tu.get("srclang") or default_src).split("-")[0].lower()
        if src == "*all*" or src not in segs:
            src = next(iter(segs), "")
        for lang, text in segs.items():
            if lang != src and text and segs.get(src):
                rows.append((segs[src], text, src, lang, origin or f"tmx:{Path(path).name}"))
    return rows


# --------------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_ORDINAL = re.compile(r"(?<!\d)(\d+)(st|nd|rd|th)\b")


def _substitute_digits(old: list[str], new: list[str], target: str) -> str | None:
    """Replace each changed digit run of the memory source, found once in the target, by the new one
    (an English ordinal suffix follows: 32nd -> 45th). None when a run cannot be placed."""
    if len(old) != len(new):
        return None
    pending = []
    for o, n in zip(old, new):
        if o == n:
            continue
        pattern = rf"(?<!\d){re.escape(o)}(?!\d)"
        if len(re.findall(pattern, target)) != 1:
            return None
        pending.append((pattern, n))
    for i, (pattern, _) in enumerate(pending):
        target = re.sub(pattern, f"\x00{i}\x00", target)
    for i, (_, n) in enumerate(pending):
        target = target.replace(f"\x00{i}\x00", n)
    return _ORDINAL.sub(lambda m: m.group(1) + _ordinal_suffix(int(m.group(1))), target)


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def substitute_numbers(new_source: str, mem_source: str, mem_target: str, src_lang: str, tgt_lang: str) -> str | None:
    """Carry the new source's numbers into a memory target: 'naik 5 persen' -> 'up 7 percent'.

    Each number of the memory source must appear (in target format) in the memory target; it is
    replaced there by the new number at the same position. None when the counts differ.
    """
    from locnews.mt.protect import Number, _number_re

    new = [m.group("num") for m in _number_re(src_lang).finditer(new_source)]
    old = [m.group("num") for m in _number_re(src_lang).finditer(mem_source)]
    if len(new) != len(old):
        return None
    # digits the number reader leaves alone ("ke-32", "G20") must match too, or be carried over
    other_new = _DIGITS.findall(_number_re(src_lang).sub(" ", new_source))
    other_old = _DIGITS.findall(_number_re(src_lang).sub(" ", mem_source))
    out = mem_target
    if other_new != other_old:
        out = _substitute_digits(other_old, other_new, out)
        if out is None:
            return None
    if new == old:
        return out
    pending = []
    for o, n in zip(old, new):
        if o == n:
            continue
        o_t = Number.parse(o, src_lang).format(tgt_lang)
        n_t = Number.parse(n, src_lang).format(tgt_lang)
        if not re.search(rf"(?<![\d.,]){re.escape(o_t)}(?![\d]|[.,]\d)", out):
            return None
        pending.append((o_t, n_t))
    for i, (o_t, _) in enumerate(pending):
        out = re.sub(rf"(?<![\d.,]){re.escape(o_t)}(?![\d]|[.,]\d)", f"\x00{i}\x00", out, count=1)
    for i, (_, n_t) in enumerate(pending):
        out = out.replace(f"\x00{i}\x00", n_t)
    return out
