"""The commands that bring the built file up to date: `factdb build`, and `coverage`, which
builds first and then reads it."""

from __future__ import annotations

from pathlib import Path

import click

from ..read.project import ProjectError
from .program import Context, main, pass_ctx, reads_everything, under_root


def _updated(ctx: Context, output: Path, fmt: str, full: bool):
    """`factdb build`'s work: the built file brought up to date (incrementally where it can),
    or the problems printed and exit 1, nothing written."""
    import sqlite3

    from ..builds.full import BuildError, InvalidFacts
    from ..builds.incremental import update_checkout
    from ..read.gitrev import GitError

    try:
        return update_checkout(ctx.root, under_root(ctx.root, output), full_build=full)
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
    from ..db.api import open_db
    from ..problems import did_you_mean

    _updated(ctx, db, "text", False)
    with open_db(under_root(ctx.root, db)) as built:
        sources = {s.id: s for s in built.sources()}
        if source_id is not None and source_id not in sources:
            raise click.UsageError(f"no source has the id '{source_id}'{did_you_mean(source_id, sources)}")
        numbers = built.unbound_numbers(source_id)
    from ..check.coverage import listing

    lines = listing(numbers, {sid: s.archive_path for sid, s in sources.items()})
    for line in lines:
        click.echo(line)
    held_in = len({n.source_id for n in numbers})
    total = 1 if source_id else len(sources)
    click.echo(f"{len(lines)} number{'' if len(lines) == 1 else 's'} held by no figure, in {held_in} of {total} "
               f"source{'' if total == 1 else 's'}", err=True)
