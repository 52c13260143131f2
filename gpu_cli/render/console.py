"""The one place a rich Console is made: colour, width and markup settings come
from the Environment, never from rich's own guesses."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from gpu_cli.environment import Environment

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

NATURAL_WIDTH = 100_000  # in a pipe: as wide as the content, never cut to 80 columns
EXPORT_WIDTH = 160  # an export without COLUMNS: its natural width, at most this (an SVG about 2,000 px wide)


def make_console(env: Environment, record: bool = False, width: int | None = None) -> Console:
    from rich.console import Console

    color = env.color
    return Console(
        file=io.StringIO(),
        width=width or env.width or NATURAL_WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        record=record,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        _environ={},  # rich must not re-read COLUMNS, NO_COLOR, FORCE_COLOR: Environment decided
    )


def to_text(
    env: Environment, *renderables: RenderableType, export: str | None = None, export_title: str = "gpudeal"
) -> str:
    """Render fully into a string (printed in one write); optionally draw it for
    an export file as well, at the export's own width, titled `export_title`."""
    if export is not None:
        drawn = _drawn(env, renderables, export_width(env, renderables), record=True)
        write_export(drawn, Path(export), export_title)
    text: str = _drawn(env, renderables).file.getvalue()  # type: ignore[attr-defined]
    return without_trailing_spaces(text)


_TRAILING_SPACES = re.compile(
    r"(?<! ) +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE
)  # (?<! ): each run of spaces tried once, not from each of its spaces


def without_trailing_spaces(text: str) -> str:
    """Rich pads cells and titles to the column or table width; at the end of
    a line that is noise for whoever copies, diffs or greps it. Colour codes
    after the padding stay."""
    return _TRAILING_SPACES.sub(r"\1", text)


def _drawn(
    env: Environment, renderables: tuple[RenderableType, ...], width: int | None = None, record: bool = False
) -> Console:
    console = make_console(env, record=record, width=width)
    for renderable in renderables:
        console.print(renderable)
    return console


def export_width(env: Environment, renderables: tuple[RenderableType, ...]) -> int:
    """COLUMNS when the user set it; else the content's natural width, at most
    EXPORT_WIDTH. Never the width of a pipe (100,000 columns) or of whatever
    terminal happened to run the command."""
    if env.columns is not None:
        return env.columns
    probe = make_console(env, width=NATURAL_WIDTH)
    natural = max((probe.measure(renderable).maximum for renderable in renderables), default=1)
    return max(1, min(natural, EXPORT_WIDTH))


# rich's page (its `code_format`) with what a page needs: a <title>, the language of its text, a
# viewport, and a <pre> that scrolls in its own box, so a 160-column table never widens the page.
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TITLE</title>
<style>
{stylesheet}
body {{
    margin: 1rem;
    color: {foreground};
    background-color: {background};
}}
pre {{
    margin: 0;
    overflow-x: auto;
    font-family: Menlo, 'DejaVu Sans Mono', consolas, 'Courier New', monospace;
}}
</style>
</head>
<body>
    <pre><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""


def _html_page(console: Console, title: str) -> str:
    escaped = html.escape(title).replace("{", "{{").replace("}", "}}")  # the page is a str.format template
    return console.export_html(clear=False, code_format=_HTML_PAGE.replace("TITLE", escaped, 1))


def write_export(console: Console, path: Path, title: str = "gpudeal") -> None:
    """The export in the format its suffix names, saved by `output.write_file`
    (atomic, through links, nothing left behind)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        content = console.export_svg(title=title, clear=False)
    elif suffix == ".html":
        content = _html_page(console, title)
    else:
        content = without_trailing_spaces(console.export_text(clear=False))
    from gpu_cli.output import save_export

    save_export(path, content)  # its outcome is said by the command, after stdout (pipeline)
