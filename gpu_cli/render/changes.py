"""`gpudeal diff` for people: one block per section (stated facts, derived
numbers, check verdicts), a `+`/`−`/`~` mark a change, values as the other
views write them. Machine formats take the records as they are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gpu_cli.diff import DERIVED_FIELDS, DIFF_FIELDS, Change, qualifier_key
from gpu_cli.environment import Environment
from gpu_cli.render import formats
from gpu_cli.render.views import TABLE_ROWS
from gpu_cli.text import Shown, Unit, figure, notes, visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

SECTION_TITLES = {
    "facts": "Stated facts",
    "derived": "Derived numbers",
    "check": "Check verdicts",
    "corroborate": "Other reports: verdicts and joint ranges",
}
MARKS = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow")}
NO_DIFFERENCES = "no differences\n"
COLUMNS = ("path", "old", "new")


def changes_view(env: Environment, changes: list[Change], fmt: str, fields: Sequence[str] | None) -> Iterable[str]:
    if fmt != "table":
        chosen = fields or DIFF_FIELDS
        records: list[dict[str, Any]] = [dict(change.record()) for change in changes]
        rows = [{name: record[name] for name in chosen} for record in records]
        return formats.render(fmt, rows, chosen, terminal=bool(env.stdout_isatty))
    if not changes:
        return [NO_DIFFERENCES]
    from gpu_cli.render.console import to_text

    chosen = fields or COLUMNS  # the mark already says the kind
    total, changes = len(changes), changes[:TABLE_ROWS]  # as the list views: rich needs seconds for more
    tables: list[Any] = [
        _section_table(SECTION_TITLES[section], [c for c in changes if c.section == section], chosen, env.width)
        for section in SECTION_TITLES
        if any(c.section == section for c in changes)
    ]
    note = notes(shown(value, c.unit) for c in changes for value in (c.old, c.new))
    if total > TABLE_ROWS:
        cut = f"first {TABLE_ROWS:,} of {total:,} changes; use --format (csv, jsonl, …) for all of them"
        note = f"{cut}\n{note}" if note else cut
    if note:
        from rich.text import Text

        tables.append(Text(note, style="dim"))
    return [to_text(env, *tables)]


def _section_table(title: str, changes: list[Change], fields: Sequence[str], width: int | None) -> RenderableType:
    """A section title on its own line, then a table like the list views' (a
    mark column first); stacked like theirs below the width its words need,
    the mark then written as the kind of change."""
    from gpu_cli.render.tables import records_table

    stacked = ("kind", *(name for name in fields if name != "kind"))
    rows = [{"mark": change} for change in changes]  # each cell is read off the change (`_cell`)
    return records_table(rows, ("mark", *fields), title=title, width=width, cell=_cell, stacked_columns=stacked)


def _cell(row: dict[str, Any], name: str) -> Text:
    from rich.text import Text

    change: Change = row["mark"]
    mark, style = MARKS[change.kind]
    if name == "mark":
        return Text(mark, style=style)
    if name == "kind":
        return Text(change.kind, style=style)
    if name == "path":
        return Text(visible(change.path), style="bold")
    value = shown(change.old if name == "old" else change.new, change.unit)
    return Text(value.text, style="dim" if value.dim else "")


def shown(value: Any, unit: Unit = "count") -> Shown:
    """A value as the other human views write it (`> 50,000`, `not stated`,
    `50,000 nominal`, `ok`); an added or removed item by what identifies it."""
    if value is None:
        return Shown("none", dim=True)
    if isinstance(value, dict) and set(value) == set(DERIVED_FIELDS):
        return figure(value["value"], value["qualifier"], value["low"], value["high"], unit)
    if isinstance(value, dict):
        number = next((key for key in value if qualifier_key(key) in value), None)
        if number is not None and len(value) == 2:
            return figure(value[number], value[qualifier_key(number)], unit=unit)
        return Shown(visible(_item_label(value, unit)))
    if isinstance(value, list):
        return Shown(visible("; ".join(formats.cell(item) for item in value)))
    return Shown(visible(formats.cell(value)))


def _item_label(item: dict[str, Any], unit: Unit = "count") -> str:
    """`Hanwha: 10,000`, a report's `afp: ≈5,000`: the item's name and, if it has one, its count."""
    label = next(
        (str(item[key]) for key in ("name", "country", "topic", "partner", "source", "outlet") if item.get(key)), ""
    )
    counted = next((key for key in item if qualifier_key(key) in item), None)
    if counted is not None:
        label += f": {figure(item[counted], item[qualifier_key(counted)], unit=unit).text}"
    return label or formats.cell(item)
