"""Help at any width a terminal can report, without padding in a pipe, and
listing only what each command accepts; bare `gpudeal` shows the help."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Run, clean_env, run_on_tty

COMMANDS = ("partners", "rank", "show", "summary", "check", "verify", "diff", "schema")


@pytest.mark.parametrize("columns", ["0", "abc", "-5", ""])
def test_a_width_that_is_none_is_ignored(gpudeal: Run, columns: str) -> None:
    result = gpudeal("--help", env=clean_env(COLUMNS=columns))
    assert result.returncode == 0
    assert "Usage: gpudeal [OPTIONS] COMMAND [ARGS]..." in result.stdout
    assert len(result.stdout.splitlines()) > 20


@pytest.mark.parametrize("columns", ["1", "10", "20", "39"])
def test_narrow_help_is_drawn_at_forty_columns(gpudeal: Run, columns: str) -> None:
    result = gpudeal("partners", "--help", env=clean_env(COLUMNS=columns))
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and max(map(len, lines)) <= 40
    assert any("--format" in line for line in lines) and any("Examples" in line for line in lines)


def test_help_on_a_twenty_column_terminal(gpudeal_bin: str) -> None:
    raw = run_on_tty(gpudeal_bin, "--help", env=clean_env(NO_COLOR="1"), columns=20).decode("utf-8")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", raw).replace("\r\n", "\n")
    assert "Usage: gpudeal" in shown and "partners" in shown
    assert max(map(len, shown.splitlines())) <= 40  # drawn at 40; the terminal wraps what is wider


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_piped_help_has_no_trailing_spaces(gpudeal_process: Run, command: str) -> None:
    """The installed command into a real pipe (the trimming is the stdout Sink's)."""
    result = gpudeal_process(*filter(None, [command]), "--help")
    assert result.returncode == 0
    assert [line for line in result.stdout.splitlines() if line.endswith(" ")] == []


def test_help_lists_what_the_command_accepts(gpudeal: Run) -> None:
    summary = gpudeal("summary", "--help").stdout
    assert "csv" not in summary and "tsv" not in summary and "markdown" in summary
    assert gpudeal("summary", "-f", "tsv").returncode == 2
    show = gpudeal("show", "--help").stdout
    assert "table or chart" not in show
    for command in COMMANDS:
        text = gpudeal(command, "--help").stdout
        assert "<str>" not in text and "<bool>" not in text, command
        assert "Examples" in text, command


def test_bare_gpudeal_shows_the_help(gpudeal: Run) -> None:
    result = gpudeal()
    assert (result.returncode, result.stderr) == (0, "")
    assert "Usage: gpudeal [OPTIONS] COMMAND [ARGS]..." in result.stdout and "partners" in result.stdout
