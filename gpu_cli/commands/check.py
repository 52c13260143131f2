"""gpudeal check: the consistency rules, exit 1 on a failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, ExportOpt, FactsOpt, FormatOpt, JsonOpt, fields_option
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import ListRequest, ViewSpec

if TYPE_CHECKING:
    from gpu_cli.models import Facts


def _fields() -> tuple[str, ...]:
    from gpu_cli.checks import CHECK_FIELDS

    return CHECK_FIELDS


def _records(facts: Facts, request: ListRequest) -> list[requests.Record]:
    from gpu_cli.checks import run_checks

    return [rule.record() for rule in run_checks(facts)]


def _failed(records: list[requests.Record]) -> bool:
    return any(record["verdict"] == "fail" for record in records)


SPEC = ViewSpec(
    name="check",
    fields=_fields,
    columns=("rule", "verdict", "arithmetic", "detail"),
    records=_records,
    failed=_failed,
)


def check(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Audit the numbers: does everything add up? Exit 1 when a rule fails.

    Rules decide on the ranges the qualifiers stand for: ok (the figures prove
    the rule holds), fail (they prove it broken), undetermined (they can do
    neither). Exit status: 0 no rule fails, 1 a rule fails, 2 could not
    answer (unusable facts, unwritable output, a usage error).

    [bold]Examples[/bold]

        gpudeal check
        gpudeal check --facts mine.yaml || echo "inconsistent"
        gpudeal check --json | jq '.[].verdict'
        gpudeal check --json | jq '.[].derived[].qualifier'
        gpudeal check --export check.html
    """
    out = requests.output(SPEC, fmt, as_json, fields, export=export)
    request = ListRequest(SPEC, facts_of(ctx, facts), out)
    raise typer.Exit(pipeline.listing(environment(ctx, color), request))
