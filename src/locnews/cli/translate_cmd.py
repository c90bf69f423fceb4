"""`locnews translate`: articles -> reviewable article catalogs + the other edition's draft."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from locnews.cli._app import app, guarded


@app.command("translate")
@guarded
def translate(
    files: List[Path] = typer.Argument(..., help="Article files (text or HTML), or a folder of them."),
    from_lang: Optional[str] = typer.Option(
        None, "--from", help="Source language: id or en (default: file name suffix, else detected)."
    ),
    to_lang: str = typer.Option(..., "--to", help="Target language: id or en."),
    out: Optional[Path] = typer.Option(
        None, "-o", "--out",
        help="Where the translated article goes (a folder for several). Default for one article: stdout.",
    ),
    model: Optional[str] = typer.Option(None, "--model", help="Model package name (see `locnews models list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout instead of the article."),
    tm: Optional[Path] = typer.Option(
        None, "--tm", envvar="LOCNEWS_TM", help="Translation memory (default: <project>/.locnews/tm.sqlite if present)."
    ),
    no_tm: bool = typer.Option(False, "--no-tm", help="Do not use the translation memory."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary TSV (default: locales/glossary.tsv)."),
    locales: Optional[Path] = typer.Option(
        None, "--locales", help="Folder of catalogs (default: the project's locales/, else ./locales)."
    ),
    beam_size: Optional[int] = typer.Option(None, "--beam-size", min=1, max=16, help="Beam size (default: measured best)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line, no progress bar."),
) -> None:
    """Machine-translate articles offline into locales/<to>/articles/<slug>.po and the other edition."""
    from locnews import translate as tr
    from locnews.errors import LocnewsError

    if from_lang is None:
        from_lang = _guess_lang(files)
    tr.check_pair(from_lang, to_lang)
    several = len(files) > 1 or any(f.is_dir() for f in files)
    if out is not None and several and out.exists() and not out.is_dir():
        raise LocnewsError("several articles: -o must be a folder", out)
    opts = tr.Options(
        from_lang=from_lang,
        to_lang=to_lang,
        model=model,
        locales_dir=locales,
        tm_path=tm,
        use_tm=not no_tm,
        glossary_path=glossary,
        progress=not quiet,
    )
    if beam_size:
        opts.beam_size = beam_size
    if locales is None and not quiet:
        _say_where_catalogs_go()
    import os

    timeout = os.environ.get("LOCNEWS_LOCK_TIMEOUT")
    if timeout:
        try:
            opts.lock_timeout = float(timeout)
        except ValueError:
            raise LocnewsError(f"LOCNEWS_LOCK_TIMEOUT must be a number of seconds, not {timeout!r}") from None
    report = tr.translate_files(list(files), opts, output=out, output_is_dir=several or (out is not None and out.is_dir()))
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif out is None:
        if len(report.articles) == 1:
            sys.stdout.write(report.articles[0].text)
        else:
            print("locnews: note: articles not written (several inputs: give -o FOLDER); catalogs updated",
                  file=sys.stderr)
    if not quiet:
        print(f"locnews: {report.summary()}", file=sys.stderr)


def _say_where_catalogs_go() -> None:
    """A project found above the current folder: say so, catalogs do not land in ./locales."""
    import os

    from locnews.paths import project_root

    root = project_root()
    if root is not None and root != Path(os.getcwd()).resolve():
        print(f"locnews: note: catalogs go to {root / 'locales'} (the nearest project folder above; "
              f"--locales to choose)", file=sys.stderr)


def _guess_lang(files: List[Path]) -> str:
    from locnews.errors import LocnewsError
    from locnews.translate import LANGUAGES

    for f in files:
        for part in f.name.lower().split(".")[1:-1]:
            if part in LANGUAGES:
                return part
    first = next((f for f in files if f.is_file()), None)
    if first is None:
        raise LocnewsError("give the source language with --from")
    from locnews.pages.readers import read_article

    return read_article(first).lang  # the reader's decision: a page's lang checked against its text
