"""Rich tables for people. Every cell is a `Text` built from a defanged string:
markup, emoji codes and escape sequences in the data are shown, never obeyed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from gpu_cli.render.formats import cell
from gpu_cli.text import count, visible

Record = dict[str, Any]


def _text(value: Any, style: str = "") -> Text:
    """A cell; a list of several gets a bulleted line per item, easier to read than `; `."""
    if isinstance(value, list) and len(value) > 1:
        return Text("\n".join("• " + visible(cell(item)) for item in value), style=style)
    return Text(visible(cell(value)), style=style)


def gpus_cell(record: Record, implied: bool = True) -> Text:
    """The stated count; where none is stated, the implied share (dimmed) if asked."""
    if record.get("gpus") is not None:
        return Text(count(record["gpus"], record.get("gpus_qualifier")))
    if implied and record.get("gpus_implied") is not None:
        return Text(f"≈{record['gpus_implied']:,} implied", style="dim italic")
    return Text("not stated", style="dim")


def _yes_no(value: Any) -> Text:
    """A check's outcome (`verify`): yes, no, or a dash where there was nothing to check."""
    if value is None:
        return Text("–", style="dim")
    return Text("yes", style="green") if value else Text("no", style="bold red")


_VERDICT_STYLES = {"ok": "bold green", "warning": "bold yellow", "fail": "bold red"}
_CELLS: dict[str, Callable[[Record], Text]] = {
    "gpus": gpus_cell,
    "name": lambda r: _text(r.get("name"), "bold"),
    "country": lambda r: _text(r.get("country"), "bold"),
    "verdict": lambda r: _text(r.get("verdict"), _VERDICT_STYLES.get(str(r.get("verdict")), "")),
    "excerpt_found": lambda r: _yes_no(r.get("excerpt_found")),
    "number_found": lambda r: _yes_no(r.get("number_found")),
    "qualifier_agrees": lambda r: _yes_no(r.get("qualifier_agrees")),
}
HEADERS = {
    "gpus": "GPUs",
    "purposes": "Purpose",
    "id": "ID",
    # yes/no columns: a two-line header keeps them as narrow as their cells
    "excerpt_found": "Excerpt\nfound",
    "number_found": "Number\nfound",
    "qualifier_agrees": "Qualifier\nagrees",
}
_NUMERIC = {"gpus", "rank", "gpus_implied", "line"}


def records_table(
    rows: Sequence[Record], columns: Sequence[str], title: str | None = None, caption: str | None = None
) -> Table:
    table = Table(
        title=title, caption=caption, title_justify="left", caption_justify="left", header_style="bold", expand=False
    )
    for name in columns:
        table.add_column(
            HEADERS.get(name, name.replace("_", " ").capitalize()),
            justify="right" if name in _NUMERIC else "left",
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(_CELLS.get(name, lambda r, n=name: _text(r.get(n)))(row) for name in columns))
    return table


def record_table(record: Record, fields: Sequence[str]) -> Table:
    """One record as field/value rows (`gpudeal show`)."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name in fields:
        value = record.get(name)
        shown = gpus_cell(record, implied=False) if name == "gpus" else _text(value)  # implied: own rows
        table.add_row(name, shown)
    return table


def facts_table(title: str, rows: Sequence[tuple[str, str]]) -> Table:
    """A titled two-column block of the summary."""
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, expand=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(Text(visible(label)), Text(visible(value)))  # labels can be names from the file
    return table
