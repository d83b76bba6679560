"""The `factdb` program: its click group (`main`, with `-C`), the context its commands share, and
its fast exit (`entry`). The commands are in the modules beside this one, grouped by what they
do: `facts.py` (validate, diff, new, source add, schema), `building.py` (build, coverage),
`publishing.py` (serve, publish, export)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click


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


def under_root(root: Path, path: Path) -> Path:
    """A relative path given on the command line is relative to -C DIR, as git does."""
    return path if path.is_absolute() else root / path
