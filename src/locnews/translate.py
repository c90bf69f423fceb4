"""`locnews translate`: segment -> memory -> mask -> one batched MT pass -> unmask -> QA -> catalog -> output.

Everything that can fail on bad input (language pair, model, articles, existing catalogs) is checked
before anything is written. Catalogs are locked for the whole run (a second run waits, then fails
cleanly) and written atomically. The model is loaded once, and only when something needs MT.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from locnews.catalogs.articles import (
    Suggestion,
    article_slug,
    catalog_path,
    check_catalog_source,
    catalog_segments,
    kept_origin,
    locked_catalogs,
    machine_comment,
    merge_catalog,
    plan_merge,
    qa_notes,
    suggestion_from_entry,
    read_catalog,
    render_catalog,
)
from locnews.document import Document
from locnews.errors import LocnewsError
from locnews.mt.models import DEFAULT_BEAM_SIZE

LANGUAGES = ("id", "en")

BEAM_SIZE = DEFAULT_BEAM_SIZE  # chosen on dev (benchmarks/beam_dev.py); `--beam-size` overrides it
MAX_BATCH_SIZE = 32
#: Show a progress bar from this many segments to translate.
PROGRESS_MIN = 200
_CHUNK = 128  # progress granularity; each chunk is still one batched translate_batch call

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Options:
    from_lang: str
    to_lang: str
    model: str | None = None
    locales_dir: Path | None = None  # article catalogs go to <locales_dir>/<to>/articles/
    tm_path: Path | None = None  # None: the project's default memory, used if it exists
    use_tm: bool = True
    glossary_path: Path | None = None
    beam_size: int = BEAM_SIZE
    max_batch_size: int = MAX_BATCH_SIZE
    lock_timeout: float = 60.0
    progress: bool = True
    #: extra header fields for each written catalog (``locnews archive`` records what it was made from)
    catalog_headers: Callable[[Document], dict[str, str]] | None = None


@dataclass
class SegmentResult:
    id: str
    kind: str
    source: str
    target: str
    origin: str  # reviewed, memory, memory-fuzzy, previous (reviewed, source since changed), machine, dateline
    fuzzy: bool
    score: float | None = None
    qa: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        if d["score"] is None:
            del d["score"]
        return d


@dataclass
class ArticleResult:
    path: str
    catalog: str
    output: str | None = None  # where the translated article went (None: stdout / not written)
    text: str = ""  # the translated article
    segments: list[SegmentResult] = field(default_factory=list)
    catalog_changes: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "catalog": self.catalog,
            "output": self.output,
            "catalog_changes": self.catalog_changes,
            "segments": [s.as_dict() for s in self.segments],
        }


@dataclass
class Report:
    from_lang: str
    to_lang: str
    model: str | None
    articles: list[ArticleResult] = field(default_factory=list)
    seconds: float = 0.0
    mt_inputs: int = 0  # distinct strings sent to the model

    def counts(self) -> dict[str, int]:
        segs = [s for a in self.articles for s in a.segments]
        return {
            "segments": len(segs),
            "reviewed": sum(s.origin == "reviewed" for s in segs),
            "memory": sum(s.origin in ("memory", "memory-fuzzy", "previous") for s in segs),
            "machine": sum(s.origin == "machine" for s in segs),
            "dateline": sum(s.origin == "dateline" for s in segs),
            "qa_findings": sum(len(s.qa) for s in segs),
        }

    def as_dict(self) -> dict:
        return {
            "from": self.from_lang,
            "to": self.to_lang,
            "model": self.model,
            "seconds": round(self.seconds, 3),
            "mt_inputs": self.mt_inputs,
            **self.counts(),
            "articles": [a.as_dict() for a in self.articles],
        }

    def summary(self) -> str:
        c = self.counts()
        n = len(self.articles)
        return (
            f"translated {n} article{'s' if n != 1 else ''} {self.from_lang}->{self.to_lang}: "
            f"{c['segments']} segments ({c['reviewed']} reviewed, {c['memory']} from memory, "
            f"{c['machine']} machine-translated), {c['qa_findings']} QA findings, {self.seconds:.1f} s"
        )


# --------------------------------------------------------------------------------------------------
# inputs


def check_pair(from_lang: str, to_lang: str) -> None:
    for code in (from_lang, to_lang):
        if code not in LANGUAGES:
            raise LocnewsError(f"unknown language {code!r} (locnews translates {' and '.join(LANGUAGES)})")
    if from_lang == to_lang:
        raise LocnewsError(f"source and target language are both {from_lang!r}")


def _file_lang(path: Path) -> str | None:
    parts = path.name.lower().split(".")
    for p in parts[1:-1]:
        if p in LANGUAGES:
            return p
    return None


def expand_inputs(paths: list[Path], from_lang: str) -> list[Path]:
    """Files as given; a directory gives its articles in ``from_lang`` (by name suffix or content)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = []
            for f in sorted(p.iterdir()):
                if not f.is_file() or f.suffix.lower() not in ARTICLE_SUFFIXES or f.name.startswith("."):
                    continue
                lang = _file_lang(f)
                if lang is None:
                    from locnews.pages.readers import read_article

                    lang = read_article(f).lang  # the reader's one language decision
                if lang == from_lang:
                    found.append(f)
            if not found:
                raise LocnewsError(f"no {from_lang} articles (*.txt, *.html) in this folder", p)
            out.extend(found)
        else:
            out.append(p)
    return out


def read_documents(paths: list[Path], from_lang: str) -> list[Document]:
    from locnews.pages.readers import read_article

    docs = []
    for p in paths:
        doc = read_article(p, lang=from_lang)
        if not catalog_segments(doc):
            raise LocnewsError("nothing to translate in this article", p)
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------------------------------
# the pipeline


@dataclass
class _Pending:
    """A segment waiting for MT."""

    doc_i: int
    seg: object  # document.Segment
    masked: object  # protect.Masked
    inner: dict[str, object] = field(default_factory=dict)  # pair number -> Masked inner text
    title_case: bool = False  # a Title Case headline: sentence-cased for the model, title-cased after


Translator = Callable[[list[str]], list[str]]


def translate_files(
    paths: list[str | Path],
    opts: Options,
    *,
    output: Path | None = None,
    output_is_dir: bool | None = None,
    translator: Translator | None = None,
    engine_factory: Callable[[], object] | None = None,
) -> Report:
    """Translate articles into their catalogs and (with ``output``) into files. See module doc.

    ``translator`` replaces the model (library use and tests of catalog logic); by default the
    bundled/installed package for the pair is loaded once, on first need.
    """
    import dataclasses

    from locnews.text import casing

    from locnews.mt import protect
    from locnews.mt.glossary import load_glossary
    from locnews.paths import project_locales_dir

    t0 = time.perf_counter()
    check_pair(opts.from_lang, opts.to_lang)
    files = expand_inputs([Path(p) for p in paths], opts.from_lang)
    if output is not None and len(files) > 1 and output.exists() and not output.is_dir():
        raise LocnewsError("several articles need a folder for -o", output)
    package = None
    model_name = "custom translator"
    if translator is None and engine_factory is None:
        from locnews.mt.models import find_package

        package = find_package(opts.from_lang, opts.to_lang, opts.model)  # fail before any work
        model_name = f"{package.name} ({package.source})"
    elif engine_factory is not None:
        model_name = "custom engine"
    _check_memory(opts)
    if translator is not None:
        # an engine's bound translate (`locnews archive`'s names the model it runs)
        model_name = getattr(getattr(translator, "__self__", None), "model_name", model_name)
    docs = read_documents(files, opts.from_lang)
    locales = Path(opts.locales_dir) if opts.locales_dir else project_locales_dir()
    glossary = load_glossary(opts.glossary_path, locales)
    report = Report(opts.from_lang, opts.to_lang, model_name)

    cat_paths = [catalog_path(locales, opts.to_lang, article_slug(d.path or "article")) for d in docs]
    _check_one_catalog_each(docs, cat_paths)
    dests = _destinations(docs, output, output_is_dir, opts.to_lang)
    from locnews.fileio import atomic_write_text, check_writable, write_if_changed

    for path in [*cat_paths, *(d for d in dests if d is not None)]:
        check_writable(path)  # every failure before the first write (the lock file is one)
    for doc, path in zip(docs, cat_paths):
        if path.exists():  # read again under the lock; a broken one fails here, before any write
            check_catalog_source(read_catalog(path), doc, path)
    n_segs = sum(len(catalog_segments(d)) for d in docs)
    from locnews.progress import RunProgress

    bar = RunProgress(opts.progress and n_segs >= PROGRESS_MIN and sys.stderr.isatty(), 2 * n_segs)

    with locked_catalogs(cat_paths, opts.lock_timeout), bar:
        olds = [read_catalog(p) if p.exists() else None for p in cat_paths]
        for po, doc, path in zip(olds, docs, cat_paths):
            if po is not None:
                check_catalog_source(po, doc, path)
        plans = [plan_merge(po, d) for po, d in zip(olds, docs)]
        suggestions: list[dict[str, Suggestion]] = [{} for _ in docs]
        results: list[dict[str, SegmentResult]] = [{} for _ in docs]
        pending: list[_Pending] = []

        with _memories(opts, olds) as memories:
            for i, (doc, plan) in enumerate(zip(docs, plans)):
                slug = article_slug(doc.path or "article")
                # title, subheads: one segment to translate (a "| Site Name" suffix is furniture)
                alone = {own[0].id for b in doc.blocks if len(own := [s for s in b.segments if s.kind != "furniture"]) == 1}
                for seg in catalog_segments(doc):
                    bar.advance()
                    m = plan[seg.id]
                    if m.kept:  # reviewed, or a suggestion from reviewed text no one has acted on yet
                        origin = kept_origin(m.entry)
                        results[i][seg.id] = SegmentResult(
                            seg.id, seg.kind, seg.text, m.entry.msgstr, origin, "fuzzy" in m.entry.flags, qa=qa_notes(m.entry)
                        )
                        continue
                    if seg.kind == "dateline":
                        sug = _dateline(seg.text, opts.to_lang)
                    else:
                        sug = _memory_lookup(memories, seg.text, opts, slug) or suggestion_from_entry(m, machine_comment(model_name))
                    if sug is not None:
                        suggestions[i][seg.id] = sug
                        results[i][seg.id] = SegmentResult(
                            seg.id, seg.kind, seg.text, sug.text, sug.origin, sug.fuzzy, score=sug.score, qa=list(sug.qa)
                        )
                        continue
                    masked = protect.mask(seg.text, opts.from_lang, opts.to_lang, glossary)
                    title = _headline_like(seg, seg.id in alone) and casing.is_title_case(seg.text, opts.from_lang)
                    if title:
                        # protected spans are tokens by now, so names in the glossary keep their case
                        masked = dataclasses.replace(masked, text=casing.sentence_case(masked.text, opts.from_lang))
                    p = _Pending(i, seg, masked, title_case=title)
                    for num, inner in masked.pairs.items():
                        p.inner[num] = protect.mask(inner, opts.from_lang, opts.to_lang, glossary)
                    pending.append(p)

        # one batched pass over every distinct string of every article
        inputs: list[str] = []
        for p in pending:
            for m in (p.masked, *p.inner.values()):
                if _needs_mt(m.text):
                    inputs.append(m.text)
        distinct = list(dict.fromkeys(inputs))
        report.mt_inputs = len(distinct)
        outputs: dict[str, str] = {}
        if distinct:
            if translator is None:
                translator = _load_translator(opts, engine_factory)
            bar.add(len(distinct))
            outputs = _run_mt(distinct, translator, bar)

        for p in pending:
            seg = p.seg
            raw = outputs.get(p.masked.text, p.masked.text)
            inner_t = {
                num: protect.unmask(outputs.get(m.text, m.text), m).text for num, m in p.inner.items()
            }
            restored = protect.unmask(raw, p.masked, inner_t)
            if p.title_case:
                restored.text = _headline_style(restored.text, seg.text, opts.to_lang)
            qa = _qa(seg.text, restored, p.masked, glossary, opts)
            if p.masked.text in getattr(getattr(translator, "__self__", None), "degenerate", ()):
                qa.append("runaway: the model's output was degenerate even with decoding guards; source text kept")
            sug = Suggestion(restored.text, "machine", machine_comment(model_name), qa)
            suggestions[p.doc_i][seg.id] = sug
            results[p.doc_i][seg.id] = SegmentResult(seg.id, seg.kind, seg.text, sug.text, "machine", True, qa=qa)

        # all computed: now write catalogs, then articles (a file that would not change is left alone)
        new_catalogs = []
        for i, doc in enumerate(docs):
            po, stats = merge_catalog(olds[i], doc, opts.from_lang, opts.to_lang, plans[i], suggestions[i])
            if opts.catalog_headers is not None:
                po.metadata.update(opts.catalog_headers(doc))
            new_catalogs.append((po, stats))
        # render every article before the first write: a page the writer cannot handle loses nothing
        rendered = [
            render_article(doc, {sid: r.target for sid, r in results[i].items()}, opts.to_lang)
            for i, doc in enumerate(docs)
        ]
        for (po, stats), path in zip(new_catalogs, cat_paths):
            write_if_changed(path, render_catalog(po))
        bar.advance(n_segs)

    for i, doc in enumerate(docs):
        art = ArticleResult(
            path=str(doc.path),
            catalog=str(cat_paths[i]),
            segments=[results[i][s.id] for s in catalog_segments(doc) if s.id in results[i]],
            catalog_changes=new_catalogs[i][1].as_dict(),
        )
        art.text = rendered[i]
        if dests[i] is not None:
            write_if_changed(dests[i], art.text)
            art.output = str(dests[i])
        report.articles.append(art)
    report.seconds = time.perf_counter() - t0
    return report


def _check_one_catalog_each(docs: list[Document], cat_paths: list[Path]) -> None:
    """Two inputs for one catalog (x.id.txt and x.id.html, or a.id.txt given twice) are refused."""
    seen: dict[Path, Document] = {}
    for doc, path in zip(docs, cat_paths):
        if path in seen:
            raise LocnewsError(f"{seen[path].path} and {doc.path} would share this catalog (same name)", path)
        seen[path] = doc


def _check_memory(opts: Options) -> None:
    """The memory the run will read opens (read-only: a lookup never writes it)."""
    if not opts.use_tm:
        return
    from locnews.mt.tm import TranslationMemory, default_tm_path

    path = opts.tm_path or default_tm_path()
    if opts.tm_path is not None or Path(path).exists():
        TranslationMemory(path, create=False).close()


def _destinations(docs: list[Document], output: Path | None, output_is_dir: bool | None, to_lang: str) -> list[Path | None]:
    if output is None:
        return [None] * len(docs)
    if output_is_dir or (output_is_dir is None and (len(docs) > 1 or output.is_dir())):
        return [output / output_name(Path(d.path or "article.txt"), to_lang, d.format) for d in docs]
    return [output]


def output_name(source: Path, to_lang: str, fmt: str) -> str:
    ext = ".html" if fmt == "html" else (source.suffix or ".txt")
    return f"{article_slug(source)}.{to_lang}{ext}"


def render_article(doc: Document, translations: dict[str, str], to_lang: str) -> str:
    """The translated article in the input's own layout (writers from the segmentation work)."""
    from locnews.pages import writers

    if doc.format == "html":
        return writers.write_html(doc, translations, to_lang)
    return writers.write_text(doc, translations, to_lang)


# --------------------------------------------------------------------------------------------------
# pieces


@contextlib.contextmanager
def _memories(opts: Options, olds: list) -> Iterator[list]:
    """[session memory of the existing catalogs' reviewed pairs, the project memory (if any)]."""
    from locnews.catalogs.articles import reviewed_pairs
    from locnews.mt.tm import TranslationMemory, default_tm_path

    mems: list = []
    session = TranslationMemory(":memory:")
    mems.append(session)
    rows = []
    for po in olds:
        if po is not None:
            slug = po.metadata.get("X-Locnews-Article", "")
            for _, src, tgt in reviewed_pairs(po):
                rows.append((src, tgt, opts.from_lang, opts.to_lang, f"{opts.to_lang}/articles/{slug}.po"))
    session.add_many(rows)
    project = None
    if opts.use_tm:
        path = opts.tm_path or default_tm_path()
        if opts.tm_path is not None and not Path(path).exists():
            raise LocnewsError("no translation memory here (run `locnews tm import` first)", path)
        if Path(path).exists():
            project = TranslationMemory(path, create=False)
            mems.append(project)
    try:
        yield mems
    finally:
        session.close()
        if project is not None:
            project.close()


def _memory_lookup(memories: list, text: str, opts: Options, slug: str) -> Suggestion | None:
    best = None
    for mem in memories:
        m = mem.lookup(text, opts.from_lang, opts.to_lang)
        if m is not None and (best is None or m.score > best.score or (m.exact and not best.exact)):
            best = m
        if best is not None and best.exact:
            break
    if best is None:
        return None
    own = best.origin.endswith(f"/articles/{slug}.po")
    if best.exact:
        # reused as it is; still fuzzy when it was reviewed for another article (context differs)
        return Suggestion(best.target, "memory", f"translation memory: exact match from {best.origin}",
                          fuzzy=not own, score=1.0)
    return Suggestion(
        best.target,
        "memory-fuzzy",
        f"translation memory: {best.score:.0%} match from {best.origin}\nmemory source: {best.source}",
        score=best.score,
    )


def _dateline(text: str, to_lang: str) -> Suggestion:
    from locnews.text.dates import localize_dateline

    out = localize_dateline(text, to_lang)
    if out is None:
        # never MT a dateline: keep it for the reviewer, flagged
        return Suggestion(text, "dateline", "dateline: no date recognised, copied", ["dateline: no date recognised"])
    return Suggestion(out, "dateline", "dateline: date formatted by Babel for the target locale", fuzzy=False)


def _headline_like(seg, alone: bool) -> bool:
    """The headline, or a line standing alone with no full stop (page title, subhead, caption)."""
    return seg.kind == "headline" or (alone and not seg.text.rstrip().endswith((".", "!", "?", "…", ":")))


def _headline_style(target: str, source: str, to_lang: str) -> str:
    """The target edition's Title Case, and no full stop the source headline did not have."""
    from locnews.text.casing import title_case

    if target.endswith(".") and not target.endswith("..") and not source.rstrip().endswith("."):
        target = target[:-1]
    return title_case(target, to_lang)


def _needs_mt(masked_text: str) -> bool:
    """Anything left to translate once protected spans are tokens (a bare number needs no model)."""
    from locnews.mt.protect import needs_mt

    return needs_mt(masked_text)


def _qa(source: str, restored, masked, glossary, opts: Options) -> list[str]:
    from locnews.mt.checks import check_translation

    findings = [str(f) for f in check_translation(source, restored.text, masked, opts.from_lang, opts.to_lang)]
    findings += [f"restore: {n}" for n in restored.notes]
    return findings


def _load_translator(opts: Options, engine_factory) -> Translator:
    if engine_factory is not None:
        engine = engine_factory()
    else:
        from locnews.mt.models import load_engine

        engine = load_engine(
            opts.from_lang, opts.to_lang, opts.model, beam_size=opts.beam_size, max_batch_size=opts.max_batch_size
        )
    return engine.translate


def _run_mt(texts: list[str], translator: Translator, bar: "RunProgress") -> dict[str, str]:
    if not bar.enabled:
        return dict(zip(texts, translator(texts)))
    out: dict[str, str] = {}
    for k in range(0, len(texts), _CHUNK):
        chunk = texts[k:k + _CHUNK]
        out.update(zip(chunk, translator(chunk)))
        bar.advance(len(chunk))
    return out
