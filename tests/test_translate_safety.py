"""`locnews translate` is safe to rerun and to point anywhere: idempotent reruns, every output path
checked before the first write, no leftovers, catalogs of same-named articles kept apart."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import polib
import pytest

from locnews.translate import Options, translate_files

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def _have_model() -> bool:
    try:
        from locnews.mt.models import find_package

        find_package("id", "en")
        return True
    except Exception:  # noqa: BLE001 - no package: the CLI runs below cannot start
        return False


needs_model = pytest.mark.skipif(not _have_model(), reason="no bundled id->en model")


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    for name in ("isis-children.id.txt", "isis-children.id.html"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    return tmp_path


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_error_line(r, *needles: str) -> None:
    assert r.exit_code == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("locnews: error: "), r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def echo(texts: list[str]) -> list[str]:
    return [f"MT[{t}]" for t in texts]


# --------------------------------------------------------------------------------------------------
# reruns


@needs_model
def test_rerun_with_nothing_changed_writes_nothing(cli, work):
    """The real model: the second run leaves catalog and article byte-identical, not even rewritten."""
    args = ("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "out/x.en.txt")
    assert cli(*args).exit_code == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    before = digest(work)
    stamps = {p: p.stat().st_mtime_ns for p in (catalog, work / "out" / "x.en.txt")}
    time.sleep(0.01)
    for _ in range(2):
        r = cli(*args)
        assert r.exit_code == 0, r.stderr
    assert digest(work) == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_qa_notes_do_not_grow_on_reruns(work, monkeypatch):
    """A long QA note wraps over two comment lines; a rerun must not keep the wrapped tail each time."""
    import locnews.translate as tr

    long_note = "the model dropped a lot of words here, so they were re-inserted by position"
    qa = tr._qa
    monkeypatch.setattr(tr, "_qa", lambda *a, **k: qa(*a, **k) + [long_note])
    opts = Options("id", "en", use_tm=False, progress=False)
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    texts = []
    for model in ("one", "two", "three"):  # another engine each time: every segment is redone
        translate_files([work / "isis-children.id.txt"], opts, translator=lambda t, m=model: [f"{m}:{x}" for x in t])
        texts.append(catalog.read_text(encoding="utf-8"))
    assert texts[0].count("\n# by position") > 0  # the note did wrap
    assert texts[0].count("\n#") == texts[1].count("\n#") == texts[2].count("\n#")


# --------------------------------------------------------------------------------------------------
# every output checked before the first write


@needs_model
@pytest.mark.parametrize("out,needle", [
    ("afile/x.en.txt", "afile is not a folder"),
    ("afile/deeper/x.en.txt", "afile is not a folder"),
    ("/proc/x.en.txt", "cannot write output"),
])
def test_unwritable_output_fails_before_anything_is_written(cli, work, out, needle):
    (work / "afile").write_text("not a folder\n", encoding="utf-8")
    before = digest(work)
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", out)
    one_error_line(r, needle)
    assert digest(work) == before and not (work / "locales").exists()


@needs_model
def test_read_only_output_folder(cli, work, monkeypatch):
    ro = work / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    if os.geteuid() == 0:
        # root may write into a 0555 folder: make the probe meet what the kernel tells everyone else
        import tempfile

        real = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir).resolve() == ro.resolve():
                raise PermissionError(13, "Permission denied", str(dir))
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr("locnews.fileio.tempfile.mkstemp", refuse)
    r = cli("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-o", "ro/x.en.txt")
    one_error_line(r, "cannot write output")
    assert not (work / "locales").exists()


def test_unwritable_catalog_folder_is_refused_before_writing(work):
    from locnews.errors import LocnewsError

    (work / "locales").write_text("a file where the catalogs should go\n", encoding="utf-8")
    before = digest(work)
    with pytest.raises(LocnewsError, match="is not a folder"):
        translate_files([work / "isis-children.id.txt"], Options("id", "en", progress=False, use_tm=False),
                        output=work / "x.en.txt", translator=echo)
    assert digest(work) == before


# --------------------------------------------------------------------------------------------------
# leftovers, links, locks


def test_no_lock_beside_each_catalog_and_crash_leftovers_cleaned(work):
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    catalog.parent.mkdir(parents=True)
    dead = catalog.parent / ".isis-children.po.999999999.abcd.tmp"  # a run killed mid-write
    dead.write_text("half a catalog", encoding="utf-8")
    translate_files([work / "isis-children.id.txt"], Options("id", "en", progress=False, use_tm=False),
                    translator=echo)
    names = sorted(p.name for p in catalog.parent.iterdir())
    assert names == [".locnews.lock", "isis-children.po"]


def test_catalog_that_is_a_symlink_is_written_through(work):
    real = work / "store" / "isis-children.po"
    real.parent.mkdir()
    link = work / "locales" / "en" / "articles" / "isis-children.po"
    link.parent.mkdir(parents=True)
    opts = Options("id", "en", progress=False, use_tm=False)
    translate_files([work / "isis-children.id.txt"], opts, translator=echo)
    shutil.move(link, real)
    link.symlink_to(real)
    po = polib.pofile(str(real))
    po[1].msgstr, po[1].flags = "Reviewed.", []
    po.save(str(real))
    (work / "isis-children.id.txt").write_text(
        (work / "isis-children.id.txt").read_text(encoding="utf-8") + "\nKalimat baru di akhir.\n", encoding="utf-8")
    translate_files([work / "isis-children.id.txt"], opts, translator=echo)
    assert link.is_symlink() and "Kalimat baru di akhir." in real.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# two articles of one name


def test_txt_and_html_of_one_name_do_not_share_a_catalog_silently(work):
    from locnews.errors import LocnewsError

    opts = Options("id", "en", progress=False, use_tm=False)
    translate_files([work / "isis-children.id.html"], opts, translator=echo)
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    before = catalog.read_bytes()
    with pytest.raises(LocnewsError, match="made from isis-children.id.html, not isis-children.id.txt"):
        translate_files([work / "isis-children.id.txt"], opts, output=work / "x.en.txt", translator=echo)
    assert catalog.read_bytes() == before and not (work / "x.en.txt").exists()
    with pytest.raises(LocnewsError, match="share this catalog"):
        translate_files([work / "isis-children.id.txt", work / "isis-children.id.html"], opts, translator=echo)


# --------------------------------------------------------------------------------------------------
# the repro, with the real model


@needs_model
def test_reviewed_sentence_survives_an_edit_of_its_source_real_model(cli, work):
    """Review one sentence, change one word of its source, translate twice: the reviewed text is
    still in the catalog (as #~ and as the held fuzzy suggestion) and goes to the memory."""
    args = ("translate", "isis-children.id.txt", "--from", "id", "--to", "en", "-q", "-o", "a.en.txt")
    assert cli(*args).exit_code == 0
    catalog = work / "locales" / "en" / "articles" / "isis-children.po"
    po = polib.pofile(str(catalog))
    old = "Mereka langsung dibawa ke rumah sakit untuk menjalani pemeriksaan medis."
    e = po.find(old)
    e.msgstr, e.flags = "They were taken straight to hospital for medical checks (reviewed).", []
    po.save(str(catalog))
    src = work / "isis-children.id.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("langsung dibawa", "segera dibawa"), encoding="utf-8")
    for _ in range(2):
        r = cli(*args)
        assert r.exit_code == 0, r.stderr
    po = polib.pofile(str(catalog))
    kept = po.find(old, include_obsolete_entries=True)
    assert kept.obsolete and kept.msgstr == e.msgstr and "fuzzy" not in kept.flags
    new = po.find(old.replace("langsung", "segera"))
    assert "fuzzy" in new.flags and new.previous_msgid == old
    assert new.msgstr == e.msgstr  # offered to the reviewer, not replaced by machine output
    assert e.msgstr in (work / "a.en.txt").read_text(encoding="utf-8")
    assert cli("tm", "import", "--tm", "m.sqlite").exit_code == 0
    r = cli("tm", "lookup", old, "--from", "id", "--to", "en", "--tm", "m.sqlite")
    assert r.exit_code == 0 and e.msgstr in r.stdout


def test_progress_bar_covers_the_whole_run_and_ends_full(work, monkeypatch):
    """On a terminal the one bar counts reading, MT and writing, and reaches its total at the end."""
    import io

    import locnews.progress as progress
    import locnews.translate as tr

    class Tty(io.StringIO):
        def isatty(self):
            return True

    seen = []

    class Recorder(progress.RunProgress):
        def __exit__(self, *exc):
            seen.append((self._bar.tasks[0].completed, self._bar.tasks[0].total))
            super().__exit__(*exc)

    monkeypatch.setattr(progress, "RunProgress", Recorder)
    monkeypatch.setattr(tr, "PROGRESS_MIN", 1)
    monkeypatch.setattr("sys.stderr", Tty())
    translate_files([work / "isis-children.id.txt"], Options("id", "en", use_tm=False), translator=echo)
    (done, total), = seen
    assert done == total > 2 * 10  # segments looked up, sentences translated, catalog written


@pytest.mark.parametrize("case", ["empty-memory", "corrupt-catalog"])
def test_bad_memory_or_catalog_fails_before_the_lock_file_or_folders_exist(work, case):
    from locnews.errors import LocnewsError

    opts = Options("id", "en", progress=False, use_tm=False)
    if case == "empty-memory":
        (work / "empty.sqlite").write_bytes(b"")
        opts = Options("id", "en", progress=False, tm_path=work / "empty.sqlite")
        needle = "not a locnews translation memory"
    else:
        catalog = work / "locales" / "en" / "articles" / "isis-children.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
        needle = "corrupt catalog"
    before = digest(work)
    with pytest.raises(LocnewsError, match=needle):
        translate_files([work / "isis-children.id.txt"], opts, output=work / "x.en.txt", translator=echo)
    assert digest(work) == before and not (work / "locales" / "en" / "articles" / ".locnews.lock").exists()
