"""The review page's server: the standard library's ThreadingHTTPServer on 127.0.0.1 only.

Why the standard library: one reviewer on one machine, a page and a small JSON endpoint; it opens
a 200-segment article in well under a second (benchmarks/results/review.md) and adds no dependency.

Safety: bound to 127.0.0.1; requests naming another Host are refused (DNS rebinding); the page and
every write need the per-run token from the URL the command printed (403 without); responses carry
a Content-Security-Policy that allows only the page's own CSS and JavaScript.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from locnews.document import Document
from locnews.errors import LocnewsError
from locnews.review import rows as rows_mod
from locnews.review.store import Change, Conflict, save_change

if TYPE_CHECKING:
    import polib

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {"review.css": "text/css; charset=utf-8", "review.js": "text/javascript; charset=utf-8"}
MAX_BODY = 1 << 20
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
STATES = ("reviewed", "fuzzy", "untranslated")


@dataclass
class Session:
    """The articles under review, their catalogs, and the run's token. Built by :func:`open_session`."""

    docs: list[Document]
    catalogs: list[Path]
    from_lang: str
    to_lang: str
    glossary: object
    tm_path: Path  # approved pairs go here
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lock_timeout: float = 10.0
    _write: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)
    _stamps: dict = field(default_factory=dict, repr=False)  # article path -> (mtime_ns, size) read

    def __post_init__(self) -> None:
        self._stamps = {i: _stamp(d.path) for i, d in enumerate(self.docs)}

    def _refresh(self) -> None:
        """Re-read an article edited since it was read (its segments, and so the rows, may differ)."""
        from locnews.pages.readers import read_article

        for i, doc in enumerate(self.docs):
            stamp = _stamp(doc.path)
            if stamp != self._stamps.get(i):
                self.docs[i] = read_article(doc.path, lang=self.from_lang)
                self._stamps[i] = stamp

    def context(self, mems: list) -> rows_mod.Context:
        return rows_mod.Context(self.from_lang, self.to_lang, self.glossary, mems, self._cache)

    def _load(self) -> list[tuple["polib.POFile", str]]:
        """Every catalog as it is on disk now, with its version."""
        from locnews.catalogs.articles import read_catalog
        from locnews.fileio import read_bytes

        return [(read_catalog(p), rows_mod.catalog_version(read_bytes(p, "catalog"))) for p in self.catalogs]

    def articles(self) -> list[rows_mod.ArticleView]:
        self._refresh()
        ctx = self.context([])
        return [rows_mod.build_article(doc, path, po, version, ctx)
                for doc, path, (po, version) in zip(self.docs, self.catalogs, self._load())]

    def page(self) -> str:
        from locnews.review.page import render_page

        return render_page(self.articles(), self.from_lang, self.to_lang)

    def suggestions(self, i: int) -> dict:
        """Memory suggestions for article ``i``'s rows (asked by the page once it has opened)."""
        if not 0 <= i < len(self.catalogs):
            raise LocnewsError("bad request: no such catalog")
        loaded = self._load()
        with rows_mod.memories([po for po, _ in loaded], self.from_lang, self.to_lang, self.tm_path) as mems:
            view = rows_mod.build_article(self.docs[i], self.catalogs[i], *loaded[i], self.context([]))
            rows_mod.add_suggestions(view.rows, self.context(mems))
        return {"version": view.version,
                "rows": {r.id: r.suggestion.__dict__ for r in view.rows if r.suggestion is not None}}

    def save(self, payload: dict) -> dict:
        """Apply one change from the page; the answer holds the row as saved (all rows when merged)."""
        from locnews.catalogs.articles import catalog_segments

        i, change, version = self._parse(payload)
        doc, path = self.docs[i], self.catalogs[i]
        segs = {s.id: s for s in catalog_segments(doc)}
        if change.key not in segs:
            raise Conflict(f"not saved: segment {change.key} is not in the article; reload the page")
        change.msgid = segs[change.key].text
        with self._write:
            saved = save_change(path, change, version, self.lock_timeout)
        warning = self._remember(saved, i, forget=change.action == "unapprove") if change.action != "save" else None
        view = rows_mod.build_article(doc, path, saved.po, saved.version, self.context([]))
        row = next(r for r in view.rows if r.id == change.key)
        with rows_mod.memories([saved.po], self.from_lang, self.to_lang, self.tm_path) as mems:
            rows_mod.add_suggestions([row], self.context(mems))
        out = {
            "version": saved.version,
            "merged": saved.merged,
            "row": row.as_dict(),
            "left": view.left,
        }
        if saved.merged:
            out["rows"] = [r.as_dict() for r in view.rows]
        if warning:
            out["warning"] = warning
        return out

    def _parse(self, payload: dict) -> tuple[int, Change, str]:
        try:
            i = int(payload["catalog"])
            change = Change(
                key=str(payload["id"]), msgid="", base_target=str(payload["base_target"]),
                base_state=str(payload["base_state"]), target=str(payload["target"]),
                action=str(payload.get("action", "save")),
            )
            version = str(payload["version"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LocnewsError(f"bad request: {exc}") from None
        if not 0 <= i < len(self.catalogs) or change.base_state not in STATES:
            raise LocnewsError("bad request: no such catalog or state")
        return i, change, version

    def _remember(self, saved, i: int, *, forget: bool = False) -> str | None:
        """An approved pair goes into the translation memory (a dateline Babel wrote does not);
        an un-approved one comes out of it again, so the memory never serves a retracted text."""
        from locnews.catalogs.articles import entry_origin
        from locnews.mt.tm import TranslationMemory

        e = saved.entry
        if entry_origin(e) == "dateline":
            return None
        origin = f"{self.to_lang}/articles/{self.catalogs[i].stem}.po"
        try:
            if forget and not self.tm_path.is_file():
                return None  # no memory: nothing was ever stored, and none is created to say so
            with TranslationMemory(self.tm_path) as mem, mem.db:
                if forget:
                    mem.forget(e.msgid, self.from_lang, self.to_lang, origin)
                else:
                    mem.add(e.msgid, e.msgstr, self.from_lang, self.to_lang, origin)
        except (LocnewsError, OSError, sqlite3.Error) as exc:  # the catalog is saved; say what failed
            what = "removed from" if forget else "added to"
            return f"{'un-approved' if forget else 'approved'}, but not {what} the translation memory {self.tm_path}: {exc}"
        return None


def _stamp(path) -> tuple[int, int] | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None  # gone: reading it again says so, in one line
    return st.st_mtime_ns, st.st_size


def open_session(files: list[Path], from_lang: str, to_lang: str, *, locales_dir: Path | None = None,
                 tm_path: Path | None = None, glossary_path: Path | None = None) -> Session:
    """Read and check every article and catalog before anything is served."""
    from locnews.catalogs.articles import catalog_for, catalog_segments, load_translations
    from locnews.mt.glossary import load_glossary
    from locnews.mt.tm import default_tm_path
    from locnews.pages.readers import read_article
    from locnews.paths import project_locales_dir

    locales = Path(locales_dir) if locales_dir else project_locales_dir()
    docs, catalogs = [], []
    for f in files:
        doc = read_article(f, lang=from_lang)
        if not catalog_segments(doc):
            raise LocnewsError("nothing to translate in this article", f)
        load_translations(doc, to_lang, locales)  # missing, corrupt or someone else's catalog: refused
        path = catalog_for(doc, to_lang, locales)
        if path in catalogs:
            raise LocnewsError("two articles share this catalog (same name)", path)
        docs.append(doc)
        catalogs.append(path)
    glossary = load_glossary(glossary_path, locales)
    return Session(docs, catalogs, from_lang, to_lang, glossary, Path(tm_path or default_tm_path()))


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: Session, port: int = 0) -> None:
        self.session = session
        try:
            super().__init__(("127.0.0.1", port), Handler)
        except OSError as exc:
            raise LocnewsError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/?token={self.session.token}"


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "locnews-review"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if not self._host_ok():
            return self._send(403, "text/plain", b"forbidden: unknown Host")
        if url.path.startswith("/static/") and url.path[8:] in STATIC_TYPES:
            name = url.path[8:]
            return self._send(200, STATIC_TYPES[name], (STATIC / name).read_bytes())
        if url.path == "/api/suggestions":
            if not self._token_ok(url):
                return self._json(403, {"error": "forbidden: no valid token"})
            try:
                return self._json(200, self.server.session.suggestions(int((parse_qs(url.query).get("catalog") or ["0"])[0])))
            except (LocnewsError, ValueError) as err:
                return self._json(400, {"error": str(err)})
        if url.path == "/favicon.ico":  # browsers ask on their own; the page has none
            return self._send(204, "image/x-icon", b"")
        if url.path != "/":
            return self._send(404, "text/plain", b"not found")
        if not self._token_ok(url):
            return self._send(403, "text/plain", b"forbidden: open the URL `locnews review` printed (it holds the token)")
        try:
            html = self.server.session.page()
        except LocnewsError as err:
            return self._send(409, "text/plain", f"locnews: error: {err}".encode())
        self._send(200, "text/html; charset=utf-8", html.encode("utf-8"))

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if not self._host_ok() or not self._token_ok(url):
            return self._json(403, {"error": "forbidden: this write carries no valid token"})
        if url.path != "/api/save":
            return self._json(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if "application/json" not in (self.headers.get("Content-Type") or "") or not 0 < length <= MAX_BODY:
            return self._json(400, {"error": "bad request: a JSON body is expected"})
        try:
            payload = json.loads(self.rfile.read(length))
            if not isinstance(payload, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            return self._json(400, {"error": f"bad request: {exc}"})
        try:
            self._json(200, self.server.session.save(payload))
        except Conflict as err:
            self._json(409, {"error": str(err)})
        except LocnewsError as err:
            self._json(400, {"error": str(err)})

    # ----------------------------------------------------------------------------------------------
    def _token_ok(self, url) -> bool:
        given = (parse_qs(url.query).get("token") or [""])[0] or self.headers.get("X-Locnews-Token", "")
        return hmac.compare_digest(given.encode(), self.server.session.token.encode())

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _json(self, code: int, data: dict) -> None:
        self._send(code, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal shows the URL
        pass
