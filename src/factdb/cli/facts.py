"""The commands on the fact files themselves: `factdb validate`, `diff`, `new`, `source add`
and `schema`."""

from __future__ import annotations

from pathlib import Path

import click

from ..models.skeleton import new_help
from ..read.project import ProjectError
from .program import Context, main, pass_ctx, reads_everything


def _claim_types() -> list[str]:
    from ..models import CLAIM_TYPES

    return list(CLAIM_TYPES)


def run_validation(root: Path):
    """Validate, or exit 2 when the directory is not a fact repository."""
    from ..check.validate import outcome

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
    """Write the JSON Schema of fact files to schema/factfile.schema.json, the README's
    reference of the published database (generated from the table and view models) and
    CONTRIBUTING's table of claim types (generated from the claim classes)."""
    from ..db.docs import GENERATED
    from ..models.jsonschema import SCHEMA_PATH, render_schema, write_schema

    documents = []  # (path, its text, its text made anew), for those the checkout has
    for relative, make_anew in GENERATED:
        path = ctx.root / relative
        if path.exists():
            text = path.read_text(encoding="utf-8")
            documents.append((relative, path, text, make_anew(text)))
    if check:
        path = ctx.root / SCHEMA_PATH
        current = path.read_text(encoding="utf-8") if path.exists() else None
        stale = [str(SCHEMA_PATH)] if current != render_schema() else []
        stale += [str(relative) for relative, _, text, anew in documents if anew != text]
        if stale:
            click.echo(f"{' and '.join(stale)} out of date; run `factdb schema`", err=True)
            raise SystemExit(1)
        click.echo(f"{SCHEMA_PATH} is up to date")
        return
    click.echo(f"wrote {write_schema(ctx.root)}")
    for relative, path, text, anew in documents:
        if anew != text:
            path.write_text(anew, encoding="utf-8")
            click.echo(f"wrote {relative}")


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
    from ..changes.diff import compare
    from ..changes.render import render
    from ..changes.snapshot import InvalidSnapshot, SnapshotError, branch_base, open_snapshot

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
        from ..changes.snapshot import branch_hint

        hint = branch_hint(ctx.root, base)
        if hint:
            click.echo(hint, err=True)


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
    from ..read.archive import SourceError, add_source

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
    from ..models.skeleton import SkeletonError, default_path, skeleton, write_skeleton

    try:
        if output is None and claim_id is not None:
            output = default_path(claim_id)
        if output is None or str(output) == "-":
            click.echo(skeleton(claim_type, claim_id), nl=False)
            return
        click.echo(f"wrote {write_skeleton(ctx.root, output, claim_type, claim_id, force=force)}")
    except SkeletonError as exc:
        raise click.ClickException(str(exc)) from None
