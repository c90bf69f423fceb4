"""The site's UI strings, read from its gettext catalogs.

Two uses: recognising site chrome that leaked into an article ("Versi Mobile", "Most Popular" are
UI strings, not sentences to machine-translate), and translating such chrome from the catalogs,
never by MT. The list of UI strings is data (``locales/*/LC_MESSAGES/*.po``), not code.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from locnews import paths

_WS = re.compile(r"\s+")

Key = tuple  # (msgctxt | None, msgid)


def normalize(text: str) -> str:
    """Collapse runs of whitespace (incl. NBSP) and trim; UI matching is done on this form."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class UIStrings:
    """UI strings of every catalog in a locales folder.

    ``catalogs[lang][key]`` is the list of non-fuzzy, non-empty forms of that entry in that
    language (one for a singular entry, one per plural form otherwise); keys are (msgctxt, msgid).
    """

    locales_dir: Path
    catalogs: dict[str, dict[Key, list[str]]] = field(default_factory=dict)
    source_forms: dict[Key, list[str]] = field(default_factory=dict)
    _index: dict[str, list[tuple[Key, int]]] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> list[str]:
        return sorted(self.catalogs)

    def _add(self, text: str, key: Key, form: int) -> None:
        t = normalize(text)
        if t:
            hits = self._index.setdefault(t, [])
            if (key, form) not in hits:
                hits.append((key, form))

    def _build_index(self) -> None:
        self._index.clear()
        for key, forms in self.source_forms.items():
            for i, f in enumerate(forms):
                self._add(f, key, i)
        for cat in self.catalogs.values():
            for key, forms in cat.items():
                for i, f in enumerate(forms):
                    self._add(f, key, i)

    def is_ui(self, text: str) -> bool:
        """True when ``text`` is (after whitespace normalisation) a msgid or translation of the UI."""
        return normalize(text) in self._index

    def strings(self) -> frozenset[str]:
        """Every UI string, normalised: msgids, plural msgids and translations of all languages."""
        return frozenset(self._index)

    def lookup(self, text: str) -> list[Key]:
        """The catalog keys whose msgid or translation is ``text`` (entries without context first)."""
        hits = self._index.get(normalize(text), [])
        keys = list(dict.fromkeys(k for k, _ in hits))
        return sorted(keys, key=lambda k: k[0] is not None)

    def translate(self, text: str, to_lang: str) -> str | None:
        """The ``to_lang`` string of the UI string ``text`` (written in any language), or None.

        Only reviewed (non-fuzzy) translations are used; a UI string never goes through MT.
        """
        hits = self._index.get(normalize(text))
        if not hits:
            return None
        target = self.catalogs.get(to_lang) or self.catalogs.get(to_lang.split("_")[0])
        # entries without context first: "Komentar" alone is the heading rather than the button
        for key, form in sorted(hits, key=lambda h: h[0][0] is not None):
            forms = target.get(key) if target else None
            if not forms and to_lang.split("_")[0] == _source_lang():
                forms = self.source_forms.get(key)
            if forms:
                return forms[min(form, len(forms) - 1)]
        return None


def _source_lang() -> str:
    from locnews.catalogs.pofile import source_lang

    return source_lang()


_CACHE: dict[Path, tuple[tuple, UIStrings]] = {}


def _stamp(files: list[Path]) -> tuple:
    out = []
    for f in files:
        st = f.stat()
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_ui_strings(locales_dir: Path | str | None = None) -> UIStrings:
    """Read every ``*/LC_MESSAGES/*.po`` under ``locales_dir`` (default: the project's, else bundled).

    Cached per folder; a catalog edited since the last call is read again.
    """
    from locnews.catalogs.pofile import load_po

    base = Path(locales_dir) if locales_dir is not None else paths.ui_locales_dir()
    base = base.resolve()
    files = sorted(base.glob("*/LC_MESSAGES/*.po"))
    stamp = _stamp(files)
    cached = _CACHE.get(base)
    if cached and cached[0] == stamp:
        return cached[1]
    ui = UIStrings(locales_dir=base)
    for f in files:
        lang = f.parent.parent.name
        po = load_po(f)
        cat = ui.catalogs.setdefault(lang, {})
        for e in po:
            if e.obsolete or not e.msgid:
                continue
            key = (e.msgctxt, e.msgid)
            ui.source_forms.setdefault(key, [e.msgid] + ([e.msgid_plural] if e.msgid_plural else []))
            if "fuzzy" in e.flags:
                continue
            if e.msgid_plural:
                forms = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
            else:
                forms = [e.msgstr]
            if forms and all(forms):
                cat.setdefault(key, forms)
    ui._build_index()
    _CACHE[base] = (stamp, ui)
    return ui


def ui_translations(lang: str, locales_dir: Path | str | None = None, domain: str = "messages") -> gettext.NullTranslations:
    """A ``gettext`` translations object for ``lang``'s UI catalog.

    Uses the compiled ``.mo`` when it is at least as new as the ``.po``; otherwise compiles the
    ``.po`` in memory (nothing is written). The source language without a catalog gets
    NullTranslations (its msgids are already its strings).
    """
    from locnews.errors import LocnewsError

    base = Path(locales_dir) if locales_dir is not None else paths.ui_locales_dir()
    po = base / lang / "LC_MESSAGES" / f"{domain}.po"
    mo = po.with_suffix(".mo")
    if not po.is_file() and "_" in lang:
        return ui_translations(lang.split("_")[0], base, domain)
    if po.is_file():
        if mo.is_file() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            with open(mo, "rb") as fh:
                return gettext.GNUTranslations(fh)
        from locnews.fileio import read_bytes
        from locnews.catalogs.mofile import compile_po

        data, _ = next(iter(compile_po(read_bytes(po, "PO catalog"), po).values()))
        return gettext.GNUTranslations(io.BytesIO(data))
    if mo.is_file():
        with open(mo, "rb") as fh:
            return gettext.GNUTranslations(fh)
    if lang.split("_")[0] == _source_lang():
        return gettext.NullTranslations()
    raise LocnewsError(f"no UI catalog for language {lang!r}", po)


__all__ = ["UIStrings", "load_ui_strings", "normalize", "ui_translations"]
