"""gpudeal schema: JSON Schemas of the outputs and of the facts file."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli.commands.options import FactsOpt, choice
from gpu_cli.commands.session import env_of, facts_of
from gpu_cli.output import emit

SCHEMAS = ("partners", "rank", "show", "check", "summary", "diff", "sources", "corroborate", "verify", "facts")


def schema(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="partners, rank, show, check, summary, diff, sources, corroborate, verify (their --json output)"
            " or facts (the file).",
            **choice(*SCHEMAS),
        ),
    ],
    facts: FactsOpt = None,
) -> None:
    """JSON Schema (draft 2020-12) of a command's --json output or of the facts file.

    The schemas come from gpudeal's models, not from a facts file: --facts is
    accepted, like on every command, and changes nothing.

    [bold]Examples[/bold]

        gpudeal schema partners > partners.schema.json
        gpudeal schema facts
    """
    from gpu_cli.render.formats import to_json
    from gpu_cli.schemas import json_schema

    facts_of(ctx, facts)  # checked as everywhere, though no schema depends on the facts
    emit(env_of(ctx).stdout, to_json(json_schema(name)))
