"""Which facts a run reads, in words, and the one note a user editing a
clone's facts.yaml needs: the installed copy is read, not theirs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gpu_cli import __version__
from gpu_cli.loader import ENV_VAR, SHIPPED, SHIPPED_JSON, STDIN

LOCAL = Path("facts.yaml")  # in the current folder, where a clone keeps its facts


def is_shipped(path: Path) -> bool:
    """The package's own facts (or, in a source checkout, the facts.yaml beside it)."""
    return path is not STDIN and path in (SHIPPED, SHIPPED_JSON, SHIPPED.parent.parent / "facts.yaml")


def describe(path: Path) -> str:
    """`shipped with gpudeal 0.1.0 (/…/gpu_cli/facts.json)`, `standard input`, or the path."""
    if path is STDIN:
        return "standard input"
    if is_shipped(path):
        return f"shipped with gpudeal {__version__} ({path})"
    return str(path) if path.exists() else f"{path} (no such file)"


def local_copy_note(path: Path, explicit: str | None, environ: Mapping[str, str]) -> str | None:
    """A note when ./facts.yaml exists, differs from the facts in use and
    nothing (--facts, $GPUDEAL_FACTS) chose them: an edit there would
    otherwise change nothing, silently."""
    if explicit or environ.get(ENV_VAR) or not is_shipped(path):
        return None
    try:
        if not LOCAL.is_file() or LOCAL.samefile(path):
            return None
        local = LOCAL.read_bytes()
        shipped = SHIPPED.read_bytes() if SHIPPED.is_file() else (SHIPPED.parent.parent / "facts.yaml").read_bytes()
    except OSError:
        return None
    if local.splitlines() == shipped.splitlines():  # a checkout with CRLF line ends is the same facts
        return None
    return (
        f"note: ./facts.yaml differs from the facts in use ({describe(path)}); "
        "read it with --facts facts.yaml or $GPUDEAL_FACTS"
    )
