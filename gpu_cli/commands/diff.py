"""gpudeal diff: what changed between two facts files, and what it changes in the numbers."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, FormatOpt, JsonOpt, fields_option
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import DiffRequest, ViewSpec


def _fields() -> tuple[str, ...]:
    from gpu_cli.diff import DIFF_FIELDS

    return DIFF_FIELDS


SPEC = ViewSpec(name="diff", fields=_fields)


def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier facts file (YAML or JSON; - for stdin).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The corrected facts file (YAML or JSON; - for stdin).")],
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    color: ColorOpt = None,
) -> None:
    """What changed between two facts files, and what it changes in the numbers.

    Items are matched by identity (partners by id, ranking by country, people by name, context by topic).

    After the stated facts come the consequences: derived numbers and check verdicts that change.

    [bold]Exit status[/bold], as diff(1): 0 no differences, 1 differences, 2 trouble.

    [bold]Examples[/bold]

        gpudeal diff facts.yaml corrected.yaml
        gpudeal diff old.yaml new.json --json | jq '.[].path'
        cat corrected.yaml | gpudeal diff facts.yaml -
    """
    facts_of(ctx, None, reads_two=True)  # a root --facts would do nothing here
    out = requests.output(SPEC, fmt, as_json, fields)
    request = DiffRequest(SPEC, *requests.diff_paths(old, new), out)
    raise typer.Exit(pipeline.diff(environment(ctx, color), request))
