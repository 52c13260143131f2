"""Help that reads right: examples in every command, the environment and exit codes, at 80 and 60 columns, --version."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from gpu_cli import __version__
from tests.conftest import Run, clean_env, invoke, run_in_process


def test_help_reads_right_at_80_and_60_columns(gpudeal: Run) -> None:
    wide = gpudeal("partners", "--help", env=clean_env(COLUMNS="80")).stdout
    assert "<bool>" not in wide and "government, conglomerate or cloud" in " ".join(w for w in wide.split() if w != "│")
    for word in ("government", "conglomerate", "cloud", "markdown", "jsonl"):  # no choice broken mid-word
        assert re.search(rf"\b{word}\b", wide), word
    narrow = gpudeal("show", "--help", env=clean_env(COLUMNS="60")).stdout
    assert "Usage: gpudeal show PARTNER [OPTIONS]" in narrow
    assert all(cell_len(line) <= 60 for line in narrow.split("\n"))


@pytest.mark.parametrize("command", ["", "partners", "rank", "show", "summary", "check", "verify", "schema"])
def test_every_example_is_whole_on_one_line_at_60_columns(command: str) -> None:
    """In-process through the real main: the same help the console script prints."""
    from gpu_cli.cli import root

    args = [command, "--help"] if command else ["--help"]
    shown = run_in_process(args, clean_env(COLUMNS="60")).stdout
    function = root if not command else getattr(__import__(f"gpu_cli.commands.{command}", fromlist=["_"]), command)
    examples = [line.strip() for line in function.__doc__.split("Examples")[1].splitlines() if "gpudeal" in line]
    assert examples
    for example in examples:
        assert any(line.strip() == example for line in shown.split("\n")), example


def test_version() -> None:
    result = invoke("--version")
    assert result.stdout.strip() == f"gpudeal {__version__}"


@pytest.mark.parametrize("command", ["partners", "rank", "show", "summary", "check", "schema"])
def test_help_has_examples(command: str) -> None:
    result = invoke(command, "--help")
    assert result.returncode == 0
    assert "Examples" in result.stdout and f"gpudeal {command}" in result.stdout


def test_root_help_lists_environment_and_exit_codes() -> None:
    out = invoke("--help").stdout
    assert "NO_COLOR" in out and "GPUDEAL_FACTS" in out and "Exit codes" in out
