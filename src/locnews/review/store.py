"""The one place a review writes an article catalog.

Every save is one call to :func:`save_change`: under the catalog's lock (the same one `translate`
takes) it reads the file as it is now, applies the reviewer's change to that one entry and writes
the file atomically. The page says what it saw (the entry's text and state); when the file holds
something else for that entry, somebody changed it meanwhile and the save is refused — never a
silent overwrite. Changes to *other* entries since the page loaded are kept (merged).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from locnews.catalogs.articles import (
    EDITED_COMMENT,
    QA_COMMENT_PREFIX,
    QA_FLAG,
    is_edited,
    locked_catalogs,
    read_catalog,
    render_catalog,
)
from locnews.errors import LocnewsError
from locnews.review.rows import catalog_version, live_entry, state_of

if TYPE_CHECKING:
    import polib

ACTIONS = ("save", "approve", "unapprove")


class Conflict(LocnewsError):
    """The catalog holds something for this entry the page did not see: nothing was written."""


@dataclass
class Change:
    key: str  # msgctxt
    msgid: str
    base_target: str  # what the page showed
    base_state: str
    target: str  # what the reviewer wants
    action: str = "save"  # save (keep state), approve (not fuzzy), unapprove (fuzzy again)


@dataclass
class Saved:
    po: "polib.POFile"
    entry: "polib.POEntry"
    version: str  # of the file on disk now
    merged: bool  # the file had changed on disk since the page's version (other entries kept)
    written: bool


def save_change(path: Path, change: Change, page_version: str, lock_timeout: float = 10.0) -> Saved:
    from locnews.fileio import atomic_write_text, read_bytes

    if change.action not in ACTIONS:
        raise LocnewsError(f"unknown action {change.action!r}")
    if change.action == "approve" and not change.target.strip():
        raise LocnewsError(f"{change.key}: nothing to approve, the translation is empty")
    with locked_catalogs([path], lock_timeout):  # the lock `translate` takes
        before = catalog_version(read_bytes(path, "catalog"))
        po = read_catalog(path)
        entry = live_entry(po, change.key, change.msgid)
        now = (entry.msgstr, state_of(entry)) if entry is not None else ("", "untranslated")
        if now != (change.base_target, change.base_state):
            raise Conflict(_conflict_message(path, change, entry, now))
        if entry is None:
            import polib

            entry = polib.POEntry(msgctxt=change.key, msgid=change.msgid, msgstr="")
            po.append(entry)
        changed = _apply(entry, change)
        if changed:
            from locnews.catalogs.pofile import now_stamp

            po.metadata["PO-Revision-Date"] = now_stamp()
            text = render_catalog(po)
            atomic_write_text(path, text)
            after = catalog_version(text.encode("utf-8"))
        else:
            after = before
    return Saved(po, entry, after, merged=before != page_version, written=changed)


def _apply(entry: "polib.POEntry", change: Change) -> bool:
    """Put the reviewer's text and state on the entry; False when it already was so."""
    was = (entry.msgstr, list(entry.flags), entry.comment, entry.tcomment)
    edited = change.target != entry.msgstr
    entry.msgstr = change.target
    reviewed = change.base_state == "reviewed"
    if change.action == "approve":
        reviewed = True
    elif change.action == "unapprove":
        reviewed = False
    if not change.target:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]  # empty: untranslated, not fuzzy
    elif reviewed:
        # approved: the reviewer has judged the machine's output and its QA notes
        entry.flags = [f for f in entry.flags if f not in ("fuzzy", QA_FLAG)]
        entry.tcomment = "\n".join(ln for ln in (entry.tcomment or "").splitlines()
                                   if not ln.startswith(QA_COMMENT_PREFIX))
        if is_edited(entry):
            entry.comment = "edited and approved in review"
    else:
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        if edited:
            entry.comment = EDITED_COMMENT  # a person's text: kept by `translate`, shown as edited
    return (entry.msgstr, list(entry.flags), entry.comment, entry.tcomment) != was


def _conflict_message(path: Path, change: Change, entry, now: tuple[str, str]) -> str:
    where = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
    if entry is None and change.base_state != "untranslated":
        return (f"not saved: segment {change.key} is no longer in {where} (its source changed or "
                f"`translate` ran since the page loaded); reload the page — your text is still in the editor")
    text = now[0] if len(now[0]) <= 80 else now[0][:77] + "…"
    return (f"not saved: segment {change.key} was changed in {where} since the page loaded (the file now "
            f"has “{text}”, {now[1]}); reload the page to see it — your text is still in the editor")
