"""`locnews archive`: re-translate a whole archive folder, resumably, the MT step here or on Ray."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from locnews.cli._app import app, guarded


@app.command("archive")
@guarded
def archive(
    folder: Path = typer.Argument(..., help="The archive: a folder of article files (text or HTML)."),
    from_lang: str = typer.Option(..., "--from", help="Source language: id or en."),
    to_lang: str = typer.Option(..., "--to", help="Target language: id or en."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Folder for the translated articles (default: catalogs only)."),
    engine: str = typer.Option("local", "--engine", help="Where MT runs: local (this machine) or ray (a Ray cluster)."),
    address: Optional[str] = typer.Option(
        None, "--address", help="An existing Ray cluster (e.g. ray://head:10001 or auto; default: start one here)."
    ),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Ray workers, one CPU each (default: the cluster's CPUs)."),
    chunk: int = typer.Option(64, "--chunk", min=1, help="Articles per chunk (memory and locks are per chunk)."),
    staging: Optional[Path] = typer.Option(
        None, "--staging", help="SQLite file of translations already computed (default: beside the catalogs)."
    ),
    model: Optional[str] = typer.Option(None, "--model", help="Model package name (see `locnews models list`)."),
    tm: Optional[Path] = typer.Option(None, "--tm", envvar="LOCNEWS_TM", help="Translation memory (default: the project's, if present)."),
    no_tm: bool = typer.Option(False, "--no-tm", help="Do not use the translation memory."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary TSV (default: locales/glossary.tsv)."),
    locales: Optional[Path] = typer.Option(None, "--locales", help="Folder of catalogs (default: the project's locales/)."),
    beam_size: Optional[int] = typer.Option(None, "--beam-size", min=1, max=16, help="Beam size (default: measured best)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Bring every article's catalog (and translation) up to date; rerun to resume. JSON summary on stdout."""
    from locnews import translate as tr
    from locnews.archive import ArchiveOptions, translate_archive
    from locnews.errors import LocnewsError
    from locnews.mt.engines import ENGINES

    if engine not in ENGINES:
        raise LocnewsError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine != "ray" and (address or workers):
        raise LocnewsError("--address and --workers go with --engine ray")
    tr.check_pair(from_lang, to_lang)
    opts = tr.Options(from_lang=from_lang, to_lang=to_lang, model=model, locales_dir=locales, tm_path=tm,
                      use_tm=not no_tm, glossary_path=glossary, progress=False)
    if beam_size:
        opts.beam_size = beam_size
    aopts = ArchiveOptions(engine=engine, address=address, workers=workers, chunk=chunk, staging=staging,
                           progress=not quiet)
    summary = translate_archive(folder, opts, aopts, out)
    sys.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
    for f in summary.failed:
        print(f"locnews: error: {f['error']}", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(2)

