"""gpudeal diff: what changed between two facts files, and what it changes in the numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gpu_cli.commands.common import ColorOpt, FieldsOpt, FormatOpt, JsonOpt, listing_start
from gpu_cli.errors import ExitStatus, UsageError
from gpu_cli.output import emit

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier facts file (YAML or JSON; - for stdin).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The corrected facts file (YAML or JSON; - for stdin).")],
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    color: ColorOpt = None,
) -> None:
    """What changed between two facts files, and what it changes in the numbers.

    Items are matched by identity (partners by id, ranking by country, people by name, context by topic).

    After the stated facts come the consequences: derived numbers and check verdicts that change.

    [bold]Exit status[/bold], as diff(1): 0 no differences, 1 differences, 2 trouble (a file that
    cannot be read or is invalid, unwritable output, a usage error).

    [bold]Examples[/bold]

        gpudeal diff facts.yaml corrected.yaml
        gpudeal diff old.yaml new.json --json | jq '.[].path'
        cat corrected.yaml | gpudeal diff facts.yaml -
    """
    from gpu_cli.diff import DIFF_FIELDS, diff_facts
    from gpu_cli.render.changes import changes_view

    env, chosen, fmt_name = listing_start(ctx, color, fmt, as_json, fields, DIFF_FIELDS)
    if not old or not new:
        raise UsageError("OLD and NEW each need a path; use - for standard input")
    from gpu_cli.loader import reads_stdin

    if reads_stdin(old) and reads_stdin(new):
        raise UsageError("only one of OLD and NEW can be - (standard input)")
    changes = diff_facts(_load(old), _load(new))
    emit(env.stdout, changes_view(env, changes, fmt_name, chosen))  # a failed write exits 2 (errors.QUESTIONS)
    raise typer.Exit(int(ExitStatus.FAILURE) if changes else 0)


def _load(spec: str) -> Facts:
    from pathlib import Path

    from gpu_cli.loader import STDIN, load_facts

    return load_facts(STDIN if spec == "-" else Path(spec))
