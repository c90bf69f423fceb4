"""`locnews catalog check` against GNU gettext: same counts as `msgfmt --statistics`, and every
defect `msgfmt --check` reports on a broken catalog is reported on the same entry."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "catalogs"
BROKEN = sorted(DATA.glob("*.po"))

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    p = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    line = p.stderr.strip().splitlines()[-1]
    num = lambda pat: int(m.group(1)) if (m := re.search(pat, line)) else 0  # noqa: E731
    return (
        num(r"(\d+) translated message"),
        num(r"(\d+) fuzzy translation"),
        num(r"(\d+) untranslated message"),
    )


def blocks(text: str) -> list[int]:
    """Block index (entries are separated by blank lines) of every line, 1-based lines."""
    out = [0]
    b = 0
    prev_blank = True
    for line in text.split("\n"):
        blank = not line.strip()
        if not blank and prev_blank:
            b += 1
        out.append(b)
        prev_blank = blank
    return out


def msgfmt_defects(path: Path) -> list[list[int]]:
    """msgfmt --check's fatal errors, each as the list of lines it points at."""
    p = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert p.returncode != 0, f"msgfmt accepts {path.name}; the fixture is not broken"
    defects: list[list[int]] = []
    name = re.escape(path.name)
    for raw in p.stderr.splitlines():
        m = re.match(rf"^.*{name}:(\d+)(?::\d+)?: (.*)$", raw)
        if not m:
            if re.match(rf"^.*{name}: warning: PO file header missing", raw):
                defects.append([1])
            continue
        line, msg = int(m.group(1)), m.group(2)
        if msg.startswith("warning:"):
            continue
        if msg.startswith("...") and defects:
            defects[-1].append(line)  # second half of a two-line message
        else:
            defects.append([line])
    return defects


@needs_gettext
@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_every_msgfmt_defect_is_reported_on_the_same_entry(path, cli):
    text = path.read_bytes().decode("utf-8", "replace")
    blk = blocks(text)
    at = lambda n: blk[min(n, len(blk) - 1)]  # noqa: E731
    r = cli("catalog", "check", "--json", path)
    assert r.exit_code == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)["catalogs"][0]
    ours = {at(e["line"]) for e in report["errors"]}
    defects = msgfmt_defects(path)
    assert defects, "msgfmt reported nothing"
    for lines in defects:
        assert any(at(n) in ours for n in lines), (
            f"msgfmt reports a defect at line(s) {lines} of {path.name}; check reported only lines "
            f"{sorted(e['line'] for e in report['errors'])}"
        )
    # and the other direction: no entry is flagged that msgfmt accepts (a checker flagging
    # everything would pass the loop above)
    flagged = {at(n) for lines in defects for n in lines}
    assert not [e for e in report["errors"] if at(e["line"]) not in flagged]


def test_text_output_is_file_line_message(cli):
    path = DATA / "formats.po"
    r = cli("catalog", "check", path)
    assert r.exit_code == 1
    lines = [ln for ln in r.stdout.splitlines() if re.match(r"^\S+\.po:\d+: ", ln)]
    assert lines and all(ln.startswith(f"{path}:") or ln.startswith("tests/") for ln in lines)
    assert any(":16: placeholder %(author)s of 'msgid' is missing" in ln for ln in lines)
    assert any("renamed from %(author)s" in ln for ln in lines)
    assert any(":32: placeholder {count} in 'msgstr' does not exist in 'msgid'" in ln for ln in lines)


def test_prose_percent_is_not_a_broken_format(cli, tmp_path):
    # Babel's compile flags news prose like "23% dari" as broken python-format; msgfmt does not
    po = tmp_path / "prose.po"
    po.write_text((DATA / "plural_missing_form.po").read_text(encoding="utf-8").split("\n#,")[0]
                  + '\n#, python-format\nmsgid "Naik 23% dari %(x)s"\nmsgstr "Up 23% of %(x)s"\n', encoding="utf-8")
    r = cli("catalog", "check", po)
    assert r.exit_code == 0, r.stdout


def test_dropped_placeholder_without_flag_is_caught(cli, tmp_path):
    po = tmp_path / "unflagged.po"
    po.write_text(_header("en") + '\nmsgid "Oleh %(author)s"\nmsgstr "By"\n', encoding="utf-8")
    # msgfmt lets it through (no python-format flag): a warning, an error with --strict
    finding = {"line": _line_of(po, 'msgstr "By"'), "message": "placeholder %(author)s of 'msgid' is missing in 'msgstr'"}
    r = cli("catalog", "check", "--json", po)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["catalogs"][0]["warnings"] == [finding]
    r = cli("catalog", "check", "--json", "--strict", po)
    assert r.exit_code == 1
    assert json.loads(r.stdout)["catalogs"][0]["errors"] == [finding]


def _header(lang: str, nplurals: str = "nplurals=2; plural=(n != 1);") -> str:
    return (
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: t\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
        '"Last-Translator: t\\n"\n"Language-Team: t\\n"\n'
        f'"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: {nplurals}\\n"\n'
    )


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(needle):
            return i
    raise AssertionError(needle)


@needs_gettext
def test_counts_equal_msgfmt_statistics(cli, tmp_path, repo, bench_catalog):
    bench = bench_catalog
    gen = tmp_path / "gen.po"
    gen.write_text(bench.make_catalog(1500, seed=11)["po"], encoding="utf-8")
    mixed = tmp_path / "mixed.po"
    mixed.write_text(
        _header("en")
        + '\n#, fuzzy\nmsgid "a"\nmsgstr ""\n'  # fuzzy without text: untranslated for msgfmt
        + '\n#, fuzzy\nmsgid "b"\nmsgid_plural "bs"\nmsgstr[0] "x"\nmsgstr[1] "xs"\n'
        + '\nmsgid "c"\nmsgid_plural "cs"\nmsgstr[0] ""\nmsgstr[1] "y"\n'
        + '\nmsgctxt "k"\nmsgid "d"\nmsgstr "D"\n'
        + '\n#~ msgid "old"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )
    catalogs = [gen, mixed, *sorted((repo / "locales").glob("*/LC_MESSAGES/*.po"))]
    r = cli("catalog", "check", "--json", "--min-translated", "0", *catalogs)
    reports = json.loads(r.stdout)["catalogs"]
    assert len(reports) == len(catalogs)
    for path, rep in zip(catalogs, reports):
        assert (rep["translated"], rep["fuzzy"], rep["untranslated"]) == msgfmt_statistics(path), path
    gen_rep = reports[0]
    assert gen_rep["obsolete"] == gen.read_text(encoding="utf-8").count("\n#~ msgid ")
    assert reports[1]["obsolete"] == 1
    assert gen_rep["fuzzy"] > 0 and gen_rep["untranslated"] > 0
    done = gen_rep["translated"] / (gen_rep["translated"] + gen_rep["fuzzy"] + gen_rep["untranslated"])
    assert gen_rep["percent"] == round(100 * done, 2)


def test_json_shape_and_threshold(cli, tmp_path):
    po = tmp_path / "half.po"
    po.write_text(
        _header("en") + '\nmsgid "a"\nmsgstr "A"\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n\nmsgid "c"\nmsgstr ""\n\nmsgid "d"\nmsgstr "D"\n',
        encoding="utf-8",
    )
    r = cli("catalog", "check", "--json", po)
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    cat = data["catalogs"][0]
    assert {"path", "translated", "fuzzy", "untranslated", "obsolete", "percent", "errors"} <= set(cat)
    assert (cat["translated"], cat["fuzzy"], cat["untranslated"], cat["obsolete"], cat["percent"]) == (2, 1, 1, 0, 50.0)
    assert cat["errors"] == []
    assert cli("catalog", "check", "--min-translated", "50", po).exit_code == 0
    assert cli("catalog", "check", "--min-translated", "51", po).exit_code == 1
    # fuzzy counts as done only when asked
    r = cli("catalog", "check", "--json", "--allow-fuzzy", "--min-translated", "75", po)
    assert r.exit_code == 0 and json.loads(r.stdout)["catalogs"][0]["percent"] == 75.0


def test_no_path_checks_every_catalog_under_locales_including_articles(cli, tmp_path, monkeypatch, repo):
    loc = tmp_path / "locales"
    # only the UI catalog: article catalogs a demo run left in the checkout must not leak in
    shutil.copytree(repo / "locales" / "en" / "LC_MESSAGES", loc / "en" / "LC_MESSAGES")
    art = loc / "en" / "articles"
    art.mkdir()
    (art / "berita.po").write_text(
        _header("en") + '\n#, fuzzy\nmsgctxt "p1.s1"\nmsgid "Halo dunia."\nmsgstr "Hello world."\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    r = cli("catalog", "check", "--json")
    paths = [c["path"] for c in json.loads(r.stdout)["catalogs"]]
    assert paths == ["locales/en/LC_MESSAGES/messages.po", "locales/en/articles/berita.po"]
    assert r.exit_code == 1  # the article is still machine output (fuzzy)
    assert cli("catalog", "check", "--allow-fuzzy").exit_code == 0


def test_the_sites_catalogs_pass(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)
    r = cli("catalog", "check", "locales/id/LC_MESSAGES/messages.po", "locales/en/LC_MESSAGES/messages.po")
    assert r.exit_code == 0, r.stdout
    assert "all 2 catalog(s) passed" in r.stdout


# ---------------------------------------------------------------------------------- bad input


def test_usage_errors_exit_2(cli, tmp_path):
    r = cli("catalog", "check", tmp_path / "nope.po")
    assert r.exit_code == 2 and "nope.po: no such file" in r.stderr
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    r = cli("catalog", "check", empty)
    assert r.exit_code == 2 and "no catalogs" in r.stderr and "Traceback" not in r.stderr
    po = DATA / "formats.po"
    r = cli("catalog", "check", "--min-translated", "120", po)
    assert r.exit_code == 2 and "--min-translated" in r.stderr
    assert cli("catalog", "check", "--no-such-option", po).exit_code == 2


def test_wrong_encoding_is_a_failed_check_with_its_line(cli):
    r = cli("catalog", "check", DATA / "wrong_encoding.po")
    assert r.exit_code == 1
    assert "wrong_encoding.po:16: invalid UTF-8 byte 0xe9" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_truncated_catalog_is_a_failed_check_with_its_line(cli):
    r = cli("catalog", "check", DATA / "truncated.po")
    assert r.exit_code == 1
    assert "truncated.po:17: end-of-line within string" in r.stdout
