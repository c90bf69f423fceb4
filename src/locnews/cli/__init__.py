"""`locnews` command line. Each sub-module registers its commands on the shared app."""

from __future__ import annotations

from locnews.cli._app import app

# Registration only: these modules import nothing heavy at module level.
from locnews.cli import segment_cmd  # noqa: E402,F401
from locnews.cli import models_cmd  # noqa: E402,F401
from locnews.cli import build_cmd  # noqa: E402,F401
from locnews.cli import translate_cmd  # noqa: E402,F401
from locnews.cli import tm_cmd  # noqa: E402,F401
from locnews.cli import catalog_cmd  # noqa: E402,F401
from locnews.cli import review_cmd  # noqa: E402,F401
from locnews.cli import archive_cmd  # noqa: E402,F401


def main() -> None:
    app()


__all__ = ["app", "main"]
