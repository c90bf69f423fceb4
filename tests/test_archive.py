"""`locnews archive`: a generated 100-article archive, the real bundled model, Ray in local mode.

Ray runs start a local cluster of 2 workers in a child process, as a user's run would. Catalog
dates come from SOURCE_DATE_EPOCH, so two runs can be compared byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from gen_archive import generate  # noqa: E402

N = 100
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO / "src"), "RAY_USAGE_STATS_ENABLED": "0"}
needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray not installed (extra 'ray')")


def _archive(cwd: Path, name: str, *extra: str, wait: bool = True):
    args = [sys.executable, "-m", "locnews", "archive", "src", "--from", "id", "--to", "en", "-q",
            "--locales", f"{name}/locales", "-o", f"{name}/out", *extra]
    p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, **ENV}, start_new_session=True)
    if not wait:
        return p
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    return json.loads(out)


def _files(folder: Path) -> dict[str, tuple[str, int]]:
    """Every catalog and article: content hash and modification time (staging and locks left out)."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".po", ".txt")
    }


def _contents(folder: Path) -> dict[str, str]:
    return {k: h for k, (h, _) in _files(folder).items()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The archive, and the reference result of `--engine local` over it."""
    root = tmp_path_factory.mktemp("archive")
    generate(root / "src", N)
    summary = _archive(root, "local")
    assert summary["translated"] == N and summary["machine"] > 2 * N and not summary["failed"]
    return root


@needs_ray
def test_ray_killed_mid_run_then_rerun_gives_the_bytes_of_local_and_a_third_run_writes_nothing(site):
    # Ray in local mode, 2 workers, small chunks; kill -9 the driver and its cluster mid-run
    run = _archive(site, "ray", "--engine", "ray", "--workers", "2", "--chunk", "5", wait=False)
    out = site / "ray" / "out"
    deadline = time.monotonic() + 300
    while len(list(out.glob("*.txt"))) < 10 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.communicate()
    finished = len(list(out.glob("*.txt")))  # an article is written after its catalog
    assert 10 <= finished < N, f"the kill did not land mid-run ({finished} articles written)"

    rerun = _archive(site, "ray", "--engine", "ray", "--workers", "2", "--chunk", "5")
    assert rerun["engine"] == "ray" and rerun["workers"] == 2
    assert rerun["up_to_date"] >= finished and rerun["translated"] == N - rerun["up_to_date"]
    assert rerun["mt_staged"] > 0  # what the killed run had computed is not computed again
    ray_files = _contents(site / "ray")
    assert len(ray_files) == 2 * N  # a catalog and a translated article each
    assert ray_files == _contents(site / "local")  # byte for byte

    before = _files(site / "ray")
    again = _archive(site, "ray", "--engine", "ray", "--workers", "2")
    assert (again["translated"], again["up_to_date"], again["mt_computed"]) == (0, N, 0)
    assert _files(site / "ray") == before  # not one byte, not one timestamp


def _review(cat: Path, text: str) -> str:
    """Un-fuzzy the first entry with ``text``, as a reviewer's editor would (no lock); its key."""
    po = polib.pofile(str(cat))
    entry = po[1]
    entry.msgstr, entry.flags = text, []
    po.save(str(cat))
    return entry.msgctxt


def test_reviewed_entries_win_even_when_saved_mid_run(site, cli, monkeypatch):
    import shutil

    from locnews.archive import StagedTranslator

    shutil.copytree(site / "local", site / "reviewed")
    catalogs = site / "reviewed" / "locales" / "en" / "articles"
    before = _review(catalogs / "arsip-00042.po", "Reviewed before the run.")
    during: list[str] = []
    call = StagedTranslator.translate

    def reviewer_saves_while_first_chunk_is_on_the_engine(self, texts):
        if not during:  # the last chunk's catalogs are read only when its turn comes
            during.append(_review(catalogs / "arsip-00100.po", "Reviewed during the run."))
        return call(self, texts)

    monkeypatch.setattr(StagedTranslator, "translate", reviewer_saves_while_first_chunk_is_on_the_engine)
    monkeypatch.chdir(site)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    # another beam size is another run hash: every article is translated again
    r = cli("archive", "src", "--from", "id", "--to", "en", "-q", "--locales", "reviewed/locales",
            "-o", "reviewed/out", "--beam-size", "1", "--chunk", "10")
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["translated"] == N
    assert summary["mt_computed"] > 2 * N  # the copied staging file holds beam-2 output: not reused for beam 1
    for slug, key, text in (("arsip-00042", before, "Reviewed before the run."),
                            ("arsip-00100", during[0], "Reviewed during the run.")):
        kept = {e.msgctxt: e for e in polib.pofile(str(catalogs / f"{slug}.po"))}[key]
        assert kept.msgstr == text and "fuzzy" not in kept.flags
        assert text in (site / "reviewed" / "out" / f"{slug}.en.txt").read_text()


def test_engine_ray_without_ray_installed_is_one_clean_line(cli, site, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if the extra were missing
    monkeypatch.chdir(site)
    r = cli("archive", "src", "--from", "id", "--to", "en", "--engine", "ray", "--locales", tmp_path / "loc")
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == ["locnews: error: --engine ray needs Ray: pip install 'locnews[ray]'"]
    assert not (tmp_path / "loc").exists()


def test_bad_article_is_reported_and_the_rest_translated(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    generate(tmp_path / "src", 3)
    (tmp_path / "src" / "arsip-00002.id.txt").write_text("\n\n", encoding="utf-8")
    r = cli("archive", "src", "--from", "id", "--to", "en", "--locales", "loc", "-q")
    assert r.exit_code == 2
    summary = json.loads(r.stdout)
    assert summary["translated"] == 2 and [f["path"] for f in summary["failed"]] == ["src/arsip-00002.id.txt"]
    assert "arsip-00002.id.txt" in r.stderr
    assert sorted(p.name for p in (tmp_path / "loc" / "en" / "articles").glob("*.po")) == [
        "arsip-00001.po", "arsip-00003.po"]


def test_two_articles_for_one_catalog_are_refused_before_any_work(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    generate(tmp_path / "src", 2)
    (tmp_path / "src" / "arsip-00001.id.html").write_text("<p>Halo dunia yang indah.</p>", encoding="utf-8")
    r = cli("archive", "src", "--from", "id", "--to", "en", "--locales", "loc", "-q")
    assert r.exit_code == 2 and "would share one catalog" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "loc").exists()


def test_a_degenerate_output_keeps_its_qa_finding_through_staging(tmp_path, monkeypatch):
    """An input the engine gave up on (source kept) is flagged 'runaway', also when read back staged."""
    from locnews.archive import Staging, StagedTranslator
    from locnews.translate import Options, translate_files

    class GivesUp:  # stands in for a worker whose output stayed degenerate
        workers = 1

        def translate_units(self, units):
            return [(list(u), list(u)) for u in units]

    class MustNotRun:
        def translate_units(self, units):
            raise AssertionError("staged translations were computed again")

    monkeypatch.chdir(tmp_path)
    generate(tmp_path / "src", 1)
    staging = Staging(tmp_path / "staging.sqlite", "model-x")
    for engine, locales in ((GivesUp(), "first"), (MustNotRun(), "second")):
        mt = StagedTranslator(staging, lambda: None, "model-x", 32)
        mt.engine = engine
        opts = Options(from_lang="id", to_lang="en", locales_dir=tmp_path / locales, use_tm=False, progress=False)
        translate_files([tmp_path / "src" / "arsip-00001.id.txt"], opts, translator=mt.translate)
        po = polib.pofile(str(tmp_path / locales / "en" / "articles" / "arsip-00001.po"))
        assert all("runaway" in e.tcomment for e in po if e.msgid) and "model-x" in po[0].comment
