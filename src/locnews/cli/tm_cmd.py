"""`locnews tm`: the translation memory (import reviewed catalog entries, TMX in and out)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from locnews.cli._app import app, guarded

tm_app = typer.Typer(help="Translation memory: reviewed pairs from article catalogs, TMX import/export.",
                     no_args_is_help=True)
app.add_typer(tm_app, name="tm")

TM_OPTION = typer.Option(
    None, "--tm", envvar="LOCNEWS_TM", help="Memory database (default: <project>/.locnews/tm.sqlite)."
)


@tm_app.command("import")
@guarded
def tm_import(
    paths: Optional[List[Path]] = typer.Argument(
        None, help="Article catalogs (.po) or folders of them (default: the project's locales/)."
    ),
    tm: Optional[Path] = TM_OPTION,
) -> None:
    """Add the reviewed (non-fuzzy) entries of article catalogs to the memory."""
    from locnews.harvest import reviewed_rows
    from locnews.mt.tm import TranslationMemory, default_tm_path

    rows, n_files = reviewed_rows(list(paths or []))  # everything read and checked before writing
    with TranslationMemory(tm or default_tm_path()) as mem:
        changed = mem.add_many(rows)
        total = len(mem)
    print(f"locnews: {len(rows)} reviewed pairs in {n_files} catalog(s), {changed} new or updated; "
          f"memory holds {total} ({tm or default_tm_path()})", file=sys.stderr)


@tm_app.command("export")
@guarded
def tm_export(
    file: Path = typer.Argument(..., help="TMX file to write."),
    tm: Optional[Path] = TM_OPTION,
    from_lang: Optional[str] = typer.Option(None, "--from", help="Only this source language."),
    to_lang: Optional[str] = typer.Option(None, "--to", help="Only this target language."),
) -> None:
    """Write the memory as TMX 1.4."""
    from locnews.mt.tm import TranslationMemory, default_tm_path

    with TranslationMemory(tm or default_tm_path(), create=False) as mem:
        n = mem.export_tmx(file, from_lang, to_lang)
    print(f"locnews: {n} translation units written to {file}", file=sys.stderr)


@tm_app.command("import-tmx")
@guarded
def tm_import_tmx(
    file: Path = typer.Argument(..., help="TMX file to read."),
    tm: Optional[Path] = TM_OPTION,
) -> None:
    """Add every translation unit of a TMX file to the memory."""
    from locnews.mt.tm import TranslationMemory, default_tm_path, read_tmx

    rows = read_tmx(file)  # a broken file fails before the memory is touched
    with TranslationMemory(tm or default_tm_path()) as mem:
        changed = mem.add_many(rows)
        total = len(mem)
    print(f"locnews: {len(rows)} units read, {changed} new or updated; memory holds {total}", file=sys.stderr)


@tm_app.command("lookup")
@guarded
def tm_lookup(
    text: str = typer.Argument(..., help="Source sentence."),
    from_lang: str = typer.Option(..., "--from", help="Language of the sentence: id or en."),
    to_lang: str = typer.Option(..., "--to", help="Language of the translation wanted: id or en."),
    tm: Optional[Path] = TM_OPTION,
) -> None:
    """Show the best memory match for a sentence (exact, or fuzzy >= 80% with numbers substituted)."""
    from locnews.mt.tm import TranslationMemory, default_tm_path

    with TranslationMemory(tm or default_tm_path(), create=False) as mem:
        m = mem.lookup(text, from_lang, to_lang)
    if m is None:
        print("locnews: no match", file=sys.stderr)
        raise typer.Exit(1)
    print(f"{m.score:.0%}\t{m.target}\t({m.origin})")
