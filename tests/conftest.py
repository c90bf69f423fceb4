"""Shared fixtures: the real CLI, the repository's samples, and a network-free sandbox."""

from __future__ import annotations

import importlib.util
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


@pytest.fixture(scope="session")
def bench_catalog():
    """benchmarks/bench_catalog.py as a module: its catalog generator doubles as test data."""
    path = REPO / "benchmarks" / "bench_catalog.py"
    spec = importlib.util.spec_from_file_location("bench_catalog", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod
