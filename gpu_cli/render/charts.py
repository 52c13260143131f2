"""Horizontal bar charts from block characters: they read without colour, in a
pipe or on a slide, and need no plotting library."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from gpu_cli.text import gpus_figure, visible

_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    shown: str  # the value as people read it: `> 50,000`, `50,000 nominal (implied)`, `not stated`
    implied: bool = False


def bars_for(records: Sequence[dict[str, object]], label_field: str) -> list[Bar]:
    """One bar per record; the value label reads as in the tables (`gpus_figure`)."""
    out = []
    for record in records:
        label = visible(str(record.get(label_field) or ""))
        gpus, implied = record.get("gpus"), record.get("gpus_implied")
        shown = gpus_figure(record).text
        if isinstance(gpus, int):
            out.append(Bar(label, gpus, shown))
        elif isinstance(implied, int):
            out.append(Bar(label, implied, shown, implied=True))
        else:
            out.append(Bar(label, None, shown))
    return out


def _length(value: int, top: int, cells: int, log: bool) -> float:
    if top <= 0 or value <= 0:
        return 0.0
    if log:
        return cells * math.log10(value + 1) / math.log10(top + 1)
    return cells * value / top


def _blocks(length: float, full: str) -> str:
    whole = int(length)
    part = _EIGHTHS[int((length - whole) * 8)] if full == "█" else ""
    return (full * whole + part).rstrip() or ("▏" if length > 0 else "")


def bar_chart(
    bars: Sequence[Bar], width: int, log: bool = False, title: str | None = None, note: str | None = None
) -> Text:
    """One line per bar: label, bar scaled to `width`, value. Unknown counts get
    no bar; an implied count gets a light-shaded one."""
    label_width = max((len(b.label) for b in bars), default=0)
    value_width = max((len(b.shown) for b in bars), default=0)
    cells = max(10, width - label_width - value_width - 2)
    top = max((b.value for b in bars if b.value is not None), default=0)
    text = Text()
    if title:
        text.append(title + (" (log scale)" if log else "") + "\n", style="bold")
    for bar in bars:
        text.append(bar.label.ljust(label_width) + " ")
        if bar.value is None:
            text.append(" " * cells)
        else:
            blocks = _blocks(_length(bar.value, top, cells, log), "░" if bar.implied else "█")
            text.append(blocks, style="dim" if bar.implied else "cyan")
            text.append(" " * (cells - len(blocks)))
        text.append(" " + bar.shown + "\n", style="dim" if bar.value is None or bar.implied else "")
    if note:
        text.append(note + "\n", style="dim")
    text.rstrip()
    return text
