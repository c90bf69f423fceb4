"""Bundled and installed Argos packages: offline loading, verified install, precedence, removal."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from locnews.errors import LocnewsError
from locnews.mt import models


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


def _official_layout(tmp_path: Path, top: str = "translate-id_en-1_9", **meta_over) -> Path:
    """An archive as Argos publishes them: no ``type``, no ``target_prefix``, a ``stanza/`` folder."""
    src = bundled("id-en")
    meta = {"package_version": "1.9", "argos_version": "1.9.0", "from_code": "id", "from_name": "Indonesian",
            "to_code": "en", "to_name": "English", "links": [], **meta_over}
    members = {f"{top}/metadata.json": json.dumps(meta).encode(), f"{top}/README.md": b"# Indonesian-English\n",
               f"{top}/stanza/resources.json": b"{}", f"{top}/stanza/id/tokenize/gsd.pt": b"\0" * 64}
    with zipfile.ZipFile(src.path) as zf:
        for n in zf.namelist():
            rest = n.split("/", 1)[1]
            if rest.startswith("model/") or rest == "sentencepiece.model":
                members[f"{top}/{rest}"] = zf.read(n)
    out = tmp_path / f"{top}.argosmodel"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out


def test_official_argos_layout_installs_and_translates(store, tmp_path, cli, no_network):
    archive = _official_layout(tmp_path)
    r = cli("models", "install", archive)
    assert r.exit_code == 0, r.stderr
    pkg = models.find_package("id", "en")
    assert pkg.source == "installed" and pkg.name == "translate-id_en-1_9" and pkg.target_prefix == ""
    assert (store / "translate-id_en-1_9" / "stanza").is_dir()
    assert [m for m in json.loads(cli("models", "list", "--json").stdout)["models"]
            if m["pair"] == "id-en" and m["active"]][0]["source"] == "installed"
    # the same layout with the prefix this (bidirectional) model needs translates through Argos's folder
    prefix = bundled("id-en").target_prefix
    assert cli("models", "install", _official_layout(tmp_path, target_prefix=prefix)).exit_code == 0
    models._ENGINES.clear()
    out = models.load_engine("id", "en").translate(["Saya makan nasi di rumah."])[0]
    assert out and out != "Saya makan nasi di rumah."


def test_a_package_of_another_type_is_refused(store, tmp_path, cli):
    r = cli("models", "install", _official_layout(tmp_path, type="sbd"))
    assert r.exit_code == 2 and "not 'translate'" in r.stderr


def test_hidden_top_folder_is_refused(store, tmp_path, cli):
    r = cli("models", "install", _official_layout(tmp_path, top=".old-translate-id_en"))
    assert r.exit_code == 2 and "starts with a dot" in r.stderr
    assert not store.exists() or not any(store.iterdir())


def _bomb(path: Path, members: int = 1, size: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/metadata.json", GOOD_META)
        for k in range(members):
            zf.writestr(f"pkg/m{k}", b"\0" * size)
    return path


@pytest.mark.parametrize("members,size,message", [
    (1, 64 * 2**20, "zip bomb"),  # 64 MiB of zeros in ~64 KiB
    (MANY := models.MAX_MEMBERS + 1, 0, "members"),
])
def test_install_limits(store, tmp_path, cli, members, size, message):
    r = cli("models", "install", _bomb(tmp_path / "bomb.argosmodel", members, size))
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not store.exists() or not any(store.iterdir())


def test_total_size_limit(store, tmp_path, monkeypatch, cli):
    monkeypatch.setattr(models, "MAX_UNCOMPRESSED", 1000)
    r = cli("models", "install", _bomb(tmp_path / "big.argosmodel", 1, 5000))
    assert r.exit_code == 2 and "limit" in r.stderr
