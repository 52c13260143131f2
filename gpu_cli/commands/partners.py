"""gpudeal partners: who gets how many GPUs."""

from __future__ import annotations

import typer

from gpu_cli.commands.common import (
    ChartOpt,
    ColorOpt,
    ExportOpt,
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    KindOpt,
    ReverseOpt,
    SortOpt,
    WideOpt,
    listing,
)

COLUMNS = ("name", "kind", "gpus", "chip", "focus")
WIDE_COLUMNS = (*COLUMNS, "purposes", "provenance")


def partners(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    reverse: ReverseOpt = False,
    kind: KindOpt = None,
    wide: WideOpt = False,
    chart: ChartOpt = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Who gets how many GPUs, for what.

    [bold]Examples[/bold]

        gpudeal partners
        gpudeal partners --wide
        gpudeal partners --kind cloud --sort gpus
        gpudeal partners --json | jq '.[].gpus'
        gpudeal partners -f csv --fields name,gpus
        gpudeal partners --chart --export gpus.svg
    """
    from gpu_cli import queries

    listing(
        ctx, facts, color, fmt, as_json, fields, sort, reverse,
        valid=queries.PARTNER_FIELDS,
        records_of=lambda loaded: queries.partner_records(loaded, kind=kind),
        wide=wide, table_columns=WIDE_COLUMNS if wide else COLUMNS,
        chart="name" if chart else None, title="GPUs per partner" if chart else None, export=export,
        nothing=f"no partners match --kind {kind}" if kind else "the facts list no partners",
    )  # fmt: skip
