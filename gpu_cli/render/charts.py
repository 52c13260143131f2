"""Horizontal bar charts from block characters: they read without colour, in a
pipe or on a slide, and need no plotting library.

Layout is in display cells, not characters (`삼성전자` takes 8 cells, a combining
accent none): every line fits the width, the bars start in one column, and a
label too long for the room left is shortened with `…` rather than wrapped. The
chart lays itself out when it is printed, at the console's width, so the
terminal and an export each get a chart drawn for their own width."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, split_graphemes
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

from gpu_cli.text import gpus_figure, visible

_EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_BAR = 10  # cells a bar keeps before labels are shortened
MIN_LABEL = 8  # cells a label keeps before bars shrink below MIN_BAR


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    shown: str  # the value as people read it: `> 50,000`, `50,000 nominal`, `not stated`


def bars_for(records: Sequence[dict[str, object]], label_field: str) -> list[Bar]:
    """One bar per record; the value label reads as in the tables (`gpus_figure`)."""
    out = []
    for record in records:
        label = visible(str(record.get(label_field) or ""))
        gpus = record.get("gpus")
        shown = gpus_figure(record).text
        if isinstance(gpus, int):
            out.append(Bar(label, gpus, shown))
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


def fit(label: str, width: int) -> str:
    """`label` padded to exactly `width` cells, or shortened to `width - 1` cells
    plus `…`, cut between graphemes (a base letter keeps its accents)."""
    size = cell_len(label)
    if size <= width:
        return label + " " * (width - size)
    if width <= 0:
        return ""
    spans, _ = split_graphemes(label)
    kept = end = 0
    for _start, stop, cells in spans:
        if kept + cells > width - 1:
            break
        kept, end = kept + cells, stop
    return label[:end] + "…" + " " * (width - 1 - kept)


@dataclass(frozen=True)
class Layout:
    label: int  # cells for the label column
    bar: int  # cells for the bars


def layout(bars: Sequence[Bar], width: int) -> Layout:
    """Split `width` into label, bar and value columns (one space between each).
    Values are never cut; labels give way first, down to MIN_LABEL, then bars."""
    value = max((cell_len(b.shown) for b in bars), default=0)
    room = max(2, width - value - 2)  # label + bar
    natural = max((cell_len(b.label) for b in bars), default=0)
    label = min(natural, max(MIN_LABEL, room - MIN_BAR), room - 1)
    return Layout(label=label, bar=room - label)


def _wrap(paragraph: str, width: int) -> list[str]:
    """A note's line wrapped under its own indent (a premise, a partner's other reports)."""
    indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
    return textwrap.wrap(paragraph.lstrip(" "), width, initial_indent=indent, subsequent_indent=indent)


@dataclass(frozen=True)
class BarChart:
    """One line per bar: label, bar scaled to the width, value. Unknown counts get
    no bar (a share only derived is no count: `check` has it). `width` is the widest it
    may be drawn; a narrower console draws it narrower."""

    bars: Sequence[Bar]
    width: int
    log: bool = False
    title: str | None = None
    note: str | None = None

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, min(self.width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield self.render(min(self.width, options.max_width))

    def render(self, width: int) -> Text:
        cols = layout(self.bars, width)
        top = max((b.value for b in self.bars if b.value is not None), default=0)
        text = Text(no_wrap=True, overflow="ignore")
        if self.title:
            title = self.title + (" (log scale)" if self.log else "")
            text.append("".join(line + "\n" for line in textwrap.wrap(title, width)), style="bold")
        for bar in self.bars:
            text.append(fit(bar.label, cols.label) + " ")
            if bar.value is None:
                text.append(" " * cols.bar)
            else:
                blocks = _blocks(_length(bar.value, top, cols.bar, self.log), "█")
                text.append(blocks, style="cyan")
                text.append(" " * (cols.bar - len(blocks)))
            text.append(" " + bar.shown + "\n", style="dim" if bar.value is None else "")
        if self.note:
            wrapped = (row for paragraph in self.note.split("\n") for row in _wrap(paragraph, width) or [""])
            text.append("".join(row + "\n" for row in wrapped), style="dim")
        text.rstrip()
        return text
