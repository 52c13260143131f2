"""gpudeal summary: the deal at a glance."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, ExportOpt, FactsOpt, JsonOpt, LocaleOpt, choice
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import DATA_FORMATS, SummaryRequest, ViewSpec

SPEC = ViewSpec(name="summary", fields=tuple)


SUMMARY_FORMATS = ("table", *DATA_FORMATS, "markdown")  # the summary is nested: no csv or tsv
SummaryFormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"Output format: {', '.join(SUMMARY_FORMATS[:-1])} or markdown.",
        **choice(*SUMMARY_FORMATS),
    ),
]  # fmt: skip


def summary(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: SummaryFormatOpt = "table",
    as_json: JsonOpt = False,
    export: ExportOpt = None,
    locale: LocaleOpt = None,
    color: ColorOpt = None,
) -> None:
    """The deal at a glance: headline numbers, investment, timeline, reconciliation, people.

    [bold]Examples[/bold]

        gpudeal summary
        gpudeal summary --json | jq '.deal.investment.amount_usd'
        gpudeal summary -f markdown > summary.md
        gpudeal summary --export summary.html
    """
    out = requests.output(SPEC, fmt, as_json, export=export, locale=locale)
    request = SummaryRequest(facts_of(ctx, facts), out)
    raise typer.Exit(pipeline.summary(environment(ctx, color), request))
