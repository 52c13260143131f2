"""gpudeal show: everything about one partner."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import ColorOpt, ExportOpt, FactsOpt, FormatOpt, JsonOpt, LocaleOpt, fields_option
from gpu_cli.commands.session import complete_partner, environment, facts_of
from gpu_cli.errors import UsageError
from gpu_cli.requests import ShowRequest, ViewSpec


def _fields() -> tuple[str, ...]:
    from gpu_cli.queries import PARTNER_FIELDS

    return PARTNER_FIELDS


SPEC = ViewSpec(name="show", fields=_fields)


def show(
    ctx: typer.Context,
    partner: Annotated[
        str,
        typer.Argument(
            metavar="PARTNER",
            help="A partner id, or the start of its name (any case).",
            autocompletion=complete_partner,
            show_default=False,
        ),
    ],
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: Annotated[str | None, fields_option(SPEC)] = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            metavar="FILE",
            help="The article's text (- for standard input): say on which line and column each excerpt stands.",
            show_default=False,
        ),
    ] = None,
    export: ExportOpt = None,
    locale: LocaleOpt = None,
    color: ColorOpt = None,
) -> None:
    """Everything about one partner, in plain words.

    Its count with the qualifier and who says so, the article's words, what
    is only derived, and what the other reports say.

    [bold]Examples[/bold]

        gpudeal show samsung
        gpudeal show sk-group --article article.txt
        gpudeal show sk --json
        gpudeal show hyundai --fields gpus,purposes
        gpudeal show naver --export naver.html
    """
    out = requests.output(SPEC, fmt, as_json, fields, export=export, locale=locale)
    if not partner.strip():
        raise UsageError("PARTNER is empty; give a partner id or the start of a name")
    request = ShowRequest(SPEC, facts_of(ctx, facts), out, partner, requests.show_article(article, out))
    raise typer.Exit(pipeline.show(environment(ctx, color), request))
