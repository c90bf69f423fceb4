"""`locnews segment`: text and JSON output, language detection, and clean failures on bad input."""

from __future__ import annotations

import json


def test_text_output_of_the_seed(cli, samples):
    r = cli("segment", samples / "isis-children.en.txt")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Wednesday, 08 Jul 2020"
    assert lines[1].startswith("Dozens of Babies And Toddlers")
    assert lines[2] == ""  # a blank line between paragraphs (and after the headline)
    assert "Russia's health ministry said the children arrived in Moscow late Monday." in lines
    assert "They were taken directly to the hospital to undergo medical tests." in lines
    # UI chrome is not printed
    assert "Versi Mobile" not in r.stdout and "Most Popular" not in r.stdout
    assert lines[-1].startswith("At its peak he held territory")
    assert r.stdout.count("\n\n") == 11  # headline + 11 paragraphs


def test_json_output_includes_ui(cli, samples):
    r = cli("segment", samples / "isis-children.id.txt", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["lang"] == "id"
    segs = data["segments"]
    assert segs[0] == {"id": "d0.1", "kind": "dateline", "block": 0, "text": "Rabu, 08 Jul 2020"}
    assert segs[1]["id"] == "h1.1" and segs[1]["kind"] == "headline"
    assert {s["kind"] for s in segs} == {"dateline", "headline", "sentence", "ui"}
    assert [s["text"] for s in segs if s["kind"] == "ui"] == ["Versi Mobile", "Terpopuler"]
    assert segs[-1] == {"id": "u14.1", "kind": "ui", "block": 14, "text": "Terpopuler"}


def test_html_page(cli, samples):
    r = cli("segment", samples / "isis-children.id.html")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[:2] == ["Rabu, 08 Jul 2020", lines[1]] and lines[1].startswith("Puluhan Bayi")
    assert "⟦1⟧Kementerian Kesehatan Rusia⟦/1⟧ mengatakan anak-anak itu tiba di Moskow pada Senin malam.⟦2/⟧" in lines
    assert "dataLayer" not in r.stdout and "Beranda" not in r.stdout


def test_lang_option_and_detection(cli, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("Judul\n\nIa tinggal di Jl. Sudirman No. 12. Rumahnya besar.\n", "utf-8")
    r = cli("segment", f, "--format", "json")
    assert json.loads(r.stdout)["lang"] == "id"
    r = cli("segment", f, "--lang", "en", "--format", "json")
    assert json.loads(r.stdout)["lang"] == "en"
    r = cli("segment", f)
    assert r.stdout.splitlines()[2:] == ["Ia tinggal di Jl. Sudirman No. 12.", "Rumahnya besar."]


def test_cp1252_file_is_decoded_and_said(cli, tmp_path):
    f = tmp_path / "caf.en.txt"
    f.write_bytes("Title\n\nThe caf\u00e9 opened at 9 a.m. \u201cGreat,\u201d he said.\n".encode("cp1252"))
    r = cli("segment", f)
    assert r.exit_code == 0
    assert "The caf\u00e9 opened at 9 a.m." in r.stdout and "\u201cGreat,\u201d he said." in r.stdout
    assert "cp1252" in r.stderr and str(f) in r.stderr


def _bad(r, needle):
    assert r.exit_code == 2
    assert r.stdout == ""
    err = r.stderr.strip()
    assert err.count("\n") == 0 and err.startswith("locnews: error: ") and needle in err
    assert "Traceback" not in err


def test_bad_input(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", "utf-8")
    _bad(cli("segment", empty), "empty")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _bad(cli("segment", binary), "binary")
    _bad(cli("segment", tmp_path), "directory")
    _bad(cli("segment", tmp_path / "missing.txt"), "no such file")
    ok = tmp_path / "ok.txt"
    ok.write_text("Judul\n\nIsi.\n", "utf-8")
    _bad(cli("segment", ok, "--lang", "fr"), "unsupported language")
    _bad(cli("segment", ok, "--format", "xml"), "unknown format")
