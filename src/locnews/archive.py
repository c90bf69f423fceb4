"""`locnews archive`: re-translate a whole archive, in chunks, resumably, the MT step local or on Ray.

The archive streams through `translate.translate_files` a chunk at a time (memory and locks per
chunk, not per run). Everything but MT — segmenting, memory, masking, QA, catalog and article
writes — runs here exactly as `locnews translate` runs it; only the distinct masked segments go to
the engine (`mt.engines`: this process, or a Ray cluster), in units of one batch each, so
``--engine ray`` writes the same bytes as ``--engine local``.

Resumable and idempotent:

* each catalog's header records what it was made from: ``X-Locnews-Source-Hash`` (the article's
  bytes) and ``X-Locnews-Run-Hash`` (model bytes, languages, beam, glossary). An article whose
  catalog says the same, and whose translated file is no older than its catalog, is skipped;
* every translation the engine returns is committed to a staging database (SQLite, beside the
  catalogs) before any catalog is written, so after a kill a rerun computes nothing twice.

A reviewer's entries win: catalogs are read under their lock only when their chunk is written, and
`translate_files` never overwrites a reviewed entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from locnews.catalogs.articles import article_slug, catalog_path
from locnews.errors import LocnewsError
from locnews.translate import ARTICLE_SUFFIXES, Options, output_name, translate_files

SOURCE_HASH = "X-Locnews-Source-Hash"
RUN_HASH = "X-Locnews-Run-Hash"
CHUNK = 64  # articles per chunk: a few thousand segments, seconds of MT on a few workers
#: chunks at once. One: `translate_files` holds the catalogs folder's lock through MT, so a second
#: chunk of the same folder would only wait on it (and time out behind a slow chunk)
IN_FLIGHT = 1
_HEADER = re.compile(r'^"(X-Locnews-(?:Source|Run)-Hash): ([0-9a-f]+)\\n"$', re.MULTILINE)


@dataclass
class ArchiveOptions:
    engine: str = "local"  # "local" or "ray"
    address: str | None = None  # an existing Ray cluster (None: start one on this machine)
    workers: int | None = None  # Ray actors (default: the cluster's CPUs)
    chunk: int = CHUNK
    staging: Path | None = None  # default: <locales>/<to>/articles/.staging.sqlite
    progress: bool = True


@dataclass
class Summary:
    engine: str
    workers: int = 0
    model: str = ""
    articles: int = 0  # in the archive
    translated: int = 0
    up_to_date: int = 0
    segments: int = 0  # catalog segments of the translated articles
    machine: int = 0  # of which machine-translated
    mt_computed: int = 0  # distinct segments the engine translated in this run
    mt_staged: int = 0  # distinct segments found in the staging database
    failed: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    engine_start_s: float = 0.0  # of which starting the engine (a Ray cluster, its workers, the model)
    peak_rss_mb: float = 0.0  # this process (the driver); Ray workers are processes of their own

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["seconds"] = round(self.seconds, 3)
        d["engine_start_s"] = round(self.engine_start_s, 3)
        d["articles_per_s"] = round(self.translated / self.seconds, 2) if self.seconds else 0.0
        d["segments_per_s"] = round(self.segments / self.seconds, 1) if self.seconds else 0.0
        return d


# --------------------------------------------------------------------------------------------------
# the archive and what is up to date


def list_articles(folder: Path, from_lang: str) -> list[str]:
    """File names (not paths: a million of them fit in ~100 MB) of the ``from_lang`` articles."""
    from locnews.translate import _file_lang

    if not folder.is_dir():
        raise LocnewsError("not a folder (locnews archive takes the archive's folder)", folder)
    names = []
    with os.scandir(folder) as it:
        for e in it:
            if e.name.startswith(".") or not e.is_file() or Path(e.name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            lang = _file_lang(Path(e.name))
            if lang is None:
                from locnews.fileio import read_text
                from locnews.text.lang import detect_language

                lang = detect_language(read_text(Path(e.path), "article"))
            if lang == from_lang:
                names.append(e.name)
    if not names:
        raise LocnewsError(f"no {from_lang} articles (*.txt, *.html) in this folder", folder)
    names.sort()
    slugs: dict[str, str] = {}
    for n in names:
        other = slugs.setdefault(article_slug(n), n)
        if other != n:
            raise LocnewsError(f"{other} and {n} would share one catalog (same name): rename one", folder)
    return names


def run_hash(fingerprint: str, opts: Options, glossary) -> str:
    """What every article's translation depends on besides the article itself."""
    parts = {
        "model": fingerprint, "from": opts.from_lang, "to": opts.to_lang, "beam": opts.beam_size,
        "batch": opts.max_batch_size, "glossary": glossary.pairs(opts.from_lang, opts.to_lang),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def catalog_hashes(path: Path) -> dict[str, str]:
    """The two hash fields of a catalog's header (read from its first 4 KB only)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return {}
    return dict(_HEADER.findall(head))


def _outputs(out_dir: Path | None, name: str, to_lang: str) -> list[Path]:
    if out_dir is None:
        return []
    src = Path(name)
    return [out_dir / output_name(src, to_lang, fmt) for fmt in ("html", "text")]


def is_up_to_date(cat: Path, source_hash: str, run: str, outputs: list[Path]) -> bool:
    h = catalog_hashes(cat)
    if h.get(SOURCE_HASH) != source_hash or h.get(RUN_HASH) != run:
        return False
    if not outputs:
        return True
    # written after its catalog: an output older than it was cut off by a kill, or predates a review
    done = [o for o in outputs if o.exists()]
    return bool(done) and done[0].stat().st_mtime_ns >= cat.stat().st_mtime_ns


# --------------------------------------------------------------------------------------------------
# staging: translations computed, committed before any catalog uses them


class Staging:
    """(model and decoding settings, masked segment) -> raw translation, in SQLite; shared by chunk threads."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fp = fingerprint
        self.db = sqlite3.connect(path, timeout=120, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS mt (model TEXT, source TEXT, target TEXT, degenerate INTEGER,"
            " PRIMARY KEY (model, source))"
        )
        self.lock = threading.Lock()

    def get(self, texts: list[str]) -> dict[str, tuple[str, bool]]:
        """source -> (translation, degenerate) for the texts already staged."""
        out: dict[str, tuple[str, bool]] = {}
        with self.lock:
            for k in range(0, len(texts), 500):
                part = texts[k:k + 500]
                q = f"SELECT source, target, degenerate FROM mt WHERE model = ? AND source IN ({','.join('?' * len(part))})"
                out.update((s, (t, bool(d))) for s, t, d in self.db.execute(q, [self.fp, *part]))
        return out

    def put(self, rows: dict[str, tuple[str, bool]]) -> None:
        with self.lock:
            with self.db:  # one transaction: a kill leaves all of it or none
                self.db.execute("BEGIN")
                self.db.executemany(
                    "INSERT OR IGNORE INTO mt VALUES (?, ?, ?, ?)",
                    [(self.fp, s, t, int(d)) for s, (t, d) in rows.items()],
                )

    def close(self) -> None:
        self.db.close()


class StagedTranslator:
    """What `translate_files` calls for MT (``.translate``): staging first, the engine for the rest.

    The missing segments are sorted by length and cut into units of one batch, so the batch a
    segment is decoded in depends only on the chunk, never on the engine. Like `Engine`, it names
    its model and keeps the inputs whose output stayed degenerate, for the pipeline's QA.
    """

    def __init__(self, staging: Staging, open_engine, model_name: str, unit: int) -> None:
        self.staging = staging
        self._open = open_engine
        self.engine = None
        self.model_name = model_name
        self.unit = unit
        self.computed = 0
        self.staged = 0
        self.degenerate: set[str] = set()
        self._lock = threading.Lock()

    def translate(self, texts: list[str]) -> list[str]:
        have = self.staging.get(texts)
        missing = sorted({t for t in texts if t not in have}, key=lambda t: (len(t), t))
        if missing:
            units = [missing[k:k + self.unit] for k in range(0, len(missing), self.unit)]
            new = {
                s: (t, s in degenerate)
                for u, (out, degenerate) in zip(units, self.engine.translate_units(units))
                for s, t in zip(u, out)
            }
            self.staging.put(new)
            have.update(new)
        with self._lock:
            self.computed += len(missing)
            self.staged += len(set(texts)) - len(missing)
            self.degenerate.update(t for t in texts if have[t][1])
        return [have[t][0] for t in texts]

    def start(self) -> None:
        """Open the engine (from the main thread: Ray wants it there); only runs with work call this."""
        if self.engine is None:
            self.engine = self._open()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


# --------------------------------------------------------------------------------------------------
# the run


def translate_archive(folder: Path, opts: Options, aopts: ArchiveOptions, out_dir: Path | None) -> Summary:
    """Bring every article of ``folder`` up to date; see the module doc."""
    from locnews.mt.engines import open_engine, require_ray
    from locnews.mt.glossary import load_glossary
    from locnews.mt.models import find_package, model_files
    from locnews.mt.engines import fingerprint as model_fingerprint
    from locnews.paths import project_locales_dir

    t0 = time.perf_counter()
    if aopts.engine == "ray":
        require_ray()  # before any work
    folder = Path(folder)
    names = list_articles(folder, opts.from_lang)
    package = find_package(opts.from_lang, opts.to_lang, opts.model)
    files = model_files(package)
    fp = model_fingerprint(files)
    locales = Path(opts.locales_dir) if opts.locales_dir else project_locales_dir()
    opts = _replace(opts, locales_dir=locales, progress=False)  # one bar: the archive's
    run = run_hash(fp, opts, load_glossary(opts.glossary_path, locales))
    # a staged translation is valid for the same model bytes, direction and decoding settings
    mt_key = hashlib.sha256(f"{fp}|{opts.from_lang}|{opts.to_lang}|{opts.beam_size}|{opts.max_batch_size}".encode())
    staging = Staging(aopts.staging or locales / opts.to_lang / "articles" / ".staging.sqlite", mt_key.hexdigest()[:32])
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(aopts.engine, model=f"{package.name} ({package.source}) {fp}", articles=len(names))

    def engine():
        t = time.perf_counter()
        e = open_engine(aopts.engine, package, files, beam_size=opts.beam_size,
                        max_batch_size=opts.max_batch_size, workers=aopts.workers, address=aopts.address)
        e.translate_units([["Mulai."]] * e.workers)  # every worker has loaded the model
        summary.workers, summary.engine_start_s = e.workers, time.perf_counter() - t
        return e

    # the catalog comment names the exact model bytes and beam: `translate` keeps a fuzzy machine
    # entry whose comment names the model it runs, so a new model under an old name still counts
    name = f"{package.name} ({package.source}, {fp[:8]}, beam {opts.beam_size})"
    mt = StagedTranslator(staging, engine, name, opts.max_batch_size)
    progress = _Progress(len(names), aopts.progress and sys.stderr.isatty())
    lock = threading.Lock()

    def do_chunk(chunk: list[tuple[Path, str]]) -> None:
        hashes = {article_slug(p): h for p, h in chunk}
        headers = lambda doc: {SOURCE_HASH: hashes[article_slug(doc.path)], RUN_HASH: run}  # noqa: E731
        chunk_opts = _replace(opts, catalog_headers=headers)
        done, failed = _translate_chunk([p for p, _ in chunk], chunk_opts, out_dir, mt)
        with lock:
            for report in done:
                c = report.counts()
                summary.translated += len(report.articles)
                summary.segments += c["segments"]
                summary.machine += c["machine"]
            summary.failed.extend(failed)
            progress.advance(len(chunk), sum(r.counts()["segments"] for r in done))

    try:
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            pending: list = []
            for chunk in _chunks(folder, names, opts, run, out_dir, aopts.chunk, summary, progress):
                mt.start()
                pending.append(pool.submit(do_chunk, chunk))
                if len(pending) >= IN_FLIGHT:  # bounded: memory stays one chunk per thread
                    pending.pop(0).result()
            for f in pending:
                f.result()
    finally:
        progress.close()
        mt.close()
        staging.close()
    summary.mt_computed, summary.mt_staged = mt.computed, mt.staged
    summary.seconds = time.perf_counter() - t0
    import resource

    summary.peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return summary


def _chunks(folder, names, opts, run, out_dir, size, summary, progress):
    """Chunks of (path, source hash) that are not up to date; up-to-date articles are counted done."""
    chunk: list[tuple[Path, str]] = []
    for name in names:
        path = folder / name
        h = hashlib.sha256(path.read_bytes()).hexdigest()
        cat = catalog_path(opts.locales_dir, opts.to_lang, article_slug(name))
        if is_up_to_date(cat, h, run, _outputs(out_dir, name, opts.to_lang)):
            summary.up_to_date += 1
            progress.advance(1, 0, skipped=True)
            continue
        chunk.append((path, h))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _translate_chunk(paths: list[Path], opts: Options, out_dir, mt) -> tuple[list, list[dict]]:
    """The chunk in one `translate_files` call; if an article in it is bad, each article alone."""
    from locnews.mt.engines import EngineFailed

    try:
        return [translate_files(paths, opts, output=out_dir, output_is_dir=True, translator=mt.translate)], []
    except EngineFailed:
        raise
    except LocnewsError as err:
        if len(paths) == 1:
            return [], [{"path": str(paths[0]), "error": str(err)}]
    alone = [_translate_chunk([p], opts, out_dir, mt) for p in paths]
    return [r for done, _ in alone for r in done], [f for _, failed in alone for f in failed]


def _replace(opts: Options, **changes) -> Options:
    import dataclasses

    return dataclasses.replace(opts, **changes)


class _Progress:
    """Articles done / total, segments per second and ETA, on stderr when it is a terminal."""

    def __init__(self, total: int, show: bool) -> None:
        self.total, self.show = total, show
        self.t0 = time.perf_counter()
        self.work = 0  # articles actually translated (skipped ones do not make the rate)
        self.segments = 0
        self.bar = None
        if show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("articles"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} segments/s  ETA {task.fields[eta]}"),
                console=Console(file=sys.stderr), transient=True,
            )
            self.task = self.bar.add_task("archive", total=total, rate="-", eta="-")
            self.bar.start()

    def advance(self, articles: int, segments: int, skipped: bool = False) -> None:
        if not skipped:
            self.work += articles
            self.segments += segments
        if self.bar is None:
            return
        dt = max(time.perf_counter() - self.t0, 1e-6)
        done = self.bar.tasks[0].completed + articles
        left = self.total - done
        eta = "-" if not self.work else time.strftime("%H:%M:%S", time.gmtime(left * dt / self.work))
        self.bar.update(self.task, advance=articles, rate=f"{self.segments / dt:.0f}", eta=eta)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
