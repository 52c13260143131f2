"""gpudeal verify: check the facts against the text of their source, exit 1 on a mismatch."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, FactsOpt, FormatOpt, JsonOpt, fields_option
from gpu_cli.commands.session import environment, facts_of
from gpu_cli.requests import VerifyRequest, ViewSpec


def _fields() -> tuple[str, ...]:
    from gpu_cli.verify import VERIFY_FIELDS

    return VERIFY_FIELDS


def _failed(records: list[requests.Record]) -> bool:
    return any(record["verdict"] == "fail" for record in records)


SPEC = ViewSpec(
    name="verify",
    fields=_fields,
    columns=("fact", "line", "excerpt_found", "number_found", "qualifier_agrees", "verdict", "detail"),
    failed=_failed,
)


def verify(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="The source article: a UTF-8 text file, or - for standard input.")
    ],
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    color: ColorOpt = None,
) -> None:
    """Check the facts against the text of their source. Exit 1 when any fact fails.

    Every excerpt must be in the source (any spaces, quotes, case); every number in its excerpt.

    Qualifier words: "plus de", "more than": more_than; "au moins", "at least": at_least;
    "jusqu’à", "à hauteur de", "up to": at_most; "environ", "about": about; none: exactly.

    Words no qualifier states ("presque", "almost") fail, saying so.

    [bold]Examples[/bold]

        gpudeal verify article.txt
        gpudeal verify article.txt --facts mine.yaml
        iconv -f latin1 -t utf-8 old.txt | gpudeal verify -
        gpudeal verify article.txt --json | jq '.[].verdict'
    """
    out = requests.output(SPEC, fmt, as_json, fields)
    request = VerifyRequest(SPEC, facts_of(ctx, facts), out, requests.source_path(source))
    raise typer.Exit(pipeline.verify(environment(ctx, color), request))
