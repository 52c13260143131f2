"""gpudeal show: everything about one partner."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ColorOpt,
    ExportOpt,
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    complete_partner,
    exporting,
    listing_start,
    load,
    table_only,
)
from gpu_cli.errors import UsageError
from gpu_cli.output import emit


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
    fields: FieldsOpt = None,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Everything about one partner.

    [bold]Examples[/bold]

        gpudeal show samsung
        gpudeal show sk --json
        gpudeal show hyundai --fields gpus,purposes
        gpudeal show naver --export naver.html
    """
    from gpu_cli import queries
    from gpu_cli.render import views

    env, chosen, fmt_name = listing_start(ctx, color, fmt, as_json, fields, queries.PARTNER_FIELDS)
    table_only(fmt_name, export=export)
    if not partner.strip():
        raise UsageError("PARTNER is empty; give a partner id or the start of a name")
    record = queries.partner_record(load(ctx, env, facts), partner)
    with exporting(env, export):
        emit(env.stdout, views.single(env, record, fmt_name, chosen, export=export, export_title=ctx.command_path))
