"""gpudeal report: the facts as one self-contained HTML page."""

from __future__ import annotations

from typing import Annotated

import typer

from gpu_cli import pipeline, requests
from gpu_cli.commands.options import FactsOpt, LocaleOpt
from gpu_cli.commands.session import env_of, facts_of


def report(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="The page to write: FILE.html, or - for standard output.")
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ARTICLE",
            help="The article's text (UTF-8, - for standard input): shown with every fact's excerpt highlighted,"
            " and the facts verified against it.",
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite FILE even when it is not a page gpudeal wrote.")
    ] = False,
    facts: FactsOpt = None,
    locale: LocaleOpt = None,
) -> None:
    """Write one self-contained HTML page of the deal and its reports.

    The deal at a glance, the partners and ranking charts and tables, the
    checks with their premises, the other reports, and with --source the
    article, each excerpt linked to its fact.

    The page loads nothing from the network (CSS and charts are inline) and
    reads on a phone and a laptop. Facts that fail verify are marked on it;
    the command still exits 0 (gpudeal verify answers that question). An
    existing FILE is overwritten only when gpudeal wrote it, or with --replace.

    [bold]Examples[/bold]

        gpudeal report deal.html
        gpudeal report deal.html --source article.txt
        gpudeal report deal.html --source article.txt --locale fr
        gpudeal report - > deal.html
    """
    request = requests.report_request(facts_of(ctx, facts), path, source, locale, replace)
    raise typer.Exit(pipeline.report(env_of(ctx), request))
