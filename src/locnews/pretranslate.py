"""`catalog pretranslate`: fill a UI catalog's empty entries by machine translation, marked fuzzy.

A pipeline step, not part of the catalogs package: it joins the catalogs (polib, the UI catalog
files) with machine translation (masking and the engine), which are independent concerns below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from locnews.catalogs.pofile import load_po, save_po, source_lang
from locnews.catalogs.ui import _check_lang, _translated, po_path
from locnews.errors import LocnewsError
from locnews.fileio import locked

# Format placeholders the model must not see: %(name)s, %s/%d…, {name}/{0}, and %% as text.
_FORMAT_RE = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{[A-Za-z_0-9.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
)


def _mask_formats(text: str) -> tuple[str, list[str]]:
    """Replace format placeholders with empty-element markup placeholders ⟦N/⟧ of the document
    model, which ``protect.mask`` already carries through MT untouched."""
    from locnews.document import PH_CLOSE, PH_OPEN

    found: list[str] = []

    def sub(m: re.Match) -> str:
        found.append(m.group(0))
        return f"{PH_OPEN}{len(found)}/{PH_CLOSE}"

    return _FORMAT_RE.sub(sub, text), found


def _unmask_formats(text: str, found: list[str]) -> str | None:
    from locnews.document import PH_CLOSE, PH_OPEN

    for i, ph in enumerate(found, 1):
        token = f"{PH_OPEN}{i}/{PH_CLOSE}"
        if token not in text:
            return None
        text = text.replace(token, ph, 1)
    return text


@dataclass
class PretranslateResult:
    path: Path
    filled: int
    skipped: int  # MT lost a placeholder: left untranslated rather than wrong
    engine: str


def machine_translate(texts: list[str], from_lang: str, to_lang: str, engine) -> list[str | None]:
    """Translate UI strings with placeholders masked; None where the model lost one or the QA
    checks found the output wrong (a stray token, a sign dropped, quotes mangled): better left
    for a person than filled in wrong. A string with no words to translate is copied."""
    from locnews.mt.protect import mask, unmask

    prepared = []
    for t in texts:
        masked_fmt, found = _mask_formats(t)
        m = mask(masked_fmt, from_lang, to_lang)
        prepared.append((m, found))
    todo = [m.text for m, _ in prepared if _has_words(m.text)]
    outputs = dict(zip(todo, engine.translate(todo))) if todo else {}
    result: list[str | None] = []
    for text, (m, found) in zip(texts, prepared):
        if m.text not in outputs:
            result.append(text)  # "© %(year)s %(site)s": nothing a model should touch
            continue
        restored = unmask(outputs[m.text], m)
        out = None if restored.missing else _unmask_formats(restored.text, found)
        result.append(out if out is not None and not qa_findings(text, out, from_lang, to_lang) else None)
    return result


def _has_words(masked: str) -> bool:
    from locnews.mt.protect import needs_mt

    return needs_mt(masked)


def qa_findings(source: str, target: str, from_lang: str, to_lang: str) -> list[str]:
    """The checks that judge a UI string's translation without masking details."""
    from locnews.mt.checks import QAInput, run_checks

    qa = QAInput(source=source, target=target, from_lang=from_lang, to_lang=to_lang)
    return [str(f) for f in run_checks(qa, only=("symbols", "quotes", "repeat"))]


def pretranslate(lang: str, locales: Path, *, engine=None, model: str | None = None) -> PretranslateResult:
    """Fill the empty msgstr of ``lang``'s UI catalog by MT, each marked fuzzy.

    Translated entries (fuzzy ones included) are never touched. For the source language the
    msgid itself is the translation, and no model is needed.
    """
    _check_lang(lang)
    target = po_path(locales, lang)
    if not target.is_file():
        raise LocnewsError(f"no catalog for {lang}; run `locnews catalog init {lang}`", target)
    po = load_po(target)
    from locnews.catalogs.pofile import nplurals_of

    n = nplurals_of(po, lang)
    todo = [e for e in po if not e.obsolete and e.msgid and not _translated(e)]
    src_lang = source_lang()
    same = lang.split("_")[0] == src_lang
    name = "identity (source language)" if same else ""
    texts: list[str] = []
    for e in todo:
        texts.append(e.msgid)
        if e.msgid_plural:
            texts.append(e.msgid_plural)
    if same:
        outs: list[str | None] = list(texts)
    elif not todo:
        outs = []
    else:
        if engine is None:
            from locnews.mt.models import load_engine

            engine = load_engine(src_lang, lang.split("_")[0], model)
        name = getattr(engine, "name", type(engine).__name__)
        outs = machine_translate(texts, src_lang, lang.split("_")[0], engine)
    filled = skipped = 0
    it = iter(outs)
    for e in todo:
        one = next(it)
        many = next(it) if e.msgid_plural else None
        if one is None or (e.msgid_plural and many is None):
            skipped += 1
            continue
        if e.msgid_plural:
            # form 0 is the singular only where the language has more than one form
            forms = [one] + [many] * (n - 1) if (n > 1 or same) else [many]
            e.msgstr_plural = dict(enumerate(forms))
        else:
            e.msgstr = one
        if not same:
            if "fuzzy" not in e.flags:
                e.flags.insert(0, "fuzzy")
            note = f"machine translation ({name}); review, then remove the fuzzy flag"
            e.tcomment = (e.tcomment + "\n" + note) if e.tcomment else note
        filled += 1
    if filled:
        with locked(target):
            save_po(po, target)
    return PretranslateResult(target, filled, skipped, name)


