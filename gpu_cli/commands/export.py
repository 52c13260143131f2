"""gpudeal export: the facts and their views as a SQLite database for Datasette."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import FactsOpt
from gpu_cli.commands.session import env_of, facts_of


def export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE", help="The database to write: FILE.db (or .sqlite).")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Rebuild FILE when it is a database gpudeal wrote before.")
    ] = False,
    facts: FactsOpt = None,
) -> None:
    """Write a SQLite database of the facts, and its metadata for Datasette.

    One table a view (partners, ranking, derived numbers, checks and their
    premises, excerpts, sources, reports), linked by foreign keys, and
    FILE.metadata.json beside it for Datasette (deal.db.metadata.json: each
    database file has its own).

    Every number keeps its qualifier and its range: low, high, and whether
    each end is included. Numbers are raw (no locale). An existing FILE is
    rebuilt only with --replace, and only when gpudeal wrote it; any other
    file is never overwritten.

    [bold]Examples[/bold]

        gpudeal export deal.db
        gpudeal export deal.db --replace
        sqlite3 deal.db 'select name, gpus, gpus_qualifier, gpus_low from partners'
        datasette deal.db --metadata deal.db.metadata.json
    """
    request = requests.database_request(facts_of(ctx, facts), path, replace)
    raise typer.Exit(pipeline.export_database(env_of(ctx), request))
