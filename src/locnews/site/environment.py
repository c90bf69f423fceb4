"""The site's UI catalog (compiled .mo through Babel) and the Jinja2 environment around it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from locnews.errors import LocnewsError
from locnews.site.config import (
    SiteConfig,
    ui_source_lang,
)


class UICatalog:
    """gettext functions over the compiled UI catalog of one language.

    What they return is escaped (a UI catalog is data, not markup), and a msgid with no
    translation is recorded so that the build can say which UI string is missing — the bug that
    printed "Versi Mobile" on the English page.
    """

    def __init__(self, lang: str, locales_dir: Path) -> None:
        from locnews.catalogs.ui_strings import ui_translations

        self.lang = lang
        self.trans = ui_translations(lang, locales_dir)
        self._catalog: dict[Any, str] = getattr(self.trans, "_catalog", {}) or {}
        self.missing: list[str] = []

    def _miss(self, key: Any, label: str) -> None:
        if self.lang != ui_source_lang() and key not in self._catalog and label not in self.missing:
            self.missing.append(label)

    def gettext(self, message: str) -> str:
        self._miss(message, message)
        return self.trans.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._miss((singular, 0), singular)
        return self.trans.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self._miss(f"{context}\x04{message}", f"{message} (context {context})")
        return self.trans.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._miss((f"{context}\x04{singular}", 0), f"{singular} (context {context})")
        return self.trans.npgettext(context, singular, plural, n)

    def install(self, env: Any) -> None:
        from markupsafe import escape

        def esc(func):  # noqa: ANN001, ANN202 - tiny adapter
            return lambda *args: escape(func(*args))

        env.install_gettext_callables(
            gettext=esc(self.gettext),
            ngettext=esc(self.ngettext),
            pgettext=esc(self.pgettext),
            npgettext=esc(self.npgettext),
            newstyle=True,
        )


def make_environment(config: SiteConfig, ui: UICatalog):
    """A Jinja2 environment with autoescape on and the UI catalog's (escaping) gettext."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(
        loader=FileSystemLoader([str(d) for d in config.templates]),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    ui.install(env)
    return env


def _render(env: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError

    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise LocnewsError(f"template error: {exc.message or exc}", where, line) from None
