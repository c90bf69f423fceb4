"""`locnews review`: a side-by-side review page for article catalogs, served on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from locnews.cli._app import app, guarded


@app.command("review")
@guarded
def review(
    files: List[Path] = typer.Argument(..., help="Article files (text or HTML) that `translate` made catalogs for, or a folder."),
    from_lang: str = typer.Option(..., "--from", help="The articles' language: id or en."),
    to_lang: str = typer.Option(..., "--to", help="The catalogs' language: id or en."),
    port: int = typer.Option(0, "--port", help="Port on 127.0.0.1, 1-65535 (default: any free port)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Only print the page's URL."),
    tm: Optional[Path] = typer.Option(
        None, "--tm", envvar="LOCNEWS_TM", help="Translation memory approved pairs go to (default: <project>/.locnews/tm.sqlite)."
    ),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary TSV (default: locales/glossary.tsv)."),
    locales: Optional[Path] = typer.Option(None, "--locales", help="Folder of catalogs (default: the project's locales/)."),
) -> None:
    """Review translations in the browser: the article side by side, edit, approve; saves to the catalogs."""
    from locnews.errors import LocnewsError
    from locnews.review.server import ReviewServer, open_session
    from locnews.translate import check_pair, expand_inputs

    check_pair(from_lang, to_lang)
    if not 0 <= port <= 65535:
        raise LocnewsError(f"--port must be a port number (1-65535), not {port}")
    session = open_session(expand_inputs(list(files), from_lang), from_lang, to_lang,
                           locales_dir=locales, tm_path=tm, glossary_path=glossary)
    server = ReviewServer(session, port)
    print(server.url, flush=True)
    print("locnews: serving the review page on 127.0.0.1 only; Ctrl+C stops it", file=sys.stderr)
    if not no_browser and _has_gui():
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("locnews: review stopped", file=sys.stderr)
    finally:
        server.server_close()


def _has_gui() -> bool:
    """On Linux without a display, webbrowser would start a text browser in this terminal."""
    import os

    return not sys.platform.startswith("linux") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
