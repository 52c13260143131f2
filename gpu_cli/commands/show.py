"""gpudeal show: everything about one partner."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ColorOpt,
    FactsOpt,
    FieldsOpt,
    Format,
    FormatOpt,
    JsonOpt,
    chosen_fields,
    environment,
    load,
    output_format,
)
from gpu_cli.output import emit


def show(
    ctx: typer.Context,
    partner: Annotated[str, typer.Argument(help="A partner id, or the start of its name (any case).")],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    color: ColorOpt = None,
) -> None:
    """Everything about one partner.

    [bold]Examples[/bold]

        gpudeal show samsung
        gpudeal show "sk" --json
        gpudeal show hyundai --fields gpus,purposes
    """
    from gpu_cli import queries
    from gpu_cli.render import views

    env = environment(ctx, color)
    chosen, fmt_name = chosen_fields(fields, queries.PARTNER_FIELDS, env), output_format(fmt, as_json)
    record = queries.partner_record(load(ctx, env, facts), partner)
    emit(env.stdout, views.single(env, record, fmt_name, chosen))
