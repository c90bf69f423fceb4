"""Options the README documents that no other test runs: build --from/--site-name, tm export
--from/--to, catalog extract --root, init --force, update --no-fuzzy-matching, pretranslate --model,
and `models list`'s text output."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from locnews.mt.tm import TranslationMemory

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    return tmp_path


def test_build_from_names_the_source_language_and_site_name_reaches_the_page(cli, site):
    shutil.copy(REPO / "samples" / "isis-children.id.txt", site / "berita.txt")  # no language in the name
    r = cli("build", "berita.txt", "--lang", "id", "--from", "id", "-o", "out", "--site-name", "Kabar Kita")
    assert r.exit_code == 0, r.stderr
    page = (site / "out" / "id" / "berita.html").read_text(encoding="utf-8")
    assert "<title>Puluhan Bayi" in page and "- Kabar Kita</title>" in page
    # --from says the source is English: the Indonesian page is then a translation, and none exists
    r = cli("build", "berita.txt", "--lang", "id", "--from", "en", "-o", "out2")
    assert r.exit_code == 2 and "no article catalog for id" in r.stderr
    assert not (site / "out2").exists()


def test_tm_export_from_to_keeps_one_direction(cli, site):
    with TranslationMemory(site / "tm.sqlite") as m:
        m.add_many([("Satu.", "One.", "id", "en", "a"), ("Two.", "Dua.", "en", "id", "b")])
    r = cli("tm", "export", "id-en.tmx", "--tm", "tm.sqlite", "--from", "id", "--to", "en")
    assert r.exit_code == 0, r.stderr
    tmx = (site / "id-en.tmx").read_text(encoding="utf-8")
    assert "Satu." in tmx and "One." in tmx and "Two." not in tmx and "Dua." not in tmx
    assert cli("tm", "export", "en.tmx", "--tm", "tm.sqlite", "--from", "en").exit_code == 0
    tmx = (site / "en.tmx").read_text(encoding="utf-8")
    assert "Two." in tmx and "Satu." not in tmx
    assert cli("tm", "export", "all.tmx", "--tm", "tm.sqlite").exit_code == 0
    tmx = (site / "all.tmx").read_text(encoding="utf-8")
    assert "Two." in tmx and "Satu." in tmx


def _project(root: Path) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "templates" / "page.html").write_text("<p>{{ _('Versi Mobile') }}</p>\n<p>{{ _('Berita Utama') }}</p>\n",
                                                  encoding="utf-8")
    return root


def test_extract_root_reads_another_folder(cli, site):
    proj = _project(site / "elsewhere")
    r = cli("catalog", "extract", "--root", proj, "--locales", proj / "locales")
    assert r.exit_code == 0, r.stderr
    pot = polib.pofile(str(proj / "locales" / "messages.pot"))
    assert {e.msgid for e in pot} == {"Versi Mobile", "Berita Utama"}
    assert pot[0].occurrences[0][0] == "templates/page.html"  # paths relative to the root


def test_init_force_replaces_and_update_no_fuzzy_matching(cli, site):
    proj = _project(site / "p")
    loc = proj / "locales"
    assert cli("catalog", "extract", "--root", proj, "--locales", loc).exit_code == 0
    assert cli("catalog", "init", "en", "--locales", loc).exit_code == 0
    po_path = loc / "en" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    po.find("Versi Mobile").msgstr = "Mobile Version"
    po.save(str(po_path))
    r = cli("catalog", "init", "en", "--locales", loc)
    assert r.exit_code == 2 and "catalog exists" in r.stderr
    assert polib.pofile(str(po_path)).find("Versi Mobile").msgstr == "Mobile Version"
    assert cli("catalog", "init", "en", "--force", "--locales", loc).exit_code == 0
    assert polib.pofile(str(po_path)).find("Versi Mobile").msgstr == ""  # replaced by a fresh one

    po = polib.pofile(str(po_path))
    po.find("Versi Mobile").msgstr = "Mobile Version"
    po.save(str(po_path))
    (proj / "templates" / "page.html").write_text("<p>{{ _('Versi Mobile Baru') }}</p>\n", encoding="utf-8")
    assert cli("catalog", "extract", "--root", proj, "--locales", loc).exit_code == 0
    saved = po_path.read_bytes()
    assert cli("catalog", "update", "--locales", loc).exit_code == 0
    guessed = polib.pofile(str(po_path)).find("Versi Mobile Baru")
    assert guessed.msgstr == "Mobile Version" and "fuzzy" in guessed.flags
    po_path.write_bytes(saved)
    assert cli("catalog", "update", "--no-fuzzy-matching", "--locales", loc).exit_code == 0
    po = polib.pofile(str(po_path))
    assert po.find("Versi Mobile Baru").msgstr == "" and "fuzzy" not in po.find("Versi Mobile Baru").flags
    assert [e.msgstr for e in po.obsolete_entries()] == ["Mobile Version"]  # kept, as obsolete


def test_pretranslate_model_option(cli, site, no_network):
    from locnews.mt import models

    proj = _project(site / "p")
    loc = proj / "locales"
    assert cli("catalog", "extract", "--root", proj, "--locales", loc).exit_code == 0
    assert cli("catalog", "init", "en", "--locales", loc).exit_code == 0
    r = cli("catalog", "pretranslate", "en", "--model", "no-such-model", "--locales", loc)
    assert r.exit_code == 2 and "no model named 'no-such-model'" in r.stderr
    wrong = next(p.name for p in models.available_packages() if p.pair == "en-id")
    r = cli("catalog", "pretranslate", "en", "--model", wrong, "--locales", loc)
    assert r.exit_code == 2 and "not id-en" in r.stderr
    name = next(p.name for p in models.available_packages() if p.pair == "id-en")
    r = cli("catalog", "pretranslate", "en", "--model", name, "--locales", loc)
    assert r.exit_code == 0, r.stderr
    assert name in r.stdout + r.stderr
    po = polib.pofile(str(loc / "en" / "LC_MESSAGES" / "messages.po"))
    assert all(e.msgstr and "fuzzy" in e.flags for e in po)


def test_models_list_text_output(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LOCNEWS_DATA_DIR", str(tmp_path / "data"))
    r = cli("models", "list")
    assert r.exit_code == 0, r.stderr
    rows = [line.split() for line in r.stdout.splitlines() if line.startswith("*")]
    assert sorted((row[1], row[-1]) for row in rows) == [("en-id", "bundled"), ("id-en", "bundled")]
    assert all(row[2].startswith("translate-") for row in rows)
    assert "installed packages win over bundled ones" in r.stdout


def _hooks() -> dict[str, dict[str, str]]:
    """.pre-commit-hooks.yaml read as the flat list of `key: value` maps it is (no YAML library needed)."""
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("- id:"):
            current = hooks.setdefault(line.split(":", 1)[1].strip(), {})
        elif line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            current[key] = value.strip()
    return hooks


def test_pre_commit_hooks_run_the_check_they_describe(cli, tmp_path, repo):
    import re

    hooks = _hooks()
    assert set(hooks) == {"locnews-catalog-check", "locnews-catalog-lint"}
    ui = tmp_path / "locales" / "en" / "LC_MESSAGES" / "messages.po"
    ui.parent.mkdir(parents=True)
    po = polib.pofile(str(repo / "locales" / "en" / "LC_MESSAGES" / "messages.po"))
    po[0].msgstr = ""  # one untranslated UI string: incomplete, but no defect
    po.save(str(ui))
    broken = tmp_path / "broken.po"
    broken.write_text((repo / "tests" / "data" / "catalogs" / "duplicates.po").read_text(encoding="utf-8"),
                      encoding="utf-8")

    def run(hook: str, *files: Path) -> int:
        h = hooks[hook]
        chosen = [f for f in files if re.search(h["files"], f.as_posix())]  # what pre-commit would pass
        assert h["entry"].startswith("locnews ") and h["pass_filenames"] == "true"
        return cli(*h["entry"].split()[1:], *chosen).exit_code

    assert run("locnews-catalog-check", ui, broken) == 1  # incomplete UI catalog fails; broken.po not passed
    assert run("locnews-catalog-lint", ui) == 0  # incomplete is fine for the lint
    assert run("locnews-catalog-lint", ui, broken) == 1  # a defect is not
    po[0].msgstr = "Mobile Version" if po[0].msgid == "Versi Mobile" else po[0].msgid
    po.save(str(ui))
    assert run("locnews-catalog-check", ui) == 0
