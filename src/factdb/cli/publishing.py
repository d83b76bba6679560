"""The commands that serve or hand out the built file: `factdb serve`, `publish` and `export
datapackage` (`publish --datapackage` joins the site and the data package here)."""

from __future__ import annotations

from pathlib import Path

import click

from .program import Context, main, pass_ctx, under_root


@main.command()
@click.option(
    "-o", "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default="build/factdb.db",
    show_default=True, help="The built SQLite file to serve.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind to (0.0.0.0 for every interface).")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port (0: any free port).")
@click.option(
    "--sql-time-limit-ms", type=click.IntRange(1), default=3000, show_default=True,
    help="Stop any SQL query that runs longer than this.",
)
@click.option("--get", "get_path", metavar="PATH", help="Answer one GET request for PATH, print it and exit.")
@pass_ctx
def serve(ctx: Context, db: Path, host: str, port: int, sql_time_limit_ms: int, get_path: str | None):
    """Browse the built file in Datasette (read-only), with facets, search and stored queries."""
    from ..site.serve import ServeError, serve as run_server

    try:
        run_server(
            under_root(ctx.root, db), host=host, port=port, sql_time_limit_ms=sql_time_limit_ms,
            get=get_path,
        )
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("target", type=click.Choice(["cloudrun", "fly", "static"]))
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default="build/factdb.db",
    show_default=True, help="The built SQLite file to publish.",
)
@click.option(
    "--name", "--service", "--app", "name", default="factdb", show_default=True,
    help="Cloud Run service or Fly app name.",
)
@click.option(
    "--max-instances", type=click.IntRange(1), default=10, show_default=True,
    help="cloudrun: most replicas serving readers at once.",
)
@click.option("--memory", help="cloudrun: memory per replica, e.g. 1Gi.")
@click.option("--install", "extra_plugins", multiple=True, metavar="PACKAGE", help="Another plugin to install (repeatable).")
@click.option("--base-url", help="static: the URL the output directory will be served at.")
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default="build/site",
    show_default=True, help="static: where to write the file and its metadata.",
)
@click.option(
    "--generate-dir", type=click.Path(file_okay=False, path_type=Path),
    help="fly: write the app (Dockerfile, fly.toml) into this new directory instead of deploying.",
)
@click.option(
    "--datapackage", "package_format", type=click.Choice(["csv", "parquet"]),
    help="Also offer the data package (see `factdb export datapackage`) for download, at /datapackage/.",
)
@click.option("--dry-run", is_flag=True, help="Write metadata.json and print the command; run nothing.")
@pass_ctx
def publish(ctx: Context, target: str, db: Path, name: str, max_instances: int, memory: str | None,
            extra_plugins: tuple[str, ...], base_url: str | None, output_dir: Path,
            generate_dir: Path | None, package_format: str | None, dry_run: bool):
    """Publish the built file with its metadata: to Cloud Run or Fly through `datasette
    publish` (read-only, stateless replicas), or as static files for Datasette Lite.

    With --datapackage, the data package is exported first and published beside the file.
    With --dry-run, print the `datasette publish` command line and run nothing.
    """
    from ..site import publish as pub

    plugins = (*pub.PLUGINS, *extra_plugins)
    db = under_root(ctx.root, db)
    try:
        if target == "static":
            if not base_url:
                raise click.UsageError("static publishing needs --base-url, where the files will be served")
            out = under_root(ctx.root, output_dir)
            url = pub.static_site(db, out, base_url, plugins=plugins)
            if package_format:
                write_package(db, out / pub.DATAPACKAGE_MOUNT, package_format)
                click.echo(f"the data package will be at {pub.datapackage_url(base_url)}")
            click.echo(f"wrote {out / db.name} and {out / 'metadata.json'}; serve {out} at {base_url}, then open")
            click.echo(url)
            return
        static = {}
        if package_format:
            static[pub.DATAPACKAGE_MOUNT] = write_package(db, package_dir(db, package_format), package_format)
            click.echo(f"the data package will be at /{pub.DATAPACKAGE_MOUNT}/datapackage.json", err=True)
        publication = pub.prepare(
            target, db, name=name, plugins=plugins, max_instances=max_instances, memory=memory,
            generate_dir=under_root(ctx.root, generate_dir) if generate_dir else None, static=static,
        )
        click.echo(publication.command)
        if not dry_run:
            raise SystemExit(1 if pub.run(publication) else 0)
    except pub.PublishError as exc:
        raise click.ClickException(str(exc)) from None


def package_dir(db: Path, fmt: str) -> Path:
    """The export's default directory, beside the file published rather than under -C."""
    from ..export import DEFAULT_DIRS

    return db.with_name(DEFAULT_DIRS[fmt].name)


def write_package(db: Path, out: Path, fmt: str, *, err: bool = True) -> Path:
    """`factdb export datapackage`, also for publish (whose standard output is its command
    line, hence the summary on standard error): the package's directory, or a clean error."""
    from ..export import ExportError, export_package

    try:
        click.echo(export_package(db, out, fmt=fmt).summary(), err=err)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    return out


@main.group()
def export():
    """Export the built file for analysts."""


@export.command("datapackage")
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default="build/factdb.db",
    show_default=True, help="The built SQLite file to export.",
)
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path),
    help="The directory to write (default: build/datapackage, or build/datapackage-parquet).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
    help="csv: UTF-8 CSV files (spreadsheets, any tool); parquet: typed columnar files (needs factdb[parquet]).",
)
@pass_ctx
def export_datapackage(ctx: Context, db: Path, output: Path | None, fmt: str):
    """Write every public table and view as a Frictionless Data Package: one file per
    resource and a datapackage.json describing every field, key, the license and the sources.

    The directory is replaced as a whole, and only when the export is complete.
    """
    from ..export import DEFAULT_DIRS

    out = under_root(ctx.root, output or DEFAULT_DIRS[fmt])
    write_package(under_root(ctx.root, db), out, fmt, err=False)
