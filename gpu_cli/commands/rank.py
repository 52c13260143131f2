"""gpudeal rank: the world ranking by GPU count."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ChartOpt,
    ColorOpt,
    ExportOpt,
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    ReverseOpt,
    SortOpt,
    WideOpt,
    listing,
)

COLUMNS = ("rank", "country", "gpus", "note")
WIDE_COLUMNS = (*COLUMNS, "provenance")


def rank(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    reverse: ReverseOpt = False,
    wide: WideOpt = False,
    chart: ChartOpt = False,
    log: Annotated[bool, typer.Option("--log", help="Log scale for --chart, when the leader dwarfs the rest.")] = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Where South Korea ranks in the world by GPU count, and who says so.

    [bold]Examples[/bold]

        gpudeal rank
        gpudeal rank --json | jq '.[] | select(.rank == 3)'
        gpudeal rank --json | jq -r '.[].according_to'
        gpudeal rank --chart --log
    """
    from gpu_cli import queries

    listing(
        ctx, facts, color, fmt, as_json, fields, sort, reverse,
        valid=queries.RANK_FIELDS, records_of=queries.rank_records, caption_of=queries.rank_attribution,
        wide=wide, table_columns=WIDE_COLUMNS if wide else COLUMNS,
        chart="country" if chart else None, log=log, title="GPUs per country" if chart else None, export=export,
        nothing="the facts have no ranking",
    )  # fmt: skip
