"""The architecture the folders show is the one the imports follow (import-linter contracts)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "locnews"


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports not installed: pip install -e '.[test]'")
    return [exe]


def test_layers_contract_is_kept():
    r = subprocess.run(_lint_imports() + ["--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


def test_contract_names_every_top_level_package_and_module():
    """A new subpackage or module must be placed in a layer, or the contract says nothing about it."""
    import tomllib

    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in cfg["contracts"] if c["type"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in layer.replace(":", "|").split("|")}
    present = {f"locnews.{p.stem if p.is_file() else p.name}" for p in PACKAGE.iterdir()
               if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and not p.name.startswith("__"))}
    assert present - named == set(), f"not in any layer: {sorted(present - named)}"


def test_contract_catches_an_import_that_runs_back_up(tmp_path):
    """The check can fail: a module of a lower layer that imports a higher one breaks it."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "src", copy / "src")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "src" / "locnews" / "text" / "lang.py"
    bad.write_text(bad.read_text() + "\nfrom locnews.mt import models  # noqa: E402,F401\n")
    env = {"PYTHONPATH": str(copy / "src"), "PATH": str(Path(sys.executable).parent)}
    r = subprocess.run(_lint_imports() + ["--no-cache"], cwd=copy, capture_output=True, text=True, env=env)
    assert r.returncode != 0
    assert "BROKEN" in r.stdout


def test_no_module_over_600_lines():
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert big == {}
