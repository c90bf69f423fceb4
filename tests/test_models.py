"""Bundled and installed Argos packages: offline loading, verified install, precedence, removal."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from locnews.mt import models
from locnews.errors import LocnewsError


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A private model store, so tests never touch the user's installed packages."""
    monkeypatch.setenv("LOCNEWS_DATA_DIR", str(tmp_path / "data"))
    models._ENGINES.clear()
    return tmp_path / "data" / "packages"


def bundled(pair: str) -> models.ModelPackage:
    for p in models.bundled_packages():
        if p.pair == pair:
            return p
    pytest.fail(f"no bundled package for {pair}")


def test_both_directions_are_bundled_and_small(store):
    pairs = {p.pair for p in models.available_packages()}
    assert {"id-en", "en-id"} <= pairs
    for pair in ("id-en", "en-id"):
        pkg = bundled(pair)
        assert pkg.path.stat().st_size <= 30 * 1024 * 1024
        meta = pkg.metadata
        assert meta["type"] == "translate" and meta["from_code"] + "-" + meta["to_code"] == pair
        assert meta["target_prefix"] == f"<2{meta['to_code']}>"
        with zipfile.ZipFile(pkg.path) as zf:
            readme = zf.read(f"{pkg.folder or pkg.name}/README.md").decode()
        assert "locnews models train" in readme  # the model card holds the exact command


@pytest.mark.parametrize("pair,src,expect", [
    ("id-en", "Presiden Rusia mengunjungi Moskow pada hari Senin.", {"Russia", "Russian", "President", "Moscow", "Monday"}),
    ("en-id", "The Russian president visited Moscow on Monday.", {"Rusia", "Presiden", "Moskow", "Senin"}),
])
def test_bundled_package_translates_offline(store, no_network, pair, src, expect):
    engine = models.load_engine(*pair.split("-"))
    out = engine.translate([src, src, ""])
    assert out[0] == out[1] and out[2] == ""
    assert out[0] and out[0] != src
    assert not out[0].startswith("<2"), "the target-language token must be stripped"
    words = set(out[0].replace(".", " ").replace(",", " ").split())
    assert words & expect, out[0]


def test_argos_itself_can_load_the_bundled_package(store, tmp_path, no_network):
    """Standard Argos layout: argostranslate's own Package and CTranslate2 read the install."""
    pkg = models.install(bundled("id-en").path)
    import argostranslate.package

    argos_pkg = argostranslate.package.Package(pkg.path)
    assert (argos_pkg.from_code, argos_pkg.to_code) == ("id", "en")
    assert argos_pkg.target_prefix == "<2en>"
    tokens = argos_pkg.tokenizer.encode("Selamat pagi.")
    assert tokens


def test_installed_package_wins_over_bundled(store):
    assert models.find_package("id", "en").source == "bundled"
    models.install(bundled("id-en").path)
    assert models.find_package("id", "en").source == "installed"
    models.remove("id-en")
    assert models.find_package("id", "en").source == "bundled"


def test_remove_refuses_bundled_and_unknown(store):
    with pytest.raises(LocnewsError, match="bundled"):
        models.remove(bundled("id-en").name)
    with pytest.raises(LocnewsError, match="no installed model"):
        models.remove("xx-yy")


def _write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


GOOD_META = json.dumps({"package_version": "1.0", "from_code": "id", "to_code": "en", "type": "translate"}).encode()


@pytest.mark.parametrize("case,members,message", [
    ("traversal", {"pkg/metadata.json": GOOD_META, "pkg/../../evil.txt": b"x",
                   "pkg/model/model.bin": b"", "pkg/sentencepiece.model": b""}, "unsafe path"),
    ("absolute", {"/etc/evil": b"x"}, "unsafe path"),
    ("no-metadata", {"pkg/model/model.bin": b"", "pkg/sentencepiece.model": b""}, "metadata.json is missing"),
    ("bad-metadata", {"pkg/metadata.json": b"{not json", "pkg/model/model.bin": b"",
                      "pkg/sentencepiece.model": b""}, "not valid JSON"),
    ("incomplete-metadata", {"pkg/metadata.json": b'{"type": "translate"}', "pkg/model/model.bin": b"",
                             "pkg/sentencepiece.model": b""}, "lacks"),
    ("no-model", {"pkg/metadata.json": GOOD_META, "pkg/sentencepiece.model": b""}, "model.bin is missing"),
])
def test_install_refuses_bad_archives_and_writes_nothing(store, tmp_path, cli, case, members, message):
    bad = _write_zip(tmp_path / f"{case}.argosmodel", members)
    r = cli("models", "install", bad)
    assert r.exit_code == 2
    assert message in r.stderr and str(bad) in r.stderr
    assert "Traceback" not in r.stderr
    assert not store.exists() or not any(store.iterdir())
    assert not (tmp_path / "evil.txt").exists()


def test_install_refuses_corrupt_zip(store, tmp_path, cli):
    good = bundled("id-en").path.read_bytes()
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(good[: len(good) // 2])
    r = cli("models", "install", truncated)
    assert r.exit_code == 2 and "not a valid .argosmodel" in r.stderr
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0xFF  # damage a member's data, keep the directory intact
    corrupt = tmp_path / "corrupt.argosmodel"
    corrupt.write_bytes(bytes(flipped))
    r = cli("models", "install", corrupt)
    assert r.exit_code == 2 and str(corrupt) in r.stderr
    assert not store.exists() or not any(store.iterdir())


def test_cli_list_install_remove(store, cli):
    r = cli("models", "list", "--json")
    rows = json.loads(r.stdout)["models"]
    assert {(m["pair"], m["source"]) for m in rows} >= {("id-en", "bundled"), ("en-id", "bundled")}
    # the bundled archive holds one bidirectional model: installing it serves both pairs
    r = cli("models", "install", bundled("en-id").path)
    assert r.exit_code == 0, r.stderr
    rows = json.loads(cli("models", "list", "--json").stdout)["models"]
    active = {m["pair"]: m["source"] for m in rows if m["active"]}
    assert active["en-id"] == "installed" and active["id-en"] == "installed"
    assert cli("models", "remove", "en-id").exit_code == 0  # removes the package serving it
    rows = json.loads(cli("models", "list", "--json").stdout)["models"]
    assert {m["pair"]: m["source"] for m in rows if m["active"]} == {"id-en": "bundled", "en-id": "bundled"}
    assert cli("models", "remove", "en-id").exit_code == 2


def test_unknown_pair_is_a_clear_error(store):
    with pytest.raises(LocnewsError, match="no translation model for fr-de"):
        models.find_package("fr", "de")


def test_bundled_models_ship_each_weight_file_once():
    """One bidirectional model, one archive: both pairs available, no model.bin carried twice."""
    import zipfile

    from locnews.mt.models import bundled_models_dir, bundled_packages

    pkgs = bundled_packages()
    assert {"id-en", "en-id"} <= {p.pair for p in pkgs}
    crcs = []
    for f in sorted(bundled_models_dir().glob("*.argosmodel")):
        with zipfile.ZipFile(f) as zf:
            crcs += [i.CRC for i in zf.infolist() if i.filename.endswith("model/model.bin")]
            assert f.stat().st_size <= 30 * 1024 * 1024
    assert len(crcs) == len(set(crcs)) >= 1
