"""gpudeal schema: JSON Schemas of the outputs and of the facts file."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.common import SchemaName, env_of
from gpu_cli.output import emit


def schema(
    ctx: typer.Context,
    name: Annotated[SchemaName, typer.Argument(help="partners, rank (their --json output) or facts (the file).")],
) -> None:
    """JSON Schema (draft 2020-12) of a command's --json output or of the facts file.

    [bold]Examples[/bold]

        gpudeal schema partners > partners.schema.json
        gpudeal schema facts
    """
    from gpu_cli.render.formats import to_json
    from gpu_cli.schemas import json_schema

    emit(env_of(ctx).stdout, to_json(json_schema(name.value)))
