"""The Typer application object and the error boundary shared by every command module.

Command modules only parse arguments and call the library; heavy imports happen inside the
command functions so that `locnews --help` stays instant.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, TypeVar

import typer

from locnews.errors import LocnewsError

app = typer.Typer(
    name="locnews",
    help="Offline localization for Indonesian/English news sites: segment, translate, manage catalogs, build pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def report(err: LocnewsError) -> None:
    print(f"locnews: error: {err}", file=sys.stderr)


def guarded(func: F) -> F:
    """Turn LocnewsError (and broken pipes) into a one-line message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LocnewsError as err:
            report(err)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            print("locnews: interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]
