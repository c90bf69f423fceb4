"""`locnews` command line. Each sub-module registers its commands on the shared app."""

from __future__ import annotations

from ._app import app

# Registration only: these modules import nothing heavy at module level.
from . import segment_cmd  # noqa: E402,F401
from . import models_cmd  # noqa: E402,F401
from . import build_cmd  # noqa: E402,F401
from . import translate_cmd  # noqa: E402,F401
from . import tm_cmd  # noqa: E402,F401
from . import catalog_cmd  # noqa: E402,F401


def main() -> None:
    app()


__all__ = ["app", "main"]
