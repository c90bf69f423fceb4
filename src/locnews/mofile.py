"""A linear-time GNU ``.mo`` writer.

polib's ``save_as_mofile`` and Babel's ``write_mo`` build the file by repeated ``bytes``
concatenation (quadratic: seconds on a 20,000-entry catalog); this one joins a list once. It also
follows msgfmt on what goes in: untranslated entries (an empty first form) and fuzzy ones (unless
asked) are left out, where Babel writes untranslated plural entries with the source strings.

Format (GNU gettext manual, "The Format of GNU MO Files"): a 28-byte header, a table of
(length, offset) for the sorted original strings, the same for the translations, then the strings,
each NUL-terminated. Contexts are ``ctxt + "\\x04" + msgid``; plural ids and forms are joined with
NUL. No hash table (size 0): Python's ``gettext`` and GNU libintl both fall back to binary search.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import polib

MAGIC = 0x950412DE


@dataclass
class MoStats:
    compiled: int = 0  # messages written, the header excluded
    fuzzy: int = 0
    untranslated: int = 0


def _header_text(po: polib.POFile) -> str:
    # polib.POFile.ordered_metadata keeps the file's field order
    return "".join(f"{k}: {v}\n" for k, v in po.ordered_metadata())


def mo_pairs(po: polib.POFile, *, use_fuzzy: bool = False) -> tuple[list[tuple[bytes, bytes]], MoStats]:
    """The (original, translation) byte pairs msgfmt would write, unsorted, header first."""
    enc = "utf-8"
    stats = MoStats()
    pairs: list[tuple[bytes, bytes]] = [(b"", _header_text(po).encode(enc))]
    for e in po:
        if e.obsolete or (e.msgid == "" and not e.msgctxt):
            continue
        if e.msgid_plural:
            forms = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
            done = bool(forms) and forms[0] != ""
        else:
            forms = [e.msgstr]
            done = e.msgstr != ""
        if not done:
            stats.untranslated += 1
            continue
        if "fuzzy" in e.flags and not use_fuzzy:
            stats.fuzzy += 1
            continue
        key = e.msgid if not e.msgid_plural else e.msgid + "\0" + e.msgid_plural
        if e.msgctxt is not None:
            key = e.msgctxt + "\x04" + key
        pairs.append((key.encode(enc), "\0".join(forms).encode(enc)))
        stats.compiled += 1
    return pairs, stats


def build_mo(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """Serialise (original, translation) pairs as a little-endian .mo file, in one pass."""
    pairs = sorted(pairs, key=lambda p: p[0])
    n = len(pairs)
    orig_table_off = 28
    trans_table_off = orig_table_off + 8 * n
    data_off = trans_table_off + 8 * n
    orig_index: list[int] = []
    trans_index: list[int] = []
    chunks: list[bytes] = []
    pos = data_off
    for k, _ in pairs:
        orig_index += (len(k), pos)
        chunks.append(k + b"\0")
        pos += len(k) + 1
    for _, v in pairs:
        trans_index += (len(v), pos)
        chunks.append(v + b"\0")
        pos += len(v) + 1
    header = struct.pack("<7I", MAGIC, 0, n, orig_table_off, trans_table_off, 0, data_off)
    return b"".join(
        [header, struct.pack(f"<{2 * n}I", *orig_index), struct.pack(f"<{2 * n}I", *trans_index), *chunks]
    )


def mo_bytes(po: polib.POFile, *, use_fuzzy: bool = False) -> tuple[bytes, MoStats]:
    pairs, stats = mo_pairs(po, use_fuzzy=use_fuzzy)
    return build_mo(pairs), stats
