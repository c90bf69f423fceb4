"""Helpers shared by the review tests: a project with a translated article, and its review server."""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "isis-children.id.txt"


def wrong_number(texts: list[str]) -> list[str]:
    """A fake engine: "EN " + the masked text, with a number made up where there are two (a QA finding)."""
    return ["EN " + t + (" 987" if "#2" in t else "") for t in texts]


def translated_project(root: Path, article: str | None = None, translator: Callable = wrong_number,
                       name: str = "isis-children.id.txt") -> tuple[Path, Path]:
    """``root`` with news/<name> (the sample, or ``article``) translated id->en by a fake engine.

    Returns (article path, catalog path). The catalog is what `locnews translate` writes.
    """
    from locnews.translate import Options, translate_files

    news = root / "news"
    news.mkdir(parents=True, exist_ok=True)
    src = news / name
    if article is None:
        shutil.copy(SAMPLE, src)
    else:
        src.write_text(article, encoding="utf-8")
    (root / "locales").mkdir(exist_ok=True)
    opts = Options("id", "en", locales_dir=root / "locales", use_tm=False, progress=False)
    report = translate_files([src], opts, translator=translator)
    return src, Path(report.articles[0].catalog)


@contextlib.contextmanager
def review_server(root: Path, *articles: Path) -> Iterator:
    """`locnews review` in-process on a free port; yields the server (``.url``, ``.session``)."""
    from locnews.review.server import ReviewServer, open_session

    session = open_session(list(articles), "id", "en", locales_dir=root / "locales",
                           tm_path=root / ".locnews" / "tm.sqlite")
    server = ReviewServer(session, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def request(url: str, method: str = "GET", body: dict | None = None, path: str | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    """One HTTP request to the server at ``url`` (``path`` replaces the URL's path and query)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    target = path if path is not None else parts.path + ("?" + parts.query if parts.query else "")
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json"} if body is not None else {}
    hdrs.update(headers or {})
    conn.request(method, target, body=data, headers=hdrs)
    resp = conn.getresponse()
    out = resp.status, resp.read()
    conn.close()
    return out
