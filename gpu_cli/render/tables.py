"""Rich tables for people. Every cell is a `Text` built from a defanged string:
markup, emoji codes and escape sequences in the data are shown, never obeyed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gpu_cli.render.formats import cell
from gpu_cli.text import VERIFY_CHECKS, Segments, Shown, amount, gpus_figure, implied_figure, notes, summarised, visible

Record = dict[str, Any]


MAX_CELL = 1_000  # characters of one cell: rich lays out a longer one slowly, and nobody reads it in a table


def _text(value: Any, style: str = "") -> Text:
    """A cell; a list of several gets a bulleted line per item, easier to read
    than `; `; a count (an integer) gets its thousands separators. A cell of
    more than MAX_CELL characters is cut there, saying how much is left out."""
    if isinstance(value, list) and len(value) > 1:
        return Text(_bounded("\n".join("• " + visible(cell(item)) for item in value)), style=style)
    if isinstance(value, int) and not isinstance(value, bool):
        return Text(amount(value), style=style)
    return Text(_bounded(visible(cell(value))), style=style)


def _bounded(text: str) -> str:
    if len(text) <= MAX_CELL:
        return text
    return f"{text[:MAX_CELL]}… ({len(text) - MAX_CELL:,} more characters: see --format json)"


def shown_text(shown: Shown, style: str = "") -> Text:
    return Text(visible(shown.text), style=style or ("dim" if shown.dim else ""))


def segments_text(value: Segments) -> Text:
    """Plain text, a figure (dim where it says so), or a sequence of both."""
    parts = [value] if isinstance(value, str | Shown) else value
    text = Text()
    for part in parts:
        text.append_text(shown_text(part) if isinstance(part, Shown) else Text(visible(part)))
    return text


def gpus_cell(record: Record) -> Text:
    """The stated count, `not stated` (dim) where the article gives none."""
    return shown_text(gpus_figure(record))


def _dash() -> Text:
    """Nothing to show: no check made, no share implied (never `not stated`, which is the article's silence)."""
    return Text("–", style="dim")


def _yes_no(value: Any) -> Text:
    """A check's outcome (`verify`): yes, no, or a dash where there was nothing to check."""
    if value is None:
        return _dash()
    return Text("yes", style="green") if value else Text("no", style="bold red")


def _outcome(name: str) -> Callable[[Record], Text]:
    return lambda record: _yes_no(record.get(name))


_VERDICT_STYLES = {
    "ok": "bold green",
    "undetermined": "bold yellow",
    "fail": "bold red",
    "agree": "bold green",
    "consistent": "green",
    "conflict": "bold red",
}
_CELLS: dict[str, Callable[[Record], Text]] = {
    "gpus": gpus_cell,
    "gpus_implied": lambda r: _dash() if r.get("gpus_implied") is None else shown_text(implied_figure(r)),
    "name": lambda r: _text(r.get("name"), "bold"),
    "country": lambda r: _text(r.get("country"), "bold"),
    "verdict": lambda r: _text(r.get("verdict"), _VERDICT_STYLES.get(str(r.get("verdict")), "")),
    **{name: _outcome(name) for name in VERIFY_CHECKS},
    "arithmetic": lambda r: _text(summarised(str(r.get("arithmetic") or ""))),
    "detail": lambda r: _text(summarised(str(r.get("detail") or ""))),
}


CellMaker = Callable[[Record, str], Text]


def _cell(record: Record, name: str) -> Text:
    make = _CELLS.get(name)
    return make(record) if make else _text(record.get(name))


HEADERS = {
    "gpus": "GPUs",
    "purposes": "Purpose",
    "id": "ID",
    "mark": "",  # the diff's +, −, ~
    # yes/no columns: a two-line header keeps them as narrow as their cells
    "excerpt_found": "Excerpt\nfound",
    "number_found": "Number\nfound",
    "qualifier_agrees": "Qualifier\nagrees",
}
_NUMERIC = {"gpus", "rank", "gpus_implied", "line"}


_WORDS = {"gpus": "GPUs", "id": "ID"}


def header_of(name: str) -> str:
    """A field's column heading: `gpus_implied_low` → `GPUs implied low`."""
    if name in HEADERS:
        return HEADERS[name]
    words = [_WORDS.get(word, word) for word in name.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


_SAMPLE_ROWS = 50  # enough rows to size the columns of a long table; all rows are measured for min and max


class _Column(NamedTuple):
    """What a column needs: `natural` fits every cell on one line, `floor` its
    longest word (a count's whole text: counts never wrap). `cells` holds the
    word widths of each line of a sample of its cells, header included."""

    natural: int
    floor: int
    numeric: bool
    cells: tuple[tuple[tuple[int, ...], ...], ...]

    def height(self, width: int) -> int:
        """How many lines the sampled cells take, wrapped at spaces to `width`."""
        return sum(_wrapped_lines(cell, width) for cell in self.cells)


def _wrapped_lines(cell: tuple[tuple[int, ...], ...], width: int) -> int:
    """Lines of a cell wrapped as rich wraps: at spaces, a word wider than the
    column folded over as many lines as it needs."""
    total = 0
    for words in cell:
        lines, used = 1, 0
        for word in words:
            wanted = word if used == 0 else used + 1 + word
            if wanted <= width:
                used = wanted
                continue
            folds = (word - 1) // width
            lines += folds + (1 if used else 0)
            used = word - folds * width
        total += lines
    return total


# A word, a figure with its sign (`≤ 50,000`, `(> 260,000)`), or a number
# written with spaces between its groups (`50 000`, `(260 000,`): the unit a
# line never breaks inside.
_UNIT = re.compile(r"\S*[<>≤≥] \S*\d\S*|\S*\d(?:[ \u00a0\u202f]\d{3}(?!\d))+\S*|\S+")


def _words(line: str) -> list[str]:
    return _UNIT.findall(line)


def _measure(cells: Sequence[Text], numeric: bool) -> _Column:
    lines = [line for c in cells for line in c.plain.split("\n")]
    natural = max(map(cell_len, lines), default=1)
    floor = natural if numeric else max((cell_len(word) for line in lines for word in _words(line)), default=1)
    step = max(1, len(cells) // _SAMPLE_ROWS)
    sample = tuple(
        tuple(tuple(cell_len(word) for word in _words(line)) for line in c.plain.split("\n")) for c in cells[::step]
    )
    return _Column(natural, floor, numeric, sample)


def fit_widths(columns: Sequence[_Column], room: int) -> list[int] | None:
    """Content widths for the columns in `room` cells, or None when every
    column can have its natural width.

    Each text column starts at its longest word, so words break only when
    even that cannot fit (then the longest words give way first). The room
    left goes, step by step, to the column where it saves the most wrapped
    lines per cell of width: a nearly empty column does not take the width
    that a column full of text needs."""
    if sum(c.natural for c in columns) <= room:
        return None
    widths = [c.floor for c in columns]
    text = [i for i, c in enumerate(columns) if not c.numeric]
    while sum(widths) > room and text:
        widest = max(text, key=lambda i: widths[i])
        if widths[widest] <= 1:
            break
        widths[widest] -= 1
    spare = room - sum(widths)
    heights = [c.height(w) for c, w in zip(columns, widths, strict=True)]
    while spare > 0:
        best: tuple[float, int, int, int] | None = None
        for index in text:
            column, now = columns[index], widths[index]
            for extra in range(1, min(spare, column.natural - now) + 1):
                height = column.height(now + extra)
                if height < heights[index]:  # the narrowest widening that saves a line
                    saved = (heights[index] - height) / extra
                    if best is None or saved > best[0]:
                        best = (saved, index, extra, height)
                    break
        if best is None:
            break
        _, index, extra, heights[index] = best
        widths[index] += extra
        spare -= extra
    return widths


def _layout(columns: Sequence[_Column], width: int) -> tuple[list[int] | None, int]:
    """Widths and the gap between columns: two spaces, or one when that keeps
    every word whole and two would not."""
    between = len(columns) - 1
    for gap in (2, 1):
        if sum(c.floor for c in columns) <= width - gap * between:
            return fit_widths(columns, width - gap * between), gap
    return fit_widths(columns, width - 2 * between), 2


# Where a word wider than its column may break: after a path's `.`, `]`,
# `/` or `-`, before its `[` (`partners[naver-cloud].gpus`).
_SOFT = re.compile(r"(?<=[.\]/-])(?=[^.\]/-])|(?=\[)")


def _pieces(word: str, width: int) -> list[tuple[int, int]]:
    """A word's spans: itself when it fits, else its pieces between soft breaks."""
    if cell_len(word) <= width:
        return [(0, len(word))]
    cuts = [0, *(m.start() for m in _SOFT.finditer(word) if 0 < m.start() < len(word)), len(word)]
    return list(pairwise(cuts))


def _widest_piece(line: str, width: int) -> int:
    """The widest unit `wrapped` would put on a line of `width` cells."""
    pieces = (word[start:end] for word in _words(line) for start, end in _pieces(word, width))
    return max(map(cell_len, pieces), default=0)


def wrapped(text: Text, width: int) -> Text:
    """The cell broken into lines of at most `width` cells between words, never
    inside a number's groups (rich would break `50 000` at its space); a word
    wider than the column breaks where a path does (`partners[naver-` /
    `cloud].gpus`), and a piece still wider stays whole for rich to fold."""
    keep: list[tuple[int, int]] = []  # the spans of each line's words
    offset = 0
    for line in text.plain.split("\n"):
        used, first, last_end = 0, offset, offset
        for match in _UNIT.finditer(line):
            for index, (start, end) in enumerate(_pieces(match.group(), width)):
                size, gap = cell_len(match.group()[start:end]), 0 if index else 1
                at = offset + match.start() + start
                if used and used + gap + size > width:
                    keep.append((first, last_end))
                    first, used = at, 0
                used = size if not used else used + gap + size
                last_end = offset + match.start() + end
        keep.append((first, last_end if used else first))
        offset += len(line) + 1
    if len(keep) == text.plain.count("\n") + 1:
        return text  # nothing to break
    return Text("\n").join(text[start:end] for start, end in keep)


def _stacked(
    rows: Sequence[Record], columns: Sequence[str], headers: Sequence[str], width: int, cell: CellMaker
) -> RenderableType:
    """The records as blocks of `label  value` lines (`stacked`)."""
    labels = [header.replace("\n", " ") for header in headers]
    return stacked([list(zip(labels, (cell(row, name) for name in columns), strict=True)) for row in rows], width)


def stacked(blocks: Sequence[Sequence[tuple[str, Text]]], width: int) -> RenderableType:
    """One block a record, `label  value` a line (the label alone above its value
    where both cannot share a line), a blank line between blocks: below the
    width a table needs, names and numbers are still shown whole. Empty values
    are left out, as the table's empty cells."""
    from rich.padding import Padding

    labels = [label for block in blocks for label, _ in block]
    side = max(map(cell_len, labels), default=0) + 2
    longest = max((cell_len(word) for b in blocks for _, v in b for word in _words(v.plain)), default=1)
    beside = width - side >= max(16, width // 2, longest)  # else each label above its value
    out: list[RenderableType] = []
    for index, rows in enumerate(blocks):
        lines: list[RenderableType] = []
        block = Table(show_header=False, box=None, padding=(0, 0), expand=False, pad_edge=False)
        block.add_column(style="bold", width=side, no_wrap=True)
        block.add_column(overflow="fold", width=width - side)
        for label, value in rows:
            if not value.plain:
                continue  # nothing to show: the table's empty cell, not a line of its own
            if beside:
                block.add_row(label, wrapped(value, width - side))
            else:  # indented under its label, unless that would split its longest word
                indent = 2 if _widest_piece(value.plain, width - 2) <= width - 2 else 0
                lines += [
                    Text(label, style="bold", overflow="fold"),
                    Padding(wrapped(value, width - indent), (0, 0, 0, indent)),
                ]
        out.append(Group(block if beside else Group(*lines), *([Text("")] if index < len(blocks) - 1 else [])))
    return Group(*out)


def records_table(
    rows: Sequence[Record],
    columns: Sequence[str],
    title: str | None = None,
    caption: str | None = None,
    width: int | None = None,
    cell: CellMaker = _cell,
    stacked_columns: Sequence[str] | None = None,
) -> RenderableType:
    """A compact table, one row a record: no frame, a rule under the header,
    two spaces between columns (one when that saves a word from breaking).
    With a `width`, columns are sized by `fit_widths`; without, they keep their
    natural width (a pipe). Below the width its words need, the records are
    `stacked`, showing `stacked_columns` where a column means nothing without
    its header (the diff's mark becomes its kind in words)."""
    headers = [header_of(name) for name in columns]
    cells = [[cell(row, name) for name in columns] for row in rows]
    numeric = [name in _NUMERIC for name in columns]
    widths, gap = None, 2
    if width is not None:
        measured = [
            _measure([Text(header), *(row[i] for row in cells)], numeric[i]) for i, header in enumerate(headers)
        ]
        if sum(c.floor for c in measured) + len(measured) - 1 > width:  # even one space apart, a word breaks
            shown = stacked_columns or columns
            blocks = _stacked(rows, shown, [header_of(name) for name in shown], width, cell)
            return Group(Text(title, style="bold"), blocks) if title else blocks
        widths, gap = _layout(measured, width)
    table = Table(
        title=title,
        caption=caption,
        title_justify="left",
        caption_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=(0, gap - 1),
        expand=False,
    )
    for index, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if numeric[index] else "left",
            no_wrap=numeric[index],
            overflow="ellipsis" if numeric[index] else "fold",  # a count cut short shows it was cut
            width=widths[index] if widths else None,
        )
    for row in cells:
        table.add_row(*(wrapped(c, widths[i]) if widths and not numeric[i] else c for i, c in enumerate(row)))
    return table


def record_table(record: Record, fields: Sequence[str], caption: str | None = None) -> Table:
    """One record as field/value rows (`gpudeal show`); counts read as in `partners`."""
    table = Table(
        show_header=False, box=None, padding=(0, 2, 0, 0), expand=False, caption=caption, caption_justify="left"
    )
    table.add_column(style="bold", overflow="fold")
    table.add_column(overflow="fold", min_width=16)  # in a narrow terminal the names fold, the values stay
    for name in fields:  # the implied share has its own rows: `gpus` is the stated count alone
        table.add_row(name, gpus_cell(record) if name == "gpus" else _cell(record, name))
    return table


def facts_table(title: str, rows: Sequence[tuple[str, Segments]], width: int | None = None) -> RenderableType:
    """A titled two-column block of the summary (and of `show`), with the notes
    its figures need. The title is a line of its own: as a table title, rich
    would pad it to the table's width. With a `width`, values wrap between
    words and never inside a number; below the width the longest words need,
    the rows are `stacked`."""
    labels = [Text(visible(label)) for label, _ in rows]  # labels can be names from the file
    values = [segments_text(value) for _, value in rows]
    note = notes(value for _, value in rows)  # under the table, wrapped at the terminal's width
    tail = [Text(note, style="dim")] if note else []
    label_width = value_width = None
    if width is not None:
        label, value = _measure(labels, False), _measure(values, False)
        if _FRAME + label.floor + value.floor > width:
            stacked_rows = stacked([list(zip((t.plain for t in labels), values, strict=True))], width)
            return Group(Text(visible(title), style="bold"), stacked_rows, *tail)
        if _FRAME + label.natural + value.natural > width:
            label_width = label.natural if _FRAME + label.natural + value.floor <= width else label.floor
            value_width = width - _FRAME - label_width
    table = Table(show_header=False, expand=False)
    table.add_column(style="bold", width=label_width)
    table.add_column(overflow="fold", width=value_width)
    for label_text, value_text in zip(labels, values, strict=True):
        if label_width is not None and value_width is not None:
            label_text, value_text = wrapped(label_text, label_width), wrapped(value_text, value_width)
        table.add_row(label_text, value_text)
    return Group(Text(visible(title), style="bold"), table, *tail)


_FRAME = 7  # a framed two-column table's borders and padding: `│ ` + ` │ ` + ` │`
