"""`locnews catalog check` in detail: the language a catalog is checked for, unflagged brace
placeholders, empty and undecodable files, the JSON verdict (written against mutants that survived
test_catalog_check.py; see benchmarks/mutation.py), and the header warnings compared with msgfmt."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from locnews.catalogs.check import check_file, check_text
from locnews.errors import LocnewsError

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n{language}'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "Berita"\nmsgstr "Berita"\n')


def _plural_errors(report) -> list[str]:
    """Findings about the number of plural forms (an error or, for a header field, a warning)."""
    found = list(report.errors) + list(getattr(report, "warnings", []))
    return [msg for _, msg in found if "nplurals" in msg]


def test_plural_forms_are_checked_for_the_language_of_the_header_or_the_folder(tmp_path):
    two_forms_id = HEADER.format(language='"Language: id\\n"\n')
    assert _plural_errors(check_text(two_forms_id, tmp_path / "x.po"))  # Indonesian has one form
    no_language = HEADER.format(language="")
    for folder in ("LC_MESSAGES", "articles"):
        path = tmp_path / "locales" / "id" / folder / "x.po"
        assert _plural_errors(check_text(no_language, path)), folder  # the language from the path
    assert not _plural_errors(check_text(no_language, tmp_path / "x.po"))  # unknown: not judged


def test_an_unflagged_brace_placeholder_dropped_is_reported(tmp_path):
    text = HEADER.format(language='"Language: en\\n"\n') + '\nmsgid "{n} komentar"\nmsgstr "comments"\n'
    report = check_text(text, tmp_path / "x.po")
    found = list(report.errors) + list(getattr(report, "warnings", []))
    assert any("placeholder {n} of 'msgid' is missing" in msg for _, msg in found)


def test_empty_missing_and_undecodable_files(tmp_path):
    empty = tmp_path / "empty.po"
    empty.write_text("  \n", encoding="utf-8")
    r = check_file(empty)
    assert r.errors == [(1, "empty PO catalog")] and r.percent == 0.0 and not r.ok
    with pytest.raises(LocnewsError, match="no such PO catalog"):
        check_file(tmp_path / "none.po")
    r = check_file(Path(__file__).parent / "data" / "catalogs" / "wrong_encoding.po")
    assert r.errors and not r.ok


def test_json_says_whether_each_catalog_passed(cli, tmp_path, repo):
    good = repo / "locales" / "id" / "LC_MESSAGES" / "messages.po"
    bad = Path(__file__).parent / "data" / "catalogs" / "duplicates.po"
    r = cli("catalog", "check", "--json", good, bad)
    report = json.loads(r.stdout)
    assert [c["passed"] for c in report["catalogs"]] == [True, False] and report["passed"] is False


def test_no_locales_folder_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("catalog", "check")
    assert r.exit_code == 2
    assert r.stderr.strip().endswith(": no locales/ folder here; give catalog paths or run in a project")


def test_empty_locales_folder_and_threshold_range(cli, tmp_path, monkeypatch):
    (tmp_path / "locales").mkdir()
    monkeypatch.chdir(tmp_path)
    r = cli("catalog", "check")
    assert r.exit_code == 2 and "locales: no catalogs found" in r.stderr
    po = Path(__file__).parent.parent / "locales" / "id" / "LC_MESSAGES" / "messages.po"
    assert cli("catalog", "check", "--min-translated", "100.5", po).exit_code == 2
    assert cli("catalog", "check", "--min-translated", "100", po).exit_code == 0


# ------------------------------------------------------------------------------------------------
# the header, as msgfmt --check judges it (written against mutants that survived on main)

FULL = {"Project-Id-Version": "site 1.0", "PO-Revision-Date": "2026-01-02 10:00+0700",
        "Last-Translator": "Sari <sari@example.org>", "Language-Team": "Indonesian", "Language": "id",
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;"}
TEMPLATE = {"Project-Id-Version": "PACKAGE VERSION", "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>", "Language-Team": "LANGUAGE <LL@li.org>", "Language": ""}


def _po(fields: dict[str, str], *, raw: str = "") -> str:
    lines = "".join(f'"{k}: {v}\\n"\n' if v else f'"{k}:\\n"\n' for k, v in fields.items())
    return f'msgid ""\nmsgstr ""\n{lines}{raw}\nmsgid "Berita"\nmsgstr "Berita"\n'


HEADERS = {
    "complete": _po(FULL),
    "xgettext template": _po({**FULL, **TEMPLATE}),
    "one template value": _po({**FULL, "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE"}),
    "half a template value": _po({**FULL, "PO-Revision-Date": "YEAR-MO-DA"}),
    "template value, no space": _po({k: v for k, v in FULL.items() if k != "Last-Translator"},
                                    raw='"Last-Translator:FULL NAME <EMAIL@ADDRESS>\\n"\n'),
    "empty Language": _po({**FULL, "Language": ""}),
    "fields missing": _po({"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"}),
    "a field only inside another line": _po({k: v for k, v in FULL.items() if k != "Language-Team"},
                                            raw='"X-Note: Language-Team: none\\n"\n'),
    "a longer field name": _po({k: v for k, v in FULL.items() if k != "Project-Id-Version"},
                               raw='"Project-Id-Version-Extra: x\\n"\n'),
}


def _header_warnings(messages) -> list[str]:
    return [m for m in messages if re.match(r"header field '[\w-]+' (missing in header|still has the initial)", m)
            and "Plural-Forms" not in m]  # Plural-Forms: a warning of ours, beyond msgfmt


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("name", list(HEADERS))
def test_header_field_warnings_are_msgfmts(name, tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADERS[name], encoding="utf-8")
    p = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    theirs = _header_warnings(re.sub(r"^.*?: warning: ", "", ln) for ln in p.stderr.splitlines())
    ours = _header_warnings(msg for _, msg in check_file(path).warnings)
    assert ours == theirs
    quiet = {"complete", "half a template value"}  # "YEAR-MO-DA" alone is not the template's value
    assert bool(theirs) == (name not in quiet), "msgfmt's verdict changed: the case tests something else"


def test_header_defects_msgfmt_warns_about_are_reported(tmp_path):
    empty = check_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', tmp_path / "x.po")
    assert [m for _, m in empty.errors] == ["PO file header invalid: its msgstr is empty"]
    no_charset = check_text(_po({**FULL, "Content-Type": "text/plain"}), tmp_path / "x.po")
    assert any(m.startswith("charset missing in header") for _, m in no_charset.warnings)
    not_a_code = check_text(_po({**FULL, "Language": "Indonesian"}), tmp_path / "x.po")
    assert (2, "header field 'Language' is not a language code: 'Indonesian'") in not_a_code.warnings
    assert check_text(_po({**FULL, "Language": "Indonesian"}), tmp_path / "x.po", strict=True).errors


def test_the_header_of_each_domain_is_checked(tmp_path):
    text = _po(FULL) + '\ndomain "other"\n\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    report = check_text(text, tmp_path / "x.po")
    charset = [ln for ln, m in report.warnings if m.startswith("charset missing in header")]
    assert charset and charset[0] > 10  # on the second domain's header, not the first


def test_a_catalog_of_only_a_header_is_complete(tmp_path):
    report = check_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', tmp_path / "x.po")
    assert report.percent == 100.0 and report.ok


def test_allow_fuzzy_checks_fuzzy_plural_entries_against_the_header(tmp_path):
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#, fuzzy\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "satu berkas"\nmsgstr[1] "%d berkas"\n')
    lacks = "the header lacks 'Plural-Forms"
    assert not any(lacks in m for _, m in check_text(text, tmp_path / "x.po").errors)  # msgfmt skips fuzzy
    assert any(lacks in m for _, m in check_text(text, tmp_path / "x.po", allow_fuzzy=True).errors)


def test_only_named_braces_of_an_unflagged_entry_are_placeholders(tmp_path):
    """Beyond msgfmt, {name} of an entry without a format flag is checked; {0} or {1} in prose is not."""
    text = HEADER.format(language='"Language: en\\n"\n') + '\nmsgid "Kode {0} dan {1} dipakai."\nmsgstr "Codes used."\n'
    report = check_text(text, tmp_path / "x.po")
    assert not [m for _, m in report.errors + report.warnings if "placeholder" in m]


def test_a_check_added_with_entry_check_runs_on_every_compiled_entry(tmp_path):
    from locnews.catalogs import check as check_mod

    seen: list[str] = []

    @check_mod.entry_check
    def spy(ctx, e):
        seen.append(e.msgid)
        return [(e.msgstr_line, "spy")] if e.msgid == "Berita" else []

    @check_mod.entry_check(beyond_msgfmt=True)
    def spy_extra(ctx, e):
        return [(e.msgstr_line, "extra spy")]

    try:
        report = check_text(_po(FULL), tmp_path / "x.po")
    finally:
        check_mod.ENTRY_CHECKS.remove(spy)
        check_mod.EXTRA_ENTRY_CHECKS.remove(spy_extra)
    assert seen == ["Berita"]
    assert report.errors == [(14, "spy")] and (14, "extra spy") in report.warnings


def test_a_catalog_in_an_unknown_charset_is_a_failed_check_under_its_own_path(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(_po({**FULL, "Content-Type": "text/plain; charset=KLINGON-8"}), encoding="utf-8")
    report = check_file(path)
    assert report.path == str(path) and not report.ok
    assert [(ln, m.lower()) for ln, m in report.errors] == [(1, "unknown charset 'klingon-8' in the content-type header")]
