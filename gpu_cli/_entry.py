"""The console script's first code: a Ctrl-C that lands while the CLI is still
importing exits 130 quietly, like one that lands later.

Python's cyclic garbage collector is off for the whole run: gpudeal is a
short-lived process whose data holds no reference cycles (reference counting
frees it), and the collector's passes over the objects that importing Typer
and pydantic leaves behind cost about 6% of every start-up."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    gc.disable()
    try:
        from gpu_cli.cli import main as run

        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
