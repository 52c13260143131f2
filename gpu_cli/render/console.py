"""The one place a rich Console is made: colour, width and markup settings come
from the Environment, never from rich's own guesses."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from gpu_cli.environment import Environment
from gpu_cli.errors import OutputError, UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

NATURAL_WIDTH = 100_000  # in a pipe: as wide as the content, never cut to 80 columns
EXPORT_WIDTH = 160  # an export without COLUMNS: its natural width, at most this (an SVG about 2,000 px wide)
EXPORT_SUFFIXES = (".svg", ".html", ".txt")


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


def to_text(env: Environment, *renderables: RenderableType, export: str | None = None) -> str:
    """Render fully into a string (printed in one write); optionally draw it for
    an export file as well, at the export's own width."""
    if export is not None:
        check_export_path(export)
        write_export(_drawn(env, renderables, export_width(env, renderables), record=True), Path(export))
    text: str = _drawn(env, renderables).file.getvalue()  # type: ignore[attr-defined]
    if env.width is None:
        # Rich pads each line to the console width; in a pipe that is noise.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


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


def check_export_path(path: str) -> None:
    if Path(path).suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"--export needs a file ending in {', '.join(EXPORT_SUFFIXES)}, got {path!r}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_export(console: Console, path: Path) -> None:
    """Atomic: a temporary file in the same folder, renamed over the target only
    once it is complete, so a failure leaves any previous file intact."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        content = console.export_svg(title="gpudeal", clear=False)
    elif suffix == ".html":
        content = console.export_html(clear=False)
    else:
        content = console.export_text(clear=False)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(temp, path)
    except OSError as error:
        os.unlink(temp)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
