"""The ``corridors`` command line (also ``python -m geo``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geo.layout import REPO_ROOT, Layout

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=REPO_ROOT,
    show_default="the repository",
    help="A folder laid out like the repository: data/ and seeds/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Corridor Atlas: Caspian corridors and the claims articles make about them."""


@cli.command()
@root_option
def check(root: Path) -> None:
    """Validate data/ and seeds/: one `file:record: reason` line per problem; exit 1 if any."""
    from geo.atlas import load_atlas

    atlas = load_atlas(Layout(root))
    for problem in sorted(atlas.problems):
        click.echo(str(problem))
    click.echo(
        f"{len(atlas.features)} features, {len(atlas.claims)} claims, "
        f"{len(atlas.sources)} sources; {len(atlas.problems)} problems",
        err=True,
    )
    sys.exit(1 if atlas.problems else 0)


@cli.command("export-data")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write features.geojson, claims.geojson, claims.csv, sources.csv.",
)
@root_option
def export_data_command(out: Path, root: Path) -> None:
    """Write the data contract files (valid records only) into OUT."""
    from geo.atlas import load_atlas
    from geo.export import export_data

    atlas = load_atlas(Layout(root))
    for problem in atlas.skipped:
        click.echo(f"skipped {problem}", err=True)
    for path in export_data(atlas, out):
        click.echo(str(path))


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("static"),
    show_default=True,
    help="Folder the app serves at /app/static/.",
)
def assets(out: Path) -> None:
    """Copy Leaflet and plugin files from node_modules into OUT for offline maps."""
    from geo.assets import copy_assets

    for path in copy_assets(out):
        click.echo(str(path))


def main() -> None:
    """Entry point of the ``corridors`` console script."""
    cli(prog_name="corridors")


__all__ = ["cli", "main", "json"]
