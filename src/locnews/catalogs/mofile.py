"""A linear-time GNU ``.mo`` writer.

polib's ``save_as_mofile`` and Babel's ``write_mo`` build the file by repeated ``bytes``
concatenation (quadratic: seconds on a 20,000-entry catalog); this one joins a list once. It also
follows msgfmt on what goes in: untranslated entries (an empty first form) and fuzzy ones (unless
asked) are left out, where Babel writes untranslated plural entries with the source strings.

Format (GNU gettext manual, "The Format of GNU MO Files"): a 28-byte header, a table of
(length, offset) for the sorted original strings, the same for the translations, msgfmt's hash
table, then the strings, each NUL-terminated. Contexts are ``ctxt + "\\x04" + msgid``; plural ids
and forms are joined with NUL.

C format strings with ISO C 99 ``<inttypes.h>`` macros (``%<PRIu64>``) or the ``I`` flag are
system-dependent: msgfmt puts them in a second table (revision 1) of static segments and named
system-dependent segments that libintl expands when it loads the file, and so does this writer, so
``msgunfmt`` reads back the same messages from both.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import Iterable

MAGIC = 0x950412DE
_SEGMENTS_END = 0xFFFFFFFF
_SYSDEP_FLAGS = ("c-format", "objc-format")
# a C directive: flags (with glibc's I), width, precision, then an <inttypes.h> macro or the rest
_C_DIRECTIVE = re.compile(r"%(?:%|(?:\d+\$)?([-+ #0'I]*)(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?(<[^>%]*>)?)")


def _sysdep_segments(s: str) -> list[tuple[str, str]] | None:
    """A C format string cut as msgfmt cuts it: [(static text, segment name), …], the last name
    empty; None when it has no system-dependent directive."""
    out: list[tuple[str, str]] = []
    start = 0
    for m in _C_DIRECTIVE.finditer(s):
        flags, macro = m.group(1), m.group(2)
        if flags and "I" in flags:
            at = m.start(1) + flags.index("I")
            out.append((s[start:at], "I"))
            start = at + 1
        if macro:
            out.append((s[start : m.start(2)], macro[1:-1]))
            start = m.end(2)
    if not out:
        return None
    out.append((s[start:], ""))
    return out


@dataclass
class MoStats:
    compiled: int = 0  # messages written, the header excluded
    fuzzy: int = 0
    untranslated: int = 0
    sysdep: list | None = None  # (original, translation) of system-dependent messages
    written: int = 0  # messages in the file, the header included


def _cut(s: str, key: bool = False) -> list[tuple[str, str]]:
    """Segments of a sysdep string; of an original, msgfmt cuts the msgid only, not the plural
    after the NUL."""
    head, sep, tail = s.partition("\0") if key else (s, "", "")
    segs = _sysdep_segments(head) or [(head, "")]
    return segs[:-1] + [(segs[-1][0] + sep + tail, "")]


def mo_pairs(
    entries: Iterable, *, use_fuzzy: bool = False, encoding: str = "utf-8"
) -> tuple[list[tuple[bytes, bytes]], MoStats]:
    """The (original, translation) byte pairs msgfmt would write, unsorted.

    ``entries`` are :class:`locnews.catalogs.poparse.Entry` records or polib ``POEntry`` objects. The header
    goes in even when flagged fuzzy, as msgfmt does. Strings are written in ``encoding``, the
    catalog's own charset (msgfmt converts nothing: the header tells readers the charset).
    """
    stats = MoStats()
    pairs: list[tuple[bytes, bytes]] = []
    sysdep: list[tuple[str, list[str]]] = []
    for e in entries:
        if e.obsolete:
            continue
        if e.msgid_plural:  # polib has "" for singular entries, poparse None
            forms = _forms(e)
            done = bool(forms) and forms[0] != ""
            key = e.msgid + "\0" + e.msgid_plural
        else:
            forms = [e.msgstr or ""]
            done = forms[0] != ""
            key = e.msgid
        header = e.msgid == "" and e.msgctxt is None
        if not done:
            if not header:
                stats.untranslated += 1
            continue
        if not header and not use_fuzzy and "fuzzy" in e.flags:
            stats.fuzzy += 1
            continue
        if header:
            # msgfmt leaves the template's creation date out, so a re-extraction alone does not
            # change the .mo
            forms = [_drop_first_field(forms[0], "POT-Creation-Date:")]
        if e.msgctxt is not None:
            key = e.msgctxt + "\x04" + key
        if not header and e.flags and any(f in _SYSDEP_FLAGS for f in e.flags) and "%" in key + "".join(forms):
            value = "\0".join(forms)
            if _sysdep_segments(key) or _sysdep_segments(value):
                stats.compiled += 1
                sysdep.append((key, value))
                continue
        pairs.append((key.encode(encoding), "\0".join(forms).encode(encoding)))
        if not header:
            stats.compiled += 1
    stats.sysdep = [(k.encode(encoding), v.encode(encoding)) for k, v in sysdep]
    stats.written = len(pairs) + len(sysdep)
    return pairs, stats


def _drop_first_field(header: str, name: str) -> str:
    lines = header.splitlines(True)
    for i, ln in enumerate(lines):
        if ln.startswith(name):
            return "".join(lines[:i] + lines[i + 1 :])
    return header


def _forms(e) -> list[str]:
    sp = e.msgstr_plural
    if isinstance(sp, dict):  # polib
        return [sp[k] for k in sorted(sp)]
    return list(sp)


def _next_prime(n: int) -> int:
    """msgfmt's next_prime, whose primality test calls 3 composite (so 2 → 5, as in its files)."""
    n |= 1
    while True:
        d, sq = 3, 9
        while sq < n and n % d:
            d += 1
            sq += 4 * d
            d += 1
        if n % d:
            return n
        n += 2


def _hash(b: bytes) -> int:
    """libintl's hash_string (a PJW hash over 32 bits) of a C string: up to the first NUL."""
    h = 0
    for c in b.partition(b"\0")[0]:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g | (g >> 24)
    return h


def _hash_table(keys: list[bytes], size: int) -> list[int]:
    table = [0] * size
    for i, h in enumerate(map(_hash, keys)):
        idx = h % size
        incr = 1 + h % (size - 2)
        while table[idx]:
            idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = i + 1
    return table


def build_mo(pairs: list[tuple[bytes, bytes]], sysdep: list[tuple[bytes, bytes]] | None = None) -> bytes:
    """Serialise (original, translation) pairs as a little-endian .mo file laid out as msgfmt
    lays it out (the same bytes for the same messages), in one pass."""
    pairs = sorted(pairs, key=lambda p: p[0])
    sysdep = sysdep or []  # msgfmt keeps these in file order
    n = len(pairs)
    hash_size = max(3, _next_prime((n + len(sysdep)) * 4 // 3))
    head = 28 + (20 if sysdep else 0)
    orig_table_off = head
    trans_table_off = orig_table_off + 8 * n
    hash_off = trans_table_off + 8 * n
    pos = hash_off + 4 * hash_size
    strings: list[bytes] = []
    extra = b""
    if sysdep:
        cut = [[_cut(k.decode("latin-1"), key=True), _cut(v.decode("latin-1"))] for k, v in sysdep]
        names = list(dict.fromkeys(name for pair in cut for segs in pair for _, name in segs if name))
        seg_off = pos
        orig_sd_off = seg_off + 8 * len(names)
        trans_sd_off = orig_sd_off + 4 * len(sysdep)
        desc_off = trans_sd_off + 4 * len(sysdep)
        descs = [segs for k in (0, 1) for segs in (pair[k] for pair in cut)]
        desc_sizes = [4 + 8 * len(segs) for segs in descs]
        pos = desc_off + sum(desc_sizes)
    orig_index: list[int] = []
    trans_index: list[int] = []
    for k, _ in pairs:
        orig_index += (len(k), pos)
        strings.append(k + b"\0")
        pos += len(k) + 1
    for _, v in pairs:
        trans_index += (len(v), pos)
        strings.append(v + b"\0")
        pos += len(v) + 1
    if sysdep:
        seg_table = []
        for name in names:
            b = name.encode("latin-1") + b"\0"
            seg_table += (len(b), pos)
            strings.append(b)
            pos += len(b)
        desc_words: list[int] = []
        for segs in descs:
            static = "".join(text for text, _ in segs).encode("latin-1") + b"\0"
            desc_words.append(pos)
            for i, (text, name) in enumerate(segs):
                size = len(text.encode("latin-1")) + (1 if i == len(segs) - 1 else 0)
                desc_words += (size, names.index(name) if name else _SEGMENTS_END)
            strings.append(static)
            pos += len(static)
        offs, at = [], desc_off
        for size in desc_sizes:
            offs.append(at)
            at += size
        extra = struct.pack(
            f"<5I{2 * len(names)}I{len(offs)}I{len(desc_words)}I",
            len(names), seg_off, len(sysdep), orig_sd_off, trans_sd_off, *seg_table, *offs, *desc_words,
        )
    hash_table = _hash_table([k for k, _ in pairs], hash_size)
    # minor revision 1: system-dependent strings; major 1: some use the I flag (glibc only)
    revision = (1 + (0x10000 if "I" in names else 0)) if sysdep else 0
    header = struct.pack("<7I", MAGIC, revision, n, orig_table_off, trans_table_off, hash_size, hash_off)
    tables = [struct.pack(f"<{2 * n}I", *orig_index), struct.pack(f"<{2 * n}I", *trans_index), struct.pack(f"<{hash_size}I", *hash_table)]
    if sysdep:
        # the five sysdep header words come right after the classic header; the rest after the hash table
        sd_head, sd_rest = extra[:20], extra[20:]
        return b"".join([header, sd_head, *tables, sd_rest, *strings])
    return b"".join([header, *tables, *strings])


def mo_bytes(entries: Iterable, *, use_fuzzy: bool = False, encoding: str = "utf-8") -> tuple[bytes, MoStats]:
    """Compile parsed entries (or a polib POFile, header included via ``po_entries``) to .mo bytes."""
    if hasattr(entries, "metadata") and hasattr(entries, "ordered_metadata"):
        entries = po_entries(entries)
    pairs, stats = mo_pairs(entries, use_fuzzy=use_fuzzy, encoding=encoding)
    return build_mo(pairs, stats.sysdep), stats


def po_entries(po) -> list:
    """A polib POFile's entries with its header as a first entry (polib keeps it apart)."""
    import polib

    header = polib.POEntry(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in po.ordered_metadata()))
    return [header, *po]


def compile_po(data: bytes, path, *, use_fuzzy: bool = False) -> dict[str | None, tuple[bytes, MoStats]]:
    """Compile a PO file's bytes: one .mo per domain, as msgfmt writes (``None``: the entries
    before any ``domain`` directive, which go to the file's own .mo). The .mo keeps the catalog's
    charset. A syntax or encoding error is a LocnewsError naming the line."""
    from locnews.catalogs.poparse import parse
    from locnews.catalogs.pofile import decode_po_lenient, po_codec
    from locnews.errors import LocnewsError

    codec = po_codec(data, path)
    text, bad_bytes = decode_po_lenient(data, path)  # bad bytes in comments: fine, as for msgfmt
    cat = parse(text)
    errors = sorted(bad_bytes + cat.errors, key=lambda f: f[0])
    if errors:
        line, msg = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise LocnewsError(msg + more, path, line)
    try:
        return {
            domain: mo_bytes(entries, use_fuzzy=use_fuzzy, encoding=codec)
            for domain, entries in (cat.by_domain() or {None: []}).items()
        }
    except UnicodeEncodeError as exc:  # a \x escape for a character the charset lacks
        raise LocnewsError(f"a string holds {exc.object[exc.start]!r}, which {codec} cannot encode", path) from None
