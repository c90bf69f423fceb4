"""`locnews catalog extract|init|update|compile|pretranslate|check`: the site's UI string catalogs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import List, Optional

import typer

from locnews.cli._app import app, guarded

catalog_app = typer.Typer(
    name="catalog",
    help="Manage the site's gettext catalogs: extract, init, update, compile, pretranslate, check.",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")

LocalesOpt = typer.Option(
    None, "--locales", help="The locales folder (default: the project's locales/, else ./locales)."
)


def _locales(locales: Optional[Path]) -> Path:
    from locnews.catalogs.ui import locales_dir

    return locales.resolve() if locales else locales_dir()


def _show(p: Path | str) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    p = Path(p)
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return str(p)
    return rel if not rel.startswith("..") else str(p)


@catalog_app.command("extract")
@guarded
def extract_cmd(
    root: Optional[Path] = typer.Option(None, "--root", help="Project root to extract from (default: the project)."),
    locales: Optional[Path] = LocalesOpt,
    pages: Optional[List[Path]] = typer.Option(
        None, "--pages", help="HTML article pages whose furniture (menus, labels) to add (repeatable)."
    ),
) -> None:
    """Extract UI strings from templates and Python sources into locales/messages.pot (Babel).

    Uses babel.cfg at the project root when there is one, else templates/**.html (Jinja2) and
    src/**.py. References, extracted comments (Translators:), contexts, plurals and
    python-format / python-brace-format flags are kept. With --pages, the short furniture strings
    of those pages (what `locnews segment --format json` lists as kind furniture) are added too.
    """
    from locnews.catalogs.ui import extract, pot_path, project_dir, write_template
    from locnews.errors import LocnewsError

    base = root.resolve() if root else project_dir()
    if not base.is_dir():
        raise LocnewsError("not a folder", base)
    loc = locales.resolve() if locales else base / "locales"
    pot = extract(base)
    if pages:
        _add_page_furniture(pot, pages, base)
    if not len(pot):
        raise LocnewsError("no translatable strings found (check babel.cfg)", base)
    target = pot_path(loc)
    written = write_template(pot, target)
    typer.echo(f"{_show(target)}: {len(pot)} messages" + ("" if written else " (unchanged)"))


def _add_page_furniture(pot, pages: List[Path], base: Path) -> None:
    """Add every page's short furniture strings (read all pages before changing the template)."""
    import polib

    from locnews.pages.extract import furniture_strings
    from locnews.pages.readers import read_article

    found = []
    for page in pages:
        doc = read_article(page)
        if doc.format != "html":
            from locnews.errors import LocnewsError

            raise LocnewsError("not an HTML page", page)
        found.append((page, furniture_strings(doc)))
    known = {(e.msgctxt, e.msgid): e for e in pot}
    for page, strings in found:
        try:
            ref = page.resolve().relative_to(base).as_posix()
        except ValueError:
            ref = page.as_posix()
        for text, line in strings:
            entry = known.get((None, text))
            if entry is None:
                entry = polib.POEntry(msgid=text, msgstr="", comment="furniture of a news page")
                pot.append(entry)
                known[(None, text)] = entry
            entry.occurrences.append((ref, str(line)))


@catalog_app.command("init")
@guarded
def init_cmd(
    lang: str = typer.Argument(..., help="Language code, e.g. en, id, pt_BR."),
    force: bool = typer.Option(False, "--force", help="Replace an existing catalog."),
    locales: Optional[Path] = LocalesOpt,
) -> None:
    """Create <lang>/LC_MESSAGES/messages.po from the template, with the language's Plural-Forms."""
    from locnews.catalogs.ui import init

    path = init(lang, _locales(locales), force=force)
    typer.echo(f"{_show(path)}: created")


@catalog_app.command("update")
@guarded
def update_cmd(
    lang: Optional[List[str]] = typer.Option(None, "--lang", "-l", help="Only these languages (repeatable)."),
    no_fuzzy: bool = typer.Option(False, "--no-fuzzy-matching", help="Do not match changed msgids fuzzily."),
    locales: Optional[Path] = LocalesOpt,
) -> None:
    """Merge messages.pot into every <lang>/LC_MESSAGES/messages.po.

    Translations are kept; a changed msgid gets the closest old translation marked fuzzy with the
    old msgid as `#|`; vanished entries become obsolete; plural entries get the header's number
    of forms.
    """
    from locnews.catalogs.ui import update

    for r in update(_locales(locales), fuzzy_matching=not no_fuzzy, langs=lang or None):
        typer.echo(f"{_show(r.path)}: {r.stats}" + ("" if r.changed else " (unchanged)"))


@catalog_app.command("compile")
@guarded
def compile_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, help="Catalogs to compile (default: every UI catalog)."),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Include fuzzy translations in the .mo."),
    locales: Optional[Path] = LocalesOpt,
) -> None:
    """Write a .mo beside every .po (fuzzy and untranslated entries left out, as msgfmt does)."""
    from locnews.catalogs.ui import compile_all

    loc = _locales(locales)
    for r in compile_all(loc, use_fuzzy=use_fuzzy, paths_=list(paths) if paths else None):
        skipped = []
        if r.skipped_fuzzy:
            skipped.append(f"{r.skipped_fuzzy} fuzzy")
        if r.skipped_untranslated:
            skipped.append(f"{r.skipped_untranslated} untranslated")
        tail = f" ({', '.join(skipped)} left out)" if skipped else ""
        typer.echo(f"{_show(r.mo_path)}: {r.compiled} messages{tail}")


@catalog_app.command("pretranslate")
@guarded
def pretranslate_cmd(
    lang: str = typer.Argument(..., help="Language of the catalog to fill."),
    model: Optional[str] = typer.Option(None, "--model", help="Model package name (default: the best for the pair)."),
    locales: Optional[Path] = LocalesOpt,
) -> None:
    """Fill empty translations by offline MT, marked fuzzy; translated entries are never touched."""
    from locnews.pretranslate import pretranslate

    r = pretranslate(lang, _locales(locales), model=model)
    tail = f", {r.skipped} left empty (the model lost a placeholder)" if r.skipped else ""
    typer.echo(f"{_show(r.path)}: {r.filled} filled by {r.engine}{tail}" if r.filled or r.skipped else f"{_show(r.path)}: nothing to fill")


@catalog_app.command("check")
@guarded
def check_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, help="Catalogs or folders (default: every catalog under locales/)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report."),
    min_translated: float = typer.Option(100.0, "--min-translated", metavar="PCT", help="Required translated percentage."),
    allow_fuzzy: bool = typer.Option(False, "--allow-fuzzy", help="Count fuzzy entries as translated (and check them)."),
    strict: bool = typer.Option(
        False, "--strict", help="Also fail on what msgfmt lets through (dropped placeholders of unflagged entries, empty plural forms, …)."
    ),
    locales: Optional[Path] = LocalesOpt,
) -> None:
    """Counts and defects of catalogs, as a CI gate: exit 0 all pass, 1 any fails, 2 usage error.

    Errors are what `msgfmt --check` calls errors, on the same entries (syntax, encoding,
    duplicates, format strings, plural forms, header); its warnings are warnings. Defects msgfmt
    lets through are warnings too, errors with --strict. Fuzzy entries count as not translated
    unless --allow-fuzzy.
    """
    from locnews.catalogs.check import check_paths

    reports = check_paths(
        list(paths or []), _locales(locales), allow_fuzzy=allow_fuzzy, threshold=min_translated, strict=strict
    )
    failed = [r for r in reports if not r.ok]
    if as_json:
        data = {"catalogs": []}
        for r in reports:
            d = r.to_json()
            d["path"] = _show(r.path)
            data["catalogs"].append(d)
        data["passed"] = not failed
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            shown = _show(r.path)
            for line, msg in r.errors:
                typer.echo(f"{shown}:{line}: {msg}")
            for line, msg in r.warnings:
                typer.echo(f"{shown}:{line}: warning: {msg}")
            verdict = "ok" if r.ok else ("FAILED" if r.errors else f"FAILED (below {min_translated:g}%)")
            typer.echo(
                f"{shown}: {r.translated} translated, {r.fuzzy} fuzzy, {r.untranslated} untranslated, "
                f"{r.obsolete} obsolete ({r.percent:g}%) - {len(r.errors)} error(s) - {verdict}"
            )
        n = len(reports)
        typer.echo(f"{n - len(failed)} of {n} catalog(s) passed" if failed else f"all {n} catalog(s) passed")
    if failed:
        raise typer.Exit(1)
