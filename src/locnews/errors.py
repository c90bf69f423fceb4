"""One exception type for every user-facing failure.

The CLI turns a LocnewsError into a single line on stderr (``locnews: error: FILE:LINE: message``)
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

#: Exit codes shared by every command.
EXIT_OK = 0
EXIT_FAILED_CHECK = 1  # the command ran, and what it checked did not pass
EXIT_USAGE = 2  # bad input or bad usage: nothing was written


class LocnewsError(Exception):
    """A failure caused by the user's input, reported without a traceback."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        exit_code: int = EXIT_USAGE,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message
