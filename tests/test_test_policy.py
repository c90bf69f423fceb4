"""The test suite's own rules: CI fails on any skip, and nothing of locnews is skipped on import."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def skipping_suite(tmp_path):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_one.py").write_text(
        "import pytest\n\ndef test_runs():\n    pass\n\ndef test_skips():\n    pytest.skip('no gadget')\n"
    )
    return tmp_path


def _pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(folder)], check=False,
                          cwd=folder, env=env, capture_output=True, text=True)


def test_a_skip_fails_the_run_under_ci(skipping_suite):
    r = _pytest(skipping_suite, "true")
    assert r.returncode == 1, r.stdout
    assert "skips fail the run" in r.stdout and "no gadget" in r.stdout


def test_a_skip_is_reported_with_its_reason_outside_ci(skipping_suite):
    r = _pytest(skipping_suite, None)
    assert r.returncode == 0, r.stdout
    assert "SKIPPED" in r.stdout and "no gadget" in r.stdout


def test_ci_runs_the_readme_test_command():
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    ci = (HERE.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"# 2\. run the tests.*\n(.+)\n", readme).group(1).strip()
    assert command.startswith("CI=true ") and command in ci


def test_no_test_skips_on_a_locnews_import():
    # an import error in locnews is a bug: it must fail the tests, not skip them
    pattern = re.compile("importorskip" + r"\(\s*[\"']locnews")
    offenders = [p.name for p in HERE.glob("test_*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_claims_table_names_only_tests_that_exist():
    """docs/claims.md (linked from the README) must not point at a test that was renamed or removed."""
    claims = (HERE.parent / "docs" / "claims.md").read_text(encoding="utf-8")
    assert "docs/claims.md" in (HERE.parent / "README.md").read_text(encoding="utf-8")
    names: dict[str, set[str]] = {}
    for path in HERE.glob("test_*.py"):
        names[path.stem] = set(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    missing = []
    for cell in re.findall(r"(test_\w+::[\w, *]+)", claims):
        module, tests = cell.split("::", 1)
        for test in re.findall(r"test_\w+\*?", tests):
            if test.endswith("*"):  # a family: test_html_* names several
                assert any(n.startswith(test[:-1]) for n in names.get(module, set())), test
                continue
            # "test_a::test_b, test_c" — a name after a comma may belong to the same module
            if test not in names.get(module, set()) and test not in names:
                missing.append(f"{module}::{test}")
    for module in re.findall(r"\b(test_\w+) \(", claims):
        if module not in names and not any(module in n for n in names.values()):
            missing.append(module)
    assert missing == []
    for script in re.findall(r"benchmarks/(\w+\.py)", claims):
        assert (HERE.parent / "benchmarks" / script).is_file(), script
