"""gpudeal verify: check the facts against the text of their source, exit 1 on a mismatch."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, FactsOpt, FormatOpt, JsonOpt, fields_option
from gpu_cli.commands.session import complete_source, environment, facts_of
from gpu_cli.requests import VerifyRequest, ViewSpec
from gpu_cli.text import VERIFY_CHECKS


def _fields() -> tuple[str, ...]:
    from gpu_cli.verify import VERIFY_FIELDS

    return VERIFY_FIELDS


def _failed(records: list[requests.Record]) -> bool:
    return any(record["verdict"] == "fail" for record in records)


SPEC = ViewSpec(
    name="verify",
    fields=_fields,
    columns=("fact", "line", *VERIFY_CHECKS, "verdict", "detail"),
    failed=_failed,
)


def verify(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="The source article: a UTF-8 text file, or - for standard input.")
    ],
    source_id: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            autocompletion=complete_source,
            help="Check what this other source reports (its reports in the facts) against SOURCE, a text of it.",
        ),
    ] = None,
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    color: ColorOpt = None,
) -> None:
    """Check the facts against the text of their source. Exit 1 when any fact fails.

    Every excerpt must be in the source (any spaces, quotes, case), at one place:
    a prefix or suffix, or the sentence naming its subject, tells repeats apart.

    Each number must be in its excerpt; the verb gives the commitment, an ordinal the rank;
    according_to must be named where the excerpt stands, a chip in its excerpt; and the
    sentence must be about the fact's partner, country or person, not another's.

    Qualifier words: "plus de", "more than": more_than; "au moins", "at least": at_least;
    "jusqu’à", "à hauteur de", "up to": at_most; "environ", "about": about; none: exactly.

    Words no qualifier states ("presque", "almost") fail, saying so.

    [bold]Examples[/bold]

        gpudeal verify article.txt
        gpudeal verify article.txt --facts mine.yaml
        iconv -f latin1 -t utf-8 old.txt | gpudeal verify -
        gpudeal verify article.txt --json | jq '.[].verdict'
        gpudeal verify yonhap.txt --source yonhap
    """
    out = requests.output(SPEC, fmt, as_json, fields)
    request = VerifyRequest(SPEC, facts_of(ctx, facts), out, requests.source_path(source), source_id)
    raise typer.Exit(pipeline.verify(environment(ctx, color), request))
