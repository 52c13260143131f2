"""gpudeal summary: the deal at a glance."""

from __future__ import annotations

import typer

from gpu_cli.commands.common import ColorOpt, ExportOpt, FactsOpt, environment, load, report_export
from gpu_cli.output import emit


def summary(
    ctx: typer.Context,
    facts: FactsOpt = None,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """The deal at a glance: headline numbers, investment, timeline, reconciliation, people.

    [bold]Examples[/bold]

        gpudeal summary
        gpudeal summary --export summary.html
    """
    from gpu_cli.queries import summary_sections
    from gpu_cli.render import views

    env = environment(ctx, color)
    sections = summary_sections(load(ctx, env, facts))
    emit(env.stdout, views.sections(env, sections, export=export, export_title=ctx.command_path))
    report_export(env, export)
