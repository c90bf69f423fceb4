"""PO text to polib objects and back, fast: the reader and writer behind every catalog locnews
rewrites (``catalog update``, ``init``, ``extract``, ``pretranslate``).

polib's own parser (a state machine calling a method per line) and writer (``textwrap`` and
regex escaping on every string) were three quarters of ``catalog update`` on a real catalog. These
give the same objects and the same text — every catalog of ../shared/catalogs is checked against
polib in tests/test_potext.py — in one plain loop each:

* :func:`read` fills ``polib.POFile``/``POEntry`` objects as ``polib.pofile`` does, for text the
  strict reader (:mod:`poparse`) has accepted. Where polib's reading loses text, this one does
  not: a line is a ``\\n``-line (polib also splits at U+2028, form feeds and other Unicode line
  breaks inside strings), and escapes are gettext's (polib leaves ``\\a`` and octal escapes as a
  backslash and a letter, which its writer then doubles).
* :func:`write` is ``POFile.__unicode__``: the same wrapping (``textwrap`` with polib's settings,
  called only for the lines long enough to need it), the same field order and header layout.
"""

from __future__ import annotations

import re
import textwrap

import polib

from locnews.catalogs.poparse import PoSyntaxError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESC_RE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.S)
_PREV = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(\".*)$", re.S)
_NEW_ENTRY_STATES = ("ms", "mx")  # a comment or msgid after these starts the next entry (polib)


def _esc_sub(m: re.Match) -> str:
    c = m.group(1)
    if c in _ESCAPES:
        return _ESCAPES[c]
    if c[0] == "x":
        return chr(int(c[1:], 16))
    if c[0].isdigit():
        return chr(int(c, 8))
    return c


def _unescape(s: str) -> str:
    return _ESC_RE.sub(_esc_sub, s) if "\\" in s else s


def new_entry(**fields: object) -> polib.POEntry:
    """``polib.POEntry(**fields)``, built without its constructor's keyword look-ups."""
    e = polib.POEntry.__new__(polib.POEntry)
    e.__dict__.update(
        msgid="", msgstr="", msgid_plural="", msgstr_plural={}, msgctxt=None, obsolete=False,
        encoding="utf-8", comment="", tcomment="", occurrences=[], flags=[],
        previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None, linenum=None,
    )
    if fields:
        e.__dict__.update(fields)
    return e


_new_entry = new_entry


def read(text: str, *, wrapwidth: int = 78) -> polib.POFile:
    """The catalog ``polib.pofile(text, wrapwidth=…)`` gives (see the module docstring)."""
    po = polib.POFile(wrapwidth=wrapwidth)
    entries: list[polib.POEntry] = []
    header = ""
    cur = _new_entry()
    d = cur.__dict__
    state = "st"
    field = ""  # the attribute a continuation line extends; "mx" for msgstr_plural[index]
    index = 0
    last_is_comment = True
    if text[:1] == "\ufeff":
        text = text[1:]
    unescape = _unescape
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        c0 = line[0]
        if c0 == '"':
            s = line[1:-1]
            if "\\" in s:
                s = unescape(s)
            if field == "mx":
                d["msgstr_plural"][index] += s
            elif field:
                d[field] += s
            last_is_comment = False
            continue
        obsolete = False
        if c0 == "#":
            c1 = line[1:2]
            if c1 == "~":
                if line[2:3] == "|":
                    continue  # polib drops the previous msgid of obsolete entries
                line = line[2:].lstrip()
                if not line:
                    continue
                obsolete = True
                c0 = line[0]
                if c0 == '"':
                    s = line[1:-1]
                    if "\\" in s:
                        s = unescape(s)
                    if field == "mx":
                        d["msgstr_plural"][index] += s
                    elif field:
                        d[field] += s
                    last_is_comment = False
                    continue
                c1 = line[1:2] if c0 == "#" else ""
        if c0 == "#":
            last_is_comment = True
            if c1 == "|":
                rest = line[2:].lstrip()
                if rest[:1] == '"':
                    s = rest[1:-1]
                    if "\\" in s:
                        s = unescape(s)
                    if field:
                        d[field] += s
                    continue
                kw, _, value = rest.partition(" ")
                if state in _NEW_ENTRY_STATES:
                    entries.append(cur)
                    cur = _new_entry()
                    d = cur.__dict__
                value = value.strip()[1:-1]
                field = _PREV[kw]
                d[field] = unescape(value)
                state = "pm"
                continue
            if c1 in (":", ",", ".") and len(line) == 2:
                continue  # polib skips an empty "#:", "#," or "#." line without ending the entry
            if state in _NEW_ENTRY_STATES:
                entries.append(cur)
                cur = _new_entry()
                d = cur.__dict__
            field = ""
            if c1 == ":":
                state = "oc"
                occ = d["occurrences"]
                for o in line[2:].split():
                    fil, sep, num = o.rpartition(":")
                    if sep and num.isdigit():
                        occ.append((fil, num))
                    else:
                        occ.append((o, ""))
            elif c1 == ",":
                state = "fl"
                d["flags"] += [f.strip() for f in line[2:].split(",")]
            elif c1 == ".":
                state = "gc"
                t = line[3:] if line[2:3] == " " else line[2:]
                d["comment"] = (d["comment"] + "\n" if d["comment"] else "") + t
            elif state == "st" or state == "he":
                if line == "#":
                    line = "# "
                header = (header + "\n" if header else "") + line[2:]
                state = "he"
            else:
                if line == "#":
                    line = "# "
                t = line.lstrip("#")
                if t[:1] == " ":
                    t = t[1:]
                d["tcomment"] = (d["tcomment"] + "\n" if d["tcomment"] else "") + t
                state = "tc"
            continue
        # a keyword line
        last_is_comment = False
        kw, _, value = line.partition(" ")
        if not value or kw[-1:] == "]" or '"' in kw:
            m = _KEYWORD_RE.match(line)
            if m is None:
                raise _unexpected(kw, lineno)
            kw, idx, value = m.group(1), m.group(2), m.group(3)
            if idx is not None:
                kw = "mx"
                index = int(idx)
        s = value.strip()[1:-1]
        if "\\" in s:
            s = unescape(s)
        if kw == "msgid" or kw == "msgctxt":
            if state in _NEW_ENTRY_STATES:
                entries.append(cur)
                cur = _new_entry()
                d = cur.__dict__
            if kw == "msgid":
                d["obsolete"] = obsolete
                state = "mi"
            else:
                state = "ct"
            field = kw
            d[kw] = s
        elif kw == "msgstr":
            state, field = "ms", "msgstr"
            d["msgstr"] = s
        elif kw == "mx":
            state, field = "mx", "mx"
            d["msgstr_plural"][index] = s
        elif kw == "msgid_plural":
            state, field = "mp", "msgid_plural"
            d["msgid_plural"] = s
        else:
            raise _unexpected(kw, lineno)
    if not last_is_comment:
        entries.append(cur)
    po.extend(entries)
    po.header = header
    _take_metadata(po)
    return po


def _unexpected(word: str, lineno: int) -> PoSyntaxError:
    if word.startswith("domain"):
        # msgfmt writes one .mo per domain; a catalog rewritten as one would mix them
        return PoSyntaxError("a 'domain' directive: a catalog of several domains cannot be rewritten as one (split it)", lineno)
    return PoSyntaxError(f"syntax error: unexpected '{word[:40]}'", lineno)


def _take_metadata(po: polib.POFile) -> None:
    """Move the header entry's fields into ``po.metadata``, as polib's parser does."""
    matches = [e for e in po if e.msgid == "" and not e.obsolete]
    if not matches:
        return
    h = matches[0]
    if len(matches) > 1:
        no_ctxt = [e for e in matches if not e.msgctxt]
        h = no_ctxt[-1] if no_ctxt else matches[0]
    po.remove(h)
    po.metadata_is_fuzzy = h.flags
    key = None
    for msg in h.msgstr.splitlines():
        k, sep, val = msg.partition(":")
        if sep:
            key = k
            po.metadata[key] = val.strip()
        elif key is not None:
            po.metadata[key] += "\n" + msg.strip()


# --------------------------------------------------------------------------- writing

_SPECIAL = re.compile(r'[\\\t\r\n\v\b\f"\a]')
_ESCAPE_OUT = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"', "\a": "\\a"}


def _escape(s: str) -> str:
    if _SPECIAL.search(s) is None:
        return s
    return _SPECIAL.sub(lambda m: _ESCAPE_OUT[m.group()], s)


_SPACES = re.compile(r"( +)")


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)`` for an escaped
    PO string (its only whitespace is the space), without textwrap's per-call set-up."""
    if "-" in text:
        chunks = textwrap.TextWrapper.wordsep_re.split(text)  # textwrap's own hyphen rules
    else:
        chunks = _SPACES.split(text)
    lines = []
    cur: list[str] = []
    cur_len = 0
    for c in chunks:
        if not c:
            continue
        n = len(c)
        if cur_len + n <= width:
            cur.append(c)
            cur_len += n
            continue
        if cur:
            lines.append("".join(cur))
        # a chunk longer than the width goes on a line of its own (break_long_words=False)
        cur, cur_len = [c], n
        if n > width:
            lines.append(c)
            cur, cur_len = [], 0
    if cur:
        lines.append("".join(cur))
    return lines


def _field(out: list[str], name: str, delflag: str, plural_index: str, value: str, wrapwidth: int) -> None:
    """polib's ``_str_field``: one string field as PO lines."""
    lines = value.splitlines(True)
    if len(lines) > 1:
        out.append(f'{delflag}{name}{plural_index} ""')
        for ln in lines:
            out.append(f'{delflag}"{_escape(ln)}"')
        return
    escaped = _escape(value)
    special = len(escaped) - len(value)  # each special character became two
    if wrapwidth > 0 and len(value) > wrapwidth - (len(name) + 3 + len(plural_index)) + special:
        out.append(f'{delflag}{name}{plural_index} ""')
        for item in _wrap(escaped, wrapwidth - 2):
            # an item never ends inside an escape (breaks are at spaces and after hyphens), so
            # polib's escape(unescape(item)) is the item itself
            out.append(f'{delflag}"{item}"')
        return
    out.append(f'{delflag}{name}{plural_index} "{escaped}"')


def _entry(e: polib.POEntry, out: list[str], wrapwidth: int) -> None:
    obsolete = e.obsolete
    for val, prefix in ((e.tcomment, "# "), (None if obsolete else e.comment, "#. ")):
        if val:
            for c in val.split("\n"):
                if wrapwidth > 0 and len(c) + len(prefix) > wrapwidth:
                    out += textwrap.wrap(c, wrapwidth, initial_indent=prefix, subsequent_indent=prefix, break_long_words=False)
                else:
                    out.append(prefix + c)
    if not obsolete and e.occurrences:
        filestr = " ".join(f"{f}:{n}" if n else f for f, n in e.occurrences)
        if wrapwidth > 0 and len(filestr) + 3 > wrapwidth:
            # polib keeps textwrap from breaking file names at hyphens this way
            out += [ln.replace("*", "-") for ln in textwrap.wrap(filestr.replace("-", "*"), wrapwidth, initial_indent="#: ",
                                                                 subsequent_indent="#: ", break_long_words=False)]
        else:
            out.append("#: " + filestr)
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    prefix = "#~| " if obsolete else "#| "
    for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        val = getattr(e, name)
        if val is not None:
            _field_named(out, name, prefix, val, wrapwidth)
    delflag = "#~ " if obsolete else ""
    if e.msgctxt is not None:
        _field(out, "msgctxt", delflag, "", e.msgctxt, wrapwidth)
    _field(out, "msgid", delflag, "", e.msgid, wrapwidth)
    if e.msgid_plural:
        _field(out, "msgid_plural", delflag, "", e.msgid_plural, wrapwidth)
    if e.msgstr_plural:
        forms = e.msgstr_plural
        for k in sorted(forms):
            _field(out, "msgstr", delflag, f"[{k}]", forms[k], wrapwidth)
    else:
        _field(out, "msgstr", delflag, "", e.msgstr, wrapwidth)
    out.append("")


def _field_named(out: list[str], name: str, prefix: str, value: str, wrapwidth: int) -> None:
    """A ``#|`` field: polib measures it with its attribute name (``previous_msgid``) and writes
    the keyword (``msgid``)."""
    tmp: list[str] = []
    _field(tmp, name, prefix, "", value, wrapwidth)
    first = tmp[0]
    tmp[0] = prefix + first[len(prefix) + 9 :]
    out += tmp


def write(po: polib.POFile) -> str:
    """``po.__unicode__()``, the same text, written faster (see the module docstring)."""
    head = []
    for h in po.header.split("\n"):
        head.append("#\n" if not h else f"#{h}\n" if h[:1] in (",", ":") else f"# {h}\n")
    w = po.wrapwidth
    out: list[str] = []
    _entry(po.metadata_as_entry(), out, w)
    for e in po:
        if not e.obsolete:
            _entry(e, out, w)
    for e in po:
        if e.obsolete:
            _entry(e, out, w)
    return "".join(head) + "\n".join(out)
