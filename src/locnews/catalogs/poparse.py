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
_KEYWORDS = frozenset(("msgid", "msgstr", "msgctxt", "msgid_plural"))
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(\".*)$", re.S)


class PoSyntaxError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Entry:
    """One message. ``msgstr_plural`` holds the forms (empty for a singular entry).

    Fields default at class level and are set only when present: creating an entry is a large
    share of reading a big catalog.
    """

    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: list[str] | tuple = ()  # the entry's own list once it has a form
    flags: list[str] | tuple = ()
    obsolete = False
    msgid_line = 0
    msgstr_line = 0  # the first msgstr / msgstr[0] line: where msgfmt reports the entry
    end_line = 0
    plural_indexes: list[int] | tuple = ()
    domain: str | None = None  # set by a ``domain "NAME"`` directive above the entry
    comments: list[str] | tuple = ()  # its comment lines, with parse(keep_comments=True)

    def __init__(self, line: int) -> None:
        self.line = line  # first line of the entry, comments included

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
    warnings: list[tuple[int, str]] = field(default_factory=list)
    domains: list[str | None] = field(default_factory=lambda: [None])  # None: the file's own
    domain_lines: list[int] = field(default_factory=list)  # where the ``domain`` directives are

    @property
    def header(self) -> Entry | None:
        for e in self.entries:
            if e.is_header:
                return e
        return None

    def by_domain(self) -> dict[str | None, list[Entry]]:
        """Entries per ``domain`` directive (msgfmt writes one .mo for each), in file order."""
        out: dict[str | None, list[Entry]] = {}
        for e in self.entries:
            out.setdefault(e.domain, []).append(e)
        return out

    def metadata(self, h: Entry | None = None) -> dict[str, str]:
        h = h or self.header
        meta: dict[str, str] = {}
        if h is None or not h.msgstr:
            return meta
        for line in h.msgstr.split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                meta.setdefault(k.strip(), v.strip())
        return meta


def unescape(body: str, lineno: int = 0, errors: list[tuple[int, str]] | None = None) -> str:
    """A PO string's body with its C escapes resolved; an unknown escape (``\\q``) gives the bare
    character and, with ``errors``, a syntax error at ``lineno`` (msgfmt's)."""
    if "\\" not in body:
        return body

    def sub(m: re.Match) -> str:
        c = m.group(1)
        if c in _ESCAPES:
            return _ESCAPES[c]
        if c[0] == "x":
            return chr(int(c[1:], 16))
        if c[0].isdigit():
            return chr(int(c, 8))
        if errors is not None:
            errors.append((lineno, f"invalid escape sequence \\{c} in string"))
        return c

    return _ESC_RE.sub(sub, body)


def _string(token: str, lineno: int, errors: list[tuple[int, str]]) -> str | None:
    """The value of one quoted PO string token (``"..."`` with optional trailing blanks)."""
    token = token.rstrip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or _escaped_end(token):
        errors.append((lineno, "end-of-line within string" if token.startswith('"') else "syntax error: expected a quoted string"))
        return None
    body = token[1:-1]
    # an unescaped quote inside the body means two strings on one line or garbage after it
    if '"' in body.replace('\\\\', "").replace('\\"', ""):
        errors.append((lineno, "syntax error: unexpected text after the string"))
        return None
    if "\\" in body:
        body = unescape(body, lineno, errors)
    if "\x04" in body:
        # msgfmt's context separator: a string holding it would be misread as msgctxt + msgid
        errors.append((lineno, "context separator <EOT> within string"))
    return body


def _escaped_end(token: str) -> bool:
    """Is the closing quote escaped (``"abc\\"``): an odd run of backslashes before it."""
    k = len(token) - 2
    n = 0
    while k > 0 and token[k] == "\\":
        n += 1
        k -= 1
    return n % 2 == 1


def _flush(e: Entry, field: str, parts: list[str]) -> None:
    value = parts[0] if len(parts) == 1 else "".join(parts)
    if field == "msgstr[]":
        if "msgstr_plural" in e.__dict__:
            e.msgstr_plural.append(value)
        else:
            e.msgstr_plural = [value]
    else:
        setattr(e, field, value)


def _close(e: Entry, lineno: int, entries: list[Entry], errors: list[tuple[int, str]]) -> None:
    if e.msgid is None:
        errors.append((e.line, "missing 'msgid' section" if e.msgctxt is None else "'msgctxt' without 'msgid'"))
    elif e.msgstr is None and not e.msgstr_plural:
        errors.append((e.msgid_line, "missing 'msgstr' section"))
    elif e.msgid_plural is not None and e.msgstr is not None:
        errors.append((e.msgstr_line, "'msgid_plural' entry needs 'msgstr[N]', not 'msgstr'"))
    elif e.msgid_plural is None and e.msgstr_plural:
        errors.append((e.msgstr_line, "'msgstr[N]' without 'msgid_plural'"))
    elif e.plural_indexes and e.plural_indexes != list(range(len(e.plural_indexes))):
        errors.append((e.msgstr_line, "plural form indexes must be msgstr[0], msgstr[1], … in order"))
    else:
        e.end_line = lineno
        entries.append(e)


# --------------------------------------------------------------------------- canonical blocks
#
# Most catalogs are written by tools (xgettext, msgmerge, Poedit, polib) in one canonical layout,
# where one regular expression matches a whole entry and finds every entry of the file in one C
# call. ``canonical_blocks`` gives those entries' raw parts, or None for anything else (a blank line
# inside an entry, blanks after a string, a domain directive, a BOM, CR line ends, an EOT...): then
# the line reader below reads the file and reports what is wrong. The writers' reader
# (:func:`locnews.catalogs.potext.read_canonical`) builds its objects straight from the blocks.

# possessive quantifiers (``*+``): what each repeat takes can never be given back to what follows
# (a string line ends in its quote, an entry's keyword lines never start with "#" but for "#~ "),
# so the engine need not keep backtracking points
_STR = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"\n'  # one string line: no bare quote, escapes whole
_COMMENT = r"(?:\#(?!~)[^\n]*+|\#~[ \t]*+(?:[|\#][^\n]*+)?)\n"  # "#..." or the "#~|" / "#~ #" kinds
_BLOCK = re.compile(
    r"(?P<whole>"
    rf"(?P<c>(?:{_COMMENT})*+)"
    r"(?P<p>(?:\#~\ )?)"
    rf"(?:msgctxt\ (?P<x>{_STR}(?:(?P=p){_STR})*+)(?P=p))?"
    rf"msgid\ (?P<i>{_STR}(?:(?P=p){_STR})*+)"
    rf"(?:(?P=p)msgid_plural\ (?P<pl>{_STR}(?:(?P=p){_STR})*+))?"
    rf"(?:(?P=p)msgstr\ (?P<s>{_STR}(?:(?P=p){_STR})*+)"
    rf"|(?P<f>(?:(?P=p)msgstr\[\d+\]\ {_STR}(?:(?P=p){_STR})*+)++))"
    r"\n*+)"
)
_BODIES = re.compile(r'"(.*)"\n')
FORM_LINES = re.compile(rf"(?:\#~\ )?msgstr\[(\d+)\]\ ({_STR}(?:(?:\#~\ )?{_STR})*)")


def canonical_blocks(text: str) -> list[tuple[str, ...]] | None:
    """Each entry's (whole text, comment lines, "#~ " or "", msgctxt lines, msgid lines,
    msgid_plural lines, msgstr lines, msgstr[N] lines) — "" where absent — or None when the text
    is not entirely in the canonical layout."""
    if text[:1] == "\ufeff" or "\x04" in text or "\r" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    start = len(text) - len(text.lstrip("\n"))
    blocks = _BLOCK.findall(text, start)
    # findall's matches never overlap, so they cover the text exactly when their lengths add up
    if not blocks or sum(len(b[0]) for b in blocks) != len(text) - start:
        return None
    return blocks


def block_value(lines: str, errors: list) -> str:
    """The string a block's validated string lines hold. Escapes are resolved line by line, as the
    line reader does (an octal escape never runs into the next line); a bad one lands in ``errors``."""
    if lines.count("\n") == 1:
        body = lines[1:-2]
        return unescape(body, 0, errors) if "\\" in body else body
    bodies = _BODIES.findall(lines)
    if "\\" in lines:
        return "".join(unescape(b, 0, errors) for b in bodies)
    return "".join(bodies)


def parse(text: str, *, keep_comments: bool = False) -> ParsedCatalog:
    """Parse PO text; syntax errors are collected in ``errors`` and parsing goes on.

    With ``keep_comments``, each entry also gets its comment lines (stripped; ``#~`` taken off an
    obsolete entry's), for writers that keep them (:mod:`potext`); ``#~|`` lines are left out.

    One pass over the lines with local variables only (no closures: this loop is the cost of
    ``check`` and ``compile`` on large catalogs).
    """
    cat = ParsedCatalog()
    entries = cat.entries
    errors = cat.errors
    cur: Entry | None = None
    field: str | None = None  # msgctxt | msgid | msgid_plural | msgstr | msgstr[]
    parts: list[str] = []
    pending_flags: list[str] = []
    pending_comments: list[str] = []
    pending_start = 0
    keywords = _KEYWORDS
    domain: str | None = None
    orphan = -1  # the last line of strings without a keyword
    resync = False  # after a broken entry: skip to the next msgid/msgctxt
    if text[:1] == "\ufeff":
        errors.append((1, "syntax error: the file starts with a byte-order mark (BOM), which msgfmt rejects"))
        text = text[1:]
    if "\x04" in text:
        for k, ln in enumerate(text.split("\n"), 1):
            if "\x04" in ln and not ln.lstrip().startswith("#"):
                errors.append((k, "context separator <EOT> within string"))
    lineno = 0
    for raw in text.split("\n"):
        lineno += 1
        line = raw.strip()
        if not line:
            continue
        c0 = line[0]
        if c0 == '"':
            if field is None:
                if orphan != lineno - 1 and not resync:  # one error for a run of such lines, as msgfmt
                    errors.append((lineno, "syntax error: string without a keyword before it"))
                orphan = lineno
                continue
            # fast path: one plain string, no escapes (most lines of most catalogs)
            if line[-1] == '"' and "\\" not in line and line.count('"') == 2:
                parts.append(line[1:-1])
                continue
            s = _string(line, lineno, errors)
            if s is not None:
                parts.append(s)
            continue
        obsolete = False
        if c0 == "#":
            if line.startswith("#~"):
                line = line[2:].lstrip()
                if not line or line[0] in "|#":
                    if keep_comments and line[:1] == "#":
                        pending_comments.append(line)
                    continue  # obsolete previous msgid, comment, or an empty obsolete line
                obsolete = True
                if line[0] == '"':
                    if field is None or not cur.obsolete:  # type: ignore[union-attr]
                        errors.append((lineno, "syntax error: string without a keyword before it"))
                        continue
                    s = _string(line, lineno, errors)
                    if s is not None:
                        parts.append(s)
                    continue
            else:
                # a comment ends the previous entry (once it has its msgstr) and opens the next
                if cur is not None and not cur.msgstr_line and (cur.msgid is not None or field in ("msgid", "msgid_plural")):
                    # a comment between msgid and msgstr: msgfmt gives up on the entry
                    plural = "[]" if cur.msgid_plural is not None or field == "msgid_plural" else ""
                    errors.append((cur.msgid_line, f"missing 'msgstr{plural}' section (a comment inside the entry)"))
                    cur, field, pending_flags, pending_start = None, None, [], 0
                if cur is not None and cur.msgstr_line:
                    if field is not None:
                        _flush(cur, field, parts)
                        field = None
                    _close(cur, lineno, entries, errors)
                    cur = None
                if cur is None and not pending_start:
                    pending_start = lineno
                if line[1:2] == ",":
                    pending_flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
                if keep_comments:
                    pending_comments.append(line)
                continue
        head, _, token = line.partition(" ")
        idx = None
        if line.startswith("domain") and not obsolete and line[6:7] in (" ", "\t"):
            # a domain directive ends the entry before it; what follows goes to that domain
            if cur is not None:
                if field is not None:
                    _flush(cur, field, parts)
                _close(cur, lineno, entries, errors)
            cur, field, pending_flags, pending_start = None, None, [], 0
            cat.domain_lines.append(lineno)
            name = _string(line[6:].strip(), lineno, errors)
            if name is not None:
                domain = name
                if name not in cat.domains:
                    cat.domains.append(name)
            continue
        if head in keywords:
            kw = head
            token = token.lstrip()
        else:
            m = _KEYWORD_RE.match(line)
            if not m:
                word = line.split(None, 1)[0]
                errors.append((lineno, f"syntax error: unexpected '{word[:40]}'"))
                # resynchronise at the next entry
                if cur is not None:
                    if field is not None:
                        _flush(cur, field, parts)
                    _close(cur, lineno, entries, errors)
                cur, field = None, None
                pending_flags = []
                pending_start = 0
                continue
            kw, idx, token = m.group(1), m.group(2), m.group(3)
        if field is not None:
            _flush(cur, field, parts)  # type: ignore[arg-type]
            field = None
        if cur is not None and (kw == "msgid" or kw == "msgctxt") and (cur.msgstr_line or cur.msgid is not None):
            _close(cur, lineno, entries, errors)
            cur = None
        if cur is None:
            if kw != "msgid" and kw != "msgctxt":
                if not resync:  # one error, then quiet up to the next entry, as msgfmt
                    errors.append((lineno, f"syntax error: '{kw}' without 'msgid' before it"))
                resync = True
                continue
            resync = False
            cur = Entry(pending_start or lineno)
            if domain is not None:
                cur.domain = domain
            if pending_flags:
                cur.flags = pending_flags
                pending_flags = []
            if pending_comments:
                cur.comments = pending_comments
                pending_comments = []
            if obsolete:
                cur.obsolete = True
            pending_start = 0
        elif obsolete != cur.obsolete:
            errors.append((lineno, "syntax error: obsolete and active lines mixed in one entry"))
        if kw == "msgstr":
            if cur.msgid is None:
                errors.append((lineno, "syntax error: 'msgstr' without 'msgid'"))
            if not cur.msgstr_line:
                cur.msgstr_line = lineno
            if idx is not None:
                if "plural_indexes" in cur.__dict__:
                    cur.plural_indexes.append(int(idx))
                else:
                    cur.plural_indexes = [int(idx)]
                field = "msgstr[]"
            else:
                if cur.msgstr is not None:
                    errors.append((lineno, "syntax error: second 'msgstr' in one entry"))
                field = "msgstr"
        else:
            if idx is not None:
                errors.append((lineno, f"syntax error: '{kw}' takes no index"))
            if kw == "msgid":
                cur.msgid_line = lineno
            elif getattr(cur, kw) is not None:  # msgctxt or msgid_plural twice: msgfmt's syntax error
                errors.append((lineno, f"syntax error: second '{kw}' in one entry"))
            field = kw
        if token[-1:] == '"' and token[:1] == '"' and "\\" not in token and token.count('"') == 2:
            parts = [token[1:-1]]
        else:
            s = _string(token, lineno, errors)
            parts = [s] if s is not None else []
    if cur is not None:
        if field is not None:
            _flush(cur, field, parts)
        _close(cur, lineno, entries, errors)
    if len(errors) > 1:
        cat.errors[:] = sorted(dict.fromkeys(errors), key=lambda f: f[0])
    return cat
