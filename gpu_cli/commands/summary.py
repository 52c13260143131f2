"""gpudeal summary: the deal at a glance."""

from __future__ import annotations

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, ExportOpt, FactsOpt, FormatOpt, JsonOpt
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.errors import UsageError
from gpu_cli.requests import DATA_FORMATS, SummaryRequest, ViewSpec

SPEC = ViewSpec(name="summary", fields=tuple)


def summary(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """The deal at a glance: headline numbers, investment, timeline, reconciliation, people.

    [bold]Examples[/bold]

        gpudeal summary
        gpudeal summary --json | jq '.deal.investment.amount_usd'
        gpudeal summary -f markdown > summary.md
        gpudeal summary --export summary.html
    """
    out = requests.output(SPEC, fmt, as_json, export=export)
    if out.format not in ("table", "markdown", *DATA_FORMATS):
        raise UsageError(f"summary is nested data: use --format {', '.join(DATA_FORMATS)}, markdown or table")
    request = SummaryRequest(facts_of(ctx, facts), out)
    raise typer.Exit(pipeline.summary(environment(ctx, color), request))
