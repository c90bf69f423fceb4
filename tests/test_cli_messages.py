"""What users read: help without type labels, one-line errors, encodings decoded, where catalogs go."""

from __future__ import annotations

import codecs
import re
import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COMMANDS = [["translate"], ["segment"], ["build"], ["tm", "lookup"], ["tm", "import"], ["models", "install"],
            ["catalog", "check"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help_has_no_type_labels(cli, cmd):
    r = cli(*cmd, "--help")
    assert r.exit_code == 0
    options = r.stdout.split("Options:", 1)[1]
    assert not re.search(r"<(bool|str|int|path|float)>", options), options
    assert re.search(r"--help\s+Show this message", options)


def test_tm_lookup_options_are_described(cli):
    out = cli("tm", "lookup", "--help").stdout
    assert re.search(r"--from TEXT\s+Language of the sentence", out)
    assert re.search(r"--to TEXT\s+Language of the translation", out)


def test_segment_help_keeps_its_sentences_whole(cli):
    out = " ".join(cli("segment", "--help").stdout.split())
    assert "a blank line between paragraphs; UI chrome is not printed)" in out


@pytest.mark.parametrize("bom,enc", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_article_is_decoded(cli, tmp_path, bom, enc):
    f = tmp_path / "notepad.id.txt"
    f.write_bytes(bom + "Rabu, 8 Juli 2020\n\nJudul berita\n\nIni kalimat pertama. Ini kalimat kedua.\n".encode(enc))
    r = cli("segment", f)
    assert r.exit_code == 0, r.stderr
    assert "Ini kalimat pertama." in r.stdout and "binary" not in r.stderr


def test_an_os_error_is_one_line(cli, tmp_path, monkeypatch):
    import locnews.pages.readers as readers

    def denied(path, *a, **k):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "read_article", denied)
    r = cli("segment", tmp_path / "secret.id.txt")
    assert r.exit_code == 2
    assert r.stderr.strip() == f"locnews: error: {tmp_path / 'secret.id.txt'}: Permission denied"


def test_invalid_utf8_catalog_stops_translate_and_nothing_is_written(tmp_path, monkeypatch):
    from locnews.errors import LocnewsError
    from locnews.translate import Options, translate_files

    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLES / "isis-children.id.txt", tmp_path)
    opts = Options("id", "en", use_tm=False, progress=False)
    translate_files([tmp_path / "isis-children.id.txt"], opts, translator=lambda t: t)
    catalog = tmp_path / "locales" / "en" / "articles" / "isis-children.po"
    damaged = catalog.read_bytes().replace(b"Wednesday", b"Wedn\xe9sday")
    catalog.write_bytes(damaged)
    with pytest.raises(LocnewsError, match=r"invalid UTF-8 byte 0xe9") as e:
        translate_files([tmp_path / "isis-children.id.txt"], opts, output=tmp_path / "x.en.txt", translator=lambda t: t)
    assert e.value.line and catalog.read_bytes() == damaged and not (tmp_path / "x.en.txt").exists()


def test_catalogs_in_a_parent_project_are_announced(cli, tmp_path, monkeypatch):
    (tmp_path / "locales").mkdir()
    sub = tmp_path / "drafts"
    sub.mkdir()
    shutil.copy(SAMPLES / "isis-children.id.txt", sub)
    monkeypatch.chdir(sub)
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    import locnews.translate as tr

    monkeypatch.setattr(tr, "_load_translator", lambda opts, factory: (lambda texts: texts))
    monkeypatch.setattr("locnews.mt.models.find_package", lambda *a, **k: _FakePackage())
    r = cli("translate", "isis-children.id.txt", "--to", "en", "--no-tm", "-o", "x.en.txt")
    assert r.exit_code == 0, r.stderr
    assert f"catalogs go to {tmp_path / 'locales'}" in r.stderr
    assert (tmp_path / "locales" / "en" / "articles" / "isis-children.po").is_file()


class _FakePackage:
    name, source = "fake", "test"
