"""Where things live: the user's project, the defaults bundled with locnews, the model store.

A *project* is the folder a command runs in (or a parent of it) that has a ``locales/`` folder.
Bundled defaults are used when the project has none, so locnews works in any folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (editable install) the site catalogs live at the repository root; in a wheel
# they are copied to locnews/site/locales (see pyproject's force-include).
_REPO_ROOT = PACKAGE_DIR.parent.parent


def bundled_site_dir() -> Path:
    """Templates and catalogs shipped with locnews."""
    return PACKAGE_DIR / "site"


def bundled_locales_dir() -> Path:
    inside = bundled_site_dir() / "locales"
    if inside.is_dir():
        return inside
    return _REPO_ROOT / "locales"


def bundled_templates_dir() -> Path:
    return bundled_site_dir() / "templates"


def bundled_models_dir() -> Path:
    return PACKAGE_DIR / "data" / "models"


def project_root(start: str | Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: cwd) that has a ``locales/`` folder."""
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        if (d / "locales").is_dir():
            return d
    return None


def project_locales_dir(start: str | Path | None = None) -> Path:
    """``locales/`` of the project, or ``./locales`` (created on first write) in any other folder."""
    root = project_root(start)
    return (root or Path(start or os.getcwd()).resolve()) / "locales"


def ui_locales_dir(start: str | Path | None = None) -> Path:
    """Where UI catalogs are read from: the project's when it has messages catalogs, else bundled."""
    root = project_root(start)
    if root is not None and any((root / "locales").glob("*/LC_MESSAGES/*.po")):
        return root / "locales"
    return bundled_locales_dir()


def user_data_dir() -> Path:
    """locnews's own data (installed models): $LOCNEWS_DATA_DIR, else XDG data home."""
    env = os.environ.get("LOCNEWS_DATA_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "locnews"
