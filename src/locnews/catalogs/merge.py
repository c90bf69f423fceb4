"""Merging a template into a translated catalog (``locnews catalog update``), as msgmerge does.

* An entry whose (msgctxt, msgid) is still in the template keeps its translation (obsolete entries
  that come back are revived).
* A changed msgid gets the translation of the most similar old msgid, marked fuzzy, with the old
  msgid kept as ``#|`` so the reviewer sees what changed. Similarity is msgmerge's: the share of
  common bytes in a longest common subsequence, ``2·LCS / (len1 + len2)``, above 0.6, with a small
  bonus for the same context. Candidates come from an index of 4-grams of characters (as
  msgmerge's ``msgl-fsearch.c``), not from comparing every pair, and the LCS is computed bit-parallel
  (Hyyrö), so a 20,000-entry update takes seconds where Babel's difflib takes half an hour.
* Entries gone from the template become obsolete (``#~``) if they had a translation.
* Plural entries get exactly the header's number of forms (polib's ``merge`` writes two forms into
  ``nplurals=1`` catalogs).

The catalogs are polib objects (read and written by ``potext``, as polib would) so comments,
references order and ``#|`` survive.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import polib

from locnews.catalogs.potext import new_entry
from locnews.catalogs.pofile import known_plural_forms, nplurals_of, parse_plural_forms, plural_forms_header

FUZZY_THRESHOLD = 0.6
CONTEXT_BONUS = 0.00001
FORMAT_FLAGS_SUFFIX = "-format"
_GRAM = 4
_GRAMS_RE = re.compile(f"(?=(.{{{_GRAM}}}))", re.S)
# A 4-gram shared by more old messages than this says little about which one is closest (think
# " the"); it is left out of the candidate count, which keeps the search near-linear.
_MAX_POSTINGS_SHARE = 0.2
_MAX_POSTINGS_MIN = 200
_TOP_CANDIDATES = 64
_CANDIDATE_BYTES = 8000


def lcs_length(a: bytes, b: bytes) -> int:
    """Length of the longest common subsequence of two byte strings (bit-parallel, Hyyrö 2004)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    return _lcs_against(_match_masks(a), a, b)


def _match_masks(a: bytes) -> dict[int, int]:
    """For each byte of ``a``, the bit set of its positions: built once per query, not per candidate."""
    masks: dict[int, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def _lcs_against(masks: dict[int, int], a: bytes, b: bytes) -> int:
    """LCS of ``a`` (given as its ``_match_masks``) and ``b``; symmetric, so ``a`` may be the shorter."""
    full = (1 << len(a)) - 1
    v = full
    get = masks.get
    for ch in b:
        u = v & get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


_CHUNK = 16  # bytes of ``b`` between two looks at whether ``need`` is still reachable


def _lcs_reaching(masks: dict[int, int], a: bytes, b: bytes, need: int) -> int:
    """``_lcs_against``, given up (-1) as soon as the LCS cannot reach ``need``.

    After a prefix ``b[:i]`` the LCS is ``len(a) - popcount(v)`` and the rest of ``b`` can add at
    most ``len(b) - i``; most candidates of a search fall short of the best one found so far
    (msgmerge's ``fstrcmp_bounded`` stops the same way) and are dropped after a few chunks.
    """
    la, lb = len(a), len(b)
    full = (1 << la) - 1
    v = full
    get = masks.get
    # the number of bytes of ``b`` that may miss the LCS: once ``i - lcs_i`` exceeds it, stop
    slack = lb - need
    if slack < 0:
        return -1
    for start in range(0, lb, _CHUNK):
        for ch in b[start : start + _CHUNK]:
            u = v & get(ch, 0)
            v = ((v + u) | (v - u)) & full
        done = min(lb, start + _CHUNK)
        if done - (la - v.bit_count()) > slack:
            return -1
    return la - v.bit_count()


def similarity(a: str | bytes, b: str | bytes) -> float:
    """msgmerge's fstrcmp: 2·LCS / (len(a) + len(b)) over UTF-8 bytes (1.0 for two empty strings)."""
    ab = a.encode("utf-8") if isinstance(a, str) else a
    bb = b.encode("utf-8") if isinstance(b, str) else b
    total = len(ab) + len(bb)
    if total == 0:
        return 1.0
    return 2.0 * lcs_length(ab, bb) / total


def _words(s: str) -> set[str]:
    return set(s.lower().split())


@dataclass
class FuzzyIndex:
    """Translated old messages, indexed for finding the most similar msgid quickly.

    Candidates are the old messages sharing the most words with the query (an inverted index,
    built with C-speed ``str.split`` and ``Counter``), plus, for queries that share no useful word,
    those sharing the most character 4-grams (msgmerge's own index); the winner among them is
    chosen by exact LCS similarity, msgmerge's measure, with its threshold, bonus and tie order.
    """

    messages: list[polib.POEntry]
    _ids: list[bytes] = field(default_factory=list)
    _words: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _grams: dict[str, list[int]] | None = None
    _short: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _cap: int = 0

    def __post_init__(self) -> None:
        words = self._words
        for j, m in enumerate(self.messages):
            b = m.msgid.encode("utf-8")
            self._ids.append(b)
            for w in _words(m.msgid):
                words[w].append(j)
            if len(b) <= 30:
                self._short[len(b)].append(j)
        self._cap = max(_MAX_POSTINGS_MIN, int(len(self.messages) * _MAX_POSTINGS_SHARE))

    def _gram_index(self) -> dict[str, list[int]]:
        if self._grams is None:
            grams: dict[str, list[int]] = defaultdict(list)
            findall = _GRAMS_RE.findall  # every overlapping 4-gram, found in C
            for j, m in enumerate(self.messages):
                for g in set(findall(m.msgid)):
                    grams[g].append(j)
            self._grams = grams
        return self._grams

    def search(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The old message msgmerge would pick for (msgctxt, msgid), or None below the threshold."""
        q = msgid.encode("utf-8")
        if len(msgid) < _GRAM:
            # too short for 4-grams: compare with the short messages of a compatible length
            lo = int(-(-len(q) // (2 / FUZZY_THRESHOLD - 1)))
            hi = int(len(q) * (2 / FUZZY_THRESHOLD - 1))
            order = [j for n in range(lo, hi + 1) for j in self._short.get(n, ())]
            return self._best(msgctxt, q, order)
        # short strings cost little to compare, and share few words: look at more of them
        k = max(_TOP_CANDIDATES, _CANDIDATE_BYTES // len(q))
        order = self._candidates(self._words, _words(msgid), k)
        best = self._best(msgctxt, q, order)
        if best is None:
            grams = set(_GRAMS_RE.findall(msgid))
            order = self._candidates(self._gram_index(), grams, k)
            best = self._best(msgctxt, q, order)
        return best

    def _candidates(self, index: dict[str, list[int]], keys: set[str], k: int) -> list[int]:
        posts = [p for p in (index.get(k) for k in keys) if p]
        useful = [p for p in posts if len(p) <= self._cap]
        if not useful and posts:
            useful = [min(posts, key=len)]  # only common keys: the least common one
        counts: Counter[int] = Counter()
        for p in useful:
            counts.update(p)
        # most shared keys first, the earlier message first among equals (msgmerge's order); two
        # C-speed sorts (the second is stable) instead of a Python key function per candidate
        order = sorted(counts)
        order.sort(key=counts.__getitem__, reverse=True)
        return order[:k]

    def _best(self, msgctxt: str | None, q: bytes, order: list[int]) -> polib.POEntry | None:
        best_w = FUZZY_THRESHOLD
        best: polib.POEntry | None = None
        lq = len(q)
        masks = _match_masks(q)
        for j in order:
            m = self.messages[j]
            cand = self._ids[j]
            bonus = CONTEXT_BONUS if (m.msgctxt is None or m.msgctxt == msgctxt) else 0.0
            lc = len(cand)
            # upper bound: every byte of the shorter string is in the LCS
            if 2.0 * min(lq, lc) / (lq + lc) + bonus <= best_w:
                continue
            # the LCS this candidate needs to beat the best so far (w > best_w)
            need = int((best_w - bonus) * (lq + lc) / 2.0 - 1e-9)
            lcs = _lcs_reaching(masks, q, cand, need)
            if lcs < 0:
                continue
            w = 2.0 * lcs / (lq + lc) + bonus
            if w > best_w:
                best_w, best = w, m
        return best


def _forms(e: polib.POEntry) -> list[str]:
    if e.msgid_plural:
        return [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
    return [e.msgstr]


def _has_translation(e: polib.POEntry) -> bool:
    """Is the first (or only) form filled (what ``_forms(e)[0]`` says, without building the list)."""
    if e.msgid_plural:
        forms = e.msgstr_plural
        return bool(forms) and forms[min(forms)] != ""
    return e.msgstr != ""


def _set_forms(new: polib.POEntry, forms: list[str], n: int, old_plural: bool) -> bool:
    """Fill ``new``'s msgstr from ``forms``, reshaped to its plural-ness and ``n`` forms.

    Returns True when the reshaping changed the meaning (the entry must be reviewed).
    """
    if not new.msgid_plural:
        new.msgstr = forms[0] if forms else ""
        return old_plural
    if not old_plural:
        # singular became plural: the old text is the best start for every form (as msgmerge)
        new.msgstr_plural = {i: forms[0] for i in range(n)}
        return True
    if len(forms) > n:
        # fewer forms: the last (the "many" form) is the one that covers most numbers
        out = list(forms[: n - 1]) + [forms[-1]]
        new.msgstr_plural = dict(enumerate(out))
        return not all(f == forms[-1] for f in forms[n - 1 :])  # only copies dropped: nothing lost
    out = list(forms) + [forms[-1]] * (n - len(forms))
    new.msgstr_plural = dict(enumerate(out))
    return len(forms) != n


def _copy_flags(ref: polib.POEntry, old: polib.POEntry | None, fuzzy: bool) -> list[str]:
    return merged_flags(ref.flags, old.flags if old is not None else None, fuzzy)


def merged_flags(template_flags: list[str], old_flags: list[str] | None, fuzzy: bool) -> list[str]:
    """The template's flags, then the translator's own markers (e.g. no-wrap, locnews-qa) of the
    old entry but not its format flags; "fuzzy" first when the translation needs review."""
    flags = [f for f in template_flags if f != "fuzzy"] if template_flags else []
    if old_flags:
        flags += [f for f in old_flags if f != "fuzzy" and not f.endswith(FORMAT_FLAGS_SUFFIX) and f not in flags]
    return ["fuzzy", *flags] if fuzzy else flags


@dataclass
class MergeStats:
    kept: int = 0
    fuzzy_matched: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0

    def __str__(self) -> str:
        return (
            f"{self.kept} kept, {self.fuzzy_matched} fuzzy-matched, {self.new} new, "
            f"{self.obsoleted} obsolete, {self.revived} revived"
        )


def merge(old: polib.POFile, pot: polib.POFile, lang: str, *, fuzzy_matching: bool = True) -> tuple[polib.POFile, MergeStats]:
    """A new catalog: ``pot``'s entries with ``old``'s translations (see the module docstring)."""
    stats = MergeStats()
    out, n = merged_header(old, pot, lang)
    by_key: dict[tuple, polib.POEntry] = {}
    for e in old:
        key = (e.msgctxt, e.msgid)
        # a live entry wins over an obsolete one with the same key
        if key not in by_key or by_key[key].obsolete:
            by_key[key] = e
    used: set[int] = set()
    index: FuzzyIndex | None = None
    entries: list[polib.POEntry] = []  # added to ``out`` at the end (POFile.append is slow)

    for ref in pot:
        if ref.obsolete or (ref.msgid == "" and ref.msgctxt is None):
            continue
        old_e = by_key.get((ref.msgctxt, ref.msgid))
        if old_e is not None:
            used.add(id(old_e))
            entries.append(kept_entry(ref, old_e, n, stats))
            continue
        src = None
        if fuzzy_matching:
            if index is None:
                index = FuzzyIndex([e for e in old if _has_translation(e)])
            src = index.search(ref.msgctxt, ref.msgid)
        if src is not None:
            used.add(id(src))
        entries.append(matched_entry(ref, src, n, stats))

    for e in old:
        if id(e) in used or not _has_translation(e):
            continue
        entries.append(obsoleted_entry(e, stats))
    out.extend(entries)
    return out, stats


def merged_header(old: polib.POFile, pot: polib.POFile, lang: str) -> tuple[polib.POFile, int]:
    """The merged catalog, still empty, with ``old``'s header brought up to date; and its number of
    plural forms."""
    out = polib.POFile(wrapwidth=old.wrapwidth or 78)
    out.header = old.header
    out.metadata = dict(old.metadata)
    if "POT-Creation-Date" in pot.metadata:
        out.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    if not out.metadata.get("Language"):
        out.metadata["Language"] = lang
    parsed = parse_plural_forms(out.metadata.get("Plural-Forms"))
    known = known_plural_forms(lang)
    if parsed is None or (known is not None and parsed[0] != known[0]):
        # missing, invalid, or wrong for the language (polib's merge leaves nplurals=2 in
        # Indonesian catalogs): the forms below are reshaped to match
        out.metadata["Plural-Forms"] = plural_forms_header(lang)
    out.metadata_is_fuzzy = old.metadata_is_fuzzy
    return out, nplurals_of(out, lang)


def _from_template(ref: polib.POEntry) -> polib.POEntry:
    return new_entry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        occurrences=list(ref.occurrences),
        comment=ref.comment,
    )


def kept_entry(ref: polib.POEntry, old_e: polib.POEntry, n: int, stats: MergeStats) -> polib.POEntry:
    """The template entry ``ref`` with the translation of the old entry of the same key."""
    new = _from_template(ref)
    if old_e.obsolete:
        stats.revived += 1
    stats.kept += 1
    has = _has_translation(old_e)
    reshaped = _set_forms(new, _forms(old_e), n, bool(old_e.msgid_plural)) if has else False
    if not has:
        _blank(new, n)
    fuzzy = has and ("fuzzy" in old_e.flags or reshaped)
    new.flags = _copy_flags(ref, old_e, fuzzy)
    new.tcomment = old_e.tcomment
    if fuzzy:
        new.previous_msgctxt = old_e.previous_msgctxt
        new.previous_msgid = old_e.previous_msgid
        new.previous_msgid_plural = old_e.previous_msgid_plural
        if reshaped and new.previous_msgid is None:
            new.previous_msgid = old_e.msgid
            new.previous_msgid_plural = old_e.msgid_plural or None
    return new


def matched_entry(ref: polib.POEntry, src: polib.POEntry | None, n: int, stats: MergeStats) -> polib.POEntry:
    """The template entry ``ref``, new to the catalog: with the fuzzy-matched translation of
    ``src``, or untranslated when nothing matched."""
    new = _from_template(ref)
    if src is not None:
        stats.fuzzy_matched += 1
        _set_forms(new, _forms(src), n, bool(src.msgid_plural))
        new.flags = _copy_flags(ref, None, True)
        new.tcomment = src.tcomment
        new.previous_msgctxt = src.msgctxt
        new.previous_msgid = src.msgid
        new.previous_msgid_plural = src.msgid_plural or None
    else:
        stats.new += 1
        _blank(new, n)
        new.flags = _copy_flags(ref, None, False)
    return new


def obsoleted_entry(e: polib.POEntry, stats: MergeStats) -> polib.POEntry:
    """A translated old entry the template no longer has, kept as obsolete (``#~``)."""
    if not e.obsolete:
        stats.obsoleted += 1
    return new_entry(
        msgid=e.msgid,
        msgctxt=e.msgctxt,
        msgid_plural=e.msgid_plural,
        msgstr=e.msgstr,
        msgstr_plural=dict(e.msgstr_plural),
        flags=list(e.flags),
        tcomment=e.tcomment,
        obsolete=True,
        previous_msgid=e.previous_msgid,
        previous_msgctxt=e.previous_msgctxt,
    )


def _blank(new: polib.POEntry, n: int) -> None:
    if new.msgid_plural:
        new.msgstr_plural = {i: "" for i in range(n)}
    else:
        new.msgstr = ""
