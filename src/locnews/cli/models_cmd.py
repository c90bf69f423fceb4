"""`locnews models list | install | remove | train`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer

from locnews.cli._app import app, guarded

models_app = typer.Typer(help="Offline translation models (Argos Translate packages).", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
@guarded
def list_models(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Show installed and bundled models; the first one listed for a pair is the one used."""
    from locnews.mt.models import available_packages

    pkgs = available_packages()
    used: set[str] = set()
    rows = []
    for p in pkgs:
        active = p.pair not in used
        used.add(p.pair)
        rows.append({"name": p.name, "pair": p.pair, "version": p.version, "source": p.source,
                     "active": active, "path": str(p.path)})
    if as_json:
        typer.echo(json.dumps({"models": rows}, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no models available")
        return
    for r in rows:
        mark = "*" if r["active"] else " "
        typer.echo(f"{mark} {r['pair']:<8} {r['name']:<28} {r['version']:<8} {r['source']}")
    typer.echo("(* = used for its pair; installed packages win over bundled ones)")


@models_app.command("install")
@guarded
def install_model(file: Path = typer.Argument(..., help="An .argosmodel package file.")) -> None:
    """Verify an .argosmodel package and install it for the current user."""
    from locnews.mt.models import install

    pkg = install(file)
    typer.echo(f"installed {pkg.name} ({pkg.pair}) into {pkg.path}")


@models_app.command("remove")
@guarded
def remove_model(name: str = typer.Argument(..., help="Package name or pair (e.g. id-en).")) -> None:
    """Remove an installed package (bundled ones stay available)."""
    from locnews.mt.models import remove

    pkg = remove(name)
    typer.echo(f"removed {pkg.name} ({pkg.pair})")


@models_app.command(
    "train",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
@guarded
def train_model(ctx: typer.Context) -> None:
    """Train a model from parallel text (needs the optional "train" extra).

    Example: locnews models train --from id --to en --train SRC TGT --dev SRC TGT -o translate-id_en.argosmodel
    Run `locnews models train --help` for every option.
    """
    try:
        import torch  # noqa: F401
    except ImportError:
        typer.echo("locnews: error: training needs torch: pip install 'locnews[train]'", err=True)
        raise typer.Exit(2)
    from locnews.train import main

    args: List[str] = list(ctx.args)
    main(args)

