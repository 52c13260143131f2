"""The process around a command: its streams, whether stdout is a terminal, the
environment variables that steer output. One object, so tests can swap it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO


@dataclass
class Environment:
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    stdin: IO[str] | None = field(default_factory=lambda: sys.stdin)  # None when closed
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    stdout_isatty: bool | None = None
    color_choice: str = "auto"  # auto | always | never (--color)

    def __post_init__(self) -> None:
        if self.stdout_isatty is None:
            isatty = getattr(self.stdout, "isatty", None)
            self.stdout_isatty = bool(isatty and isatty())

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
    def width(self) -> int | None:
        """$COLUMNS, else the terminal's width; None in a pipe: tables keep their
        natural width there instead of a guessed 80 columns."""
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        if self.stdout_isatty:
            return shutil.get_terminal_size().columns
        return None

    @property
    def debug(self) -> bool:
        return self.environ.get("GPUDEAL_DEBUG", "") not in ("", "0")
