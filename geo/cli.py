"""The ``corridors`` command line (also ``python -m geo``)."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

import click

from geo import __version__
from geo.layout import REPO_ROOT, Layout


def _root(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse a root that is not a readable folder laid out like the repository."""
    if not value.exists():
        raise click.BadParameter(f"{value} does not exist", ctx, param)
    if not value.is_dir():
        raise click.BadParameter(f"{value} is not a folder", ctx, param)
    if not os.access(value, os.R_OK | os.X_OK):
        raise click.BadParameter(f"{value} cannot be read (permission denied)", ctx, param)
    try:
        laid_out = (value / "data").is_dir() or (value / "seeds").is_dir()
    except OSError as exc:
        raise click.BadParameter(f"{value} cannot be read: {exc.strerror}", ctx, param) from exc
    if not laid_out:
        raise click.BadParameter(
            f"{value} has neither data/ nor seeds/: not a root laid out like the repository",
            ctx,
            param,
        )
    return value


root_option = click.option(
    "--root",
    type=click.Path(path_type=Path),
    callback=_root,
    default=REPO_ROOT,
    show_default="the repository",
    help="A folder laid out like the repository: data/ and seeds/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corridors")
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
    for notice in sorted(atlas.catalog.notices):
        click.echo(f"notice: {notice}", err=True)
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
    help="Folder to write features.geojson, claims.geojson, claims.csv, sources.csv, "
    "atlas.gpkg, features.parquet and claims.parquet into.",
)
@click.option(
    "--formats",
    default="geojson,csv,gpkg,parquet",
    show_default=True,
    metavar="LIST",
    help="Comma-separated: geojson and csv (the data contract), gpkg (one GeoPackage with "
    "layers features, claims, sources), parquet (GeoParquet features and claims).",
)
@root_option
def export_data_command(out: Path, formats: str, root: Path) -> None:
    """Write the data contract files (valid records only), a GeoPackage and GeoParquet
    files into OUT."""
    from geo.atlas import load_atlas
    from geo.export import FORMATS, export_data

    chosen = _csv(formats) or ()
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown: {', '.join(unknown) or '(none given)'}; choose from {', '.join(FORMATS)}",
            param_hint="--formats",
        )
    atlas = load_atlas(Layout(root))
    for problem in atlas.skipped:
        click.echo(f"skipped {problem}", err=True)
    try:
        written = export_data(atlas, out, chosen)
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or out}: {exc.strerror}") from exc
    for path in written:
        click.echo(str(path))


def _csv(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip() for v in value.split(",") if v.strip())


@cli.command("export-html")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="HTML file to write.",
)
@click.option(
    "--self-contained/--linked",
    default=True,
    show_default=True,
    help="Inline all JS/CSS so the file opens with no network (the default, for reports), "
    "or link Leaflet from its CDN for a smaller file that needs the internet.",
)
@click.option(
    "--tiles/--no-tiles",
    default=None,
    help="Offer tile layers (default: only in a linked page; a self-contained page offers "
    "them switched off when asked).",
)
@click.option(
    "--features",
    "feature_ids",
    metavar="IDS",
    help="Comma-separated route-system or feature ids to draw.",
)
@click.option("--topics", metavar="TOPICS", help="Comma-separated claim topics.")
@click.option("--sources", "source_ids", metavar="IDS", help="Comma-separated source ids.")
@click.option("--status", "statuses", metavar="STATUSES", help="Comma-separated statuses.")
@click.option("--countries", metavar="ISO3", help="Comma-separated ISO3 codes crossed.")
@click.option("--search", "text", default="", help="Only claims whose quote contains this.")
@click.option("--title", help="Heading of the page.")
@click.option("--subtitle", help="A line under the heading (e.g. the briefing it is for).")
@click.option(
    "--bounds",
    metavar="S,W,N,E",
    help="Frame the map to this box (degrees); by default a narrowed map frames its features.",
)
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also print the page to this PDF (A4 landscape) with headless Chromium.",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save a full-page PNG of it.",
)
@root_option
def export_html_command(
    out: Path,
    self_contained: bool,
    tiles: bool | None,
    feature_ids: str | None,
    topics: str | None,
    source_ids: str | None,
    statuses: str | None,
    countries: str | None,
    text: str,
    title: str | None,
    subtitle: str | None,
    bounds: str | None,
    pdf: Path | None,
    png: Path | None,
    root: Path,
) -> None:
    """Write the map as one report page: title, the framed map with its legend, the claims it
    shows and the sources it cites. Self-contained unless --linked."""
    from geo.atlas import load_atlas
    from geo.claims import TOPICS
    from geo.filters import View
    from geo.report import export_html

    atlas = load_atlas(Layout(root))
    view = View(
        systems=_csv(feature_ids),
        topics=_csv(topics),
        sources=_csv(source_ids),
        statuses=_csv(statuses),
        countries=_csv(countries),
        text=text,
    )
    known = {
        "--features": (view.systems, set(atlas.features["id"])),
        "--sources": (view.sources, set(atlas.sources)),
        "--topics": (view.topics, set(TOPICS)),
    }
    for option, (values, allowed) in known.items():
        unknown = sorted(set(values or ()) - allowed)
        if unknown:
            raise click.BadParameter(f"unknown: {', '.join(unknown)}", param_hint=option)
    box = _bounds(bounds)
    page = export_html(
        atlas,
        view,
        title=title,
        subtitle=subtitle,
        self_contained=self_contained,
        tiles=tiles,
        bounds=box,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    click.echo(f"{out} ({len(page.encode('utf-8')) / 1024:.0f} KiB)")
    if pdf or png:
        from geo.render import RenderError, render_report

        printable = (
            page
            if self_contained
            else export_html(
                atlas, view, title=title, subtitle=subtitle, self_contained=True, bounds=box
            )
        )
        try:
            render_report(printable, pdf=pdf, png=png)
        except RenderError as exc:
            raise click.ClickException(str(exc)) from exc
        for path in (pdf, png):
            if path:
                click.echo(f"{path} ({path.stat().st_size / 1024:.0f} KiB)")


def _bounds(value: str | None) -> tuple[float, float, float, float] | None:
    """``S,W,N,E`` in degrees, checked."""
    if value is None:
        return None
    try:
        south, west, north, east = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("give four numbers: S,W,N,E", param_hint="--bounds") from None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise click.BadParameter("S < N within ±90 and W < E within ±180", param_hint="--bounds")
    return south, west, north, east


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


@cli.command()
@click.argument("path", metavar="FILE|DIR", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes for a folder (0: one per core).",
)
@root_option
def ingest(path: Path, jobs: int, root: Path) -> None:
    """Propose claims for FILE: one JSON line per claim (quote, offsets, features, places,
    topic, quantities). Nothing is stored.

    Given a DIR, every *.txt, *.md and *.text file in it is ingested (in --jobs processes)
    and each line also names its "file"; refused files are reported on stderr.
    """
    if path.is_dir():
        _ingest_folder(path, jobs or os.cpu_count() or 1, root)
        return
    from geo.articles import ArticleRefused, decode_article
    from geo.atlas import load_atlas
    from geo.extract import propose_claims
    from geo.gazetteer import AliasMatcher

    try:
        text = decode_article(path)
    except ArticleRefused as exc:
        raise click.ClickException(str(exc)) from exc
    atlas = load_atlas(Layout(root))
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    for proposal in proposals:
        click.echo(json.dumps(proposal, ensure_ascii=False))
    click.echo(f"{len(proposals)} proposed claims", err=True)


def _ingest_folder(folder: Path, jobs: int, root: Path) -> None:
    from geo.batch import article_files, ingest_paths

    paths = article_files(folder)
    n_claims = n_refused = 0
    for result in ingest_paths(paths, root, jobs=jobs):
        if result.error:
            n_refused += 1
            click.echo(f"skipped {result.error}", err=True)
        for proposal in result.proposals:
            n_claims += 1
            click.echo(json.dumps({"file": result.file, **proposal}, ensure_ascii=False))
    click.echo(
        f"{n_claims} proposed claims from {len(paths) - n_refused} articles"
        + (f"; {n_refused} refused" if n_refused else ""),
        err=True,
    )


@cli.command("eval")
@click.option(
    "--set",
    "which",
    type=click.Choice(["tuning", "heldout", "russian", "all"]),
    default="all",
    show_default=True,
    help="Labelled set: tuning (seeds + tuning half), heldout (empty until a fresh batch is "
    "added), russian, or all.",
)
@click.option("--quiet", is_flag=True, help="Only the per-article lines and the total.")
@root_option
def eval_command(which: str, quiet: bool, root: Path) -> None:
    """Measure ingest against labelled articles: precision and recall of feature links and
    places per article and in total, then every miss and false link."""
    from geo.evaluate import (
        atlas_runner,
        empty_set_message,
        evaluate,
        format_report,
        load_eval_set,
    )

    articles = load_eval_set(which, Layout(root))
    if not articles:
        # Not an error: between held-out batches the set is empty on purpose.
        click.echo(empty_set_message(which))
        return
    propose, canonical = atlas_runner(Layout(root))
    results, total = evaluate(articles, propose, canonical)
    report = format_report(results, total, which)
    if quiet:
        report = report.split("\nfeature misses", 1)[0]
    click.echo(report)


@cli.command("add-article")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--title", required=True, help="Title as the article states it.")
@click.option("--publisher", required=True)
@click.option("--url", required=True, help="Where the article was published (http/https).")
@click.option("--date", required=True, help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--author", default=None, help="Author, if stated.")
@click.option("--language", default="en", show_default=True, help="BCP 47 language tag.")
@click.option("--perspective", default=None, help="Whose standpoint the piece is written from.")
@root_option
def add_article_command(
    file: Path,
    title: str,
    publisher: str,
    url: str,
    date: str,
    author: str | None,
    language: str,
    perspective: str | None,
    root: Path,
) -> None:
    """Store FILE in seeds/ with its metadata and its extracted claims in data/claims/."""
    from geo.articles import ArticleRefused, add_article

    try:
        added = add_article(
            file,
            title=title,
            publisher=publisher,
            url=url,
            date=date,
            author=author,
            language=language,
            perspective=perspective,
            layout=Layout(root),
        )
    except ArticleRefused as exc:
        raise click.ClickException(f"refused, nothing was written: {exc}") from exc
    click.echo(
        f"added {added.source_id}: {added.article} and {added.n_claims} claims in "
        f"{added.claims_file}"
    )


# A command is one short process that builds large object graphs (frames, map elements,
# JSON); with the default threshold (700) the cyclic collector rescans them hundreds of times,
# which took up to half of an export of 10,000 claims. Reference counting still frees nearly
# everything at once; cycles are collected after every 50,000 new objects instead.
GC_THRESHOLD = (50_000, 20, 100)


def main() -> None:
    """Entry point of the ``corridors`` console script."""
    gc.set_threshold(*GC_THRESHOLD)
    cli(prog_name="corridors")
