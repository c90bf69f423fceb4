"""`locnews translate` end to end, with the real bundled models (they ship in the repository, so a
model lookup error fails these tests: it is a bug, never a reason to skip).

What is checked does not depend on translation quality: numbers, names and markup are protected by
masking, the dateline and the chrome never go through MT, and the catalog keeps reviewers' work.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
# every in-process run here goes without a network (runs in a subprocess cannot be patched)
pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty folder (not a project): catalogs go to ./locales, UI strings come bundled."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    for name in ("isis-children.en.txt", "isis-children.id.txt", "isis-children.id.html"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    return tmp_path


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _msgfmt_ok(po: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) not installed: the catalog cannot be checked against it")
    r = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --------------------------------------------------------------------------------------------------
# both directions of the samples


def test_en_to_id_seed(cli, work, no_network):
    r = cli("translate", "isis-children.en.txt", "--from", "en", "--to", "id", "-o", "out.id.txt")
    assert r.exit_code == 0, r.stderr
    out = (work / "out.id.txt").read_text(encoding="utf-8")
    lines = out.splitlines()
    assert lines[0] == "Rabu, 8 Juli 2020"  # "Wednesday, 08 Jul 2020" by Babel, not MT
    for number in ("32", "2.000", "2016", "850", "123", "699", "5.000"):  # id format: 2,000 -> 2.000
        assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", out), number
    assert "2,000" not in out and "5,000" not in out
    for name in ("Ramzan Kadyrov", "Alexander Bortnikov", "Kuznetsova", "Moskow", "ISIS", "FSB"):
        assert name in out, name
    # chrome from the UI catalog: the leaked English "Most Popular" becomes the Indonesian string
    assert lines[-2:] == ["Versi Mobile", "Terpopuler"]
    catalog = work / "locales" / "id" / "articles" / "isis-children.po"
    po = polib.pofile(str(catalog))
    assert po.metadata["Language"] == "id"
    assert all("fuzzy" in e.flags for e in po if e.msgctxt.startswith(("p", "h")))
    assert not any(e.msgid in ("Versi Mobile", "Most Popular") for e in po)  # chrome never in MT
    assert any(e.comment.startswith("machine translation:") for e in po)
    _msgfmt_ok(catalog)
    assert "translated 1 article en->id" in r.stderr


def test_id_to_en_text(cli, work, no_network):
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    lines = out.splitlines()
    assert lines[0] == "Wednesday, 8 July 2020"
    for number in ("32", "2,000", "2016", "850", "123", "699", "5,000"):
        assert re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", out), number
    for name in ("Ramzan Kadyrov", "Alexander Bortnikov", "Kuznetsova", "Moscow", "Islamic State"):
        assert name in out, name
    assert "Moskow" not in out
    assert lines[-2:] == ["Mobile Version", "Most Popular"]
    assert "Versi Mobile" not in out


def test_id_to_en_html_keeps_markup_on_the_right_words(cli, work, no_network):
    from lxml import html as lhtml

    r = cli("translate", "isis-children.id.html", "--from", "id", "--to", "en", "-o", "out.en.html")
    assert r.exit_code == 0, r.stderr
    raw = (work / "out.en.html").read_text(encoding="utf-8")
    page = lhtml.fromstring(raw)
    assert [b.text_content() for b in page.iter("b")] == ["Moscow"]
    links = {a.get("href"): a.text_content() for a in page.iter("a")}
    assert links["https://example.org/kemenkes-rusia"] == "Russia's health ministry"
    assert links["/tokoh/alexander-bortnikov"] == "Alexander Bortnikov"
    assert [e.text_content() for e in page.iter("em")] == ["Ramzan Kadyrov"]
    assert [s.text_content() for s in page.iter("span")] == ["FSB"]  # translate="no" untouched
    assert page.find(".//time").text_content() == "Wednesday, 8 July 2020"
    # the aside's "Most Popular" list is site furniture: its UI heading comes from the UI catalog,
    # the linked headlines of other articles stay as they are (never sent to MT)
    aside = page.find(".//aside")
    assert aside.find(".//h2").text_content() == "Most Popular"
    li_link = aside.find(".//li/a")
    assert li_link.get("href") == "/ekonomi/harga-cabai"
    assert li_link.text_content() == "Harga cabai di Jakarta naik menjadi Rp\u00a085.000 per kilogram"
    assert "Mobile Version" in page.find(".//footer").text_content()
    # what is not article text is kept as it was
    assert '<script src="/js/app.js"></script>' in raw and "window.dataLayer" in raw
    assert "#ISIS #Rusia #Irak" in raw and "id-artikel: 2020-07-08-isis-anak" in raw
    for tag in ("b", "a", "em", "br"):
        assert raw.count(f"<{tag}") == (SAMPLES / "isis-children.id.html").read_text(encoding="utf-8").count(f"<{tag}")


def test_json_report(cli, work):
    r = cli("translate", "isis-children.id.txt", "--to", "en", "--json")  # --from from the file name
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["from"] == "id" and rep["to"] == "en"
    segs = rep["articles"][0]["segments"]
    # counted from the segments themselves, not re-added from the report's own totals
    origins = [s["origin"] for s in segs]
    assert rep["segments"] == len(segs) > 10
    assert (rep["dateline"], rep["reviewed"], rep["memory"]) == (1, 0, 0)  # a first run, empty memory
    assert rep["machine"] == origins.count("machine") == len(segs) - 1 == rep["mt_inputs"]
    assert segs[0]["kind"] == "dateline" and segs[0]["target"] == "Wednesday, 8 July 2020"
    assert {"id", "source", "target", "origin", "fuzzy", "qa"} <= set(segs[1])
    assert rep["qa_findings"] == sum(len(s["qa"]) for s in segs)


# --------------------------------------------------------------------------------------------------
# the reviewer's work


def _review_every_other(catalog: Path) -> dict[str, str]:
    po = polib.pofile(str(catalog))
    edits = {}
    for k, e in enumerate(x for x in po if not x.obsolete and x.msgctxt[0] in "ph"):
        if k % 2 == 0:
            e.msgstr = f"REVIEWED {e.msgctxt}: {e.msgstr}"
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
            edits[e.msgctxt] = e.msgstr
    po.save(str(catalog))
    return edits


def test_reviewer_edits_survive_reruns(cli, work):
    assert cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "a.txt").exit_code == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    edits = _review_every_other(catalog)
    assert len(edits) >= 8
    for _ in range(2):
        r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "a.txt")
        assert r.exit_code == 0, r.stderr
    po = polib.pofile(str(catalog))
    kept = {e.msgctxt: e.msgstr for e in po if e.msgctxt in edits and "fuzzy" not in e.flags}
    assert kept == edits  # 100 %
    out = (work / "a.txt").read_text(encoding="utf-8")
    assert all(text in out for text in edits.values())  # and used in the output
    assert f"{len(edits)} reviewed" in r.stderr


def test_changed_source_goes_fuzzy_with_previous_msgid(cli, work):
    assert cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "a.txt").exit_code == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    _review_every_other(catalog)
    src = work / "isis-children.id.txt"
    old = "Otoritas Inggris menyebut sekitar 850 orang"
    src.write_text(src.read_text(encoding="utf-8").replace(old, "Otoritas Inggris menyebut sekitar 900 orang"),
                   encoding="utf-8")
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "a.txt")
    assert r.exit_code == 0, r.stderr
    po = polib.pofile(str(catalog))
    e = next(x for x in po if "900 orang" in x.msgid)
    assert "fuzzy" in e.flags and "850 orang" in e.previous_msgid
    assert "900" in e.msgstr
    _msgfmt_ok(catalog)


def test_memory_reuse_across_articles(cli, work):
    assert cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "a.txt").exit_code == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    edits = _review_every_other(catalog)
    assert cli("tm", "import").exit_code == 0
    # another article that shares a reviewed sentence, and has the same one with another number
    po = polib.pofile(str(catalog))
    ctx, reviewed = next(iter(edits.items()))
    entry = next(e for e in po if e.msgctxt == ctx)
    other = work / "lain.id.txt"
    other.write_text(f"Kamis, 9 Juli 2020\n\nJudul lain sama sekali\n\n{entry.msgid}\n", encoding="utf-8")
    r = cli("translate", "lain.id.txt", "--from", "id", "--to", "en", "--json")
    assert r.exit_code == 0, r.stderr
    seg = next(s for s in json.loads(r.stdout)["articles"][0]["segments"] if s["source"] == entry.msgid)
    assert seg["origin"] == "memory" and seg["target"] == reviewed
    assert seg["fuzzy"] is True  # reviewed for another article: offered, still to be checked


# --------------------------------------------------------------------------------------------------
# bad input: exit 2, nothing written


@pytest.mark.parametrize(
    "args,message",
    [
        (["--from", "id", "--to", "fr"], "unknown language"),
        (["--from", "en", "--to", "en"], "both"),
    ],
)
def test_bad_pair(cli, work, args, message):
    before = _digest(work)
    r = cli("translate", "isis-children.id.txt", *args)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert _digest(work) == before


def test_no_model_for_pair(cli, work, monkeypatch):
    import locnews.mt.models as models

    empty = work / "no-models"
    empty.mkdir()
    monkeypatch.setattr(models, "bundled_models_dir", lambda: empty)
    monkeypatch.setenv("LOCNEWS_DATA_DIR", str(work / "data"))
    before = _digest(work)
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en")
    assert r.exit_code == 2 and "no translation model for id-en" in r.stderr
    assert _digest(work) == before


def test_unknown_model_name(cli, work):
    before = _digest(work)
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "--model", "nope")
    assert r.exit_code == 2 and "nope" in r.stderr
    assert _digest(work) == before


@pytest.mark.parametrize("kind", ["empty", "missing", "binary", "folder-without-articles"])
def test_unreadable_or_empty_input(cli, work, kind):
    target = work / "bad.id.txt"
    if kind == "empty":
        target.write_text("  \n\n", encoding="utf-8")
    elif kind == "binary":
        target.write_bytes(b"\x89PNG\x00\x00\x01binary")
    elif kind == "folder-without-articles":
        target = work / "nothing-here"
        target.mkdir()
    before = _digest(work)
    r = cli("translate", target, "--from", "id", "--to", "en")
    assert r.exit_code == 2, r.stderr
    assert "locnews: error:" in r.stderr and "Traceback" not in r.stderr
    assert _digest(work) == before


def test_corrupt_existing_catalog_is_left_alone(cli, work):
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "p1.1"\nmsgid "Satu.\nmsgstr "One."\n',
                       encoding="utf-8")
    before = _digest(work)
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "out.txt")
    assert r.exit_code == 2
    assert "isis-children.po:6" in r.stderr and "corrupt catalog" in r.stderr
    assert _digest(work) == before and not (work / "out.txt").exists()


# --------------------------------------------------------------------------------------------------
# concurrency: two real processes on one catalog


def _run_cli(cwd: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "locnews", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def test_two_concurrent_runs_one_waits(work):
    args = ("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-q")
    procs = [_run_cli(work, *args, "-o", f"out{k}.txt") for k in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0, err  # the second waited for the first
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    po = polib.pofile(str(catalog))
    ids = [e.msgctxt for e in po if not e.obsolete]
    assert len(ids) == len(set(ids)) and len(ids) > 10  # one copy of each entry: not interleaved
    assert not any(e.obsolete for e in po)
    _msgfmt_ok(catalog)
    assert (work / "out0.txt").read_text(encoding="utf-8") == (work / "out1.txt").read_text(encoding="utf-8")


def test_locked_catalog_fails_cleanly(work):
    from locnews.fileio import locked

    assert _run_cli(work, "translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-q",
                    "-o", "a.txt").wait(timeout=300) == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    before = catalog.read_bytes()
    with locked(catalog.parent, folder=True):  # another run is busy with this catalog
        p = _run_cli(work, "translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "b.txt",
                     env={"LOCNEWS_LOCK_TIMEOUT": "1"})
        code = p.wait(timeout=300)
        err = p.stderr.read()
    assert code == 2 and "holds the lock" in err and "Traceback" not in err
    assert catalog.read_bytes() == before and not (work / "b.txt").exists()


# --------------------------------------------------------------------------------------------------


def test_directory_translates_every_source_article(cli, work):
    (work / "isis-children.id.html").unlink()
    (work / "lain.id.txt").write_text("Kamis, 9 Juli 2020\n\nJudul lain\n\nHarga naik 5 persen.\n", encoding="utf-8")
    r = cli("translate", str(work), "--from", "id", "--to", "en", "-o", "out", "--json")
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    # the English seed in the same folder is not a source for id->en
    assert sorted(Path(a["path"]).name for a in rep["articles"]) == ["isis-children.id.txt", "lain.id.txt"]
    assert sorted(p.name for p in (work / "out").iterdir()) == ["isis-children.en.txt", "lain.en.txt"]
    assert (work / "locales" / "en" / "articles" / "lain.po").exists()


def test_two_articles_for_one_catalog_are_refused(cli, work):
    before = _digest(work)
    r = cli("translate", str(work), "--from", "id", "--to", "en", "-o", "out")
    assert r.exit_code == 2 and "share this catalog" in r.stderr
    assert _digest(work) == before


def test_duplicates_are_translated_once(tmp_path, monkeypatch):
    """One batched call; identical segments are sent once (library call, counting model inputs)."""
    from locnews.translate import Options, translate_files

    monkeypatch.chdir(tmp_path)
    art = tmp_path / "ulang.id.txt"
    art.write_text("Rabu, 8 Juli 2020\n\nJudul berita\n\nIni kalimat sama. Ini kalimat sama. Ini kalimat lain.\n",
                   encoding="utf-8")
    calls: list[list[str]] = []

    def model(texts: list[str]) -> list[str]:
        calls.append(list(texts))
        return [t.upper() for t in texts]

    rep = translate_files([art], Options("id", "en"), translator=model)
    assert len(calls) == 1 and len(calls[0]) == len(set(calls[0])) == 3
    assert rep.mt_inputs == 3 and rep.counts()["machine"] == 4


def test_edited_number_reuses_the_reviewed_translation(tmp_path, monkeypatch):
    """A reviewed sentence whose figures changed comes back from memory with the new figures."""
    from locnews.translate import Options, translate_files

    monkeypatch.chdir(tmp_path)
    art = tmp_path / "harga.id.txt"
    art.write_text("Rabu, 8 Juli 2020\n\nHarga BBM\n\nHarga naik 5 persen menjadi Rp 2.000 per liter.\n",
                   encoding="utf-8")
    sent: list[str] = []

    def model(texts: list[str]) -> list[str]:
        sent.extend(texts)
        return texts

    translate_files([art], Options("id", "en"), translator=model)
    catalog = tmp_path / "locales" / "en" / "articles" / "harga.po"
    po = polib.pofile(str(catalog))
    e = po.find("Harga naik 5 persen menjadi Rp 2.000 per liter.")
    e.msgstr, e.flags = "The price rose 5 percent to Rp 2,000 per liter.", []
    po.save(str(catalog))
    art.write_text(art.read_text(encoding="utf-8").replace("5 persen menjadi Rp 2.000", "7 persen menjadi Rp 3.500"),
                   encoding="utf-8")
    sent.clear()
    rep = translate_files([art], Options("id", "en"), translator=model)
    assert not any("persen" in s or "Harga naik" in s for s in sent)  # not sent to MT
    e = polib.pofile(str(catalog)).find("Harga naik 7 persen menjadi Rp 3.500 per liter.")
    assert e.msgstr == "The price rose 7 percent to Rp 3,500 per liter."
    assert "fuzzy" in e.flags and e.previous_msgid.startswith("Harga naik 5 persen")
    assert "translation memory" in e.comment
    seg = next(s for s in rep.articles[0].segments if s.source.startswith("Harga naik"))
    assert seg.origin == "memory-fuzzy" and seg.score >= 0.8


def test_cli_start_up_does_not_load_the_translation_stack():
    """`locnews --help` (translate and tm registered) imports no MT, PO or XML library."""
    code = (
        "import sys\nsys.argv = ['locnews', '--help']\nfrom locnews.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print('exit', code, sorted({m.split('.')[0] for m in sys.modules} & "
        "{'ctranslate2', 'argostranslate', 'sentencepiece', 'polib', 'babel', 'lxml', 'sqlite3'}), file=sys.stderr)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "translate" in r.stdout and "catalog" in r.stdout  # the help was printed
    assert r.stderr.strip().splitlines()[-1] == "exit 0 []"
