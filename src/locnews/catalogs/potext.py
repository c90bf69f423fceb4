"""PO text to polib objects and back, fast: the reader and writer behind every catalog locnews
rewrites (``catalog update``, ``init``, ``extract``, ``pretranslate``).

polib's own parser (a state machine calling a method per line) and writer (``textwrap`` and
regex escaping on every string) were three quarters of ``catalog update`` on a real catalog. These
give the same objects and the same text (every catalog of ../shared/catalogs is checked against
polib in tests/test_potext.py), several times faster:

* :func:`read` / :func:`from_parsed`: the strict reader (:mod:`poparse`), which every catalog
  passes through anyway to be rejected when broken, keeps each entry's comment lines; they are
  read as polib reads them. Where polib's reading loses text, this one does not: a line is a
  ``\\n``-line (polib also splits at U+2028, vertical tabs and other Unicode line breaks inside
  strings, and then calls the file broken), ``#:file.c:1`` is a reference as gettext says, and
  escapes are gettext's (polib leaves ``\\a`` and octal escapes as a backslash and a letter, which
  its writer then doubles).
* :func:`write` is ``POFile.__unicode__``: the same field order, header layout and wrapping
  (``textwrap``'s rules, with its set-up left out for the common case of a string without hyphens).
"""

from __future__ import annotations

import re
import textwrap

import polib

from locnews.catalogs.poparse import FORM_LINES, ParsedCatalog, PoSyntaxError, block_value, canonical_blocks, parse
from locnews.catalogs.poparse import unescape as _unescape

_PREV = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}

_ENTRY_DEFAULTS = {
    "msgid": "", "msgstr": "", "msgid_plural": "", "msgctxt": None, "obsolete": False, "encoding": "utf-8",
    "comment": "", "tcomment": "", "previous_msgctxt": None, "previous_msgid": None, "previous_msgid_plural": None,
    "linenum": None,
}  # what polib.POEntry() sets, but its three mutable fields


def new_entry(**fields: object) -> polib.POEntry:
    """``polib.POEntry(**fields)``, built without its constructor's keyword look-ups."""
    e = polib.POEntry.__new__(polib.POEntry)
    d = _ENTRY_DEFAULTS.copy()
    d["msgstr_plural"], d["occurrences"], d["flags"] = {}, [], []
    d.update(fields)
    e.__dict__ = d
    return e


def read(text: str, *, wrapwidth: int = 78) -> polib.POFile:
    """The catalog ``polib.pofile(text, wrapwidth=…)`` gives (see the module docstring).

    Raises :class:`PoSyntaxError` at the first error the strict reader finds."""
    po = read_canonical(text, wrapwidth=wrapwidth)
    if po is not None:
        return po
    cat = parse(text, keep_comments=True)
    if cat.errors:
        line, msg = cat.errors[0]
        raise PoSyntaxError(msg, line)
    return from_parsed(cat, wrapwidth=wrapwidth)


def from_parsed(cat: ParsedCatalog, *, wrapwidth: int = 78) -> polib.POFile:
    """polib objects for a catalog the strict reader read with ``keep_comments`` and found no
    error in: its strings as read, its comment lines interpreted as polib interprets them."""
    po = polib.POFile(wrapwidth=wrapwidth)
    header = ""
    in_header = True  # polib: "#" lines before any other line belong to the file's header
    out = []
    POEntry = polib.POEntry
    make = POEntry.__new__
    if cat.domain_lines:
        raise _unexpected("domain", cat.domain_lines[0])
    for e in cat.entries:
        plural = e.msgid_plural
        n = make(POEntry)
        n.__dict__ = d = {
            "msgid": e.msgid, "msgstr": e.msgstr or "", "msgid_plural": plural or "",
            "msgstr_plural": dict(enumerate(e.msgstr_plural)) if plural is not None else {},
            "msgctxt": e.msgctxt, "obsolete": e.obsolete, "encoding": "utf-8", "comment": "", "tcomment": "",
            "occurrences": [], "flags": [], "previous_msgctxt": None, "previous_msgid": None,
            "previous_msgid_plural": None, "linenum": None,
        }  # what polib.POEntry() sets, without its keyword look-ups
        if e.comments:
            try:
                header = _comments_into(d, e.comments, in_header, header)
            except _UnknownPrevious as exc:
                raise PoSyntaxError(f"syntax error: unknown keyword '#| {exc.args[0][:40]}'", e.line) from None
        in_header = False
        out.append(n)
    po.extend(out)
    po.header = header
    _take_metadata(po)
    return po


class _UnknownPrevious(Exception):
    """A ``#|`` line with a keyword other than msgctxt, msgid, msgid_plural."""


def _comments_into(d: dict, comments: list[str], in_header: bool, header: str, references: bool = True) -> str:
    """Interpret an entry's comment lines as polib does, into its field dict ``d``; returns the
    file's header text, which plain comments extend while ``in_header`` (polib: "#" lines before
    any other line belong to the file's header). ``references=False`` leaves ``#:`` lines out of
    ``occurrences`` (a catalog read only to be merged: the template's references are the ones kept)."""
    prev = ""  # the #| field a "#| ..." continuation line extends
    for line in comments:
        c1 = line[1:2]
        if len(line) == 2 and c1 in (":", ",", "."):
            continue  # polib skips an empty "#:", "#," or "#." line
        if c1 == ":":
            in_header = False
            if not references:
                continue
            occ = d["occurrences"]
            for o in line[2:].split():
                fil, sep, num = o.rpartition(":")
                if sep and num.isdigit():
                    occ.append((fil, num))
                else:
                    occ.append((o, ""))
        elif c1 == ",":
            in_header = False
            d["flags"] += [f.strip() for f in line[2:].split(",")]
        elif c1 == ".":
            in_header = False
            t = line[3:] if line[2:3] == " " else line[2:]
            d["comment"] = (d["comment"] + "\n" if d["comment"] else "") + t
        elif c1 == "|":
            in_header = False
            rest = line[2:].lstrip()
            if rest[:1] == '"':
                if prev:
                    d[prev] += _unescape(rest[1:-1])
                continue
            kw, _, value = rest.partition(" ")
            prev = _PREV.get(kw, "")
            if not prev:
                raise _UnknownPrevious(kw)
            d[prev] = _unescape(value.strip()[1:-1])
        else:
            if line == "#":
                line = "# "
            if in_header:
                header = (header + "\n" if header else "") + line[2:]
                continue
            t = line.lstrip("#")
            if t[:1] == " ":
                t = t[1:]
            d["tcomment"] = (d["tcomment"] + "\n" if d["tcomment"] else "") + t
    return header


def read_canonical(text: str, *, wrapwidth: int = 78, references: bool = True) -> polib.POFile | None:
    """What :func:`read` gives, built straight from the strict reader's canonical blocks
    (:func:`poparse.canonical_blocks`: one C call finds every entry), or None where the text is not
    in that layout or holds anything the line reader would report: then :func:`read` reads it.
    tests/test_potext.py checks both give the same objects on every catalog of ../shared/catalogs."""
    blocks = canonical_blocks(text)
    if blocks is None:
        return None
    po = polib.POFile(wrapwidth=wrapwidth)
    header = ""
    in_header = True
    out = []
    errors: list = []
    strip = comments_need_strip(text)
    for block in blocks:
        n = block_entry(block, errors, strip, references, in_header)
        if n is None:
            return None
        if in_header:
            n, header = n
            in_header = False
        out.append(n)
    if errors or (has_numeric_escape(text) and any(_has_eot(e) for e in out)):
        return None  # a bad escape, or an escaped EOT (\004, msgfmt's context separator)
    po.extend(out)
    po.header = header
    _take_metadata(po)
    return po


def comments_need_strip(text: str) -> bool:
    """String lines end in a quote, so a blank before a line end is in a comment: the line reader
    strips each comment line, and so must the block reader, but only where one has such a blank."""
    last = text[-1:]
    return _BLANK_AT_LINE_END.search(text) is not None or (last.isspace() and last != "\n")


def has_numeric_escape(text: str) -> bool:
    """Could a string of ``text`` hold an EOT (only an octal or hex escape can write one here)."""
    return _NUMERIC_ESCAPE.search(text) is not None


def block_entry(block: tuple[str, ...], errors: list, strip: bool, references: bool = True, in_header: bool = False):
    """The polib entry of one canonical block (:func:`poparse.canonical_blocks`), or None where
    the block holds what the line reader must judge. With ``in_header`` (the file's first block),
    (entry, file header text): polib gives the plain comments before any other line to the file."""
    _whole, comments, obsolete, x, msgid, plural, single, forms = block
    value = block_value
    if single:
        if plural:
            return None  # 'msgid_plural' with a plain msgstr: the line reader's error
        msgstr = single[1:-2] if "\\" not in single and single.count("\n") == 1 else value(single, errors)
        plural_forms = {}
    else:
        if not plural:
            return None
        items = FORM_LINES.findall(forms)
        if [int(i) for i, _ in items] != list(range(len(items))):
            return None
        msgstr = ""
        plural_forms = {k: value(lines, errors) for k, (_, lines) in enumerate(items)}
    n = polib.POEntry.__new__(polib.POEntry)
    n.__dict__ = d = {
        "msgid": msgid[1:-2] if "\\" not in msgid and msgid.count("\n") == 1 else value(msgid, errors),
        "msgstr": msgstr, "msgid_plural": value(plural, errors) if plural else "",
        "msgstr_plural": plural_forms, "msgctxt": value(x, errors) if x else None, "obsolete": bool(obsolete),
        "encoding": "utf-8", "comment": "", "tcomment": "", "occurrences": [], "flags": [],
        "previous_msgctxt": None, "previous_msgid": None, "previous_msgid_plural": None, "linenum": None,
    }  # what polib.POEntry() sets, without its keyword look-ups
    header = ""
    if comments:
        try:
            header = _comments_into(d, comment_lines(comments, strip), in_header, header, references)
        except _UnknownPrevious:
            return None
    return (n, header) if in_header else n


def comment_lines(comments: str, strip: bool) -> list[str]:
    """A block's comment lines as the line reader keeps them: "#~|" lines left out, "#~ # x" kept
    as "# x", each stripped where the file has blanks at line ends (:func:`comments_need_strip`)."""
    lines = comments.split("\n")
    lines.pop()
    if "#~" in comments:
        kept = []
        for raw in lines:
            c = raw.strip()
            if c[:2] == "#~":
                c = c[2:].lstrip()
                if c[:1] != "#":
                    continue
            kept.append(c)
        return kept
    return [c.strip() for c in lines] if strip else lines


# a line end after a blank: the pattern starts with a literal, which re scans for in C (a class
# first, as in [^\S\n]\n, is tried at every position: 8x slower, a tenth of a large update)
_BLANK_AT_LINE_END = re.compile(r"\n(?<=[^\S\n]\n)")
_NUMERIC_ESCAPE = re.compile(r"\\[0-7x]")  # the only way a string can hold an EOT here (\004, \x04)


def _has_eot(e: polib.POEntry) -> bool:
    return "\x04" in (e.msgctxt or "") + e.msgid + e.msgid_plural + e.msgstr + "".join(e.msgstr_plural.values())


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
    PO string (its only whitespace is the space), without textwrap's per-call set-up.

    textwrap cuts the text into chunks (runs of spaces, words, and pieces of hyphenated words) and
    fills each line with as many whole chunks as fit; a chunk wider than the line gets one alone.
    """
    if "-" in text:
        return _wrap_chunks(text, width)
    lines = []
    pos, n = 0, len(text)
    while n - pos > width:
        end = pos + width
        if (text[end - 1] == " ") != (text[end] == " "):
            cut = end  # a chunk ends exactly at the width
        else:
            # the chunk running over the width starts at ``cut``: the line ends before it
            cut = pos + len(text[pos:end].rstrip(" ")) if text[end] == " " else max(pos, text.rfind(" ", pos, end) + 1)
            if cut == pos:  # that chunk is the line's first and wider than it: alone
                if text[pos] == " ":
                    cut = n - len(text[pos:].lstrip(" "))
                else:
                    cut = text.find(" ", pos)
                    cut = n if cut < 0 else cut
        lines.append(text[pos:cut])
        pos = cut
    if pos < n:
        lines.append(text[pos:])
    return lines


def _wrap_chunks(text: str, width: int) -> list[str]:
    chunks = _SPACES.split(text)
    # textwrap's own hyphen rules, applied word by word (they never look past a space)
    split = textwrap.TextWrapper.wordsep_re.split
    chunks = [c for w in chunks for c in (split(w) if "-" in w else (w,))]
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


# a string holding none of these is written as it is, on one line when it fits
_PLAIN_BREAKERS = re.compile('[\\\\\t\r\n\v\b\f"\a\x1c\x1d\x1e\x85\u2028\u2029]')


def _field(out: list[str], head: str, fixed: int, delflag: str, value: str, width: int) -> None:
    """polib's ``_str_field``: one string field as PO lines. ``head`` is what precedes the string
    (``#~ msgstr[1]``); ``fixed`` is the width polib counts for it (its field name, plural index,
    a space and the quotes; ``previous_msgid`` for ``#| msgid``)."""
    if _PLAIN_BREAKERS.search(value) is None:
        if width <= 0 or len(value) <= width - fixed:
            out.append(f'{head} "{value}"')
            return
        out.append(f'{head} ""')
        for item in _wrap(value, width - 2):
            out.append(f'{delflag}"{item}"')
        return
    lines = value.splitlines(True)
    if len(lines) > 1:
        out.append(f'{head} ""')
        for ln in lines:
            out.append(f'{delflag}"{_escape(ln)}"')
        return
    escaped = _escape(value)
    special = len(escaped) - len(value)  # each special character became two
    if width > 0 and len(value) > width - fixed + special:
        out.append(f'{head} ""')
        for item in _wrap(escaped, width - 2):
            # an item never ends inside an escape (breaks are at spaces and after hyphens), so
            # polib's escape(unescape(item)) is the item itself
            out.append(f'{delflag}"{item}"')
        return
    out.append(f'{head} "{escaped}"')


def _wrap_references(refs: str, width: int) -> list[str]:
    """``#:`` lines as polib writes them: ``textwrap.wrap`` with ``#: `` indents, its hyphens kept
    from breaking (polib swaps them for ``*`` first), no long word broken. ``refs`` is file names
    joined by single spaces, so textwrap's result is a greedy fill, done here without its set-up.
    (polib's swap also turns a ``*`` in a file name into ``-``; not here.)"""
    lines = []
    if "  " not in refs and refs[:1] != " " and refs[-1:] != " ":
        # words and single spaces: each line is the longest run of whole words that fits, found
        # with one rfind per line (a word wider than the line stands alone)
        pos, n = 0, len(refs)
        while n - pos > width:
            cut = refs.rfind(" ", pos, pos + width + 1)
            if cut < 0:
                cut = refs.find(" ", pos)
                if cut < 0:
                    break
            lines.append("#: " + refs[pos:cut])
            pos = cut + 1
        lines.append("#: " + refs[pos:])
        return lines
    line = ""
    for word in refs.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append("#: " + line)
            line = word
    if line:
        lines.append("#: " + line)
    return lines


def _entry(e: polib.POEntry, out: list[str], width: int) -> None:
    entry_lines(e.__dict__, out, width)


def entry_lines(d: dict, out: list[str], width: int, refs: str | None = None) -> None:
    """polib's text of the entry whose fields are ``d``, as lines (the last one empty) appended to
    ``out``; ``refs``: its references already joined by spaces (then ``d["occurrences"]`` is not read)."""
    obsolete = d["obsolete"]
    tcomment = d["tcomment"]
    comment = None if obsolete else d["comment"]
    if tcomment:
        comment_lines_out(tcomment, "# ", out, width)
    if comment:
        comment_lines_out(comment, "#. ", out, width)
    if refs is None:
        occurrences = d["occurrences"]
        refs = " ".join([f"{f}:{n}" if n else f for f, n in occurrences]) if occurrences else ""
    if refs and not obsolete:
        reference_lines_out(refs, out, width)
    if d["flags"]:
        out.append("#, " + ", ".join(d["flags"]))
    if d["previous_msgctxt"] is not None or d["previous_msgid"] is not None or d["previous_msgid_plural"] is not None:
        prefix = "#~| " if obsolete else "#| "
        for name in ("msgctxt", "msgid", "msgid_plural"):
            val = d["previous_" + name]
            if val is not None:
                _field(out, prefix + name, len(name) + 12, prefix, val, width)
    delflag = "#~ " if obsolete else ""
    if d["msgctxt"] is not None:
        _field(out, delflag + "msgctxt", 10, delflag, d["msgctxt"], width)
    msgid_lines_out(d["msgid"], delflag, out, width)
    if d["msgid_plural"]:
        _field(out, delflag + "msgid_plural", 15, delflag, d["msgid_plural"], width)
    forms = d["msgstr_plural"]
    if forms:
        for k in sorted(forms):
            idx = f"[{k}]"
            _field(out, delflag + "msgstr" + idx, 9 + len(idx), delflag, forms[k], width)
    else:
        msgstr_lines_out(d["msgstr"], delflag, out, width)
    out.append("")


def comment_lines_out(val: str, prefix: str, out: list[str], width: int) -> None:
    """A translator ("# ") or extracted ("#. ") comment as polib writes it, each line wrapped alone."""
    for c in val.split("\n"):
        if width > 0 and len(c) + len(prefix) > width:
            out += textwrap.wrap(c, width, initial_indent=prefix, subsequent_indent=prefix, break_long_words=False)
        else:
            out.append(prefix + c)


def reference_lines_out(refs: str, out: list[str], width: int) -> None:
    """The ``#:`` lines of references joined by spaces."""
    if width > 0 and len(refs) + 3 > width:
        out += _wrap_references(refs, width - 3)
    else:
        out.append("#: " + refs)


def msgid_lines_out(v: str, delflag: str, out: list[str], width: int) -> None:
    if len(v) <= width - 8 and _PLAIN_BREAKERS.search(v) is None:  # most msgids: as they are
        out.append(f'{delflag}msgid "{v}"')
    else:
        _field(out, delflag + "msgid", 8, delflag, v, width)


def msgstr_lines_out(v: str, delflag: str, out: list[str], width: int) -> None:
    if len(v) <= width - 9 and _PLAIN_BREAKERS.search(v) is None:
        out.append(f'{delflag}msgstr "{v}"')
    else:
        _field(out, delflag + "msgstr", 9, delflag, v, width)


def msgctxt_lines_out(v: str, out: list[str], width: int) -> None:
    _field(out, "msgctxt", 10, "", v, width)


def write(po: polib.POFile) -> str:
    """``po.__unicode__()``, the same text, written faster (see the module docstring)."""
    w = po.wrapwidth
    out: list[str] = []
    for e in po:
        if not e.obsolete:
            _entry(e, out, w)
    for e in po:
        if e.obsolete:
            _entry(e, out, w)
    return write_around(po, out)


def write_around(po: polib.POFile, entry_text: list[str]) -> str:
    """The text of ``po``'s header comment and header entry, then ``entry_text``: the lines of its
    other entries (as :func:`entry_lines` gives them)."""
    head = []
    for h in po.header.split("\n"):
        head.append("#\n" if not h else f"#{h}\n" if h[:1] in (",", ":") else f"# {h}\n")
    out: list[str] = []
    _entry(po.metadata_as_entry(), out, po.wrapwidth)
    out += entry_text
    return "".join(head) + "\n".join(out)
