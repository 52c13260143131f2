"""The process around a command: its streams, whether stdout is a terminal, the
environment variables that steer output. One object, so tests can swap it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, MutableMapping
from typing import IO

MAX_COLUMNS = 1000  # no terminal is wider; `COLUMNS=100000000` must not build lines of 100 million cells


def columns_from(environ: Mapping[str, str]) -> int | None:
    """$COLUMNS as a width, at most MAX_COLUMNS; None when unset, empty or not a positive number."""
    value = environ.get("COLUMNS", "").strip()
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
    if not digits:
        return None
    return MAX_COLUMNS if len(digits) > 4 else min(int(digits), MAX_COLUMNS)


def clamp_columns(environ: MutableMapping[str, str]) -> None:
    """Write the clamped width back, for the libraries that read COLUMNS on their own
    (Typer's and rich's help, click's usage)."""
    width = columns_from(environ)
    if width is not None and environ["COLUMNS"] != str(width):
        environ["COLUMNS"] = str(width)


class Environment:
    """Streams (default: the process's; stdin read by the loader through `sys`), the environment variables, whether
    stdout is a terminal (asked of the stream when not given) and --color.
    A plain class: a dataclass costs every start-up half a millisecond."""

    def __init__(
        self,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        environ: Mapping[str, str] | None = None,
        stdout_isatty: bool | None = None,
        color_choice: str = "auto",  # auto | always | never (--color)
        stdin: IO[str] | None = None,
    ) -> None:
        self.stdin: IO[str] = stdin if stdin is not None else sys.stdin
        self.stdout: IO[str] = stdout if stdout is not None else sys.stdout
        self.stderr: IO[str] = stderr if stderr is not None else sys.stderr
        self.environ: Mapping[str, str] = environ if environ is not None else os.environ
        if stdout_isatty is None:
            isatty = getattr(self.stdout, "isatty", None)
            stdout_isatty = bool(isatty and isatty())
        self.stdout_isatty: bool | None = stdout_isatty
        self.color_choice = color_choice

    @property
    def color(self) -> bool:
        """--color first; then NO_COLOR beats FORCE_COLOR; then: is stdout a terminal?"""
        if self.color_choice != "auto":
            return self.color_choice == "always"
        if self.environ.get("NO_COLOR"):
            return False
        if self.environ.get("FORCE_COLOR"):
            return True
        return bool(self.stdout_isatty) and self.environ.get("TERM") != "dumb"

    @property
    def columns(self) -> int | None:
        """$COLUMNS (clamped), the width the user asked for whatever stdout is."""
        return columns_from(self.environ)

    @property
    def width(self) -> int | None:
        """$COLUMNS, else the terminal's width; None in a pipe: tables keep their
        natural width there instead of a guessed 80 columns."""
        columns = self.columns
        if columns is not None:
            return columns
        if self.stdout_isatty:
            return min(shutil.get_terminal_size().columns, MAX_COLUMNS)
        return None

    @property
    def debug(self) -> bool:
        return self.environ.get("GPUDEAL_DEBUG", "") not in ("", "0")
