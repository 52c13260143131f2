"""gpudeal check: the consistency rules, exit 1 on a failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, ExportOpt, FactsOpt, FormatOpt, JsonOpt, LocaleOpt, choice, fields_option
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import ListRequest, ViewSpec

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def _fields() -> tuple[str, ...]:
    from gpu_cli.checks import CHECK_FIELDS

    return CHECK_FIELDS


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.checks import run_checks

    return [rule.model_dump() for rule in run_checks(facts, request.premises)]


def _caption(facts: Facts, records: list[requests.Record]) -> str | None:
    """The premises the rules rested on, with the article's words."""
    from gpu_cli.checks import premises_caption

    return premises_caption(frozenset(p["id"] for r in records for p in r.get("premises") or ()))


def _failed(records: list[requests.Record]) -> bool:
    return any(record["verdict"] == "fail" for record in records)


SPEC = ViewSpec(
    name="check",
    fields=_fields,
    columns=("rule", "verdict", "arithmetic", "detail"),
    records=_records,
    failed=_failed,
    caption=_caption,
)


def _sourced_fields() -> tuple[str, ...]:
    from gpu_cli.models import SourcedCheckRecord

    return tuple(SourcedCheckRecord.model_fields)


def _sourced_records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.sourced_checks import sourced_records

    return sourced_records(facts, request.premises)


SOURCED_SPEC = SPEC._replace(fields=_sourced_fields, columns=(*SPEC.columns, "inputs"), records=_sourced_records)

SOURCES = ("article", "all")
SourcesOpt = Annotated[
    str,
    typer.Option(
        "--sources", metavar="WHICH",
        help="article (its figures alone) or all (the joint ranges of every source, and the numbers"
        " the article implies against what others report).",
        **choice(*SOURCES),
    ),
]  # fmt: skip


def check(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    export: ExportOpt = None,
    locale: LocaleOpt = None,
    sources: SourcesOpt = "article",
    color: ColorOpt = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            metavar="PREMISE",
            help="Premises to reason on: none, default, or a premise id to add (repeatable). "
            "Default: the premises the article supports.",
        ),
    ] = None,
) -> None:
    """Audit the numbers: does everything add up? Exit 1 when a rule fails.

    Rules decide on the ranges the qualifiers stand for: ok (the figures prove
    the rule holds), fail (they prove it broken), undetermined (they can do
    neither). Exit status: 0 no rule fails, 1 a rule fails, 2 could not
    answer (unusable facts, unwritable output, a usage error).

    Rules rest on named premises (listed under the table and in --json):
    total-includes-supply, allocations-in-supply, via-partner-no-allocation,
    companies-apart (the article supports them: the default), linked-apart
    (it does not). --assume none is interval arithmetic on the figures alone.

    [bold]Examples[/bold]

        gpudeal check
        gpudeal check --facts mine.yaml || echo "inconsistent"
        gpudeal check --json | jq '.[].verdict'
        gpudeal check --json | jq '.[].derived[].qualifier'
        gpudeal check --export check.html
        gpudeal check --assume none
        gpudeal check --assume linked-apart
        gpudeal check --sources all --fields rule,inputs
    """
    from gpu_cli.premises import choose

    spec = SOURCED_SPEC if sources == "all" else SPEC
    out = requests.output(spec, fmt, as_json, fields, export=export, locale=locale)
    request = ListRequest(spec, facts_of(ctx, facts), out, premises=choose(assume))
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))
