"""`locnews catalog update`: never loses a translation, agrees with msgmerge, keeps PO fidelity."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locnews.catalogs.merge import FuzzyIndex, lcs_length, merge, similarity

needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext (msgmerge) not installed")

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
    '"Last-Translator: t\\n"\n"Language-Team: t\\n"\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: {plural}\\n"\n'
)
EN = HEADER.format(lang="en", plural="nplurals=2; plural=(n != 1);")
ID = HEADER.format(lang="id", plural="nplurals=1; plural=0;")
POT = (
    'msgid ""\nmsgstr ""\n"POT-Creation-Date: 2026-02-02 00:00+0000\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n'
)

OLD = EN + """
msgid "Selamat datang di situs berita kami"
msgstr "Welcome to our news site"

msgid "Belum diterjemahkan"
msgstr ""

msgid "Entri yang hilang"
msgstr "Gone"

# a translator's note
#, fuzzy
#| msgid "Yang lama"
msgid "Yang kabur di sini"
msgstr "Fuzzy"

#: templates/a.html:3 templates/b.html:9
#, python-format
msgid "Oleh %(author)s"
msgstr "By %(author)s"

#~ msgid "Hidupkan aku lagi"
#~ msgstr "Revived"

#~ msgid "Tetap usang"
#~ msgstr "SO"

msgid "Satu kucing"
msgstr "One cat"

msgctxt "menu"
msgid "Berita"
msgstr "News"
"""

NEW_POT = POT + """
msgid "Selamat datang di situs berita kami!"
msgstr ""

msgid "Selamat datang di situs berita kamu"
msgstr ""

msgid "Hidupkan aku lagi"
msgstr ""

msgid "Yang kabur di sini"
msgstr ""

msgid "Hidupkan aku lagii"
msgstr ""

#: templates/b.html:9 templates/a.html:4
#, python-format
msgid "Oleh %(author)s"
msgstr ""

#, python-format
msgid "Satu kucing"
msgid_plural "%(n)s kucing"
msgstr[0] ""
msgstr[1] ""

msgctxt "button"
msgid "Berita"
msgstr ""

msgid "Sesuatu yang sama sekali baru"
msgstr ""
"""


def _forms(e: polib.POEntry) -> tuple:
    return tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else (e.msgstr,)


def _summary(po: polib.POFile) -> tuple[dict, set]:
    live = {(e.msgctxt, e.msgid): (_forms(e), "fuzzy" in e.flags) for e in po if not e.obsolete}
    obsolete = {(e.msgctxt, e.msgid, _forms(e)) for e in po if e.obsolete}
    return live, obsolete


def _run_update(cli, tmp_path: Path, old_text: str, pot_text: str, lang: str = "en") -> Path:
    loc = tmp_path / "locales"
    (loc / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    po = loc / lang / "LC_MESSAGES" / "messages.po"
    po.write_text(old_text, encoding="utf-8")
    (loc / "messages.pot").write_text(pot_text, encoding="utf-8")
    r = cli("catalog", "update", "--locales", loc)
    assert r.exit_code == 0, r.stderr
    return po


@needs_gettext
def test_update_agrees_with_msgmerge(cli, tmp_path):
    po = _run_update(cli, tmp_path, OLD, NEW_POT)
    gnu = tmp_path / "gnu.po"
    (tmp_path / "old.po").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.pot").write_text(NEW_POT, encoding="utf-8")
    subprocess.run(["msgmerge", "--previous", "-q", "-o", str(gnu), str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    ours, theirs = polib.pofile(str(po)), polib.pofile(str(gnu))
    assert _summary(ours) == _summary(theirs)
    # the #| previous msgid of every fuzzy match is the same as msgmerge's
    prev = lambda p: {(e.msgctxt, e.msgid): e.previous_msgid for e in p if not e.obsolete and "fuzzy" in e.flags}  # noqa: E731
    assert prev(ours) == prev(theirs)
    text = po.read_text(encoding="utf-8")
    assert '#| msgid "Selamat datang di situs berita kami"' in text
    assert "# a translator's note" in text
    assert "#: templates/b.html:9 templates/a.html:4" in text  # the template's order, not re-sorted
    assert '"POT-Creation-Date: 2026-02-02 00:00+0000\\n"' in text
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)


def test_update_keeps_plural_forms_right_for_indonesian(cli, tmp_path):
    old = ID + '\nmsgid "Satu berita"\nmsgstr "Satu berita"\n\nmsgid "{n} komentar"\nmsgid_plural "{n} komentar"\nmsgstr[0] "{n} komentar"\n'
    pot = (
        POT
        + '\n#, python-brace-format\nmsgid "{n} komentar"\nmsgid_plural "{n} komentar"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        + '\nmsgid "{n} foto"\nmsgid_plural "{n} foto"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        + '\nmsgid "Satu berita"\nmsgid_plural "%(n)s berita"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    po = polib.pofile(str(_run_update(cli, tmp_path, old, pot, lang="id")))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for e in po:
        if e.msgid_plural:
            assert sorted(e.msgstr_plural) == [0], e.msgid  # never two forms in nplurals=1
    kept = next(e for e in po if e.msgid == "{n} komentar")
    assert kept.msgstr_plural == {0: "{n} komentar"} and "fuzzy" not in kept.flags
    became_plural = next(e for e in po if e.msgid == "Satu berita")
    assert became_plural.msgstr_plural == {0: "Satu berita"} and "fuzzy" in became_plural.flags
    assert cli("catalog", "check", "--min-translated", "0", tmp_path / "locales").exit_code == 0


def test_update_writes_nothing_when_a_catalog_is_broken(cli, tmp_path):
    data = Path(__file__).resolve().parent / "data" / "catalogs"
    loc = tmp_path / "locales"
    for lang in ("en", "id"):
        (loc / lang / "LC_MESSAGES").mkdir(parents=True)
    good = loc / "en/LC_MESSAGES/messages.po"
    good.write_text(OLD, encoding="utf-8")
    bad = loc / "id/LC_MESSAGES/messages.po"
    shutil.copy(data / "truncated.po", bad)
    (loc / "messages.pot").write_text(NEW_POT, encoding="utf-8")
    before = good.read_bytes(), bad.read_bytes()
    r = cli("catalog", "update", "--locales", loc)
    assert r.exit_code == 2 and "messages.po:" in r.stderr and "Traceback" not in r.stderr
    assert (good.read_bytes(), bad.read_bytes()) == before
    # and without a template
    (loc / "messages.pot").unlink()
    r = cli("catalog", "update", "--locales", loc)
    assert r.exit_code == 2 and "catalog extract" in r.stderr


def test_update_is_idempotent(cli, tmp_path):
    po = _run_update(cli, tmp_path, OLD, NEW_POT)
    first = po.read_bytes()
    r = cli("catalog", "update", "--locales", tmp_path / "locales")
    assert r.exit_code == 0 and "(unchanged)" in r.stdout
    assert po.read_bytes() == first


def test_lcs_and_similarity():
    assert lcs_length(b"abcbdab", b"bdcaba") == 4
    assert lcs_length(b"", b"abc") == 0
    assert similarity("abc", "abd") == pytest.approx(2 * 2 / 6)
    assert similarity("Café", "Cafe") == pytest.approx(2 * 3 / 9)  # bytes, as msgmerge


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.binary(max_size=40))
def test_lcs_from_either_side_is_the_textbook_lcs(a, b):
    """The query's position masks are built once and reused against every candidate, whichever is longer."""
    from locnews.catalogs.merge import _lcs_against, _match_masks

    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    expected = table[len(a)][len(b)]
    assert lcs_length(a, b) == _lcs_against(_match_masks(a), a, b) == _lcs_against(_match_masks(b), b, a) == expected


@settings(max_examples=300, deadline=None)
@given(st.text("abc ", max_size=70), st.text("abc ", max_size=70), st.integers(0, 70))
def test_a_search_gives_up_on_a_candidate_only_when_it_cannot_reach_the_bound(a, b, need):
    """The early exit (msgmerge's fstrcmp_bounded) never drops a candidate that could still win."""
    from locnews.catalogs.merge import _lcs_reaching, _match_masks

    a, b = a.encode(), b.encode()
    lcs = lcs_length(a, b)
    got = _lcs_reaching(_match_masks(a), a, b, need)
    assert got == (lcs if lcs >= need else -1)


def test_index_finds_the_closest_among_many():
    olds = [polib.POEntry(msgid=f"Berita nomor {i} tentang kota {i * 7}", msgstr=f"News {i}") for i in range(3000)]
    olds.append(polib.POEntry(msgid="Presiden meresmikan jembatan baru di Surabaya", msgstr="bridge"))
    idx = FuzzyIndex(olds)
    hit = idx.search(None, "Presiden meresmikan jembatan baru di Surabaya kemarin")
    assert hit is not None and hit.msgstr == "bridge"
    assert idx.search(None, "sama sekali tidak mirip apa pun xyz") is None
    assert idx.search(None, "Berita nomor 1234 tentang kota 8638").msgstr == "News 1234"


# ---------------------------------------------------------------------------------- property

WORDS = ["berita", "kota", "presiden", "jalan", "hujan", "pasar", "harga", "naik", "turun", "baru", "lama", "%(n)s", "{n}"]

msgids = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


@st.composite
def catalogs_and_edits(draw):
    ids = draw(st.lists(msgids, min_size=1, max_size=25, unique=True))
    entries = []
    for i, mid in enumerate(ids):
        plural = draw(st.booleans()) and i % 3 == 0
        ctxt = draw(st.sampled_from([None, None, "menu"]))
        translated = draw(st.sampled_from(["yes", "yes", "fuzzy", "no"]))
        entries.append((ctxt, mid, plural, translated, f"T{i} {mid.upper()}"))
    new_ids = []
    for ctxt, mid, plural, _, _ in entries:
        op = draw(st.sampled_from(["keep", "keep", "edit", "drop", "plural"]))
        if op == "keep":
            new_ids.append((ctxt, mid, plural))
        elif op == "edit":
            new_ids.append((ctxt, mid + " " + draw(st.sampled_from(WORDS)), plural))
        elif op == "plural":
            new_ids.append((ctxt, mid, not plural))
    new_ids += [(None, m, False) for m in draw(st.lists(msgids, max_size=5))]
    lang = draw(st.sampled_from(["en", "id"]))
    return entries, list(dict.fromkeys(new_ids)), lang


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _build(entries, lang) -> str:
    out = [EN if lang == "en" else ID]
    n = 2 if lang == "en" else 1
    for ctxt, mid, plural, state, tr in entries:
        out.append("\n" + ("#, fuzzy\n" if state == "fuzzy" else "") + (f"msgctxt {_quote(ctxt)}\n" if ctxt else ""))
        out.append(f"msgid {_quote(mid)}\n")
        text = "" if state == "no" else tr
        if plural:
            out.append(f"msgid_plural {_quote(mid + ' x')}\n")
            out += [f"msgstr[{i}] {_quote(text)}\n" for i in range(n)]
        else:
            out.append(f"msgstr {_quote(text)}\n")
    return "".join(out)


def _build_pot(new_ids) -> str:
    out = [POT]
    for ctxt, mid, plural in new_ids:
        out.append("\n" + (f"msgctxt {_quote(ctxt)}\n" if ctxt else "") + f"msgid {_quote(mid)}\n")
        out.append(f"msgid_plural {_quote(mid + ' x')}\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n" if plural else 'msgstr ""\n')
    return "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs_and_edits())
def test_update_never_loses_a_translation(case):
    entries, new_ids, lang = case
    old = polib.pofile(_build(entries, lang))
    pot = polib.pofile(_build_pot(new_ids))
    new, _ = merge(old, pot, lang)
    reparsed = polib.pofile(new.__unicode__())  # what is written is what is read back
    n = 2 if lang == "en" else 1
    texts = set()
    for e in reparsed:
        texts.update(_forms(e))
    live = {(e.msgctxt, e.msgid): e for e in reparsed if not e.obsolete}
    for ctxt, mid, plural, state, tr in entries:
        if state == "no":
            continue
        # every translation the old catalog had is still in the catalog: live, fuzzy or obsolete
        assert tr in texts, (mid, tr)
        e = live.get((ctxt, mid))
        if e is not None and bool(e.msgid_plural) == plural:
            # unchanged entries keep their translation and their review state exactly
            assert set(_forms(e)) == {tr}
            assert ("fuzzy" in e.flags) == (state == "fuzzy")
    # the template decides what is live, and every plural entry has the language's form count
    assert set(live) == {(c, m) for c, m, _ in new_ids}
    for e in reparsed:
        if e.msgid_plural and not e.obsolete:
            assert sorted(e.msgstr_plural) == list(range(n))


def test_update_repairs_a_two_form_indonesian_catalog(cli, tmp_path):
    """What polib's merge leaves behind: nplurals=2 in an Indonesian catalog."""
    old = (
        HEADER.format(lang="id", plural="nplurals=2; plural=(n != 1);")
        + '\nmsgid "{n} komentar"\nmsgid_plural "{n} komentar"\nmsgstr[0] "{n} komentar"\nmsgstr[1] "{n} komentar"\n'
        + '\nmsgid "{n} foto"\nmsgid_plural "{n} foto"\nmsgstr[0] "satu foto"\nmsgstr[1] "{n} foto"\n'
    )
    pot = (
        POT
        + '\nmsgid "{n} komentar"\nmsgid_plural "{n} komentar"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        + '\nmsgid "{n} foto"\nmsgid_plural "{n} foto"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    data = Path(__file__).resolve().parent / "data" / "catalogs"
    assert cli("catalog", "check", data / "plural_count_id.po").exit_code == 1
    po = polib.pofile(str(_run_update(cli, tmp_path, old, pot, lang="id")))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    same = next(e for e in po if e.msgid == "{n} komentar")
    assert same.msgstr_plural == {0: "{n} komentar"} and "fuzzy" not in same.flags
    differed = next(e for e in po if e.msgid == "{n} foto")
    assert differed.msgstr_plural == {0: "{n} foto"} and "fuzzy" in differed.flags  # a reviewer decides


@needs_gettext
def test_gnu_tools_read_our_template_and_agree_on_the_sites_catalogs(cli, tmp_path, repo):
    loc = tmp_path / "locales"
    shutil.copytree(repo / "locales", loc, ignore=shutil.ignore_patterns("*.mo", "*.lock", "articles", "*.tsv"))
    for lang in ("en", "id"):
        po = loc / lang / "LC_MESSAGES" / "messages.po"
        gnu = tmp_path / f"{lang}.gnu.po"
        subprocess.run(["msgmerge", "--previous", "-q", "-o", str(gnu), str(po), str(loc / "messages.pot")], check=True)
        assert cli("catalog", "update", "--locales", loc, "--lang", lang).exit_code == 0
        assert _summary(polib.pofile(str(po))) == _summary(polib.pofile(str(gnu)))
