"""Help that reads right: examples in every command, the environment and exit codes, at 80 and 60 columns, --version."""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path

import pytest
from rich.cells import cell_len

from gpu_cli import __version__
from gpu_cli.cli import COMMANDS
from tests.conftest import Run, clean_env, invoke, needs_article, run_in_process


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
    assert result.stdout.splitlines()[0] == f"gpudeal {__version__}"  # then the facts in use (issue 20)


@pytest.mark.parametrize("command", ["partners", "rank", "show", "summary", "check", "schema"])
def test_help_has_examples(command: str) -> None:
    result = invoke(command, "--help")
    assert result.returncode == 0
    assert "Examples" in result.stdout and f"gpudeal {command}" in result.stdout


def test_root_help_lists_environment_and_exit_codes() -> None:
    out = invoke("--help").stdout
    assert "NO_COLOR" in out and "GPUDEAL_FACTS" in out and "Exit codes" in out


ANSWERING = {"check", "verify", "diff"}  # exit 1 is their answer "no"; every other command must exit 0
SHELL = {"|", "||", "&&", ";", ">", "<"}


def help_examples(command: str) -> list[str]:
    """The example lines of a command's help as a user reads them (rendered, so
    markup eaten by rich shows: `partners[sk-group]` once printed as `partners`)."""
    args = [command, "--help"] if command else ["--help"]
    shown = run_in_process(args, clean_env(COLUMNS="200")).stdout.split("\n")
    start = next(i for i, line in enumerate(shown) if line.strip() == "Examples")
    examples = []
    for line in shown[start + 1 :]:
        if examples and not line.strip():
            break
        if line.strip():
            examples.append(line.strip())
    return examples


def example_folder(folder: Path) -> None:
    """The files the examples name, as a user would have them beside the command."""
    import json
    import shutil

    import yaml

    from gpu_cli import strict_yaml
    from tests.conftest import ARTICLE, SHIPPED

    text = SHIPPED.read_text(encoding="utf-8")
    corrected = text.replace("gpus: 60000", "gpus: 65000")
    for name, content in {"facts.yaml": text, "mine.yaml": text, "old.yaml": text, "corrected.yaml": corrected}.items():
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "new.json").write_text(json.dumps(strict_yaml.load(corrected)[0]), encoding="utf-8")
    shutil.copy(ARTICLE, folder / "article.txt")
    article = ARTICLE.read_text(encoding="utf-8")
    latin = article.translate(
        {0x2019: "'", 0x202F: " ", 0x2026: "...", 0x2013: "-", 0x2014: "-", 0x201C: '"', 0x201D: '"'}
    )
    (folder / "old.txt").write_bytes(latin.encode("latin-1", errors="replace"))
    yonhap = [r["excerpt"] for r in yaml.safe_load(text)["reports"] if r["source"] == "yonhap"]
    (folder / "yonhap.txt").write_text(". ".join(yonhap) + ".\n", encoding="utf-8")


@needs_article
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_example_runs(command: str, gpudeal: Run, gpudeal_bin: str, tmp_path: Path) -> None:
    """Each example of each command's help, in order in one folder (export's
    --replace follows its first export): a plain one in-process, one with a
    pipe or a redirection in bash with the installed gpudeal on PATH. A
    server (datasette) is asked one page and stops."""
    import shlex
    import subprocess

    example_folder(tmp_path)
    examples = help_examples(command)
    assert examples
    for example in examples:
        words = shlex.split(example)
        asked = (
            next(w for w in words[words.index("gpudeal") + 1 :] if not w.startswith("-")) if "gpudeal" in words else ""
        )
        allowed = {0, 1} if asked in ANSWERING else {0}
        if words[0] == "gpudeal" and not SHELL & set(words):
            result = gpudeal(*words[1:])
        else:
            line = example + (" --get /-/metadata.json" if words[0] == "datasette" else "")
            path = f"{Path(gpudeal_bin).parent}{os.pathsep}{os.environ['PATH']}"
            result = subprocess.run(
                ["bash", "-o", "pipefail", "-c", line],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                env=clean_env(PATH=path),
                timeout=60,
            )
        assert result.returncode in allowed, (example, result.stdout[-500:], result.stderr)
        assert "Traceback" not in result.stderr, (example, result.stderr)
        assert result.returncode == 0 or result.stdout, (example, "exit 1 with no answer on stdout")


def command_rows(width: int) -> dict[str, list[str]]:
    """The Commands panel of the root help: each command's summary, line by line,
    with how wide its column is."""
    shown = run_in_process(["--help"], clean_env(COLUMNS=str(width))).stdout.split("\n")
    start = next(i for i, line in enumerate(shown) if "Commands" in line and line.startswith("╭"))
    rows: dict[str, list[str]] = {}
    for line in shown[start + 1 :]:
        if line.startswith("╰"):
            break
        inner = line[2:-1]  # `│ ` … `│`
        name, text = inner[:13].strip(), inner[13:].rstrip()
        if name:
            rows[name] = []
        rows[list(rows)[-1]].append(text)
    return rows


@pytest.mark.parametrize("width", [40, 200])
def test_each_command_summary_in_the_root_help_is_one_unbroken_text(width: int) -> None:
    """Typer shows a command's first paragraph as its summary, line breaks and
    all: show, report and export once broke theirs after "who says" and "so,"."""
    from importlib import import_module

    rows = command_rows(width)
    assert list(rows) == list(COMMANDS)
    column = max(len(text) for lines in rows.values() for text in lines)
    for name, lines in rows.items():
        doc = getattr(import_module(f"gpu_cli.commands.{name}"), name).__doc__
        summary = doc.split("\n\n")[0]
        assert "\n" not in summary.strip(), name
        assert " ".join(lines) == summary.strip(), name
        # each line wrapped only where the next word did not fit
        for line, after in pairwise(lines):
            assert len(line) + 1 + len(after.split()[0]) > column, (name, line, after)
        if width == 200:
            assert len(lines) == 1, (name, lines)
