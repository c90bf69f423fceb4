"""`locnews catalog` against GNU gettext on real catalogs nobody here wrote (../shared/catalogs:
VLC, budgie, gettext's own catalogs and the PO files of gettext's test suite, format-* included).

For every file: `check` passes exactly when `msgfmt --check` passes and reports the same entries,
its counts are `msgfmt --statistics`', and `compile` writes what msgfmt writes (read back by
`msgunfmt`, ISO-8859-x catalogs included).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "catalogs"
FILES = sorted(p for p in SHARED.glob("*/*.po*") if p.suffix in (".po", ".pot")) if SHARED.is_dir() else []

pytestmark = [
    pytest.mark.skipif(not FILES, reason="../shared/catalogs (real catalogs) not available"),
    pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed"),
]


def msgfmt(path: Path, cwd: Path) -> tuple[int, list[set], tuple[int, int, int] | None]:
    """msgfmt --check --statistics run where domain directives write their own .mo: the exit
    status, each fatal error as the set of lines it names, and the counts."""
    p = subprocess.run(["msgfmt", "--check", "--statistics", str(path)], capture_output=True, cwd=cwd)
    err = p.stderr.decode("utf-8", "replace")
    defects: list[set] = []
    prefix = re.escape(str(path))
    for raw in err.splitlines():
        m = re.match(rf"^{prefix}:(\d+)(?::\d+)?: (.*)$", raw)
        if not m:
            if raw.startswith(f"msgfmt: {path}") and "PO file header missing" in raw:
                defects.append({"header"})
            continue
        line, msg = int(m.group(1)), m.group(2)
        if msg.startswith("...") and defects:
            defects[-1].add(line)  # the second half of a two-line message
        elif not msg.startswith("warning:") and "directive ignored" not in msg:
            defects.append({line})
    num = lambda pat: int(m.group(1)) if (m := re.search(pat, err)) else 0  # noqa: E731
    stats = (num(r"(\d+) translated message"), num(r"(\d+) fuzzy translation"), num(r"(\d+) untranslated message"))
    return p.returncode, defects, stats if "translated message" in err else None  # no counts after a fatal error


def _hit(defect: set, finding: tuple[int, str]) -> bool:
    return finding[0] in defect or ("header" in defect and "header" in finding[1])


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_check_and_compile_agree_with_msgfmt(path, tmp_path):
    from locnews.catalogs.check import check_file
    from locnews.catalogs.mofile import compile_po

    rc, defects, stats = msgfmt(path, tmp_path)
    report = check_file(path, threshold=0)
    assert report.ok == (rc == 0), (rc, defects, report.errors)
    for d in defects:
        assert any(_hit(d, f) for f in report.errors), f"msgfmt reports lines {sorted(map(str, d))}; we report {report.errors}"
    for f in report.errors:
        assert any(_hit(d, f) for d in defects), f"we report {f}; msgfmt reports {defects}"
    if rc != 0:
        return
    assert (report.translated, report.fuzzy, report.untranslated) == stats
    built = compile_po(path.read_bytes(), path)
    for domain, (data, mo_stats) in built.items():
        theirs = tmp_path / f"{domain or 'messages'}.mo"
        if not theirs.exists():  # msgfmt writes no file for a domain without messages
            assert mo_stats.written == 0
            continue
        if data != theirs.read_bytes():  # not the same bytes: at least the same messages
            ours = tmp_path / "ours.mo"
            ours.write_bytes(data)
            unfmt = lambda mo: subprocess.run(["msgunfmt", str(mo)], capture_output=True).stdout  # noqa: E731
            assert unfmt(ours) == unfmt(theirs)


def test_non_utf8_catalogs_compile_without_mojibake():
    """The catalogs in ISO-8859-x: every translation read back from the .mo (decoded by the .mo
    header's charset, as gettext does) is the catalog's own text."""
    import gettext
    import io

    from locnews.catalogs.mofile import _sysdep_segments, compile_po
    from locnews.catalogs.pofile import charset_of, decode_po
    from locnews.catalogs.poparse import parse

    legacy = [p for p in FILES if p.suffix == ".po" and charset_of(p.read_bytes()).startswith("iso-8859")]
    assert len(legacy) >= 5
    checked = 0
    for path in legacy:
        data = path.read_bytes()
        try:
            built = compile_po(data, path)
        except Exception:
            continue  # a catalog msgfmt rejects too (the test above)
        t = gettext.GNUTranslations(io.BytesIO(built[None][0])) if None in built else None
        if t is None:
            continue
        for e in parse(decode_po(data, path)).entries:
            sysdep = "c-format" in e.flags and (_sysdep_segments(e.msgid or "") or _sysdep_segments(e.msgstr or ""))
            if sysdep:
                continue  # expanded by libintl when it loads the file; Python's gettext skips them
            if e.msgid and e.msgctxt is None and e.msgid_plural is None and e.msgstr and not e.fuzzy and not e.obsolete:
                assert t.gettext(e.msgid) == e.msgstr, (path.name, e.msgid)
                checked += 1
    assert checked > 1000


def _template_of(po: Path, out: Path) -> Path:
    """A template with the messages of a catalog (what xgettext would have written for it)."""
    import polib

    cat = polib.pofile(str(po))
    pot = polib.POFile(wrapwidth=78)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;"}
    for e in cat:
        if not e.obsolete:
            pot.append(polib.POEntry(msgid=e.msgid, msgctxt=e.msgctxt, msgid_plural=e.msgid_plural,
                                     msgstr_plural={0: "", 1: ""} if e.msgid_plural else {},
                                     flags=[f for f in e.flags if f != "fuzzy"], occurrences=e.occurrences))
    pot.save(str(out))
    return out


def _translations(po_text: str) -> tuple[dict, dict]:
    """({key: forms} of kept translations, {key: forms} of fuzzy ones) of live entries; a fuzzy
    entry's forms tell which old message it came from."""
    import polib

    kept, fuzzy = {}, {}
    for e in polib.pofile(po_text):
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else (e.msgstr,)
        if e.obsolete or not forms[0]:
            continue
        (fuzzy if "fuzzy" in e.flags else kept)[(e.msgctxt, e.msgid)] = forms
    return kept, fuzzy


PAIRS = [("gettext-runtime-de.po", "gettext-tools-de.po"), ("gettext-runtime-fr.po", "gettext-tools-fr.po"),
         ("gettext-tools-id.po", "gettext-runtime-id.po"), ("gettext-runtime-pl.po", "gettext-tools-pl.po"),
         ("gettext-runtime-el.po", "gettext-tools-el.po")]  # id: ISO-8859-1, el: ISO-8859-7


@pytest.mark.parametrize("old,new", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_update_picks_msgmerges_candidates(old, new, tmp_path):
    """A catalog updated to another package's template (many near-miss msgids: the runtime's
    messages are a subset and variants of the tools'): the same translations kept as msgmerge, and
    the same old message chosen for ≥ 97% of the fuzzy entries."""
    from locnews.catalogs.pofile import load_po
    from locnews.catalogs.ui import merge_bytes

    old_po = SHARED / "gettext-project" / old
    pot = _template_of(SHARED / "gettext-project" / new, tmp_path / "new.pot")
    ref = subprocess.run(["msgmerge", "--previous", "-q", str(old_po), str(pot)], capture_output=True, check=True).stdout
    ours, _ = merge_bytes(old_po.read_bytes(), old_po, load_po(pot), old.split("-")[-1][:-3])
    from locnews.catalogs.pofile import charset_of

    kept_ref, fuzzy_ref = _translations(ref.decode(charset_of(ref)))
    kept, fuzzy = _translations(ours.decode(charset_of(ours)))
    assert kept == kept_ref
    assert len(fuzzy_ref) >= 5
    # the first form names the old message chosen (locnews then gives a plural entry the header's
    # number of forms, where msgmerge copies the old ones as they were)
    same = sum(1 for k, v in fuzzy_ref.items() if k in fuzzy and fuzzy[k][0] == v[0])
    assert same >= 0.97 * len(set(fuzzy_ref) | set(fuzzy)), (same, len(fuzzy_ref), len(fuzzy))
    assert charset_of(ours) == charset_of(old_po.read_bytes())  # the catalog's charset is kept
