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

class _PlainMetavars(typer.core.TyperGroup):
    """Help in click's plain style: FILE and TEXT placeholders instead of "<str>" / "<bool>" labels."""

    def get_command(self, ctx, cmd_name):  # type: ignore[no-untyped-def]
        cmd = super().get_command(ctx, cmd_name)
        _name_placeholders(cmd)
        return cmd


def _name_placeholders(cmd: Any) -> None:
    if cmd is None:
        return
    for sub in getattr(cmd, "commands", {}).values():
        _name_placeholders(sub)
    for param in cmd.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        if param.param_type_name == "argument":
            param.metavar = param.name.upper()
        else:
            desc = getattr(param, "type_descriptor", None)
            kind = "path" if getattr(desc, "is_path", False) else getattr(getattr(desc, "annotation", None), "__name__", "")
            param.metavar = {"path": "PATH", "Path": "PATH", "int": "N", "float": "X"}.get(kind, "TEXT")


app = typer.Typer(
    cls=_PlainMetavars,
    name="locnews",
    help="Offline localization for Indonesian/English news sites: segment, translate, manage catalogs, build pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: no "<bool>"-style type labels on every option
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
        except OSError as exc:  # a file the checks could not foresee (permissions, a full disk)
            report(LocnewsError(exc.strerror or str(exc), exc.filename))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
