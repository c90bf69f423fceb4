"""`locnews translate` options the README documents, each run with the real bundled model:
--tm / LOCNEWS_TM, --glossary, --locales, --beam-size, --model, and a second run waiting for the lock."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from locnews.mt import models
from locnews.mt.tm import TranslationMemory

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "isis-children.id.txt"
SENTENCE = ("Otoritas Rusia mengatakan ke-32 balita itu selama ini ditahan di penjara Irak, tempat ibu mereka "
            "menjalani hukuman atau menunggu persidangan atas keanggotaan dalam kelompok Negara Islam.")
REVIEWED = "TM-REVIEWED: the 32 toddlers had been held in Iraqi prisons."


@pytest.fixture
def work(tmp_path, monkeypatch, no_network):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    shutil.copy(REPO / "samples" / SAMPLE, tmp_path / SAMPLE)
    return tmp_path


def _report(cli, *args: str) -> dict:
    r = cli("translate", SAMPLE, "--from", "id", "--to", "en", "--json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _segment(rep: dict, source: str) -> dict:
    return next(s for s in rep["articles"][0]["segments"] if s["source"] == source)


def _memory(path: Path) -> Path:
    with TranslationMemory(path) as m:
        m.add(SENTENCE, REVIEWED, "id", "en", "vendor.tmx")
    return path


def test_tm_option_uses_that_memory(cli, work):
    tm = _memory(work / "elsewhere" / "memory.sqlite")
    seg = _segment(_report(cli, "--tm", str(tm)), SENTENCE)
    assert seg["origin"].startswith("memory") and seg["target"] == REVIEWED
    # without it (no project memory here) the same sentence goes to MT
    assert _segment(_report(cli, "--locales", "other"), SENTENCE)["origin"] == "machine"


def test_locnews_tm_variable_chooses_the_memory_and_no_tm_ignores_it(cli, work, monkeypatch):
    tm = _memory(work / "memory.sqlite")
    monkeypatch.setenv("LOCNEWS_TM", str(tm))
    assert _segment(_report(cli), SENTENCE)["target"] == REVIEWED
    assert _segment(_report(cli, "--no-tm", "--locales", "fresh"), SENTENCE)["origin"] == "machine"


def test_glossary_option_is_used(cli, work):
    glossary = work / "terms.tsv"
    glossary.write_text("# id\ten\nOtoritas Rusia\tKremlin-Officialdom\n", encoding="utf-8")
    seg = _segment(_report(cli, "--glossary", str(glossary), "--no-tm"), SENTENCE)
    assert "Kremlin-Officialdom" in seg["target"]
    plain = _segment(_report(cli, "--no-tm", "--locales", "plain"), SENTENCE)
    assert "Kremlin-Officialdom" not in plain["target"]


def test_missing_glossary_is_a_clear_error(cli, work):
    r = cli("translate", SAMPLE, "--from", "id", "--to", "en", "--glossary", "nope.tsv")
    assert r.exit_code == 2 and "nope.tsv" in r.stderr and "Traceback" not in r.stderr


def test_locales_option_chooses_where_the_catalog_goes(cli, work):
    _report(cli, "--locales", "cat", "--no-tm")
    po = work / "cat" / "en" / "articles" / "isis-children.po"
    assert po.is_file() and not (work / "locales").exists()
    assert any(e.msgid == SENTENCE for e in polib.pofile(str(po)))


def test_beam_size_reaches_the_engine_and_is_range_checked(cli, work):
    models._ENGINES.clear()
    _report(cli, "--beam-size", "1", "--no-tm")
    assert {e.beam_size for e in models._ENGINES.values()} == {1}
    r = cli("translate", SAMPLE, "--from", "id", "--to", "en", "--beam-size", "0")
    assert r.exit_code == 2


def test_model_option_picks_the_package_and_refuses_a_wrong_one(cli, work):
    name = next(p.name for p in models.available_packages() if p.pair == "id-en")
    assert _report(cli, "--model", name, "--no-tm")["model"].startswith(name)
    r = cli("translate", SAMPLE, "--from", "id", "--to", "en", "--model", "no-such-model")
    assert r.exit_code == 2 and "no model named 'no-such-model'" in r.stderr
    other = next(p.name for p in models.available_packages() if p.pair == "en-id")
    r = cli("translate", SAMPLE, "--from", "id", "--to", "en", "--model", other)
    assert r.exit_code == 2 and "not id-en" in r.stderr


def test_a_second_run_waits_for_the_lock_then_reads_what_the_first_wrote(work):
    """While another run holds the catalog's lock, a second run neither fails nor writes; once it is
    released the second run goes on and keeps what the holder wrote (it read the catalog after the lock)."""
    from locnews.catalogs.articles import locked_catalogs

    run = [sys.executable, "-m", "locnews", "translate", SAMPLE, "--from", "id", "--to", "en", "-q", "--no-tm"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "LOCNEWS_LOCK_TIMEOUT": "600"}
    assert subprocess.run([*run, "-o", "first.txt"], check=False, cwd=work, env=env, capture_output=True).returncode == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    with locked_catalogs([catalog]):  # the lock translate takes
        second = subprocess.Popen([*run, "-o", "second.txt"], cwd=work, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            second.wait(timeout=20)  # a run on its own takes a few seconds; this one is waiting
        assert not (work / "second.txt").exists()
        # what the lock holder writes, a reviewer's translation, must survive the waiting run
        po = polib.pofile(str(catalog))
        entry = next(e for e in po if e.msgid == SENTENCE)
        entry.msgstr, entry.flags = REVIEWED, []
        po.save(str(catalog))
    assert second.wait(timeout=300) == 0, second.stderr.read()
    assert REVIEWED in (work / "second.txt").read_text(encoding="utf-8")
    assert next(e for e in polib.pofile(str(catalog)) if e.msgid == SENTENCE).msgstr == REVIEWED
