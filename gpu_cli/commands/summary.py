"""gpudeal summary: the deal at a glance."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ColorOpt,
    ExportOpt,
    FactsOpt,
    JsonOpt,
    choice,
    exporting,
    facts_path,
    listing_start,
    load,
    table_only,
)
from gpu_cli.output import emit

DATA_FORMATS = ("json", "jsonl", "yaml")  # the summary is nested: no csv or tsv
SUMMARY_FORMATS = ("table", *DATA_FORMATS, "markdown")
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
    color: ColorOpt = None,
) -> None:
    """The deal at a glance: headline numbers, investment, timeline, reconciliation, people.

    [bold]Examples[/bold]

        gpudeal summary
        gpudeal summary --json | jq '.deal.investment.amount_usd'
        gpudeal summary -f markdown > summary.md
        gpudeal summary --export summary.html
    """
    from gpu_cli import queries
    from gpu_cli.render import views

    env, _, fmt_name = listing_start(ctx, color, fmt, as_json, None, ())
    table_only(fmt_name, export=export)
    loaded = load(ctx, env, facts)
    if fmt_name in DATA_FORMATS:
        emit(env.stdout, views.data(env, queries.summary_record(loaded), fmt_name))
        return
    from gpu_cli.facts_in_use import describe

    in_use: queries.Section = ("Facts in use", [("File", describe(facts_path(ctx, env, facts)))])
    sections = [*queries.summary_sections(loaded), in_use]
    if fmt_name == "markdown":
        emit(env.stdout, views.sections_markdown(sections))
        return
    with exporting(env, export):
        emit(env.stdout, views.sections(env, sections, export=export, export_title=ctx.command_path))
