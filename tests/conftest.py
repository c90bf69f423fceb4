"""Shared fixtures: the real CLI, the repository's samples, and a network-free sandbox."""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
LOCALES = REPO / "locales"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def samples() -> Path:
    return SAMPLES


class _Result:
    def __init__(self, r):
        self.exit_code = r.exit_code
        self.stdout = r.stdout
        self.stderr = r.stderr
        self.output = r.output
        self.exception = r.exception


@pytest.fixture
def cli():
    """Run `locnews ARGS…` in-process; returns exit_code, stdout and stderr kept apart."""
    from locnews.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        r = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return _Result(r)

    return run


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A private model store, so tests never touch the user's installed packages."""
    from locnews.mt import models

    monkeypatch.setenv("LOCNEWS_DATA_DIR", str(tmp_path / "data"))
    models._ENGINES.clear()
    return tmp_path / "data" / "packages"


@pytest.fixture(scope="session")
def bench_catalog():
    """benchmarks/bench_catalog.py as a module: its catalog generator doubles as test data."""
    path = REPO / "benchmarks" / "bench_catalog.py"
    spec = importlib.util.spec_from_file_location("bench_catalog", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod



def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_sessionfinish(session, exitstatus):
    """Under CI (CI=true) a skipped test fails the run: a green CI means every test ran.

    Locally a skip is allowed for what a machine can truly lack (GNU gettext, Chromium, torch, the
    ../shared material), and `-rs` (in pyproject's addopts) prints each skip's reason.
    """
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if _ci() and reporter and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if _ci() and skipped:
        terminalreporter.section("CI=true: skips fail the run", red=True)
        terminalreporter.write_line(f"{len(skipped)} test(s) skipped; every test must run in CI (see the reasons below)")
