"""The console script's first code: a Ctrl-C that lands while the CLI is still
importing exits 130 quietly, like one that lands later."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from gpu_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)
