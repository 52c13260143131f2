"""From records to the text a command prints: the one render call of each
command. Machine formats return before anything of rich is imported."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gpu_cli.environment import Environment
from gpu_cli.render import formats

Record = dict[str, Any]
TABLE_ROWS = 2_000  # rich needs seconds for tens of thousands of rows; machine formats have no cap


def listing(
    env: Environment,
    records: list[Record],
    fmt: str,
    *,
    fields: Sequence[str] | None,
    all_fields: Sequence[str],
    table_columns: Sequence[str],
    title: str | None = None,
    chart: str | None = None,  # label field, for a bar chart instead of the table
    log: bool = False,
    export: str | None = None,
    export_title: str = "gpudeal",
) -> str:
    """A list command's output: a machine format, a table or a bar chart. The
    caller has ruled out --chart and --export with a machine format."""
    if fmt != "table":
        chosen = fields or all_fields
        rows = [{name: record.get(name) for name in chosen} for record in records]
        return formats.render(fmt, rows, chosen, terminal=bool(env.stdout_isatty))
    from gpu_cli.render.console import to_text

    caption = None
    if len(records) > TABLE_ROWS:
        caption = f"first {TABLE_ROWS:,} of {len(records):,} rows; use --format (csv, jsonl, …) for all of them"
        records = records[:TABLE_ROWS]
    if chart:
        from gpu_cli.render.charts import bar_chart, bars_for

        picture: Any = bar_chart(bars_for(records, chart), env.width or 80, log=log, title=title, note=caption)
    else:
        from gpu_cli.render.tables import records_table

        picture = records_table(records, fields or table_columns, title=title, caption=caption, width=env.width)
    return to_text(env, picture, export=export, export_title=export_title)


def single(
    env: Environment,
    record: Record,
    fmt: str,
    fields: Sequence[str] | None,
    export: str | None = None,
    export_title: str = "gpudeal",
) -> str:
    chosen = fields or list(record)
    if fmt != "table":
        return formats.render(fmt, {name: record.get(name) for name in chosen}, chosen, bool(env.stdout_isatty))
    from gpu_cli.render.console import to_text
    from gpu_cli.render.tables import record_table

    return to_text(env, record_table(record, chosen), export=export, export_title=export_title)


def sections(
    env: Environment,
    blocks: list[tuple[str, list[tuple[str, str]]]],
    export: str | None = None,
    export_title: str = "gpudeal",
) -> str:
    from gpu_cli.render.console import to_text
    from gpu_cli.render.tables import facts_table

    tables = (facts_table(title, rows) for title, rows in blocks)
    return to_text(env, *tables, export=export, export_title=export_title)


def field_list(fields: Sequence[str]) -> str:
    return "".join(f"{name}\n" for name in fields)
