"""gpudeal rank: where South Korea ranks in the world, and who says so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import (
    ChartExportOpt,
    ChartOpt,
    ColorOpt,
    FactsOpt,
    FormatOpt,
    JsonOpt,
    LocaleOpt,
    LogOpt,
    ReverseOpt,
    SizeOpt,
    WideOpt,
    fields_option,
    sort_option,
)
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import ListRequest, ViewSpec

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def _fields() -> tuple[str, ...]:
    from gpu_cli.queries import RANK_FIELDS

    return RANK_FIELDS


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.queries import rank_records

    return rank_records(facts)


def _caption(facts: Facts, records: list[requests.Record]) -> str | None:
    from gpu_cli.queries import rank_caption

    return rank_caption(facts, records)


def _marks(records: list[requests.Record]) -> list[object]:
    from gpu_cli.render.marks import rank_marks

    return list(rank_marks(records))


COLUMNS = ("rank", "country", "gpus", "note")
SPEC = ViewSpec(
    name="rank",
    fields=_fields,
    columns=COLUMNS,
    wide_columns=(*COLUMNS, "provenance"),
    chart_label="country",
    chart_title="GPUs per country",
    sortable=True,
    records=_records,
    caption=_caption,
    marks=_marks,
)


def rank(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    sort: Annotated[str | None, sort_option(SPEC)] = None,
    reverse: ReverseOpt = False,
    wide: WideOpt = False,
    chart: ChartOpt = False,
    log: LogOpt = False,
    export: ChartExportOpt = None,
    size: SizeOpt = None,
    locale: LocaleOpt = None,
    color: ColorOpt = None,
) -> None:
    """Where South Korea ranks in the world by GPU count, and who says so.

    [bold]Examples[/bold]

        gpudeal rank
        gpudeal rank --json | jq '.[] | select(.rank == 3)'
        gpudeal rank --json | jq -r '.[].according_to'
        gpudeal rank --chart --log
        gpudeal rank --chart --log --export rank.svg
    """
    out = requests.output(
        SPEC, fmt, as_json, fields, export=export, wide=wide, chart=chart, log=log, sort=sort, reverse=reverse,
        locale=locale, size=size,
    )  # fmt: skip
    request = ListRequest(SPEC, facts_of(ctx, facts), out)
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))
