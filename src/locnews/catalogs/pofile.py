"""PO file helpers on top of polib: safe loading, atomic saving, headers and plural forms.

Catalogs are polib objects, which keep a catalog's text as the translator left it (``#|`` previous
msgids, reference order, header fields), which Babel's ``write_po`` does not; every read and write
of a ``.po`` goes through here, and through :mod:`potext`'s reader and writer, which give polib's
objects and text several times faster than polib does. Babel is only asked for locale data.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

import polib

from locnews.errors import LocnewsError
from locnews.fileio import read_bytes

# Short GNU-style Plural-Forms for the languages a news site is likely to have; other languages
# fall back to CLDR's rule through Babel. Babel's own table has no entry for Indonesian and answers
# with the English default (nplurals=2), which is wrong: Indonesian has a single form.
_PLURALS: dict[str, tuple[int, str]] = {
    **{lang: (1, "0") for lang in ("id", "ms", "ja", "ko", "zh", "th", "vi", "lo", "km", "my", "jv", "su", "tr", "fa")},
    **{
        lang: (2, "(n != 1)")
        for lang in ("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fi", "es", "it", "el", "bg", "hu", "et", "ca", "eo", "pt")
    },
    **{lang: (2, "(n > 1)") for lang in ("fr", "pt_BR", "tl", "fil")},
}

# Plural-Forms as the gettext project writes them (msginit's table, gettext-tools/src/plural-table.c),
# which for Slavic languages and Romanian has fewer forms than CLDR: catalogs in the wild follow it,
# and msgfmt accepts any count. ``check`` warns only when a count fits neither this nor CLDR.
GETTEXT_NPLURALS: dict[str, int] = {
    **dict.fromkeys(("ja", "vi", "ko", "zh"), 1),
    **dict.fromkeys(
        ("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it", "bg", "el", "fi", "et",
         "he", "eo", "hu", "tr", "pt_BR", "fr"),
        2,
    ),
    **dict.fromkeys(("lv", "ga", "ro", "lt", "ru", "uk", "be", "sr", "hr", "cs", "sk", "pl"), 3),
    "sl": 4,
}

#: The language the UI msgids are written in: the site's first edition. A site written first in
#: another language sets LOCNEWS_UI_SOURCE_LANG (see :func:`source_lang`).
SOURCE_LANG = "id"


def source_lang() -> str:
    """The UI source language: $LOCNEWS_UI_SOURCE_LANG, else Indonesian."""
    return os.environ.get("LOCNEWS_UI_SOURCE_LANG", "").strip() or SOURCE_LANG


_PLURAL_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")
# msgfmt looks for the two attributes anywhere in the value, in either order
_NPLURALS_ATTR = re.compile(r"\bnplurals\s*=\s*(\d+)")
_PLURAL_ATTR = re.compile(r"\bplural\s*=\s*([^;]*)")


def plural_forms(lang: str) -> tuple[int, str]:
    """(nplurals, plural expression) for a language code such as ``id``, ``en`` or ``pt_BR``."""
    code = lang.replace("-", "_")
    for key in (code, code.split("_")[0]):
        if key in _PLURALS:
            return _PLURALS[key]
    try:
        from babel import Locale
        from babel.plural import to_gettext

        rule = to_gettext(Locale.parse(code).plural_form)
    except Exception:  # unknown locale: the common two-form rule
        return 2, "(n != 1)"
    m = _PLURAL_RE.match(rule)
    assert m is not None
    return int(m.group(1)), m.group(2)


def accepted_nplurals(lang: str) -> set[int] | None:
    """The plural-form counts a catalog in ``lang`` may declare: CLDR's and gettext practice's
    (None: a language neither table knows)."""
    code = lang.replace("-", "_")
    out = set()
    for key in (code, code.split("_")[0]):
        if key in GETTEXT_NPLURALS:
            out.add(GETTEXT_NPLURALS[key])
            break
    known = known_plural_forms(code)
    if known:
        out.add(known[0])
    else:
        try:
            from babel import Locale

            Locale.parse(code)
        except Exception:
            return out or None
        out.add(plural_forms(code)[0])
    return out


def known_plural_forms(lang: str) -> tuple[int, str] | None:
    """The Plural-Forms locnews is sure of (its own table), else None."""
    code = lang.replace("-", "_")
    return _PLURALS.get(code) or _PLURALS.get(code.split("_")[0])


def plural_forms_header(lang: str) -> str:
    n, expr = plural_forms(lang)
    return f"nplurals={n}; plural={expr};"


def parse_plural_forms(value: str | None) -> tuple[int, str] | None:
    """``"nplurals=2; plural=(n != 1);"`` → (2, "(n != 1)"); None if absent or malformed."""
    if not value:
        return None
    n = _NPLURALS_ATTR.search(value)
    expr = _PLURAL_ATTR.search(value)
    if not n or not expr or not expr.group(1).strip():
        return None
    return int(n.group(1)), expr.group(1).strip()


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


# gettext's portable charset names (po-charset.c) that Python spells otherwise; the rest (ISO-8859-x,
# KOI8-R, CP125x, EUC-JP, BIG5, GBK, SHIFT_JIS, …) Python knows under the same name.
_CODEC_ALIASES = {"ansi_x3.4-1968": "ascii", "big5-hkscs": "big5hkscs", "tis-620": "tis_620", "johab": "johab"}
_PLACEHOLDER = "charset"  # the template's "charset=CHARSET"


def charset_of(data: bytes) -> str:
    """The charset named in a PO file's Content-Type header, lower case ("utf-8" when none)."""
    m = re.search(rb'"Content-Type:[^"]*charset=([A-Za-z0-9_.:-]+)', data[:8192])
    if not m:
        return "utf-8"
    return m.group(1).decode("ascii", "replace").lower()


def charset_codec(name: str) -> str | None:
    """The Python codec for a charset name of a PO header, or None when Python has none."""
    import codecs

    key = name.strip().lower()
    try:
        return codecs.lookup(_CODEC_ALIASES.get(key, key)).name
    except LookupError:
        return None


def po_codec(data: bytes, path: str | Path) -> str:
    """The codec a PO file's bytes are in: its header's charset. A file without one (or with the
    template's ``CHARSET``) is UTF-8 when it decodes as such, else taken byte for byte (latin-1), the
    way msgfmt copies bytes it cannot convert."""
    charset = charset_of(data)
    if charset == _PLACEHOLDER or not re.search(rb'"Content-Type:[^"]*charset=', data[:8192]):
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            return "latin-1"
    codec = charset_codec(charset)
    if codec is None:
        raise LocnewsError(f"unknown charset {charset!r} in the Content-Type header", path, 1)
    return codec


def decode_po(data: bytes, path: str | Path, codec: str | None = None) -> str:
    """Decode a PO file by the charset its header names; a wrong byte is reported with its line.

    A byte-order mark is kept: msgfmt calls it a syntax error, and so does the reader.
    """
    if b"\x00" in data[:8192]:
        raise LocnewsError("looks like a binary file, not a PO catalog", path)
    codec = codec or po_codec(data, path)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LocnewsError(
            f"invalid {codec.upper()} byte 0x{data[exc.start]:02x} (the header says charset={charset_of(data)})",
            path,
            line,
        ) from None


def decode_po_lenient(data: bytes, path: str | Path) -> tuple[str, list[tuple[int, str]]]:
    """Decode as msgfmt reads: a byte the charset does not allow is an error only outside comments
    (msgfmt reports each such string line, and never looks inside comments). Returns the text
    (bad bytes kept as surrogates) and the (line, message) errors."""
    codec = po_codec(data, path)
    try:
        return decode_po(data, path, codec), []
    except LocnewsError:
        if b"\x00" in data[:8192]:
            raise
    text = data.decode(codec, "surrogateescape")
    errors = []
    for i, line in enumerate(text.split("\n"), 1):
        bad = _SURROGATE.search(line)
        if bad and not line.lstrip().startswith("#"):
            byte = ord(bad.group()) - 0xDC00
            errors.append((i, f"invalid {codec.upper()} byte 0x{byte:02x} (the header says charset={charset_of(data)})"))
    return text, errors


_SURROGATE = re.compile("[\udc80-\udcff]")


def load_po(path: str | Path, *, what: str = "PO catalog") -> polib.POFile:
    """Read a .po/.pot with polib; every failure is a one-line LocnewsError naming file and line."""
    text, codec = read_po_text(path, what=what)
    return parse_po(text, Path(path), codec)


def read_po_text(path: str | Path, *, what: str = "PO catalog") -> tuple[str, str]:
    """A PO file's text, decoded by its header's charset, and that codec (for writing it back)."""
    p = Path(path)
    data = read_bytes(p, what)
    codec = po_codec(data, p)
    return decode_po(data, p, codec), codec


def parse_po(text: str, path: str | Path, codec: str = "utf-8", *, references: bool = True) -> polib.POFile:
    """PO text as polib objects (read by :mod:`potext`, as polib reads it, faster); ``codec`` is
    remembered (``po.encoding``) for writing it back. ``references=False``: the ``#:`` lines may be
    left unread (a catalog read only to be merged into a template, whose references are kept)."""
    if not text.strip():
        raise LocnewsError("empty PO catalog", path)
    # the strict reader rejects a broken file (polib would read an unterminated string or a
    # misspelt keyword), with its line, so a broken catalog is never rewritten; what it read
    # becomes polib objects
    from locnews.catalogs.poparse import PoSyntaxError
    from locnews.catalogs.poparse import parse as strict_parse
    from locnews.catalogs.potext import from_parsed, read_canonical

    po = read_canonical(text, wrapwidth=78, references=references)  # most files: straight from the blocks
    if po is not None:
        po.fpath = str(path)
        po.encoding = codec
        return po
    cat = strict_parse(text, keep_comments=True)
    errors = cat.errors
    if errors:
        line, msg = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise LocnewsError(msg + more, path, line)
    try:
        po = from_parsed(cat, wrapwidth=78)
    except PoSyntaxError as exc:
        raise LocnewsError(exc.message, path, exc.line) from None
    po.fpath = str(path)
    po.encoding = codec
    return po


def dump_po(po: polib.POFile) -> str:
    from locnews.catalogs.potext import write

    text = write(po)
    if not po.header and text.startswith("#\n"):
        text = text[2:]  # polib writes a lone "#" for an empty header comment
    return text


def ensure_utf8(po: polib.POFile) -> None:
    """Make the header say UTF-8 (for catalogs locnews creates)."""
    ct = po.metadata.get("Content-Type")
    if ct is None or "charset=" not in ct or not ct.lower().endswith("utf-8"):
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.encoding = "utf-8"


def encode_po(po: polib.POFile) -> tuple[bytes, bool]:
    """The catalog's text in its own charset (``po.encoding``, as read); (bytes, converted).

    A catalog whose new text its charset cannot hold (a template's msgid in another script) is
    written as UTF-8 with its header changed to say so, and ``converted`` is True.
    """
    codec = charset_codec(getattr(po, "encoding", None) or "utf-8") or "utf-8"
    if codec != "utf-8":
        try:
            return dump_po(po).encode(codec), False
        except UnicodeEncodeError:
            ensure_utf8(po)
            return dump_po(po).encode("utf-8"), True
    return dump_po(po).encode("utf-8"), False


def save_po(po: polib.POFile, path: str | Path) -> bool:
    """Write a catalog atomically in its own charset (see :func:`encode_po`); True if converted."""
    from locnews.fileio import atomic_write_bytes

    data, converted = encode_po(po)
    atomic_write_bytes(path, data)
    return converted


def default_metadata(lang: str | None, project: str = "locnews site") -> dict[str, str]:
    """Header fields for a new catalog (``lang=None``: a template)."""
    meta = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now_stamp(),
        "PO-Revision-Date": now_stamp() if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "locnews" if lang else "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": f"{lang} <{lang}@li.org>" if lang else "LANGUAGE <LL@li.org>",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms_header(lang) if lang else "nplurals=INTEGER; plural=EXPRESSION;",
    }
    return meta


def entry_key(e: polib.POEntry) -> tuple[str | None, str]:
    return (e.msgctxt, e.msgid)


def nplurals_of(po: polib.POFile, lang: str | None = None) -> int:
    """The catalog's own number of plural forms, from its header, else from its language."""
    parsed = parse_plural_forms(po.metadata.get("Plural-Forms"))
    if parsed:
        return parsed[0]
    return plural_forms(lang or po.metadata.get("Language") or "en")[0]
