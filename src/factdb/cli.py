"""The `factdb` command. Each command calls one library function and turns its errors
into clean messages and exit codes: 0 success, 1 invalid facts or failure, 2 usage."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from .models.skeleton import new_help
from .read.project import ProjectError


def _claim_types() -> list[str]:
    from .models import CLAIM_TYPES

    return list(CLAIM_TYPES)


class Context:
    def __init__(self, root: Path):
        self.root = root


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
    help="Run as if factdb was started in this directory (like git -C).",
)
@click.version_option(package_name="factdb")
@click.pass_context
def main(ctx: click.Context, root: Path):
    """factdb: a cited fact database of the Russia-Ukraine war and the peace talks."""
    if not root.is_dir():
        raise click.BadParameter(f"{root} is not a directory", param_hint="-C")
    ctx.obj = Context(root)


_as_program = False
"""True when `entry` runs: the process is the `factdb` program, not a host that calls `main`."""
_exit_fast = False


def reads_everything() -> None:
    """Called by the commands that load the whole repository (validate, build, diff). Run as
    the `factdb` program, the cyclic garbage collector stays off until the process ends and the
    process ends without tearing its objects down (as mypy does): at 100k claims the models,
    rows and reports are millions of objects, none in cycles worth collecting, and a
    collection or the teardown would walk them all again only to exit. A host program that
    calls `main` (tests, CliRunner) keeps its collector and its exit."""
    global _exit_fast
    if _as_program:
        gc.disable()
        _exit_fast = True


def entry() -> None:
    """The `factdb` program (console script): `main`, then a fast exit after a command that
    asked for one (`reads_everything`), once its output is flushed."""
    global _as_program
    _as_program = True
    try:
        main()
    except SystemExit as exc:
        if not _exit_fast:
            raise
        code = exc.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)  # what sys.exit("message") does
            code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (factdb validate | head): the output is gone anyway
            code = code or 1
        os._exit(code or 0)


def run_validation(root: Path):
    """Validate, or exit 2 when the directory is not a fact repository."""
    from .check.validate import outcome

    try:
        return outcome(root)
    except ProjectError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    show_default=True, help="text: path:line:column lines; json: machine-readable; github: annotations.",
)
@pass_ctx
def validate(ctx: Context, fmt: str):
    """Check every fact file and report every problem, with file, line and column.

    Exits 0 when all facts are valid, 1 when there are problems.
    """
    reads_everything()
    report = run_validation(ctx.root)
    body = report.render(fmt)
    if body:
        click.echo(body)
    if fmt == "text":
        # The answer to the command goes to stdout when it is "ok"; a failure's count is a
        # diagnostic, beside the problems' lines on stderr's side of a pipe.
        click.echo(report.summary_line(), err=not report.ok)
    raise SystemExit(0 if report.ok else 1)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema is out of date, write nothing.")
@pass_ctx
def schema(ctx: Context, check: bool):
    """Write the JSON Schema of fact files to schema/factfile.schema.json, and the README's
    reference of the published database (generated from the table and view models)."""
    from .db.docs import README_PATH, with_reference
    from .models.jsonschema import SCHEMA_PATH, render_schema, write_schema

    readme = ctx.root / README_PATH
    readme_text = readme.read_text(encoding="utf-8") if readme.exists() else None
    if check:
        path = ctx.root / SCHEMA_PATH
        current = path.read_text(encoding="utf-8") if path.exists() else None
        stale = [str(SCHEMA_PATH)] if current != render_schema() else []
        if readme_text is not None and with_reference(readme_text) != readme_text:
            stale.append(str(README_PATH))
        if stale:
            click.echo(f"{' and '.join(stale)} out of date; run `factdb schema`", err=True)
            raise SystemExit(1)
        click.echo(f"{SCHEMA_PATH} is up to date")
        return
    click.echo(f"wrote {write_schema(ctx.root)}")
    if readme_text is not None:
        updated = with_reference(readme_text)
        if updated != readme_text:
            readme.write_text(updated, encoding="utf-8")
            click.echo(f"wrote {README_PATH}")


def _under_root(root: Path, path: Path) -> Path:
    """A relative path given on the command line is relative to -C DIR, as git does."""
    return path if path.is_absolute() else root / path


def _updated(ctx: Context, output: Path, fmt: str, full: bool):
    """`factdb build`'s work: the built file brought up to date (incrementally where it can),
    or the problems printed and exit 1, nothing written."""
    import sqlite3

    from .builds.cache import git_history_key
    from .builds.full import BuildError, InvalidFacts
    from .builds.incremental import update
    from .read.gitrev import GitError

    out = _under_root(ctx.root, output)
    # Each claim's first-recorded and last-changed commits, read from git only when needed;
    # none outside a git checkout.
    history_key = git_history_key(ctx.root)

    def history():
        from .builds.history import history_for_build

        return history_for_build(ctx.root)

    try:
        return update(ctx.root, out, history=history if history_key else None, history_key=history_key, full_build=full)
    except GitError as exc:
        raise click.ClickException(f"cannot read the git history: {exc}") from None
    except ProjectError as exc:
        raise click.UsageError(str(exc)) from None
    except InvalidFacts as exc:
        click.echo(exc.report.render(fmt), err=True)
        click.echo(f"{exc.report.summary_line()}; {output} not written", err=True)
        raise SystemExit(1)
    except (BuildError, OSError, sqlite3.Error) as exc:
        raise click.ClickException(f"build failed, {output} not written: {exc}") from None


@main.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="build/factdb.db",
    show_default=True, help="The SQLite file to write.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
    show_default=True, help="How to report problems when the facts do not validate.",
)
@click.option("--full", is_flag=True, help="Rebuild everything, ignoring what the last build cached.")
@pass_ctx
def build(ctx: Context, output: Path, fmt: str, full: bool):
    """Validate the facts, then publish them as one SQLite file.

    Writes nothing when any fact is invalid (exit 1): the last good build stays as it was.
    Does nothing when nothing changed since the last build, and rewrites only the rows of the
    files that changed when it can (see the README); the file is always what a full build writes.
    """
    reads_everything()
    result = _updated(ctx, output, fmt, full)
    click.echo(result.summary())
    click.echo(result.how())
    for note in result.notes:
        click.echo(note, err=True)


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
    from .site.serve import ServeError, serve as run_server

    try:
        run_server(
            _under_root(ctx.root, db), host=host, port=port, sql_time_limit_ms=sql_time_limit_ms,
            get=get_path,
        )
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
    help="text for the terminal; markdown for a pull-request comment or job summary.",
)
@pass_ctx
def diff(ctx: Context, base: str, head: str | None, fmt: str):
    """Show what changes in the facts from BASE to HEAD, claim by claim and figure by figure.

    BASE and HEAD are git revisions (HEAD defaults to the working tree) or built .db files.
    Without BASE, the working tree is compared with the commit where the current branch left
    the default branch (origin/HEAD, main or master): what its pull request changes.
    Moving facts between files is not a change. Exits 0 (with or without changes), 1 when
    a version does not validate, 2 when a version cannot be read.
    """
    reads_everything()
    from .changes.diff import compare
    from .changes.render import render
    from .changes.snapshot import InvalidSnapshot, SnapshotError, branch_base, open_snapshot

    try:
        if base is None:
            snapshots = [branch_base(ctx.root), open_snapshot(ctx.root, None)]
        else:
            snapshots = [open_snapshot(ctx.root, spec) for spec in (base, head)]
    except InvalidSnapshot as exc:
        click.echo(exc.report.render("text"), err=True)
        click.echo(f"{exc}; fix the facts of {exc.label} first", err=True)
        raise SystemExit(1)
    except (SnapshotError, ProjectError) as exc:
        raise click.UsageError(str(exc)) from None
    found = compare(*snapshots)
    click.echo(render(found, fmt))
    if base is not None and head is None and found.empty:
        from .changes.snapshot import branch_hint

        hint = branch_hint(ctx.root, base)
        if hint:
            click.echo(hint, err=True)


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
    from .site import publish as pub

    plugins = (*pub.PLUGINS, *extra_plugins)
    db = _under_root(ctx.root, db)
    try:
        if target == "static":
            if not base_url:
                raise click.UsageError("static publishing needs --base-url, where the files will be served")
            out = _under_root(ctx.root, output_dir)
            url = pub.static_site(db, out, base_url, plugins=plugins)
            if package_format:
                _export_package(db, out / pub.DATAPACKAGE_MOUNT, package_format)
                click.echo(f"the data package will be at {pub.datapackage_url(base_url)}")
            click.echo(f"wrote {out / db.name} and {out / 'metadata.json'}; serve {out} at {base_url}, then open")
            click.echo(url)
            return
        static = {}
        if package_format:
            static[pub.DATAPACKAGE_MOUNT] = _export_package(db, _package_dir(db, package_format), package_format)
            click.echo(f"the data package will be at /{pub.DATAPACKAGE_MOUNT}/datapackage.json", err=True)
        publication = pub.prepare(
            target, db, name=name, plugins=plugins, max_instances=max_instances, memory=memory,
            generate_dir=_under_root(ctx.root, generate_dir) if generate_dir else None, static=static,
        )
        click.echo(publication.command)
        if not dry_run:
            raise SystemExit(1 if pub.run(publication) else 0)
    except pub.PublishError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("source_id", metavar="[SOURCE]", required=False)
@click.option(
    "-o", "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default="build/factdb.db",
    show_default=True, help="The built file to bring up to date and read.",
)
@pass_ctx
def coverage(ctx: Context, source_id: str | None, db: Path):
    """List every number the archived texts (or SOURCE's) state that no figure is bound to,
    with its line in seeds/ and its sentence: what a source still holds.

    Builds first, as `factdb build` does (nothing when nothing changed), then reads the
    built file's `unbound_numbers` view. Exits 0 whatever it lists, 1 when the facts do not
    validate, 2 for an unknown SOURCE.
    """
    reads_everything()
    from .db.api import open_db
    from .problems import did_you_mean

    _updated(ctx, db, "text", False)
    with open_db(_under_root(ctx.root, db)) as built:
        sources = {s.id: s for s in built.sources()}
        if source_id is not None and source_id not in sources:
            raise click.UsageError(f"no source has the id '{source_id}'{did_you_mean(source_id, sources)}")
        numbers = built.unbound_numbers(source_id)
    from .check.coverage import listing

    lines = listing(numbers, {sid: s.archive_path for sid, s in sources.items()})
    for line in lines:
        click.echo(line)
    held_in = len({n.source_id for n in numbers})
    total = 1 if source_id else len(sources)
    click.echo(f"{len(lines)} number{'' if len(lines) == 1 else 's'} held by no figure, in {held_in} of {total} "
               f"source{'' if total == 1 else 's'}", err=True)


@main.group()
def source():
    """Add sources: archive an article's text and write its record."""


@source.command("add")
@click.argument("file", type=click.File("r", encoding="utf-8-sig", lazy=False), metavar="FILE|-")
@click.option(
    "--publisher", required=True,
    help="The publisher's organization id (facts/entities/), or its name as printed where it has no entity.",
)
@click.option("--url", help="The article's URL, where known.")
@click.option("--title", help="The headline as printed, in the article's language.")
@click.option("--published", metavar="DATE", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--language", help="BCP 47 tag of the text (en, id, uk ...); detected when left out.")
@click.option("--excerpt", is_flag=True, help="The text is only part of the article (truncated, paywalled).")
@click.option("--notes", help="What an editor should know: where the date came from (page metadata ...).")
@pass_ctx
def source_add(ctx: Context, file, publisher: str, url: str | None, title: str | None, published: str | None,
               language: str | None, excerpt: bool, notes: str | None):
    """Archive the text of FILE (- for standard input) under seeds/ and write its record
    under facts/sources/; print the line that cites it.

    The id is the first 16 hex digits of the SHA-256 of the archived file
    (`sha256sum seeds/<id>.txt`): the same text always gets the same id.
    """
    from .read.archive import SourceError, add_source

    try:
        text = file.read()
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file.name} is not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    try:
        added = add_source(
            ctx.root, text, publisher=publisher, url=url, title=title, published=published,
            language=language, excerpt=excerpt, notes=notes,
        )
    except SourceError as exc:
        raise click.ClickException(str(exc)) from None
    how = "detected; pass --language to change it" if added.detected else "given"
    click.echo(f"archived {added.archive} and wrote {added.record} (language {added.language}, {how}); cite it as:", err=True)
    click.echo(added.citation)


def _package_dir(db: Path, fmt: str) -> Path:
    """The export's default directory, beside the file published rather than under -C."""
    from .export import DEFAULT_DIRS

    return db.with_name(DEFAULT_DIRS[fmt].name)


def _export_package(db: Path, out: Path, fmt: str, *, err: bool = True) -> Path:
    """`factdb export datapackage`, also for publish (whose standard output is its command
    line, hence the summary on standard error): the package's directory, or a clean error."""
    from .export import ExportError, export_package

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
    from .export import DEFAULT_DIRS

    out = _under_root(ctx.root, output or DEFAULT_DIRS[fmt])
    _export_package(_under_root(ctx.root, db), out, fmt, err=False)


@main.command(help=new_help())
@click.argument("claim_type", metavar="TYPE", type=click.Choice(sorted(_claim_types())))
@click.option("--id", "claim_id", help="The new claim's id; the file defaults to facts/claims/<id>.yaml.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write ('-' for standard output; the default without --id).",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@pass_ctx
def new(ctx: Context, claim_type: str, claim_id: str | None, output: Path | None, force: bool):
    from .models.skeleton import SkeletonError, default_path, skeleton, write_skeleton

    try:
        if output is None and claim_id is not None:
            output = default_path(claim_id)
        if output is None or str(output) == "-":
            click.echo(skeleton(claim_type, claim_id), nl=False)
            return
        click.echo(f"wrote {write_skeleton(ctx.root, output, claim_type, claim_id, force=force)}")
    except SkeletonError as exc:
        raise click.ClickException(str(exc)) from None
