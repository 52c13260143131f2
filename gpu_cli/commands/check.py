"""gpudeal check: the consistency rules, exit 1 on a failure."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import ColorOpt, ExportOpt, FactsOpt, FieldsOpt, FormatOpt, JsonOpt, listing
from gpu_cli.errors import ExitStatus


def check(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    export: ExportOpt = None,
    color: ColorOpt = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            metavar="PREMISE",
            help="Premises to reason on: none, default, or a premise id to add (repeatable). "
            "Default: the premises the article supports.",
        ),
    ] = None,
) -> None:
    """Audit the numbers: does everything add up? Exit 1 when a rule fails.

    Rules decide on the ranges the qualifiers stand for: ok (the figures prove
    the rule holds), fail (they prove it broken), undetermined (they can do
    neither). Only a fail exits 1.

    [bold]Examples[/bold]

        gpudeal check
        gpudeal check --facts mine.yaml || echo "inconsistent"
        gpudeal check --json | jq '.[].verdict'
        gpudeal check --json | jq '.[].derived[].qualifier'
        gpudeal check --export check.html
        gpudeal check --assume none
        gpudeal check --assume linked-apart --json | jq '.[].premises[].id'
    """
    from gpu_cli.checks import CHECK_FIELDS, TABLE_FIELDS, premises_caption, run_checks
    from gpu_cli.premises import choose

    premises = choose(assume)
    records = listing(
        ctx, facts, color, fmt, as_json, fields, None, False,
        valid=CHECK_FIELDS, records_of=lambda loaded: [r.record() for r in run_checks(loaded, premises)],
        table_columns=TABLE_FIELDS, export=export, caption_of=lambda _: premises_caption(premises),
    )  # fmt: skip
    if any(record["verdict"] == "fail" for record in records):
        raise typer.Exit(int(ExitStatus.FAILURE))
