"""Model claims the README makes beyond test_models.py: read from the zip with nothing unpacked, and
every refusal of `models install` (links, several top folders, no SentencePiece model, a model
CTranslate2 cannot load) writes nothing."""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path

from test_models import bundled as _bundled

from locnews.mt import models


def test_bundled_model_is_read_from_the_zip_with_nothing_unpacked(store, tmp_path, monkeypatch, no_network):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.chdir(scratch)
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)

    def refuse(*args, **kwargs):
        raise AssertionError("the bundled package was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    engine = models.Engine(_bundled("id-en"))
    assert engine.translate(["Harga naik."])[0].strip()
    assert list(scratch.iterdir()) == [] and not store.exists()  # no temp file, no cache, no store


def _members(pair: str = "id-en") -> tuple[str, dict[str, bytes]]:
    pkg = _bundled(pair)
    with zipfile.ZipFile(pkg.path) as zf:
        return pkg.name, {i.filename: zf.read(i.filename) for i in zf.infolist() if not i.is_dir()}


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def _refused(cli, store, archive: Path, message: str) -> None:
    r = cli("models", "install", archive)
    assert r.exit_code == 2, r.stdout
    assert message in r.stderr and str(archive) in r.stderr and "Traceback" not in r.stderr
    assert not store.exists() or not [p for p in store.iterdir()]  # not even a staging folder left


def test_install_refuses_a_symbolic_link(store, tmp_path, cli):
    top, members = _members()
    bad = _zip(tmp_path / "link.argosmodel", members, links={f"{top}/model/extra": "/etc/passwd"})
    _refused(cli, store, bad, "symbolic link in archive")


def test_install_refuses_several_top_level_folders(store, tmp_path, cli):
    _, members = _members()
    bad = _zip(tmp_path / "two.argosmodel", {**members, "other/README.md": b"x"})
    _refused(cli, store, bad, "expected one top-level folder in the archive, found 2")


def test_install_refuses_a_package_without_sentencepiece_model(store, tmp_path, cli):
    top, members = _members()
    del members[f"{top}/sentencepiece.model"]
    bad = _zip(tmp_path / "nosp.argosmodel", members)
    _refused(cli, store, bad, "sentencepiece.model is missing")


def test_install_refuses_a_model_ctranslate2_cannot_load(store, tmp_path, cli):
    top, members = _members()
    members[f"{top}/model/model.bin"] = b"not a CTranslate2 model" * 100
    bad = _zip(tmp_path / "garbage.argosmodel", members)
    _refused(cli, store, bad, "cannot load the model")


def test_install_of_a_good_package_then_works(store, tmp_path, cli):
    # the same helper builds a package locnews accepts: the refusals above are about their one defect
    top, members = _members()
    good = _zip(tmp_path / "good.argosmodel", members)
    r = cli("models", "install", good)
    assert r.exit_code == 0, r.stderr
    assert (store / top / "sentencepiece.model").is_file()
    assert [p.name for p in store.iterdir()] == [top]
