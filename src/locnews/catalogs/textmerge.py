"""`catalog update` straight from the text of catalogs in the canonical layout: the same result as
:func:`merge.merge` on polib objects, without building them for the entries that only carry over.

In a real update nearly every entry of the template is still in the catalog with the same key;
its new text is the template's strings, comments and references with the old translation, its
translator comments and markers. Those entries are written from the canonical blocks
(:func:`poparse.canonical_blocks`) through the same writer (:func:`potext.entry_lines`), with no
polib object for the template entry, the old entry or the new one, and the references never
split into (file, line) pairs and joined again. Every other entry (a changed or new msgid to match
fuzzily, a plural, a fuzzy or revived entry, an obsolete one) is built as polib objects and goes
through :mod:`merge`'s own per-entry functions.

Anything outside what the block reader takes (:func:`potext.read_canonical` gives None) makes
:func:`merge_text` give None, and the caller reads the files the slow way, which reports the error.
tests/test_textmerge.py checks that both ways give the same text, on real catalog pairs, generated
ones and mutated ones.
"""

from __future__ import annotations

import polib

from locnews.catalogs.merge import (
    FuzzyIndex,
    MergeStats,
    _has_translation,
    kept_entry,
    matched_entry,
    merged_flags,
    merged_header,
    obsoleted_entry,
)
from locnews.catalogs.poparse import block_value, canonical_blocks
from locnews.catalogs.potext import (
    _comments_into,
    _entry,
    _has_eot,
    _take_metadata,
    _UnknownPrevious,
    block_entry,
    comment_lines,
    comment_lines_out,
    comments_need_strip,
    has_numeric_escape,
    msgctxt_lines_out,
    msgid_lines_out,
    msgstr_lines_out,
    reference_lines_out,
    write_around,
)

_WIDTH = 78  # what parse_po reads catalogs with, so what merge writes them with


class _Unusual(Exception):
    """Something only the object reader may judge: the caller takes the slow way."""


class _BlockFile:
    """A file's canonical blocks, with the polib entry of a block built when asked for, as
    :func:`pofile.parse_po` would give it (and validated as it would be)."""

    _references = True  # a template's references are kept; a catalog's are not read
    _blocks: list
    _strip: bool
    _eot: bool
    _built: dict[int, polib.POEntry]

    def entry(self, k: int) -> polib.POEntry:
        e = self._built.get(k)
        if e is None:
            e = block_entry(self._blocks[k], errors := [], self._strip, self._references)
            if e is None or errors or (self._eot and _has_eot(e)):
                raise _Unusual
            self._built[k] = e
        return e


class Template(_BlockFile):
    """A template as :func:`merge_text` uses it, read once for every catalog it goes into.

    ``entries`` is None when the template is not entirely in the canonical layout (or holds what
    the strict reader must judge): the caller then reads it with :func:`pofile.parse_po`."""

    def __init__(self, text: str) -> None:
        # per live entry: (block index, msgctxt, msgid, is plural, flags, its "#, " line or None,
        # its written "#." and "#:" lines, its written msgctxt and msgid lines); plain tuples
        self.entries: list[tuple] | None = None
        self._blocks: list | None = None
        self._strip = False
        self._built: dict[int, polib.POEntry] = {}
        self.header: polib.POFile | None = None
        try:
            self._read(text)
        except _Unusual:
            self.entries = None

    def _read(self, text: str) -> None:
        blocks = canonical_blocks(text)
        if blocks is None:
            raise _Unusual
        self._blocks = blocks
        self._eot = eot = has_numeric_escape(text)
        self._strip = strip = comments_need_strip(text)
        self.header, first, entry = _header(blocks, strip, eot, True)
        if entry is not None:
            self._built[0] = entry  # its plain comments are the file's, not the entry's
        errors: list = []
        entries = []
        value = block_value
        plain = _as_written(text)
        if eot:
            value = _without_eot
        for j in range(first, len(blocks)):
            _whole, comments, obsolete, x, i, plural, single, _forms = blocks[j]
            if obsolete or plural or not single:
                self.entry(j)  # validated as the object reader would; merge skips obsolete ones
                if obsolete:
                    continue
            key: list[str] = []
            msgctxt = None
            if x:
                if plain and "\\" not in x and x.count("\n") == 1 and len(x) - 3 <= _WIDTH - 10:
                    msgctxt = x[1:-2]
                    key.append("msgctxt " + x[:-1])  # the string as it is: what the writer would write
                else:
                    msgctxt = value(x, errors)
                    msgctxt_lines_out(msgctxt, key, _WIDTH)
            if plain and "\\" not in i and i.count("\n") == 1 and len(i) - 3 <= _WIDTH - 8:
                msgid = i[1:-2]
                key.append("msgid " + i[:-1])
            else:
                msgid = value(i, errors)
                msgid_lines_out(msgid, "", key, _WIDTH)
            if not msgctxt and msgid == "":
                raise _Unusual  # a second header: which one polib takes is the object reader's call
            if single and single != '""\n':
                value(single, errors)
            comment, refs, flags = _template_comments(comments, strip) if comments else ("", "", [])
            before: list[str] = []
            if comment:
                comment_lines_out(comment, "#. ", before, _WIDTH)
            if refs:
                reference_lines_out(refs, before, _WIDTH)
            own = [f for f in flags if f != "fuzzy"]
            line = "#, " + ", ".join(own) if own else None
            entries.append((j, msgctxt, msgid, bool(plural), flags, line, before, key))
        if errors:
            raise _Unusual
        self.entries = entries


def _template_comments(comments: str, strip: bool) -> tuple[str, str, list[str]]:
    """A template entry's extracted comment, references joined by spaces and flags, as
    :func:`potext._comments_into` reads them (it reads any other kind of line here, to validate)."""
    lines = comment_lines(comments, strip)
    comment = ""
    refs: list[str] = []
    flags: list[str] = []
    for ln in lines:
        c1 = ln[1:2]
        if c1 == ":":
            refs += ln[2:].split()  # a reference's text is the same whether split at its colon or not
        elif c1 == ",":
            if len(ln) > 2:
                flags += [f.strip() for f in ln[2:].split(",")]
        elif c1 == ".":
            if len(ln) > 2:
                comment = (comment + "\n" if comment else "") + (ln[3:] if ln[2:3] == " " else ln[2:])
        else:
            d = _scratch()
            _comments(d, lines)
            refs = [r for ln in lines if ln[1:2] == ":" for r in ln[2:].split()]
            return d["comment"], " ".join(refs), d["flags"]
    return comment, " ".join(refs), flags


def merge_text(old_text: str, template: Template, lang: str, *, fuzzy_matching: bool = True) -> tuple[str, MergeStats] | None:
    """The text :func:`merge.merge` and :func:`pofile.dump_po` give for the catalog ``old_text``
    and the template, and the merge statistics; None when either is not in the canonical layout
    (see the module docstring)."""
    if template.entries is None:
        return None
    try:
        return _merge(old_text, template, lang, fuzzy_matching)
    except _Unusual:
        return None


def _merge(old_text: str, template: Template, lang: str, fuzzy_matching: bool) -> tuple[str, MergeStats]:
    blocks = canonical_blocks(old_text)
    if blocks is None:
        raise _Unusual
    strip = comments_need_strip(old_text)
    eot = has_numeric_escape(old_text)
    header, first, first_entry = _header(blocks, strip, eot, False)
    old = _OldCatalog(blocks, strip, eot, first, first_entry)
    out_po, n = merged_header(header, template.header, lang)
    stats = MergeStats()
    errors: list = []
    value = _without_eot if eot else block_value
    out: list[str] = []
    used: set[int] = set()
    index: FuzzyIndex | None = None
    by_key = old.by_key
    kept = 0
    plain = _as_written(old_text)
    for t in template.entries:
        j, msgctxt, msgid, t_plural, t_flags, flags_line, before_flags, key_lines = t
        k = by_key.get((msgctxt, msgid))
        if k is None:
            src = None
            if fuzzy_matching:
                if index is None:
                    index = FuzzyIndex([e for e in old.all_entries() if _has_translation(e)])
                src = index.search(msgctxt, msgid)
            if src is not None:
                used.add(old.index_of(src))
            _entry(matched_entry(template.entry(j), src, n, stats), out, _WIDTH)
            continue
        used.add(k)
        _whole, comments, obsolete, _x, _i, plural, single, _forms = blocks[k]
        if obsolete or plural or t_plural or "#|" in comments or k == 0:
            _entry(kept_entry(template.entry(j), old.entry(k), n, stats), out, _WIDTH)
            continue
        one_line = "\\" not in single and single.count("\n") == 1
        msgstr = single[1:-2] if one_line else value(single, errors)
        tcomment, old_flags = _old_comments(comments, strip) if comments else ("", None)
        if msgstr and old_flags and "fuzzy" in old_flags:
            _entry(kept_entry(template.entry(j), old.entry(k), n, stats), out, _WIDTH)
            continue
        # what kept_entry gives for a singular entry that is not fuzzy, written as entry_lines would
        kept += 1
        if tcomment:
            comment_lines_out(tcomment, "# ", out, _WIDTH)
        out += before_flags
        if old_flags is None or old_flags == t_flags:
            if flags_line:
                out.append(flags_line)
        else:
            flags = merged_flags(t_flags, old_flags, False)
            if flags:
                out.append("#, " + ", ".join(flags))
        out += key_lines
        if one_line and plain and len(msgstr) <= _WIDTH - 9:
            out.append("msgstr " + single[:-1])  # the string as it is: what the writer would write
        else:
            msgstr_lines_out(msgstr, "", out, _WIDTH)
        out.append("")
    stats.kept += kept
    for k in range(first, len(blocks)):
        if k in used:
            continue
        e = old.entry(k)  # validated as the object reader would, kept only if translated
        if _has_translation(e):
            _entry(obsoleted_entry(e, stats), out, _WIDTH)
    if errors:
        raise _Unusual
    text = write_around(out_po, out)
    if not out_po.header and text.startswith("#\n"):
        text = text[2:]  # as pofile.dump_po
    return text, stats


def _old_comments(comments: str, strip: bool) -> tuple[str, list[str] | None]:
    """An old entry's translator comment and flags, as :func:`potext._comments_into` reads them
    (its references are not read: the template's are kept)."""
    lines = comment_lines(comments, strip)
    flags = None
    for ln in lines:
        c1 = ln[1:2]
        if c1 == ":":
            continue
        if c1 == ",":
            if len(ln) > 2:
                flags = (flags or []) + [f.strip() for f in ln[2:].split(",")]
        else:
            d = _scratch()
            _comments(d, lines)
            return d["tcomment"], d["flags"]
    return "", flags


class _OldCatalog(_BlockFile):
    """The catalog being updated: its entries' keys from the blocks, polib objects on demand."""

    _references = False

    def __init__(self, blocks: list, strip: bool, eot: bool, first: int, first_entry: polib.POEntry | None) -> None:
        self._blocks = blocks
        self._strip = strip
        self._eot = eot
        self._first = first
        # block 0 when it is an entry: read with the file's own comments left out
        self._built: dict[int, polib.POEntry] = {0: first_entry} if first_entry is not None else {}
        self._index_of: dict[int, int] | None = None
        errors: list = []
        value = _without_eot if eot else block_value
        by_key: dict[tuple, int] = {}
        for k in range(first, len(blocks)):
            _whole, _c, obsolete, x, i, _pl, _s, _f = blocks[k]
            msgctxt = value(x, errors) if x else None
            msgid = i[1:-2] if "\\" not in i and i.count("\n") == 1 else value(i, errors)
            key = (msgctxt, msgid)
            if not obsolete and not msgctxt and msgid == "":
                raise _Unusual  # a second header
            prev = by_key.get(key)
            # a live entry wins over an obsolete one with the same key (as merge.merge)
            if prev is None or blocks[prev][2]:
                by_key[key] = k
        if errors:
            raise _Unusual
        self.by_key = by_key

    def all_entries(self) -> list[polib.POEntry]:
        entries = [self.entry(k) for k in range(self._first, len(self._blocks))]
        self._index_of = {id(e): k for k, e in enumerate(entries, self._first)}
        return entries

    def index_of(self, e: polib.POEntry) -> int:
        return self._index_of[id(e)]


_RAW_BREAKERS = "\t\r\v\b\f\a\x1c\x1d\x1e\x85\u2028\u2029"


def _as_written(text: str) -> bool:
    """Is every one-line string of ``text`` without a backslash written back as it is? It is when
    the text holds none of the characters the writer escapes or splits lines at (a string line
    cannot hold a bare quote or line end), and the string fits on its line."""
    return not any(c in text for c in _RAW_BREAKERS)  # substring searches: faster than a class


def _header(blocks: list, strip: bool, eot: bool, references: bool) -> tuple[polib.POFile, int, polib.POEntry | None]:
    """(a catalog holding only the file's header, the index of the first block that is an entry,
    that block's entry where it is the first block). As polib reads a file, the plain comments
    before any other line are the file's, whether or not a header entry follows them."""
    _whole, _c, obsolete, x, i, plural, single, _f = blocks[0]
    is_header = not (obsolete or x or plural or i != '""\n' or not single)
    built = block_entry(blocks[0], errors := [], strip, references, in_header=True)
    if built is None or errors or (eot and _has_eot(built[0])):
        raise _Unusual
    po = polib.POFile(wrapwidth=_WIDTH)
    po.header = built[1]
    if is_header:
        po.append(built[0])
        _take_metadata(po)
        return po, 1, None
    return po, 0, built[0]


def _without_eot(lines: str, errors: list) -> str:
    """``block_value`` for a file with octal or hex escapes: an escaped EOT (\\004, msgfmt's
    context separator) is the strict reader's to report."""
    v = block_value(lines, errors)
    if "\x04" in v:
        raise _Unusual
    return v


def _scratch() -> dict:
    """The fields :func:`potext._comments_into` fills when references are not read."""
    return {"comment": "", "tcomment": "", "flags": [], "previous_msgctxt": None, "previous_msgid": None,
            "previous_msgid_plural": None}


def _comments(d: dict, lines: list[str]) -> None:
    try:
        _comments_into(d, lines, False, "", references=False)
    except _UnknownPrevious:
        raise _Unusual from None
