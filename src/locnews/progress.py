"""One progress bar over a whole run, on stderr, only on a terminal (rich, imported when shown)."""

from __future__ import annotations

import sys


class RunProgress:
    """One bar over the whole run (reading the catalogs, memory, MT, writing), on a terminal only."""

    def __init__(self, enabled: bool, total: int, label: str = "translating") -> None:
        self.label = label
        self.enabled, self.total = enabled, total
        self._bar = self._task = None

    def __enter__(self) -> "RunProgress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(file=sys.stderr), transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("run", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def add(self, n: int) -> None:
        if self._bar is not None:
            self.total += n
            self._bar.update(self._task, total=self.total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)
