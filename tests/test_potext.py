"""The fast PO reader and writer (catalogs/potext.py) against polib, whose objects and text they
replace in every catalog locnews rewrites: the same entries, comments and header, and the same
text to the byte (wrapping included), on every real catalog of ../shared/catalogs; and, where
polib's reading loses text, what gettext reads."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locnews.catalogs import potext
from locnews.catalogs.pofile import decode_po, load_po, po_codec
from locnews.catalogs.poparse import PoSyntaxError, parse
from locnews.errors import LocnewsError

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "catalogs"
FILES = sorted(p for p in SHARED.glob("*/*.po*") if p.suffix in (".po", ".pot")) if SHARED.is_dir() else []
FIELDS = ("msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "comment", "tcomment", "occurrences", "flags",
          "previous_msgctxt", "previous_msgid", "previous_msgid_plural")
# escapes polib does not know (it keeps the backslash, and its writer doubles it)
_ESCAPES_POLIB_LOSES = re.compile(r'(?<!\\)(?:\\\\)*\\[a0-7x]')


def _same_objects(ours: polib.POFile, ref: polib.POFile) -> None:
    assert (ours.header, ours.metadata, bool(ours.metadata_is_fuzzy)) == (ref.header, ref.metadata, bool(ref.metadata_is_fuzzy))
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        assert bool(a.obsolete) == bool(b.obsolete), b.msgid
        for f in FIELDS:
            assert getattr(a, f) == getattr(b, f), (f, b.msgid)


@pytest.mark.skipif(not FILES, reason="../shared/catalogs (real catalogs) not available")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_reads_and_writes_every_real_catalog_as_polib(path):
    data = path.read_bytes()
    try:
        text = decode_po(data, path, po_codec(data, path))
    except LocnewsError:
        with pytest.raises(LocnewsError):
            load_po(path)  # not text in its own charset: refused before any reading
        return
    if not text.strip() or parse(text).errors:
        with pytest.raises(PoSyntaxError):
            potext.read(text)  # a broken catalog is never read for rewriting
        return
    if re.search(r"^\s*domain\s", text, re.M):
        with pytest.raises(PoSyntaxError, match="domain"):
            potext.read(text)
        return
    ours = potext.read(text)
    try:
        ref = polib.pofile(text, wrapwidth=78)
    except OSError:
        ref = None  # polib cannot read it (a Unicode line break inside a string, "#:file.c:1", …)
    if ref is not None and not _ESCAPES_POLIB_LOSES.search(text):
        _same_objects(ours, ref)
        want = ref.__unicode__()
        assert potext.write(ours) == want
        assert potext.write(ref) == want
    # what is written reads back as the same catalog (comments rewrapped as polib wraps them)
    written = potext.write(ours)
    again = potext.read(written)
    assert potext.write(again) == written
    strings = lambda po: [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, e.obsolete)  # noqa: E731
                          for e in sorted(po, key=lambda e: bool(e.obsolete))]  # obsolete entries are written last
    assert strings(again) == strings(ours)


def test_header_comments_obsolete_entries_and_previous_msgids_as_polib():
    text = """# Indonesian translation.
#
# Copyright.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: x\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Extra: a\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

# translator
#.
#. extracted
#: a.py:1 b-c.py:2 noline
#:d.py:3
#, fuzzy, python-format
#| msgctxt "old"
#| msgid "Old %s"
#| "text"
msgctxt "menu"
msgid "New %s"
msgstr "Baru %s"

#, c-format,
msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} berkas"

#  two spaces
##double
#~ # obsolete comment
#, fuzzy
#~| msgid "gone"
#~ msgid "Gone"
#~ msgstr ""
#~ "Hilang"

# trailing comment, dropped as polib drops it
"""
    ours = potext.read(text)
    ref = polib.pofile(text.replace("#:d.py:3", "#: d.py:3"), wrapwidth=78)
    _same_objects(ours, ref)
    assert ours[0].occurrences == [("a.py", "1"), ("b-c.py", "2"), ("noline", ""), ("d.py", "3")]
    assert ours[0].previous_msgid == "Old %stext" and ours[1].msgstr_plural == {0: "{n} berkas"}
    assert potext.write(ours) == ref.__unicode__()


def test_long_lines_wrap_as_polib_wraps_them():
    rng = random.Random(3)
    words = ["kata", "panjang-sekali", "a", "x" * 90, "co-op", "--", "well--known", "\\", '"', "\t", "é", "ini  dua"]
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i in range(400):
        s = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        po.append(polib.POEntry(msgid=f"{i} {s}", msgstr=s[::-1], tcomment=s, comment=s,
                                occurrences=[(f"src/a-b/{w}.py", str(k)) for k, w in enumerate(s.split()[:9])],
                                previous_msgid=s if i % 3 == 0 else None))
    assert potext.write(po) == po.__unicode__()


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(" -ab\\\"é—") | st.sampled_from("  abc"), max_size=200),
       st.integers(min_value=1, max_value=80))
def test_wrap_is_textwraps(s, width):
    escaped = potext._escape(s)
    assert potext._wrap(escaped, width) == textwrap.wrap(escaped, width, drop_whitespace=False, break_long_words=False)


def test_escapes_polib_would_double_are_kept():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "bell\\a"\nmsgstr "bel\\a \\101"\n'
    po = potext.read(text)
    assert po[0].msgid == "bell\a" and po[0].msgstr == "bel\a A"
    assert 'msgid "bell\\a"' in potext.write(po)
    assert polib.pofile(text)[0].msgid == "bell\\a"  # polib: a backslash and a letter, written back as \\a


def test_a_unicode_line_break_inside_a_string_is_text():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\u2028b"\nmsgstr "c\x0bd"\n'
    po = potext.read(text)
    assert (po[0].msgid, po[0].msgstr) == ("a\u2028b", "c\vd")
    _same_objects(potext.read(potext.write(po)), po)


def test_a_domain_directive_is_refused_with_its_line():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\ndomain "other"\n\nmsgid "a"\nmsgstr "b"\n'
    with pytest.raises(PoSyntaxError, match="domain") as exc:
        potext.read(text)
    assert exc.value.line == 4


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext (msgmerge) not installed")
def test_update_keeps_what_polib_would_have_corrupted(cli, tmp_path):
    """An escape polib does not know and a string holding a Unicode line break: update keeps both
    as msgmerge does (polib wrote ``\\\\a`` for ``\\a`` and could not read the second)."""
    loc = tmp_path / "locales"
    (loc / "id" / "LC_MESSAGES").mkdir(parents=True)
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: id\\n"\n'
            '"Plural-Forms: nplurals=1; plural=0;\\n"\n')
    entries = '\nmsgid "Bell\\a"\nmsgstr "Bel\\a"\n\nmsgid "Line\u2028sep"\nmsgstr "Baris\u2028pisah"\n'
    po = loc / "id" / "LC_MESSAGES" / "messages.po"
    po.write_text(head + entries, encoding="utf-8")
    (loc / "messages.pot").write_text(head + entries.replace('msgstr "Bel\\a"', 'msgstr ""').replace("msgstr \"Baris\u2028pisah\"", 'msgstr ""'),
                                      encoding="utf-8")
    ref = subprocess.run(["msgmerge", "-q", str(po), str(loc / "messages.pot")], capture_output=True, check=True).stdout.decode()
    r = cli("catalog", "update", "--locales", loc)
    assert r.exit_code == 0, r.output
    out = po.read_text(encoding="utf-8")
    assert 'msgstr "Bel\\a"' in ref and 'msgstr "Bel\\a"' in out
    translations = lambda text: {e.msgid: e.msgstr for e in potext.read(text)}  # noqa: E731
    assert translations(out) == translations(ref) == {"Bell\a": "Bel\a", "Line\u2028sep": "Baris\u2028pisah"}


def test_update_refuses_a_catalog_with_domain_directives(cli, tmp_path):
    loc = tmp_path / "locales"
    (loc / "id" / "LC_MESSAGES").mkdir(parents=True)
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: id\\n"\n'
    po = loc / "id" / "LC_MESSAGES" / "messages.po"
    before = head + '\ndomain "other"\n\nmsgid "a"\nmsgstr "b"\n'
    po.write_text(before, encoding="utf-8")
    (loc / "messages.pot").write_text(head + '\nmsgid "a"\nmsgstr ""\n', encoding="utf-8")
    r = cli("catalog", "update", "--locales", loc)
    assert r.exit_code == 2
    assert re.fullmatch(r"locnews: error: .*messages\.po:6: .*domain.*\n", r.stderr)
    assert po.read_text(encoding="utf-8") == before


def _decoded(paths: list[Path]):
    """(path, text) of each catalog that is text in its own charset."""
    for path in paths:
        data = path.read_bytes()
        try:
            yield path, decode_po(data, path, po_codec(data, path))
        except LocnewsError:
            continue


def _line_reader(text: str) -> polib.POFile:
    return potext.from_parsed(parse(text, keep_comments=True))


def _same_reading(fast: polib.POFile, text: str) -> None:
    slow = _line_reader(text)
    assert (fast.header, fast.metadata, fast.metadata_is_fuzzy) == (slow.header, slow.metadata, slow.metadata_is_fuzzy)
    assert [e.__dict__ for e in fast] == [e.__dict__ for e in slow]
    assert potext.write(fast) == potext.write(slow)


@pytest.mark.skipif(not FILES, reason="../shared/catalogs (real catalogs) not available")
def test_the_block_reader_reads_real_catalogs_as_the_line_reader():
    """``read_canonical`` (one regex finds every entry) is how catalogs are read for rewriting; where it
    takes a file it gives what the line reader gives, and it takes nearly every real catalog (else
    `catalog update` silently loses its speed)."""
    taken = 0
    for path, text in _decoded(FILES):
        fast = potext.read_canonical(text)
        if fast is None:
            continue
        taken += 1
        assert not parse(text).errors, path.name  # a file with an error is never taken
        _same_reading(fast, text)
    assert taken >= 0.9 * len(FILES), (taken, len(FILES))


_PIECES = st.sampled_from([
    "Berita", "hari ini", "\\7", "12", "\\n", "\\t", '\\"', "\\\\", "\\101", "\\x41", "\\004", "\\q", "café", " ", "%d", "msgstr[0] ",
])


def _po_string(parts: list[str], prefix: str) -> str:
    if len(parts) <= 1:
        return f'"{"".join(parts)}"'
    return '""\n' + "\n".join(f'{prefix}"{p}"' for p in parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "comments": st.lists(st.sampled_from(["# note", "#. extracted", "#: a.c:1 b.c", "#, fuzzy, c-format", "#| msgid \"old\"",
                                          "#~| msgid \"gone\"", "#~ # old note", "#", "#:", "# trailing  "]), max_size=3),
    "obsolete": st.booleans(), "ctxt": st.none() | st.lists(_PIECES, max_size=2), "id": st.lists(_PIECES, max_size=3),
    "plural": st.none() | st.lists(_PIECES, max_size=2), "forms": st.lists(st.lists(_PIECES, max_size=2), min_size=1, max_size=3),
    "quirk": st.sampled_from(["", "", "", "blank inside", "trailing blank", "crlf", "indented", "two spaces", "form index"]),
}), min_size=1, max_size=4))
def test_the_block_reader_agrees_with_the_line_reader_or_declines(entries):
    """Generated entries, some with a layout quirk: the block reader gives the line reader's objects, or
    leaves the file to it (None) — it never reads a file differently, and never takes a broken one."""
    out = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    for e in entries:
        p = "#~ " if e["obsolete"] else ""
        lines = list(e["comments"])
        if e["ctxt"] is not None:
            lines.append(f"{p}msgctxt {_po_string(e['ctxt'], p)}")
        lines.append(f"{p}msgid {_po_string(e['id'] or ['x'], p)}")
        if e["plural"] is not None:
            lines.append(f"{p}msgid_plural {_po_string(e['plural'], p)}")
            for k, f in enumerate(e["forms"]):
                k = k + 1 if e["quirk"] == "form index" else k
                lines.append(f"{p}msgstr[{k}] {_po_string(f, p)}")
        else:
            lines.append(f"{p}msgstr {_po_string(e['forms'][0], p)}")
        block = "\n".join(lines)
        quirk = e["quirk"]
        if quirk == "blank inside":
            block = block.replace("\nmsgstr", "\n\nmsgstr").replace("\n#~ msgstr", "\n\n#~ msgstr")
        elif quirk == "trailing blank":
            block = block.replace('"\n', '" \n', 1)
        elif quirk == "crlf":
            block = block.replace("\n", "\r\n")
        elif quirk == "indented":
            block = "  " + block
        elif quirk == "two spaces":
            block = block.replace("msgid ", "msgid  ", 1)
        out.append(block + "\n")
    text = "\n".join(out)
    fast = potext.read_canonical(text)
    broken = bool(parse(text, keep_comments=True).errors)
    if fast is not None:
        assert not broken
        try:
            _same_reading(fast, text)
        except PoSyntaxError:
            pytest.fail("the block reader took a file the line reader refuses")
    elif not broken and not any(e["quirk"] for e in entries) and "\\004" not in text and "\\q" not in text:
        pytest.fail("a clean file in the canonical layout was left to the line reader")


@pytest.mark.parametrize("text, taken", [
    ('msgid ""\n"\\7"\n"12"\nmsgstr "x"\n', True),  # an octal escape ends with its line: "\a" + "12", not "\712"
    ('msgid "a"\nmsgstr ""\n"\\x6"\n"1"\n', True),
    ('#~ msgid "gone"\n#~ msgstr ""\n#~ "\\101"\n#~ "1"\n', True),
    ('msgid "a\\004b"\nmsgstr "x"\n', False),  # an escaped EOT: the line reader's error
    ('msgid "a\\qb"\nmsgstr "x"\n', False),  # unknown escape
    ('#| msgfoo "x"\nmsgid "a"\nmsgstr "x"\n', False),  # unknown #| keyword
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', False),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', False),
    ('\ufeffmsgid "a"\nmsgstr "x"\n', False),
    ('msgid "a"\r\nmsgstr "x"\r\n', False),
    ('domain "d"\nmsgid "a"\nmsgstr "x"\n', False),
    ('msgid "a"\n\nmsgstr "x"\n', False),
    ('msgid "a"\nmsgstr "x"', True),  # no newline at the end
    ("# only a comment\n", False),
])
def test_the_block_reader_on_edge_layouts(text, taken):
    fast = potext.read_canonical(text)
    assert (fast is not None) == taken
    if fast is not None:
        _same_reading(fast, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text("ab-/._:1", min_size=1, max_size=90), min_size=1, max_size=12), st.sampled_from([20, 40, 78, 79]))
def test_reference_lines_wrap_as_polib_wraps_them(files, width):
    refs = " ".join(files)
    polib_lines = [ln.replace("*", "-") for ln in textwrap.wrap(refs.replace("-", "*"), width, initial_indent="#: ",
                                                                subsequent_indent="#: ", break_long_words=False)]
    assert potext._wrap_references(refs, width - 3) == polib_lines


_MUTATIONS = ("delete", "duplicate", "blank", "trailing", "indent", "quote", "backslash", "join", "hash", "tilde")


def _mutate(lines: list[str], rng: random.Random) -> list[str]:
    out = list(lines)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(out))
        kind = rng.choice(_MUTATIONS)
        if kind == "delete":
            del out[i]
        elif kind == "duplicate":
            out.insert(i, out[i])
        elif kind == "blank":
            out.insert(i, rng.choice(["", " ", "\t"]))
        elif kind == "trailing":
            out[i] += rng.choice([" ", "\t", "\r"])
        elif kind == "indent":
            out[i] = " " + out[i]
        elif kind == "quote":
            out[i] = out[i].replace('"', "", 1) if rng.random() < 0.5 else out[i] + '"'
        elif kind == "backslash":
            out[i] = out[i][:-1] + '\\"' if out[i].endswith('"') else out[i] + "\\"
        elif kind == "join" and i + 1 < len(out):
            out[i : i + 2] = [out[i] + out[i + 1]]
        elif kind == "hash":
            out[i] = "#" + out[i]
        elif kind == "tilde":
            out[i] = "#~ " + out[i]
    return out


@pytest.mark.skipif(not FILES, reason="../shared/catalogs (real catalogs) not available")
def test_the_block_reader_on_mutated_real_catalogs():
    """Real catalogs with lines deleted, doubled, blanked, indented, broken or commented out (what a
    hand edit or a merge conflict leaves): the block reader reads each as the line reader does or
    leaves it to it; it never takes a file the line reader calls broken."""
    rng = random.Random(13)
    sources = [p for p in FILES if p.suffix == ".po" and p.stat().st_size > 2000][:12]
    taken = declined = 0
    for path, text in _decoded(sources):
        lines = text.split("\n")[:400]
        for _ in range(40):
            mutant = "\n".join(_mutate(lines, rng))
            fast = potext.read_canonical(mutant)
            if fast is None:
                declined += 1
                continue
            taken += 1
            assert not parse(mutant, keep_comments=True).errors, path.name
            _same_reading(fast, mutant)
    assert taken and declined  # both kinds of mutant occurred
