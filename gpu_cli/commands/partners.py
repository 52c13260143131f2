"""gpudeal partners: who gets how many GPUs."""

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
    KindOpt,
    LocaleOpt,
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
    from gpu_cli.queries import PARTNER_FIELDS

    return PARTNER_FIELDS


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.queries import partner_records

    return partner_records(facts, kind=request.kind)


def _caption(facts: Facts, records: list[requests.Record]) -> str | None:
    from gpu_cli.queries import reports_note

    return reports_note(facts, [(r["name"], f"partners[{r['id']}].gpus") for r in records])


def _marks(records: list[requests.Record]) -> list[object]:
    from gpu_cli.render.marks import partner_marks

    return list(partner_marks(records))


COLUMNS = ("name", "kind", "gpus", "chip", "focus")
SPEC = ViewSpec(
    name="partners",
    fields=_fields,
    columns=COLUMNS,
    wide_columns=(*COLUMNS, "purposes", "provenance"),
    chart_label="name",
    chart_title="GPUs per partner",
    sortable=True,
    records=_records,
    caption=_caption,
    marks=_marks,
)


def partners(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    sort: Annotated[str | None, sort_option(SPEC)] = None,
    reverse: ReverseOpt = False,
    kind: KindOpt = None,
    wide: WideOpt = False,
    chart: ChartOpt = False,
    export: ChartExportOpt = None,
    size: SizeOpt = None,
    locale: LocaleOpt = None,
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
        gpudeal partners --chart --export gpus.png --size 800x450
        gpudeal partners --locale fr
    """
    out = requests.output(
        SPEC, fmt, as_json, fields, export=export, wide=wide, chart=chart, sort=sort, reverse=reverse,
        locale=locale, size=size,
    )  # fmt: skip
    request = ListRequest(SPEC, facts_of(ctx, facts), out, kind=kind)
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))
