"""gpudeal corroborate: what every source says of each fact, reconciled on ranges."""

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
    SizeOpt,
    fields_option,
)
from gpu_cli.commands.session import complete_source, environment, facts_in_use, facts_of
from gpu_cli.requests import ListRequest, ViewSpec

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def complete_fact(ctx: typer.Context, incomplete: str) -> list[str]:
    """`gpudeal corroborate partners[<TAB>`: the fact paths of the facts in use."""
    from gpu_cli.sources import fact_paths

    loaded = facts_in_use(ctx)
    return [path for path in fact_paths(loaded) if path.startswith(incomplete)] if loaded else []


SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="ID", help="Only the facts this source reports (see gpudeal sources).",
        autocompletion=complete_source,
    ),
]  # fmt: skip


def _fields() -> tuple[str, ...]:
    from gpu_cli.reconcile import CORROBORATE_FIELDS

    return CORROBORATE_FIELDS


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.reconcile import corroborate_records

    _known(facts, request.fact_paths, request.source)
    return corroborate_records(facts, request.fact_paths, request.source)


def _marks(records: list[requests.Record]) -> list[object]:
    from gpu_cli.render.marks import report_marks

    return list(report_marks(records))


SPEC = ViewSpec(
    name="corroborate",
    fields=_fields,
    columns=("fact", "verdict", "joint", "figures", "detail"),
    records=_records,
    marks=_marks,
    terminal_chart=False,
)


def corroborate(
    ctx: typer.Context,
    fact: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FACT...",
            help="Fact paths, as verify and diff name them (default: every fact a source gives).",
            autocompletion=complete_fact,
            show_default=False,
        ),
    ] = None,
    source: SourceOpt = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    chart: ChartOpt = False,
    log: LogOpt = False,
    export: ChartExportOpt = None,
    size: SizeOpt = None,
    locale: LocaleOpt = None,
    color: ColorOpt = None,
) -> None:
    """What every source says of each fact, and whether they can all be right.

    Each source's figure is a range, as its qualifier says; the ranges are
    intersected: agree (all the same), consistent (they overlap: the joint
    range), conflict (no common range: the sources that cannot both be
    right), single (one independent source). Copies (translations, rewrites
    of the same story) count once; a translation whose qualifier differs from
    its original's is drift.

    [bold]Examples[/bold]

        gpudeal corroborate
        gpudeal corroborate deal.gpus
        gpudeal corroborate 'partners\\[sk-group].gpus' --json | jq '.[].figures'
        gpudeal corroborate --source yonhap
        gpudeal corroborate --json | jq -r '.[] | select(.verdict == "conflict") | .fact'
        gpudeal corroborate deal.gpus --chart --export headline.svg
    """
    out = requests.output(SPEC, fmt, as_json, fields, export=export, chart=chart, log=log, locale=locale, size=size)
    if chart and len(fact or ()) != 1:
        from gpu_cli.errors import UsageError

        raise UsageError("corroborate --chart draws one fact's reports; name one FACT (e.g. deal.gpus)")
    request = ListRequest(SPEC, facts_of(ctx, facts), out, fact_paths=tuple(fact or ()), source=source)
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))


def _known(loaded: Facts, wanted: tuple[str, ...], source: str | None) -> None:
    """Unknown fact paths and source ids are named, with a did-you-mean."""
    from gpu_cli.errors import NotFoundError
    from gpu_cli.sources import fact_hint, fact_paths, known_source

    paths = fact_paths(loaded)
    for path in wanted:
        if path not in paths:
            hint = fact_hint(path, paths) or "; see gpudeal corroborate"
            raise NotFoundError(f"no fact has the path {path!r}{hint}")
    if source is not None:
        known_source(loaded, source)
