"""Rich tables for people. Every cell is a `Text` built from a defanged string:
markup, emoji codes and escape sequences in the data are shown, never obeyed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from gpu_cli.render.formats import cell
from gpu_cli.text import Segments, Shown, gpus_figure, implied_figure, notes, visible

Record = dict[str, Any]


def _text(value: Any, style: str = "") -> Text:
    """A cell; a list of several gets a bulleted line per item, easier to read
    than `; `; a count (an integer) gets its thousands separators."""
    if isinstance(value, list) and len(value) > 1:
        return Text("\n".join("• " + visible(cell(item)) for item in value), style=style)
    if isinstance(value, int) and not isinstance(value, bool):
        return Text(f"{value:,}", style=style)
    return Text(visible(cell(value)), style=style)


def shown_text(shown: Shown, style: str = "") -> Text:
    return Text(visible(shown.text), style=style or ("dim" if shown.dim else ""))


def segments_text(value: Segments) -> Text:
    """Plain text, a figure (dim where it says so), or a sequence of both."""
    parts = [value] if isinstance(value, str | Shown) else value
    text = Text()
    for part in parts:
        text.append_text(shown_text(part) if isinstance(part, Shown) else Text(visible(part)))
    return text


def gpus_cell(record: Record, implied: bool = True) -> Text:
    """The stated count; where none is stated, the implied share (dim italic) if asked."""
    is_implied = implied and record.get("gpus") is None and record.get("gpus_implied") is not None
    return shown_text(gpus_figure(record, implied), "dim italic" if is_implied else "")


def _yes_no(value: Any) -> Text:
    """A check's outcome (`verify`): yes, no, or a dash where there was nothing to check."""
    if value is None:
        return Text("–", style="dim")
    return Text("yes", style="green") if value else Text("no", style="bold red")


_VERDICT_STYLES = {"ok": "bold green", "undetermined": "bold yellow", "fail": "bold red"}
_CELLS: dict[str, Callable[[Record], Text]] = {
    "gpus": gpus_cell,
    "gpus_implied": lambda r: shown_text(implied_figure(r)),
    "name": lambda r: _text(r.get("name"), "bold"),
    "country": lambda r: _text(r.get("country"), "bold"),
    "verdict": lambda r: _text(r.get("verdict"), _VERDICT_STYLES.get(str(r.get("verdict")), "")),
    "excerpt_found": lambda r: _yes_no(r.get("excerpt_found")),
    "number_found": lambda r: _yes_no(r.get("number_found")),
    "qualifier_agrees": lambda r: _yes_no(r.get("qualifier_agrees")),
}


def _cell(record: Record, name: str) -> Text:
    make = _CELLS.get(name)
    return make(record) if make else _text(record.get(name))


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
        table.add_row(*(_cell(row, name) for name in columns))
    return table


def record_table(record: Record, fields: Sequence[str], caption: str | None = None) -> Table:
    """One record as field/value rows (`gpudeal show`); counts read as in `partners`."""
    table = Table(
        show_header=False, box=None, padding=(0, 2, 0, 0), expand=False, caption=caption, caption_justify="left"
    )
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name in fields:  # the implied share has its own rows: `gpus` is the stated count alone
        table.add_row(name, gpus_cell(record, implied=False) if name == "gpus" else _cell(record, name))
    return table


def facts_table(title: str, rows: Sequence[tuple[str, Segments]]) -> Table:
    """A titled two-column block of the summary, with the notes its figures need."""
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        show_header=False,
        expand=False,
        caption=notes(value for _, value in rows),
        caption_justify="left",
    )
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(Text(visible(label)), segments_text(value))  # labels can be names from the file
    return table
