"""Article catalogs: ``locales/<to>/articles/<slug>.po``, one entry per translatable segment.

msgctxt is the segment's stable key, msgid its source text, msgstr the translation. Machine output
and memory suggestions are ``fuzzy``; an entry a reviewer has un-fuzzied is *reviewed* and is never
overwritten by locnews. Merging a rerun follows msgmerge's rules:

1. same key and same source          -> kept (reviewed stays reviewed; fuzzy gets the new suggestion,
                                        unless it *holds reviewed text*: then it is kept as it is)
2. same source under another key     -> moved: kept with its status, key and reference updated
3. same key, source changed          -> fuzzy, ``#|`` previous msgid; a reviewed translation is kept
                                        as ``#~`` and offered as the fuzzy suggestion (or its memory
                                        match with the new numbers), so it holds reviewed text
4. old entries nothing matched       -> obsolete (``#~``), so a reviewer's work is never lost

The rules a reviewer's work lives by are plain functions here: :func:`is_reviewed`,
:func:`holds_reviewed_text`, :func:`previous_review`, :func:`suggestion_from_entry`,
:func:`obsolete_copy` and :func:`is_edited` (a reviewer's edit saved by ``locnews review`` and
not approved yet: kept as it is, like a reviewed entry).

polib is used for reading and writing because it round-trips ``#|`` and headers losslessly.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from locnews.document import Document, Segment
from locnews.errors import LocnewsError

if TYPE_CHECKING:  # polib is imported lazily: `locnews --help` must stay light
    import polib

#: Segment kinds that get an entry. UI chrome comes from the UI catalogs, never from here.
CATALOG_KINDS = ("dateline", "headline", "sentence")

QA_FLAG = "locnews-qa"
QA_COMMENT_PREFIX = "locnews-qa: "
#: Extracted comment of a person's edit saved by `locnews review` but not approved yet: still fuzzy,
#: and never replaced by machine output.
EDITED_COMMENT = "edited in review, not approved yet"
#: Extracted comment of a fuzzy entry that carries the reviewed translation of its previous source.
PREVIOUS_REVIEW_COMMENT = "reviewed translation of the previous source (source changed): check it"
#: Extracted comments of suggestions made from reviewed text (kept on reruns until a person acts).
_FROM_REVIEWED_TEXT = ("translation memory", PREVIOUS_REVIEW_COMMENT)
#: polib wraps comment lines at this width (as xgettext does)
_WRAP = 78
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
#: Header field naming the article file a catalog was made from ("x.id.txt" and "x.id.html" differ)
SOURCE_FILE_FIELD = "X-Locnews-Source"
_LANG_SUFFIX = re.compile(r"\.(?:id|en|ind|eng|in)$", re.IGNORECASE)


@dataclass
class Translation:
    """What a renderer needs for one segment."""

    text: str
    fuzzy: bool
    origin: str  # "reviewed", "machine", "memory", "dateline" (from the entry's comments)


@dataclass
class Suggestion:
    """A new translation proposed by the pipeline for a segment that is not reviewed."""

    text: str
    origin: str  # "machine", "memory", "memory-fuzzy", "dateline"
    comment: str = ""  # extracted comment: which model / which memory match
    qa: list[str] = field(default_factory=list)  # QA findings (messages)
    fuzzy: bool = True
    score: float | None = None  # memory match similarity


@dataclass
class Match:
    """How a segment of the new document relates to the existing catalog."""

    kind: str  # "reviewed", "held" (fuzzy, reviewed text), "fuzzy", "changed", "new"
    entry: "polib.POEntry | None" = None

    @property
    def reviewed(self) -> bool:
        return self.kind == "reviewed"

    @property
    def kept(self) -> bool:
        """The entry stays as it is: reviewed, or a suggestion from reviewed text no one acted on."""
        return self.kind in ("reviewed", "held")


# --------------------------------------------------------------------------------------------------
# names and paths


def article_slug(path: str | Path) -> str:
    """'samples/isis-children.id.html' -> 'isis-children' (extension and language suffix dropped)."""
    name = Path(path).name
    # keep dots inside a slug ("a.b.en.txt" -> "a.b"): drop the extension, then a language suffix
    stem = Path(name).stem if "." in name else name
    stem = _LANG_SUFFIX.sub("", stem)
    return stem or "article"


def catalog_path(locales_dir: str | Path, to_lang: str, slug: str) -> Path:
    return Path(locales_dir) / to_lang / "articles" / f"{slug}.po"


def catalog_for(doc: Document, to_lang: str, locales_dir: str | Path | None = None) -> Path:
    if locales_dir is None:
        from locnews.paths import project_locales_dir

        locales_dir = project_locales_dir()
    return catalog_path(locales_dir, to_lang, article_slug(doc.path or "article"))


@contextlib.contextmanager
def locked_catalogs(paths: Iterable[str | Path], timeout: float = 60.0) -> Iterator[None]:
    """Hold the lock of every catalog in ``paths``: `translate` for a run, `review` for one save."""
    from locnews.fileio import locked

    with contextlib.ExitStack() as stack:
        # one hidden .locnews.lock per catalogs folder, not a .lock beside every catalog;
        # one global order: two runs never deadlock
        for folder in sorted({Path(p).parent for p in paths}):
            stack.enter_context(locked(folder, timeout=timeout, folder=True))
        yield


def catalog_segments(doc: Document) -> list[Segment]:
    """Segments that belong in the article catalog (something to translate in them)."""
    return [s for _, s in doc.segments(*CATALOG_KINDS) if any(ch.isalnum() for ch in _PLACEHOLDER.sub("", s.text))]


_PLACEHOLDER = re.compile(r"⟦/?\d+/?⟧")  # inline markup of HTML sentences: nothing to translate alone


# --------------------------------------------------------------------------------------------------
# reading


def read_catalog(path: str | Path) -> "polib.POFile":
    """Parse an article catalog; a broken file is a one-line LocnewsError with its line."""
    import polib

    from locnews.catalogs.pofile import decode_po
    from locnews.fileio import read_bytes

    p = Path(path)
    text = decode_po(read_bytes(p, "catalog"), p)  # by its header's charset: never a cp1252 guess
    if not text.strip():
        raise LocnewsError("catalog is empty (delete it to start over)", p)
    # polib forgives some breakage (an unterminated string); the strict reader that `catalog check`
    # uses does not, so a damaged catalog is refused instead of half-read and rewritten.
    try:
        from locnews.catalogs.poparse import parse as strict_parse
    except ImportError:  # pragma: no cover - the strict reader ships with the catalog tools
        errors = []
    else:
        errors = strict_parse(text).errors
    if errors:
        line, msg = errors[0]
        raise LocnewsError(f"corrupt catalog: {msg}", p, line)
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError, UnicodeError) as exc:
        msg = str(exc)
        m = re.search(r"line (\d+)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(line \d+\)", "", msg) or "not a valid PO file"
        raise LocnewsError(f"corrupt catalog: {msg}", p, line) from None
    return po


def is_reviewed(entry: "polib.POEntry") -> bool:
    return bool(entry.msgstr) and not entry.obsolete and "fuzzy" not in entry.flags


def holds_reviewed_text(entry: "polib.POEntry") -> bool:
    """A fuzzy suggestion made from reviewed text (a memory match, or the reviewed translation of
    the previous source): machine output never replaces it; only a person does."""
    return (
        bool(entry.msgstr) and not entry.obsolete and "fuzzy" in entry.flags
        and (entry.comment or "").startswith(_FROM_REVIEWED_TEXT)
    )


def previous_review(entry: "polib.POEntry") -> "Suggestion | None":
    """What a segment whose source changed is offered from its old entry (as msgmerge does): the
    old translation, fuzzy, when it was reviewed or held reviewed text; else nothing."""
    if not (is_reviewed(entry) or is_edited(entry) or holds_reviewed_text(entry)) or entry_origin(entry) == "dateline":
        return None
    return Suggestion(entry.msgstr, "previous", PREVIOUS_REVIEW_COMMENT)


def machine_comment(model_name: str) -> str:
    return f"machine translation: {model_name}"


def suggestion_from_entry(m: "Match", machine: str) -> "Suggestion | None":
    """What a segment's old entry still offers on a rerun (before any MT): the reviewed translation
    of an edited source (:func:`previous_review`), or, for the same source, the same model's output
    as it is (``machine`` is that model's comment), so a rerun changes nothing."""
    if m.entry is None:
        return None
    if m.kind == "changed":
        return previous_review(m.entry)
    if m.kind == "fuzzy" and m.entry.msgstr and m.entry.comment == machine:
        return Suggestion(m.entry.msgstr, "machine", m.entry.comment, qa_notes(m.entry))
    return None


def kept_origin(entry: "polib.POEntry") -> str:
    """Where a kept entry's text came from: "reviewed" (or "dateline"), else the reviewed text it
    holds: "previous" (its source since changed) or "memory"."""
    if is_reviewed(entry):
        return entry_origin(entry)
    if is_edited(entry):
        return "edited"  # saved in `locnews review`, not approved yet
    return "previous" if (entry.comment or "").startswith(PREVIOUS_REVIEW_COMMENT) else "memory"


def obsolete_copy(entry: "polib.POEntry") -> "polib.POEntry":
    """The ``#~`` twin of a reviewed entry whose source changed: the pair exactly as reviewed."""
    import polib

    return polib.POEntry(
        msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr, flags=list(entry.flags),
        tcomment=entry.tcomment, obsolete=True,
    )


def drop_qa_notes(tcomment: str) -> str:
    """A translator comment without locnews's own QA notes (and the lines polib wrapped them onto)."""
    return "\n".join(_split_qa(tcomment)[0])


def qa_notes(entry: "polib.POEntry") -> list[str]:
    """The QA findings locnews wrote into an entry's translator comment, unwrapped."""
    return [n[len(QA_COMMENT_PREFIX):] for n in _split_qa(entry.tcomment or "")[1]]


def _split_qa(tcomment: str) -> tuple[list[str], list[str]]:
    """(reviewer's lines, QA notes): a note's continuation lines (wrapped by polib) belong to it."""
    own: list[str] = []
    notes: list[str] = []
    last: str | None = None  # the last physical line of the note being read
    for ln in tcomment.splitlines():
        if ln.startswith(QA_COMMENT_PREFIX):
            notes.append(ln)
            last = ln
        elif last is not None and ln and _wrapped_from(last, ln):
            notes[-1] += " " + ln
            last = ln
        else:
            last = None
            own.append(ln)
    return own, notes


def _wrapped_from(prev: str, line: str) -> bool:
    """Was ``line`` moved down by wrapping (``prev`` plus its first word would not fit in a line)?"""
    first = line.split(" ", 1)[0]
    return len("# " + prev) + 1 + len(first) > _WRAP


def entry_origin(entry: "polib.POEntry") -> str:
    comment = entry.comment or ""
    if comment.startswith("dateline") and entry.msgstr:
        return "dateline"  # formatted by Babel: as good as reviewed, but say where it came from
    if is_reviewed(entry):
        return "reviewed"
    if comment.startswith("translation memory"):
        return "memory"
    return "machine"


def load_catalog_translations(po: "polib.POFile", doc: Document) -> dict[str, "Translation"]:
    """Segment id -> Translation for every segment of ``doc`` the catalog translates.

    An entry counts for a segment only when its msgid is the segment's current text (a stale
    translation of an edited sentence is never shown); the key is tried first, then the text alone
    (a paragraph inserted above shifts keys).
    """
    by_key: dict[tuple[str, str], "polib.POEntry"] = {}
    by_text: dict[str, list["polib.POEntry"]] = {}
    for e in po:
        if e.obsolete or not e.msgstr:
            continue
        by_key[(e.msgctxt or "", e.msgid)] = e
        by_text.setdefault(e.msgid, []).append(e)
    out: dict[str, Translation] = {}
    for seg in catalog_segments(doc):
        e = by_key.get((seg.id, seg.text))
        if e is None:
            candidates = by_text.get(seg.text)
            if candidates:
                # a reviewed entry beats a machine one
                e = sorted(candidates, key=lambda c: not is_reviewed(c))[0]
        if e is not None:
            out[seg.id] = Translation(e.msgstr, "fuzzy" in e.flags, entry_origin(e))
    return out


def load_translations(
    doc: Document, to_lang: str, locales_dir: str | Path | None = None
) -> dict[str, Translation]:
    """The translations of ``doc`` from ``locales/<to_lang>/articles/<slug>.po``.

    Raises LocnewsError when the catalog is missing, corrupt, or belongs to another article.
    """
    path = catalog_for(doc, to_lang, locales_dir)
    if not path.exists():
        raise LocnewsError(f"no article catalog for {to_lang} (run `locnews translate` first)", path)
    po = read_catalog(path)
    slug = po.metadata.get("X-Locnews-Article")
    if slug and slug != article_slug(doc.path or "article"):
        raise LocnewsError(f"catalog belongs to article {slug!r}, not {article_slug(doc.path or '')!r}", path)
    declared = (po.metadata.get("Language") or "").strip()
    if declared and declared != to_lang:
        raise LocnewsError(f"catalog is for language {declared!r}, expected {to_lang!r}", path)
    check_catalog_source(po, doc, path)
    return load_catalog_translations(po, doc)


def check_catalog_source(po: "polib.POFile", doc: Document, path: str | Path) -> None:
    """Refuse a catalog made from another file of the same name (``x.id.txt`` vs ``x.id.html``)."""
    made_from = (po.metadata.get(SOURCE_FILE_FIELD) or "").strip()
    if made_from and doc.path and made_from != Path(doc.path).name:
        raise LocnewsError(
            f"catalog was made from {made_from}, not {Path(doc.path).name}: two articles share one name "
            f"(rename one, or delete the catalog's {SOURCE_FILE_FIELD} line to move it over)",
            path,
        )


# --------------------------------------------------------------------------------------------------
# merging


def plan_merge(po: "polib.POFile | None", doc: Document) -> dict[str, Match]:
    """For every catalog segment of ``doc``: reviewed, fuzzy (same text), changed or new."""
    plan: dict[str, Match] = {}
    if po is None:
        return {s.id: Match("new") for s in catalog_segments(doc)}
    entries = list(po)
    used: set[int] = set()
    by_key_text = {(e.msgctxt or "", e.msgid): e for e in entries}
    segs = catalog_segments(doc)
    # 1. same key, same text
    for seg in segs:
        e = by_key_text.get((seg.id, seg.text))
        if e is not None and id(e) not in used:
            used.add(id(e))
            plan[seg.id] = Match(_status(e), e)
    # 2. same text elsewhere (moved): prefer reviewed, then live over obsolete
    by_text: dict[str, list["polib.POEntry"]] = {}
    for e in entries:
        if id(e) not in used:
            by_text.setdefault(e.msgid, []).append(e)
    for cands in by_text.values():
        cands.sort(key=lambda c: (not (bool(c.msgstr) and "fuzzy" not in c.flags), c.obsolete))
    for seg in segs:
        if seg.id in plan:
            continue
        for e in by_text.get(seg.text, []):
            if id(e) not in used:
                used.add(id(e))
                plan[seg.id] = Match(_status(e), e)
                break
    # 3. text changed: the most similar old entry left, else the one under the same key. An
    #    article has tens of changed entries, so all pairs are compared; past _PAIRWISE_MAX pairs
    #    (a whole long article rewritten) msgmerge's word/4-gram index picks the candidates instead.
    #    Every similar pair is taken before any same-key fallback, so a paragraph inserted above an
    #    edited sentence never takes that sentence's old entry by its key.
    left = [e for e in entries if not e.obsolete and id(e) not in used]
    todo = [seg for seg in segs if seg.id not in plan]
    same_key = {(e.msgctxt or ""): e for e in reversed(left)}
    index = None
    if len(todo) * len(left) > _PAIRWISE_MAX:
        from locnews.catalogs.merge import FuzzyIndex

        index = FuzzyIndex(left)
    similar: dict[str, "polib.POEntry"] = {}
    for seg in todo:
        best = _most_similar(seg, left, used) if index is None else index.search(seg.id, seg.text)
        if best is not None and id(best) not in used:
            used.add(id(best))
            similar[seg.id] = best
    for seg in todo:
        best = similar.get(seg.id)
        if best is None:
            best = same_key.get(seg.id)
            if best is not None and id(best) in used:
                best = None
            if best is not None:
                used.add(id(best))
        plan[seg.id] = Match("changed", best) if best is not None else Match("new")
    return plan


_PAIRWISE_MAX = 2_500  # pairs; difflib costs ~0.4 ms a pair (bench_linear.py)


def _most_similar(seg: Segment, left: list["polib.POEntry"], used: set[int]) -> "polib.POEntry | None":
    best, best_score = None, 0.0
    for e in left:
        if id(e) in used:
            continue
        score = _similarity(seg.text, e.msgid)
        if score > best_score or (score == best_score and (e.msgctxt or "") == seg.id):
            best, best_score = e, score
    return best if best_score >= CHANGED_MIN_SIMILARITY else None


#: How alike an edited sentence must be to an old one to count as "the same sentence, changed".
CHANGED_MIN_SIMILARITY = 0.5


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _status(e: "polib.POEntry") -> str:
    """"reviewed": kept as it is — approved, or a reviewer's edit not approved yet (stays fuzzy);
    "held": a fuzzy suggestion made from reviewed text, kept until a person acts."""
    if e.msgstr and ("fuzzy" not in e.flags or is_edited(e)):
        return "reviewed"
    return "held" if holds_reviewed_text(e) else "fuzzy"


def is_edited(entry: "polib.POEntry") -> bool:
    """A reviewer's text, saved but not approved (`locnews review`)."""
    return bool(entry.msgstr) and (entry.comment or "").startswith(EDITED_COMMENT)


def new_catalog(doc: Document, from_lang: str, to_lang: str) -> "polib.POFile":
    import polib

    po = polib.POFile(wrapwidth=78)
    slug = article_slug(doc.path or "article")
    po.header = f"Article {slug}: {from_lang} -> {to_lang} translations, kept by locnews.\nReviewed entries (not fuzzy) are never overwritten."
    import datetime as _dt

    # SOURCE_DATE_EPOCH (reproducible-builds.org): a fixed date makes two runs byte-comparable
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch.isdigit() else _dt.datetime.now(_dt.timezone.utc)
    now = when.strftime("%Y-%m-%d %H:%M+0000")
    po.metadata = {
        "Project-Id-Version": f"locnews article {article_slug(doc.path or 'article')}",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "locnews machine translation",
        "Language-Team": {"id": "Indonesian", "en": "English"}.get(to_lang, to_lang),
        "Language": to_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(to_lang, "nplurals=2; plural=(n != 1);"),
        "X-Generator": "locnews",
        "X-Source-Language": from_lang,
        "X-Locnews-Article": article_slug(doc.path or "article"),
    }
    if doc.path:
        po.metadata[SOURCE_FILE_FIELD] = Path(doc.path).name
    return po


@dataclass
class MergeStats:
    reviewed: int = 0  # kept untouched
    updated: int = 0  # fuzzy entries refreshed / new entries
    changed: int = 0  # source changed -> fuzzy with previous msgid
    obsolete: int = 0  # newly obsoleted

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def merge_catalog(
    po: "polib.POFile | None",
    doc: Document,
    from_lang: str,
    to_lang: str,
    plan: dict[str, Match],
    suggestions: dict[str, Suggestion],
    reference: str | None = None,
) -> tuple["polib.POFile", MergeStats]:
    """A new catalog: reviewed entries as they were, everything else from ``suggestions``.

    Entries come out in document order; old entries nothing matched become obsolete.
    """
    import polib

    stats = MergeStats()
    out = new_catalog(doc, from_lang, to_lang)
    if po is not None:
        # keep the reviewer's header (team, revision date), refresh only what locnews owns
        meta = dict(po.metadata)
        for k in ("Language", "X-Source-Language", "X-Locnews-Article", SOURCE_FILE_FIELD, "Content-Type"):
            meta[k] = out.metadata[k]
        for k, v in out.metadata.items():
            meta.setdefault(k, v)
        out.metadata = meta
        out.header = po.header
    ref = reference if reference is not None else _reference(doc)
    matched: set[int] = set()
    superseded: list["polib.POEntry"] = []  # reviewed pairs whose source changed: kept as #~
    for seg in catalog_segments(doc):
        m = plan.get(seg.id, Match("new"))
        occ = [(ref, str(seg.line))] if seg.line else [(ref, "")]
        if m.entry is not None:
            matched.add(id(m.entry))
        if m.kept and m.entry is not None:
            e = m.entry
            e.msgctxt = seg.id
            e.occurrences = occ
            e.obsolete = False
            out.append(e)
            if m.reviewed:
                stats.reviewed += 1
            continue
        sug = suggestions.get(seg.id)
        entry = polib.POEntry(msgctxt=seg.id, msgid=seg.text, msgstr=sug.text if sug else "")
        entry.occurrences = occ
        old = m.entry
        if old is not None:
            # keep what a reviewer wrote in translator comments, but not our own old QA notes
            entry.tcomment = drop_qa_notes(old.tcomment or "")
            entry.flags = [f for f in old.flags if f not in ("fuzzy", QA_FLAG)]
        if m.kind == "changed" and old is not None:
            entry.previous_msgid = old.msgid
            if is_reviewed(old) or is_edited(old):
                superseded.append(obsolete_copy(old))
            stats.changed += 1
        else:
            stats.updated += 1
        if sug is not None:
            entry.comment = sug.comment
            if sug.fuzzy and "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            if sug.qa:
                entry.flags.append(QA_FLAG)
                notes = "\n".join(QA_COMMENT_PREFIX + q for q in sug.qa)
                entry.tcomment = (entry.tcomment + "\n" + notes).strip("\n")
        out.append(entry)
    live = {(e.msgctxt or "", e.msgid) for e in out}
    seen: set[tuple[str, str]] = set()
    vanished = [e for e in po if id(e) not in matched] if po is not None else []
    for e in [*superseded, *vanished]:
        key = (e.msgctxt or "", e.msgid)
        if not e.msgstr or key in live or key in seen:
            continue  # an untranslated vanished entry holds nothing worth keeping; no twins
        seen.add(key)
        if not e.obsolete or any(e is s for s in superseded):
            stats.obsolete += 1
        e.obsolete = True
        out.append(e)
    return out, stats


def _reference(doc: Document) -> str:
    if not doc.path:
        return "article"
    p = Path(doc.path)
    try:
        return os.path.relpath(p, os.getcwd()) if p.is_absolute() else str(p)
    except ValueError:  # another drive on Windows
        return str(p)


def render_catalog(po: "polib.POFile") -> str:
    return str(po) + ("\n" if not str(po).endswith("\n") else "")


def reviewed_pairs(po: "polib.POFile") -> Iterable[tuple[str, str, str]]:
    """(msgctxt, msgid, msgstr) of every reviewed entry (Babel-formatted datelines left out).

    Reviewed ``#~`` entries (a source edited or deleted since) come first, so a memory that stores
    them in order lets the live translation of the same source win.
    """
    for e in sorted(po, key=lambda e: not e.obsolete):
        if e.msgstr and "fuzzy" not in e.flags and entry_origin(e) != "dateline":
            yield e.msgctxt or "", e.msgid, e.msgstr
