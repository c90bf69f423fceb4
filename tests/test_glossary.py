from pathlib import Path

import pytest

from locnews.errors import LocnewsError
from locnews.mt.glossary import load_glossary, parse_glossary

REPO = Path(__file__).resolve().parent.parent


def test_both_directions_and_keep_as_is():
    g = parse_glossary("# id\ten\nMoskwa\tMoscow\nISIS\t=\nnegara islam\tIslamic State\n")
    assert g.find("ke Moskwa", "id", "en") == [(3, 9, "Moscow")]
    assert g.find("to Moscow", "en", "id") == [(3, 9, "Moskwa")]
    assert g.find("ISIS", "en", "id") == [(0, 4, "ISIS")]
    # lower-case terms match in any case, names only as written, whole words only
    assert g.find("Negara Islam", "id", "en") == [(0, 12, "Islamic State")]
    assert g.find("isis moskwa Moskwanya", "id", "en") == []
    assert g.find("x", "fr", "en") == []


def test_longest_term_wins():
    g = parse_glossary("Kadyrov\t=\nRamzan Kadyrov\t=\n")
    assert g.find("Ramzan Kadyrov said", "id", "en") == [(0, 14, "Ramzan Kadyrov")]


def test_bad_row_names_file_and_line(tmp_path):
    p = tmp_path / "glossary.tsv"
    p.write_text("Moskwa\tMoscow\nonly-one-column\n", encoding="utf-8")
    with pytest.raises(LocnewsError) as e:
        load_glossary(p)
    assert e.value.line == 2 and str(p) in str(e.value)


def test_folder_without_glossary_uses_bundled(tmp_path):
    assert load_glossary(locales_dir=tmp_path).rows == load_glossary(REPO / "locales" / "glossary.tsv").rows


def test_project_glossary_parses():
    g = load_glossary(REPO / "locales" / "glossary.tsv")
    assert g.langs == ("id", "en") and len(g) >= 10
