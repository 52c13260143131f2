"""gpudeal partners: who gets how many GPUs."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ChartOpt,
    ColorOpt,
    ExportOpt,
    FactsOpt,
    FieldsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    Kind,
    ReverseOpt,
    SortOpt,
    listing,
)


def partners(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    reverse: ReverseOpt = False,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only partners of this kind.")] = None,
    chart: ChartOpt = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Who gets how many GPUs, for what.

    [bold]Examples[/bold]

        gpudeal partners
        gpudeal partners --kind conglomerate --sort gpus
        gpudeal partners --json | jq -r '.[] | select(.gpus == null) | .name'
        gpudeal partners -f csv --fields name,gpus,gpus_qualifier > partners.csv
        gpudeal partners --chart --export partners.svg
    """
    from gpu_cli import queries

    listing(
        ctx, facts, color, fmt, as_json, fields, sort, reverse,
        valid=queries.PARTNER_FIELDS,
        records_of=lambda loaded: queries.partner_records(loaded, kind=kind.value if kind else None),
        table_columns=("name", "kind", "gpus", "chip", "purposes"),
        chart="name" if chart else None, title="GPUs per partner" if chart else None, export=export,
    )  # fmt: skip
