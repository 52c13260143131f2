"""`gpudeal diff` for people: one block per section (stated facts, derived
numbers, check verdicts), a `+`/`−`/`~` mark a change, values as the other
views write them. Machine formats take the records as they are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gpu_cli.diff import DERIVED_FIELDS, DIFF_FIELDS, QUALIFIER_SUFFIX, Change
from gpu_cli.environment import Environment
from gpu_cli.render import formats
from gpu_cli.text import Shown, Unit, figure, notes, visible

if TYPE_CHECKING:
    from rich.console import RenderableType

SECTION_TITLES = {"facts": "Stated facts", "derived": "Derived numbers", "check": "Check verdicts"}
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
    tables: list[Any] = [
        _section_table(SECTION_TITLES[section], [c for c in changes if c.section == section], chosen)
        for section in SECTION_TITLES
        if any(c.section == section for c in changes)
    ]
    note = notes(shown(value, c.unit) for c in changes for value in (c.old, c.new))
    if note:
        from rich.text import Text

        tables.append(Text(note, style="dim"))
    return [to_text(env, *tables)]


def _section_table(title: str, changes: list[Change], fields: Sequence[str]) -> RenderableType:
    """A section title on its own line, then a compact table like the list views'."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, 1),
        expand=False,
    )
    table.add_column("")
    for name in fields:
        table.add_column(name.capitalize(), overflow="fold")
    for change in changes:
        mark, style = MARKS[change.kind]
        old, new = shown(change.old, change.unit), shown(change.new, change.unit)
        cells = {
            "path": Text(visible(change.path), style="bold"),
            "kind": Text(change.kind, style=style),
            "old": Text(old.text, style="dim" if old.dim else ""),
            "new": Text(new.text, style="dim" if new.dim else ""),
        }
        table.add_row(Text(mark, style=style), *(cells[name] for name in fields))
    return Group(Text(title, style="bold"), table)


def shown(value: Any, unit: Unit = "count") -> Shown:
    """A value as the other human views write it (`> 50,000`, `not stated`,
    `50,000 nominal`, `ok`); an added or removed item by what identifies it."""
    if value is None:
        return Shown("none", dim=True)
    if isinstance(value, dict) and set(value) == set(DERIVED_FIELDS):
        return figure(value["value"], value["qualifier"], value["low"], value["high"], unit)
    if isinstance(value, dict):
        number = next((key for key in value if key + QUALIFIER_SUFFIX in value), None)
        if number is not None and len(value) == 2:
            return figure(value[number], value[number + QUALIFIER_SUFFIX], unit=unit)
        return Shown(visible(_item_label(value)))
    if isinstance(value, list):
        return Shown(visible("; ".join(formats.cell(item) for item in value)))
    return Shown(visible(formats.cell(value)))


def _item_label(item: dict[str, Any]) -> str:
    """`Hanwha: 10,000`: the item's name and, if it has one, its count."""
    label = next((str(item[key]) for key in ("name", "country", "topic", "partner") if item.get(key)), "")
    counted = next((key for key in item if key + QUALIFIER_SUFFIX in item), None)
    if counted is not None:
        label += f": {figure(item[counted], item[counted + QUALIFIER_SUFFIX]).text}"
    return label or formats.cell(item)
