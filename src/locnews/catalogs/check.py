"""``locnews catalog check``: completeness counts and defects of PO catalogs, as a CI gate.

Counts follow ``msgfmt --statistics`` (a fuzzy entry is not done, an entry whose first form is
empty is untranslated); every defect ``msgfmt --check`` reports is reported here on the same entry,
plus what msgfmt lets through (a plural entry with a form left empty, Plural-Forms that do not fit
the language, placeholders of unflagged entries). Checks are small functions in a registry, in the
manner of Babel's ``checkers``: add one with ``@entry_check`` or ``@catalog_check``.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from locnews.catalogs import formats
from locnews.errors import LocnewsError
from locnews.fileio import read_bytes
from locnews.catalogs.poparse import Entry, ParsedCatalog, parse
from locnews.catalogs.pofile import decode_po, parse_plural_forms, plural_forms

Finding = tuple[int, str]  # (line, message)


@dataclass
class Context:
    path: Path
    cat: ParsedCatalog
    lang: str | None
    nplurals: int | None  # from the header; None when missing or invalid
    strict_forms: list[bool] | None  # per plural form: must it use every placeholder?
    allow_fuzzy: bool = False


@dataclass
class CatalogReport:
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    percent: float = 100.0
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    threshold: float = 100.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.percent >= self.threshold

    def to_json(self) -> dict:
        d = asdict(self)
        d["errors"] = [{"line": ln, "message": m} for ln, m in self.errors]
        d["warnings"] = [{"line": ln, "message": m} for ln, m in self.warnings]
        d["passed"] = self.ok
        return d


EntryCheck = Callable[[Context, Entry], Iterable[Finding]]
CatalogCheck = Callable[[Context], Iterable[tuple[str, int, str]]]  # (level, line, message)

ENTRY_CHECKS: list[EntryCheck] = []
CATALOG_CHECKS: list[CatalogCheck] = []


def entry_check(fn: EntryCheck) -> EntryCheck:
    """Register a check run on every live entry that counts as translated."""
    ENTRY_CHECKS.append(fn)
    return fn


def catalog_check(fn: CatalogCheck) -> CatalogCheck:
    CATALOG_CHECKS.append(fn)
    return fn


# --------------------------------------------------------------------------- catalog checks

REQUIRED_FIELDS = ("Content-Type", "Language")
RECOMMENDED_FIELDS = (
    "Project-Id-Version",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "MIME-Version",
    "Content-Transfer-Encoding",
)


@catalog_check
def check_header(ctx: Context) -> Iterator[tuple[str, int, str]]:
    h = ctx.cat.header
    if h is None:
        yield "error", 1, "PO file header missing (the entry with an empty msgid)"
        return
    line = h.msgstr_line or h.line
    meta = ctx.cat.metadata()
    for k in REQUIRED_FIELDS:
        if not meta.get(k):
            yield "error", line, f"header field '{k}' missing in header"
    ct = meta.get("Content-Type", "")
    if ct:
        m = re.search(r"charset=([^\s;]+)", ct)
        if not m:
            yield "error", line, "header field 'Content-Type' names no charset"
        elif m.group(1).upper() == "CHARSET":
            yield "error", line, "header field 'Content-Type' still has the placeholder charset 'CHARSET'"
        else:
            try:
                "".encode(m.group(1))
            except LookupError:
                yield "error", line, f"header field 'Content-Type' names an unknown charset '{m.group(1)}'"
    lang = meta.get("Language", "")
    if lang and not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*(@\w+)?", lang):
        yield "error", line, f"header field 'Language' is not a language code: '{lang}'"
    for k in RECOMMENDED_FIELDS:
        if k not in meta:
            yield "warning", line, f"header field '{k}' missing in header"


@catalog_check
def check_plural_forms(ctx: Context) -> Iterator[tuple[str, int, str]]:
    h = ctx.cat.header
    if h is None:
        return
    line = h.msgstr_line or h.line
    meta = ctx.cat.metadata()
    value = meta.get("Plural-Forms")
    has_plurals = any(e.msgid_plural is not None and not e.obsolete for e in ctx.cat.entries)
    if value is None:
        if has_plurals:
            yield "error", line, "catalog has plural entries, but the header lacks 'Plural-Forms'"
        else:
            yield "warning", line, "header field 'Plural-Forms' missing in header"
        return
    parsed = parse_plural_forms(value)
    if parsed is None:
        yield "error", line, f"header field 'Plural-Forms' is invalid: '{value}' (expected 'nplurals=N; plural=EXPRESSION;')"
        return
    n, expr = parsed
    if n < 1:
        yield "error", line, f"Plural-Forms: nplurals={n} must be at least 1"
        return
    try:
        fn = gettext.c2py(expr)
        top = max(fn(k) for k in range(0, 1000))
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError):
        yield "error", line, f"Plural-Forms: invalid plural expression '{expr}'"
        return
    if top >= n:
        yield "error", line, f"Plural-Forms: the plural expression gives {top}, but nplurals={n}"
    if ctx.lang:
        want = plural_forms(ctx.lang)[0]
        if want != n:
            yield "error", line, f"Plural-Forms: nplurals={n}, but language '{ctx.lang}' has {want} plural form(s)"


@catalog_check
def check_duplicates(ctx: Context) -> Iterator[tuple[str, int, str]]:
    seen: dict[tuple, Entry] = {}
    for e in ctx.cat.entries:
        key = (e.msgctxt, e.msgid)
        first = seen.get(key)
        if first is None:
            seen[key] = e
            continue
        where = f"line {first.msgid_line}"
        ctxt = f" (msgctxt '{e.msgctxt}')" if e.msgctxt is not None else ""
        yield "error", e.msgid_line, f"duplicate message definition{ctxt}; the first is at {where}"


# --------------------------------------------------------------------------- entry checks


# Entry checks run on some 20,000 entries of a big catalog: each returns a list (usually the
# shared empty one) and leaves at once when the entry cannot have its defect.
_NONE: list[Finding] = []


@entry_check
def check_plural_count(ctx: Context, e: Entry) -> list[Finding]:
    if e.msgid_plural is None or ctx.nplurals is None:
        return _NONE
    have = len(e.msgstr_plural)
    if have != ctx.nplurals:
        return [(e.msgstr_line, f"the header says nplurals={ctx.nplurals}, but this entry has {have} plural form(s)")]
    return _NONE


@entry_check
def check_empty_forms(ctx: Context, e: Entry) -> list[Finding]:
    if e.msgid_plural is None or all(e.msgstr_plural):
        return _NONE
    return [
        (e.msgstr_line, f"msgstr[{i}] is empty while msgstr[0] is translated")
        for i, s in enumerate(e.msgstr_plural)
        if i and s == ""
    ]


@entry_check
def check_newlines(ctx: Context, e: Entry) -> list[Finding]:
    msgid = e.msgid or ""
    plural = e.msgid_plural
    if "\n" not in msgid and (plural is None or "\n" not in plural):
        forms = e.msgstr_plural if plural is not None else (e.msgstr or "",)
        if not any(f[:1] == "\n" or f[-1:] == "\n" for f in forms):
            return _NONE
    out: list[Finding] = []
    for i, s in enumerate(e.forms):
        if not s:
            continue
        src = msgid if i == 0 or plural is None else plural
        name = "msgstr" if plural is None else f"msgstr[{i}]"
        line = e.msgstr_line  # msgfmt points at the first msgstr line of the entry
        if src.startswith("\n") != s.startswith("\n"):
            out.append((line, f"'msgid' and '{name}' entries do not both begin with '\\n'"))
        if src.endswith("\n") != s.endswith("\n"):
            out.append((line, f"'msgid' and '{name}' entries do not both end with '\\n'"))
    return out


_AUTO_NAMED_PY = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_AUTO_NAMED_BRACE = re.compile(r"(?<!\{)\{[A-Za-z_]\w*(?:[!:][^{}]*)?\}(?!\})")


def _format_kinds(e: Entry) -> list[str]:
    kinds = [f for f in e.flags if f in formats.PARSERS] if e.flags else []
    if kinds:
        return kinds
    # Unflagged entries (article catalogs, hand-written ones): named placeholders are checked
    # too, since dropping %(name)s or {name} breaks the page; bare % and {} in prose are not.
    src = e.msgid or ""
    out = []
    if "%" in src and "no-python-format" not in e.flags and _AUTO_NAMED_PY.search(src):
        out.append("python-format")
    if "{" in src and "no-python-brace-format" not in e.flags and _AUTO_NAMED_BRACE.search(src):
        out.append("python-brace-format")
    return out


@entry_check
def check_placeholders(ctx: Context, e: Entry) -> list[Finding]:
    kinds = _format_kinds(e)
    if not kinds:
        return _NONE
    assert e.msgid is not None
    out: list[Finding] = []
    for kind in kinds:
        if e.msgid_plural is None:
            out.extend((e.msgstr_line, msg) for msg in formats.compare(kind, e.msgid, e.msgstr or ""))
            continue
        for i, s in enumerate(e.msgstr_plural):
            if not s:
                continue
            strict = True
            if ctx.strict_forms is not None and i < len(ctx.strict_forms):
                strict = ctx.strict_forms[i]
            out.extend(
                (e.msgstr_line, msg)
                for msg in formats.compare(kind, e.msgid_plural, s, strict=strict, field_name=f"msgstr[{i}]")
            )
    return out


# --------------------------------------------------------------------------- driver


def _strict_forms(expr: str, n: int) -> list[bool] | None:
    """Which plural forms stand for many numbers (and so must show the number), as msgfmt decides."""
    try:
        fn = gettext.c2py(expr)
        counts = [0] * n
        for k in range(0, 1000):
            j = fn(k)
            if 0 <= j < n:
                counts[j] += 1
    except Exception:
        return None
    return [c > 5 for c in counts]


def language_of(path: Path, meta: dict[str, str]) -> str | None:
    lang = meta.get("Language", "").strip()
    if lang:
        return lang.replace("-", "_")
    parts = path.resolve().parts
    for marker in ("LC_MESSAGES", "articles"):
        if marker in parts:
            i = parts.index(marker)
            if i >= 1:
                return parts[i - 1]
    return None


def check_text(text: str, path: Path, *, allow_fuzzy: bool = False, threshold: float = 100.0) -> CatalogReport:
    cat = parse(text)
    report = CatalogReport(path=str(path), threshold=threshold)
    report.errors.extend(cat.errors)
    meta = cat.metadata()
    parsed = parse_plural_forms(meta.get("Plural-Forms"))
    ctx = Context(
        path=path,
        cat=cat,
        lang=language_of(path, meta),
        nplurals=parsed[0] if parsed else None,
        strict_forms=_strict_forms(parsed[1], parsed[0]) if parsed else None,
        allow_fuzzy=allow_fuzzy,
    )
    for check in CATALOG_CHECKS:
        for level, line, msg in check(ctx):
            (report.errors if level == "error" else report.warnings).append((line, msg))
    checks = list(ENTRY_CHECKS)
    for e in cat.entries:
        if e.obsolete:
            report.obsolete += 1
            continue
        if e.is_header:
            continue
        if not e.translated_first:
            report.untranslated += 1
            # a wrong number of forms is wrong even before anyone translates the entry
            report.errors.extend(check_plural_count(ctx, e))
            continue
        if e.fuzzy:
            report.fuzzy += 1
            if not allow_fuzzy:
                report.errors.extend(check_plural_count(ctx, e))
                continue
        else:
            report.translated += 1
        for chk in checks:
            found = chk(ctx, e)
            if found:
                report.errors.extend(found)
    done = report.translated + (report.fuzzy if allow_fuzzy else 0)
    total = report.translated + report.fuzzy + report.untranslated
    report.percent = round(100.0 * done / total, 2) if total else 100.0
    report.errors.sort(key=lambda f: f[0])
    report.warnings.sort(key=lambda f: f[0])
    return report


def check_file(path: str | Path, *, allow_fuzzy: bool = False, threshold: float = 100.0) -> CatalogReport:
    """Check one catalog. A missing or unreadable file is a usage error (LocnewsError, exit 2);
    a catalog that cannot be decoded is reported as a failed check with its line."""
    p = Path(path)
    data = read_bytes(p, "PO catalog")
    try:
        text = decode_po(data, p)
    except LocnewsError as err:
        return CatalogReport(path=str(p), percent=0.0, errors=[(err.line or 1, err.message)], threshold=threshold)
    if not text.strip():
        return CatalogReport(path=str(p), percent=0.0, errors=[(1, "empty PO catalog")], threshold=threshold)
    return check_text(text, p, allow_fuzzy=allow_fuzzy, threshold=threshold)


def find_catalogs(paths: list[Path], default_root: Path) -> list[Path]:
    """Expand the command line: files as given, directories searched for ``*.po``.

    No paths: every catalog under ``default_root`` (UI and article catalogs).
    """
    if not paths:
        if not default_root.is_dir():
            raise LocnewsError("no locales/ folder here; give catalog paths or run in a project", default_root)
        found = sorted(default_root.rglob("*.po"))
        if not found:
            raise LocnewsError("no catalogs found", default_root)
        return found
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(p.rglob("*.po"))
            if not found:
                raise LocnewsError("no catalogs (*.po) found in this folder", p)
            out.extend(found)
        elif not p.exists():
            raise LocnewsError("no such file", p)
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def check_paths(paths: list[Path], default_root: Path, *, allow_fuzzy: bool = False, threshold: float = 100.0) -> list[CatalogReport]:
    if not 0.0 <= threshold <= 100.0:
        raise LocnewsError(f"--min-translated must be between 0 and 100, not {threshold:g}")
    files = find_catalogs(paths, default_root)
    return [check_file(f, allow_fuzzy=allow_fuzzy, threshold=threshold) for f in files]
