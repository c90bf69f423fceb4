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
from locnews.catalogs.pofile import accepted_nplurals, charset_codec, decode_po_lenient, parse_plural_forms

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

ENTRY_CHECKS: list[EntryCheck] = []  # msgfmt --check's own: errors
EXTRA_ENTRY_CHECKS: list[EntryCheck] = []  # beyond msgfmt: warnings, errors with --strict
CATALOG_CHECKS: list[CatalogCheck] = []


def entry_check(fn: EntryCheck | None = None, *, beyond_msgfmt: bool = False):
    """Register a check run on every live entry msgfmt compiles (translated, not fuzzy unless
    --allow-fuzzy). ``beyond_msgfmt``: a defect msgfmt lets through, so a warning unless --strict."""

    def register(f: EntryCheck) -> EntryCheck:
        (EXTRA_ENTRY_CHECKS if beyond_msgfmt else ENTRY_CHECKS).append(f)
        return f

    return register(fn) if fn is not None else register


def catalog_check(fn: CatalogCheck) -> CatalogCheck:
    """Register a whole-catalog check; it yields (level, line, message) with level "error",
    "warning" or "extra" (beyond msgfmt: a warning unless --strict)."""
    CATALOG_CHECKS.append(fn)
    return fn


# --------------------------------------------------------------------------- catalog checks

# msgfmt's header rules (gettext's msgl-check.c, check_header_entry): a field counts only at the
# start of a line and followed by ':'; it is a warning when missing or when its whole value is the
# template's (xgettext's); a missing header entry is fatal with --check-header.
HEADER_FIELDS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": None,
    "Content-Type": "text/plain; charset=CHARSET",
    "Content-Transfer-Encoding": "ENCODING",
    "Language": "",
}


@catalog_check
def check_header(ctx: Context) -> Iterator[tuple[str, int, str]]:
    """msgfmt checks the header of every domain (``domain "NAME"`` directives)."""
    missing = []
    for domain, entries in ctx.cat.by_domain().items():
        h = next((e for e in entries if e.is_header), None)
        if h is None:
            missing.append(domain)
        else:
            yield from _check_header_entry(ctx, h)
    if missing:
        where = " of domain " + ", ".join(f"'{d}'" for d in missing) if missing != [None] else ""
        yield "error", 1, f"PO file header{where} missing (the entry with an empty msgid)"
    if not ctx.cat.entries:
        yield "error", 1, "PO file header missing (the entry with an empty msgid)"


def _check_header_entry(ctx: Context, h: Entry) -> Iterator[tuple[str, int, str]]:
    line = h.msgstr_line or h.line
    if not h.msgstr:
        yield "error", line, "PO file header invalid: its msgstr is empty"
        return
    lines = h.msgstr.split("\n")
    for k, default in HEADER_FIELDS.items():
        value = next((ln[len(k) + 1 :] for ln in lines if ln.startswith(k + ":")), None)
        if value is None:
            yield "warning", line, f"header field '{k}' missing in header"
        elif default is not None and value.removeprefix(" ") == default:
            yield "warning", line, f"header field '{k}' still has the initial default value"
    meta = ctx.cat.metadata(h)
    ct = meta.get("Content-Type", "")
    m = re.search(r"charset=([^\s;]+)", ct)
    if not m:
        yield "warning", line, "charset missing in header: message conversion to the user's charset will not work"
    elif charset_codec(m.group(1)) is None:
        yield "warning", line, f"charset '{m.group(1)}' is not a portable encoding name"
    lang = meta.get("Language", "")
    if lang and not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*(@\w+)?", lang):
        yield "extra", line, f"header field 'Language' is not a language code: '{lang}'"


def _first_plural(ctx: Context) -> Entry | None:
    """The first plural entry msgfmt compiles (translated, not fuzzy unless --use-fuzzy)."""
    for e in ctx.cat.entries:
        if e.msgid_plural is not None and not e.obsolete and e.translated_first and (ctx.allow_fuzzy or not e.fuzzy):
            return e
    return None


@catalog_check
def check_plural_forms(ctx: Context) -> Iterator[tuple[str, int, str]]:
    h = ctx.cat.header
    if h is None:
        return
    line = h.msgstr_line or h.line
    value = ctx.cat.metadata().get("Plural-Forms")
    first = _first_plural(ctx)
    parsed = parse_plural_forms(value)
    if parsed is None:
        if value is not None and "plural=" in value.replace("nplurals=", ""):
            yield "error", line, f"Plural-Forms: invalid plural expression in '{value}'"
        elif first is not None:
            yield "error", first.msgstr_line, "message catalog has plural form translations, but the header lacks 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;'"
        elif value is None:
            yield "extra" if _has_plurals(ctx) else "warning", line, "header field 'Plural-Forms' missing in header"
        return
    n, expr = parsed
    try:
        values = plural_values(expr)
    except ZeroDivisionError:
        yield "error", line, "Plural-Forms: the plural expression can produce a division by zero"
        return
    except (ValueError, SyntaxError, RecursionError):
        yield "error", line, f"Plural-Forms: invalid plural expression '{expr}'"
        return
    if n < 1:
        yield "error", line, f"Plural-Forms: nplurals={n} must be at least 1"
        return
    top = max(values)
    if top >= n:
        yield "error", line, f"Plural-Forms: nplurals = {n} but the plural expression can produce values as large as {top}"
    if ctx.lang:
        accepted = accepted_nplurals(ctx.lang)
        if accepted and n not in accepted:
            # msgfmt checks no count against the language; gettext practice and CLDR differ
            want = " or ".join(str(k) for k in sorted(accepted))
            yield "warning", line, f"Plural-Forms: nplurals={n}, but language '{ctx.lang}' has {want} plural form(s)"


def _has_plurals(ctx: Context) -> bool:
    return any(e.msgid_plural is not None and not e.obsolete for e in ctx.cat.entries)


def plural_values(expr: str) -> list[int]:
    """The plural expression's value for n = 0..999 (what msgfmt's check_plural_eval looks at)."""
    fn = gettext.c2py(expr)
    return [fn(k) for k in range(1000)]


@catalog_check
def check_plural_counts(ctx: Context) -> Iterator[tuple[str, int, str]]:
    """msgfmt names the first compiled entry with too few and the first with too many forms; the
    others are warnings here (and every uncompiled entry with a wrong count, which msgfmt skips)."""
    n = ctx.nplurals
    if n is None:
        return
    seen_few = seen_many = False
    for e in ctx.cat.entries:
        if e.msgid_plural is None or e.obsolete:
            continue
        have = len(e.msgstr_plural)
        if have == n:
            continue
        compiled = e.translated_first and (ctx.allow_fuzzy or not e.fuzzy)
        msg = f"the header says nplurals = {n}, but this message has {have} plural form(s)"
        if compiled and have < n and not seen_few:
            seen_few = True
            yield "error", e.msgstr_line, msg
        elif compiled and have > n and not seen_many:
            seen_many = True
            yield "error", e.msgstr_line, msg
        else:
            yield "extra", e.msgstr_line, msg


@catalog_check
def check_duplicates(ctx: Context) -> Iterator[tuple[str, int, str]]:
    seen: dict[tuple, Entry] = {}
    for e in ctx.cat.entries:
        key = (e.domain, e.msgctxt, e.msgid)  # obsolete entries included, as msgfmt
        first = seen.get(key)
        if first is None:
            seen[key] = e
            continue
        # msgfmt's lines: the second's msgid, the first's msgstr
        where = f"line {first.msgstr_line}"
        ctxt = f" (msgctxt '{e.msgctxt}')" if e.msgctxt is not None else ""
        yield "error", e.msgid_line, f"duplicate message definition{ctxt}; the first is at {where}"


# --------------------------------------------------------------------------- entry checks


# Entry checks run on some 20,000 entries of a big catalog: each returns a list (usually the
# shared empty one) and leaves at once when the entry cannot have its defect.
_NONE: list[Finding] = []


@entry_check(beyond_msgfmt=True)
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


def _unflagged_kinds(e: Entry) -> list[str]:
    """Named placeholders in an entry without a format flag (article catalogs, hand-written ones):
    dropping %(name)s or {name} breaks the page, so they are checked too, beyond msgfmt; bare %
    and {} in prose are not."""
    if e.flags and any(f.endswith("-format") for f in e.flags):
        return []
    src = e.msgid or ""
    out = []
    if "%" in src and _AUTO_NAMED_PY.search(src):
        out.append("python-format")
    if "{" in src and _AUTO_NAMED_BRACE.search(src):
        out.append("python-brace-format")
    return out


def _compare_entry(ctx: Context, e: Entry, kinds: Iterable[str]) -> list[Finding]:
    assert e.msgid is not None
    out: list[Finding] = []
    several = e.msgid_plural is not None and len(e.msgstr_plural) > 1
    for kind in kinds:
        if e.msgid_plural is None:
            out.extend((e.msgstr_line, msg) for msg in formats.compare(kind, e.msgid, e.msgstr or ""))
            continue
        for i, s in enumerate(e.msgstr_plural):
            if not s:
                continue
            # msgfmt compares every form with msgid_plural; a form used for a few numbers only
            # (English "one comment") may leave the number out
            strict = not several  # no valid Plural-Forms: msgfmt cannot tell, and is lenient
            if several and ctx.strict_forms is not None and i < len(ctx.strict_forms):
                strict = ctx.strict_forms[i]
            out.extend(
                (e.msgstr_line, msg)
                for msg in formats.compare(kind, e.msgid_plural, s, strict=strict, field_name=f"msgstr[{i}]")
            )
    return out


@entry_check
def check_placeholders(ctx: Context, e: Entry) -> list[Finding]:
    if not e.flags:
        return _NONE
    kinds = [f for f in e.flags if f in formats.PARSERS]
    return _compare_entry(ctx, e, kinds) if kinds else _NONE


@entry_check(beyond_msgfmt=True)
def check_unflagged_placeholders(ctx: Context, e: Entry) -> list[Finding]:
    kinds = _unflagged_kinds(e)
    return _compare_entry(ctx, e, kinds) if kinds else _NONE


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


def check_text(
    text: str, path: Path, *, allow_fuzzy: bool = False, threshold: float = 100.0, strict: bool = False
) -> CatalogReport:
    cat = parse(text)
    report = CatalogReport(path=str(path), threshold=threshold)
    report.errors.extend(cat.errors)
    report.warnings.extend(cat.warnings)
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
    extra = report.errors if strict else report.warnings
    for check in CATALOG_CHECKS:
        for level, line, msg in check(ctx):
            (report.errors if level == "error" else extra if level == "extra" else report.warnings).append((line, msg))
    checks = list(ENTRY_CHECKS)
    extra_checks = list(EXTRA_ENTRY_CHECKS)
    for e in cat.entries:
        if e.obsolete:
            report.obsolete += 1
            continue
        if e.is_header:
            continue
        if not e.translated_first:
            report.untranslated += 1
            continue
        if e.fuzzy:
            report.fuzzy += 1
            if not allow_fuzzy:
                continue  # msgfmt checks only what it compiles
        else:
            report.translated += 1
        for chk in checks:
            found = chk(ctx, e)
            if found:
                report.errors.extend(found)
        for chk in extra_checks:
            found = chk(ctx, e)
            if found:
                extra.extend(found)
    done = report.translated + (report.fuzzy if allow_fuzzy else 0)
    total = report.translated + report.fuzzy + report.untranslated
    report.percent = round(100.0 * done / total, 2) if total else 100.0
    report.errors.sort(key=lambda f: f[0])
    report.warnings.sort(key=lambda f: f[0])
    return report


def check_file(path: str | Path, *, allow_fuzzy: bool = False, threshold: float = 100.0, strict: bool = False) -> CatalogReport:
    """Check one catalog. A missing or unreadable file is a usage error (LocnewsError, exit 2);
    a catalog that cannot be decoded is reported as a failed check with its line."""
    p = Path(path)
    data = read_bytes(p, "PO catalog")
    try:
        text, bad_bytes = decode_po_lenient(data, p)
    except LocnewsError as err:
        return CatalogReport(path=str(p), percent=0.0, errors=[(err.line or 1, err.message)], threshold=threshold)
    if not text.strip():
        return CatalogReport(path=str(p), percent=0.0, errors=[(1, "empty PO catalog")], threshold=threshold)
    report = check_text(text, p, allow_fuzzy=allow_fuzzy, threshold=threshold, strict=strict)
    if bad_bytes:
        report.errors = sorted(report.errors + bad_bytes, key=lambda f: f[0])
    return report


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
    from locnews.fileio import expand_paths

    return expand_paths(paths, none_found="no catalogs (*.po) found in this folder")


def check_paths(
    paths: list[Path], default_root: Path, *, allow_fuzzy: bool = False, threshold: float = 100.0, strict: bool = False
) -> list[CatalogReport]:
    if not 0.0 <= threshold <= 100.0:
        raise LocnewsError(f"--min-translated must be between 0 and 100, not {threshold:g}")
    files = find_catalogs(paths, default_root)
    return [check_file(f, allow_fuzzy=allow_fuzzy, threshold=threshold, strict=strict) for f in files]
