"""A fast, strict PO reader for checking and compiling.

polib is the reader for everything that writes a catalog back (it keeps every comment); this one
is for the read-only paths that must keep up with msgfmt on large catalogs: one pass over the lines,
no per-entry objects beyond a small slotted record, and every syntax error collected with its line
instead of stopping at the first. It knows where each entry's msgid and msgstr lines are, so checks
can point at the same line msgfmt does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESC_RE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.S)
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(\".*)$", re.S)


class PoSyntaxError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Entry:
    """One message. ``msgstr_plural`` is a list of forms (empty for a singular entry)."""

    __slots__ = (
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "flags",
        "obsolete",
        "line",
        "msgid_line",
        "msgstr_line",
        "end_line",
        "plural_indexes",
        "form_lines",
    )

    def __init__(self, line: int) -> None:
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.msgstr_plural: list[str] = []
        self.flags: list[str] = []
        self.obsolete = False
        self.line = line  # first line of the entry, comments included
        self.msgid_line = 0
        self.msgstr_line = 0
        self.end_line = line
        self.plural_indexes: list[int] = []
        self.form_lines: list[int] = []  # the line of each msgstr / msgstr[N]

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def translated_first(self) -> bool:
        """msgfmt's notion of "has a translation": the first (or only) form is not empty."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and self.msgstr_plural[0] != ""
        return bool(self.msgstr)

    @property
    def forms(self) -> list[str]:
        return self.msgstr_plural if self.msgid_plural is not None else [self.msgstr or ""]


@dataclass
class ParsedCatalog:
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def header(self) -> Entry | None:
        for e in self.entries:
            if e.is_header:
                return e
        return None

    def metadata(self) -> dict[str, str]:
        h = self.header
        meta: dict[str, str] = {}
        if h is None or not h.msgstr:
            return meta
        for line in h.msgstr.split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                meta.setdefault(k.strip(), v.strip())
        return meta


def _unescape(body: str, lineno: int, errors: list[tuple[int, str]]) -> str:
    def sub(m: re.Match) -> str:
        c = m.group(1)
        if c in _ESCAPES:
            return _ESCAPES[c]
        if c[0] == "x":
            return chr(int(c[1:], 16))
        if c[0].isdigit():
            return chr(int(c, 8))
        errors.append((lineno, f"invalid escape sequence \\{c} in string"))
        return c

    return _ESC_RE.sub(sub, body)


def _string(token: str, lineno: int, errors: list[tuple[int, str]]) -> str | None:
    """The value of one quoted PO string token (``"..."`` with optional trailing blanks)."""
    token = token.rstrip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        errors.append((lineno, "end-of-line within string" if token.startswith('"') else "syntax error: expected a quoted string"))
        return None
    body = token[1:-1]
    # an unescaped quote inside the body means two strings on one line or garbage after it
    if '"' in body.replace('\\\\', "").replace('\\"', ""):
        errors.append((lineno, "syntax error: unexpected text after the string"))
        return None
    if "\\" in body:
        return _unescape(body, lineno, errors)
    return body


def parse(text: str) -> ParsedCatalog:
    """Parse PO text; syntax errors are collected in ``errors`` and parsing goes on."""
    cat = ParsedCatalog()
    entries = cat.entries
    errors = cat.errors
    cur: Entry | None = None
    cur_field: str | None = None  # "msgctxt" | "msgid" | "msgid_plural" | "msgstr" | "msgstr[N]"
    parts: list[str] = []
    pending_flags: list[str] = []
    pending_start = 0

    def flush_field() -> None:
        nonlocal cur_field, parts
        if cur is None or cur_field is None:
            return
        value = "".join(parts)
        if cur_field == "msgctxt":
            cur.msgctxt = value
        elif cur_field == "msgid":
            cur.msgid = value
        elif cur_field == "msgid_plural":
            cur.msgid_plural = value
        elif cur_field == "msgstr":
            cur.msgstr = value
        else:
            cur.msgstr_plural.append(value)
        cur_field = None
        parts = []

    def finish(lineno: int) -> None:
        nonlocal cur
        flush_field()
        if cur is not None:
            e = cur
            if e.msgid is None:
                errors.append((e.line, "missing 'msgid' section" if e.msgctxt is None else "'msgctxt' without 'msgid'"))
            elif e.msgstr is None and not e.msgstr_plural:
                errors.append((e.msgid_line, "missing 'msgstr' section"))
            elif e.msgid_plural is not None and e.msgstr is not None:
                errors.append((e.msgstr_line, "'msgid_plural' entry needs 'msgstr[N]', not 'msgstr'"))
            elif e.msgid_plural is None and e.msgstr_plural:
                errors.append((e.msgstr_line, "'msgstr[N]' without 'msgid_plural'"))
            elif e.plural_indexes != list(range(len(e.plural_indexes))):
                errors.append((e.msgstr_line, "plural form indexes must be msgstr[0], msgstr[1], … in order"))
            else:
                e.end_line = lineno
                entries.append(e)
        cur = None

    lines = text.split("\n")
    for i, raw in enumerate(lines):
        lineno = i + 1
        line = raw.strip()
        if not line:
            continue
        obsolete = False
        if line[0] == "#":
            if line.startswith("#~"):
                rest = line[2:].lstrip()
                if rest.startswith("|") or not rest:
                    continue  # obsolete previous msgid, or an empty obsolete line
                if rest[0] == "#":
                    continue
                obsolete = True
                line = rest
            else:
                # a comment ends the previous entry (once it has its msgstr) and opens the next
                if cur is not None and cur.msgstr_line:
                    finish(lineno)
                if cur is None and not pending_start:
                    pending_start = lineno
                if line[1:2] == ",":
                    pending_flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
                continue
        if line[0] == '"':
            if cur is None or cur_field is None:
                errors.append((lineno, "syntax error: string without a keyword before it"))
                continue
            s = _string(line, lineno, errors)
            if s is not None:
                parts.append(s)
            continue
        m = _KEYWORD_RE.match(line)
        if not m:
            word = line.split(None, 1)[0]
            errors.append((lineno, f"syntax error: unexpected '{word[:40]}'"))
            # resynchronise at the next entry
            finish(lineno)
            pending_flags = []
            pending_start = 0
            continue
        kw, idx, token = m.group(1), m.group(2), m.group(3)
        if kw in ("msgctxt", "msgid") and (cur is None or cur.msgstr_line or (kw == "msgctxt" and cur.msgid is not None)):
            finish(lineno)
        elif kw == "msgid" and cur is not None and cur.msgid is not None:
            finish(lineno)
        if cur is None:
            if kw not in ("msgctxt", "msgid"):
                errors.append((lineno, f"syntax error: '{kw}' without 'msgid' before it"))
                continue
            cur = Entry(pending_start or lineno)
            cur.flags = pending_flags
            cur.obsolete = obsolete
            pending_flags = []
            pending_start = 0
        else:
            flush_field()
        if obsolete != cur.obsolete:
            errors.append((lineno, "syntax error: obsolete and active lines mixed in one entry"))
        if kw == "msgid":
            cur.msgid_line = lineno
        elif kw == "msgstr":
            if cur.msgid is None and cur_field != "msgid":
                errors.append((lineno, "syntax error: 'msgstr' without 'msgid'"))
            if not cur.msgstr_line:
                cur.msgstr_line = lineno
            cur.form_lines.append(lineno)
            if idx is not None:
                cur.plural_indexes.append(int(idx))
                cur_field = "msgstr[]"
            else:
                if cur.msgstr is not None:
                    errors.append((lineno, "syntax error: second 'msgstr' in one entry"))
                cur_field = "msgstr"
        elif kw == "msgid_plural" and idx is None:
            cur_field = "msgid_plural"
        if kw != "msgstr":
            if idx is not None:
                errors.append((lineno, f"syntax error: '{kw}' takes no index"))
            cur_field = kw
        s = _string(token, lineno, errors)
        parts = [s] if s is not None else []
    finish(len(lines))
    return cat
