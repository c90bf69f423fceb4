"""`locnews catalog check` in detail: the language a catalog is checked for, unflagged brace
placeholders, empty and undecodable files, the JSON verdict (written against mutants that survived
test_catalog_check.py; see benchmarks/mutation.py)."""

from __future__ import annotations

import json
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
