"""gpudeal check: the consistency rules, exit 1 on a failure."""

from __future__ import annotations

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
) -> None:
    """Audit the numbers: does everything add up? Exit 1 when a rule fails.

    Rules decide on the ranges the qualifiers stand for: ok (the figures prove
    the rule holds), fail (they prove it broken), undetermined (they can do
    neither). Exit status: 0 no rule fails, 1 a rule fails, 2 could not
    answer (unusable facts, unwritable output, a usage error).

    [bold]Examples[/bold]

        gpudeal check
        gpudeal check --facts mine.yaml || echo "inconsistent"
        gpudeal check --json | jq '.[].verdict'
        gpudeal check --json | jq '.[].derived[].qualifier'
        gpudeal check --export check.html
    """
    from gpu_cli.checks import CHECK_FIELDS, TABLE_FIELDS, run_checks

    records = listing(
        ctx, facts, color, fmt, as_json, fields, None, False,
        valid=CHECK_FIELDS, records_of=lambda loaded: [r.record() for r in run_checks(loaded)],
        table_columns=TABLE_FIELDS, export=export,
    )  # fmt: skip
    if any(record["verdict"] == "fail" for record in records):
        raise typer.Exit(int(ExitStatus.FAILURE))
