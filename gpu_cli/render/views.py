"""From records to the text a command prints: the one render call of each
command, as pieces of text for `output.emit`. Machine formats come record by
record, and return before anything of rich is imported; a table or chart is
one piece, drawn whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from gpu_cli.environment import Environment
from gpu_cli.render import formats
from gpu_cli.text import Segments, Shown, figure, gpus_figure, implied_figure, notes, segments_plain, visible

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.text import Text

Record = dict[str, Any]
CHART_WIDTH = 80  # a chart in a pipe: bars need some width to mean anything
TABLE_ROWS = 2_000  # rich needs seconds for tens of thousands of rows; machine formats have no cap


def listing(
    env: Environment,
    records: list[Record],
    fmt: str,
    *,
    fields: Sequence[str] | None,
    all_fields: Sequence[str],
    columns: Sequence[str],
    title: str | None = None,
    caption: str | None = None,  # a line under the table or chart, e.g. who says so
    chart: str | None = None,  # label field, for a bar chart instead of the table
    log: bool = False,
    export: str | None = None,
    export_title: str = "gpudeal",
) -> Iterable[str]:
    """A list command's output: a machine format, a table or a bar chart. The
    caller has ruled out --chart and --export with a machine format."""
    if fmt != "table":
        chosen = tuple(fields or all_fields)
        rows = (_only(record, chosen) for record in records)
        return formats.render(fmt, rows, chosen, terminal=bool(env.stdout_isatty))
    from gpu_cli.render.console import to_text

    lines = [visible(line) for line in caption.split("\n")] if caption else []  # names from the facts file
    if len(records) > TABLE_ROWS:
        lines.append(f"first {TABLE_ROWS:,} of {len(records):,} rows; use --format (csv, jsonl, …) for all of them")
        records = records[:TABLE_ROWS]
    columns = ("gpus",) if chart else fields or columns
    lines += filter(None, [notes(figures_shown(records, columns))])
    note = "\n".join(lines) or None
    if chart:
        from gpu_cli.render.charts import BarChart, bars_for

        picture: Any = BarChart(bars_for(records, chart), env.width or CHART_WIDTH, log=log, title=title, note=note)
    else:
        from rich.console import Group

        from gpu_cli.render.tables import records_table

        # The notes follow the table as lines of their own, wrapped at the
        # terminal's width (a caption would wrap at the table's).
        table = records_table(records, columns, title=title, width=env.width)
        picture = Group(table, *_note_lines(note)) if note else table
    return [to_text(env, picture, export=export, export_title=export_title)]


def _note_lines(note: str) -> list[_Indented]:
    """The notes under a table, one renderable a line: an indented line (a
    premise, a partner's other reports) wraps under its own indent."""
    from rich.text import Text

    lines = []
    for line in note.split("\n"):
        body = line.lstrip(" ")
        lines.append(_Indented(Text(body, style="dim"), len(line) - len(body)))
    return lines


class _Indented:
    """A text wrapped at the width left after its indent, each row indented."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text

        for row in self.text.wrap(console, max(1, options.max_width - self.indent)):
            row.rstrip()
            yield Text(" " * self.indent) + row


def _only(record: Record, fields: tuple[str, ...]) -> Record:
    """The record with these fields in this order; as it is when it has just those."""
    if len(record) == len(fields) and tuple(record) == fields:
        return record
    return {name: record.get(name) for name in fields}


def figures_shown(records: Sequence[Record], columns: Sequence[str]) -> list[Shown]:
    """The figures these columns show, for the notes under the table: the
    partners' GPUs and the derived numbers of `check`."""
    shown = [gpus_figure(r) for r in records] if "gpus" in columns else []
    if {"arithmetic", "detail", "derived"} & set(columns):
        shown += [figure(d["value"], d["qualifier"]) for r in records for d in r.get("derived") or ()]
    return shown


def single(
    env: Environment,
    record: Record,
    fmt: str,
    fields: Sequence[str] | None,
    export: str | None = None,
    export_title: str = "gpudeal",
) -> Iterable[str]:
    chosen = fields or list(record)
    if fmt != "table":
        return formats.render(fmt, {name: record.get(name) for name in chosen}, chosen, bool(env.stdout_isatty))
    from gpu_cli.render.console import to_text
    from gpu_cli.render.tables import record_table

    caption = notes([implied_figure(record)]) if "gpus_implied" in chosen else None
    return [to_text(env, record_table(record, chosen, caption=caption), export=export, export_title=export_title)]


def sections(
    env: Environment,
    blocks: list[tuple[str, list[tuple[str, Segments]]]],
    export: str | None = None,
    export_title: str = "gpudeal",
) -> str:
    from gpu_cli.render.console import to_text
    from gpu_cli.render.tables import facts_table

    tables = (facts_table(title, rows, env.width) for title, rows in blocks)
    return to_text(env, *tables, export=export, export_title=export_title)


def data(env: Environment, record: Record, fmt: str) -> Iterable[str]:
    """One nested record (the summary) in json, jsonl or yaml."""
    return formats.render(fmt, record, (), terminal=bool(env.stdout_isatty))


def sections_markdown(blocks: list[tuple[str, list[tuple[str, Segments]]]]) -> str:
    """The summary as Markdown: a heading and a two-column table a section,
    values as the terminal view writes them, and the notes they need."""
    out = []
    for title, rows in blocks:
        table = [{"Item": label, "Value": segments_plain(value)} for label, value in rows]
        out.append(f"## {title}\n\n" + "".join(formats.render("markdown", table, ("Item", "Value"), terminal=False)))
        note = notes(value for _, value in rows)
        if note:
            out.append("".join(f"{line}\n" for line in note.split("\n")))
    return "\n".join(out)


def field_list(fields: Sequence[str]) -> str:
    return "".join(f"{name}\n" for name in fields)
