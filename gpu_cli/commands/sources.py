"""gpudeal sources: the article and the other reports of the story."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import (
    ColorOpt,
    ExportOpt,
    FactsOpt,
    FormatOpt,
    JsonOpt,
    ReverseOpt,
    fields_option,
    sort_option,
)
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import ListRequest, ViewSpec

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def _fields() -> tuple[str, ...]:
    from gpu_cli.models import SourceRecord

    return tuple(SourceRecord.model_fields)


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.sources import source_records

    return [dict(record) for record in source_records(facts)]


SPEC = ViewSpec(
    name="sources",
    fields=_fields,
    columns=("id", "outlet", "published", "language", "relation", "facts"),
    sortable=True,
    records=_records,
)


def sources(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    sort: Annotated[str | None, sort_option(SPEC)] = None,
    reverse: ReverseOpt = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """The sources of the facts: the article (the primary source) and the other reports.

    Each with its outlet, date, language, how it relates to the others
    (translation of, based on, quotes) and how many facts it gives. Copies
    (translations and rewrites of the same story) count once, with their original.

    [bold]Examples[/bold]

        gpudeal sources
        gpudeal sources --sort facts
        gpudeal sources --json | jq -r '.[] | select(.counted_with) | .id'
        gpudeal sources -f csv --fields id,url
    """
    out = requests.output(SPEC, fmt, as_json, fields, export=export, sort=sort, reverse=reverse)
    request = ListRequest(SPEC, facts_of(ctx, facts), out)
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))
