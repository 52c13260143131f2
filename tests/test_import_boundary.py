"""What each path imports, read from the installed command's own import log
(PYTHONPROFILEIMPORTTIME). A guard on structure, not a timing: timings belong
to benchmarks/bench.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import Run, clean_env


def imported(gpudeal_process: Run, *args: str, **env: str) -> set[str]:
    result = gpudeal_process(*args, env=clean_env(PYTHONPROFILEIMPORTTIME="1", **env))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "no import log: PYTHONPROFILEIMPORTTIME was not honoured"
    return {line.rsplit("|", 1)[1].strip() for line in lines}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "csv", "tsv", "markdown"])
def test_machine_formats_never_import_rich(gpudeal_process: Run, fmt: str) -> None:
    modules = imported(gpudeal_process, "partners", "--format", fmt)
    assert "gpu_cli.models" in modules  # the facts were really loaded
    assert not {m for m in modules if m.startswith(("rich", "babel"))}  # Babel only where money is shown


@pytest.mark.parametrize("args", [("--help",), ("show", "--help")])
def test_help_does_not_parse_yaml_or_build_models(gpudeal_process: Run, args: tuple[str, ...]) -> None:
    modules = imported(gpudeal_process, *args)
    assert "yaml" not in modules and "gpu_cli.models" not in modules


def test_completion_loads_nothing_of_ours_beyond_the_cli(gpudeal_process: Run) -> None:
    modules = imported(gpudeal_process, _GPUDEAL_COMPLETE="complete_bash", COMP_WORDS="gpudeal pa", COMP_CWORD="1")
    assert "gpu_cli.cli" in modules
    assert not {"yaml", "gpu_cli.models", "gpu_cli.loader", "rich.table"} & modules


def test_completion_answers(gpudeal: Run) -> None:
    result = gpudeal(env=clean_env(_GPUDEAL_COMPLETE="complete_bash", COMP_WORDS="gpudeal pa", COMP_CWORD="1"))
    assert result.stdout.split() == ["partners"]


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["partners", "--json"], "partners"),
        (["--facts", "f.yaml", "--color", "never", "rank"], "rank"),
        (["--facts=f.yaml", "show", "samsung"], "show"),
        (["--help"], None),
        (["--version"], None),
        ([], None),
        (["partner"], None),  # a typo: the whole app, for its did-you-mean
        (["--show-completion", "bash"], None),
    ],
)
def test_a_run_that_names_its_command_builds_that_one_alone(args: list[str], built: str | None) -> None:
    """Typer builds the options of every registered command at start-up; a run
    builds the one it names, and anything that lists or suggests commands gets all."""
    from gpu_cli.cli import COMMANDS, _invoked, build_app

    assert _invoked(args) == built
    names = [info.name or info.callback.__name__ for info in build_app(built).registered_commands]  # type: ignore[union-attr]
    assert names == ([built] if built else list(COMMANDS))


def test_the_yaml_reader_needs_neither_the_models_nor_their_messages() -> None:
    """No import cycle: the reader's own messages (carets) sit below it; diagnostics above."""
    script = "import sys, gpu_cli.strict_yaml; print(sorted(m for m in sys.modules if m.startswith('gpu_cli')))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "gpu_cli.carets" in loaded and "gpu_cli.diagnostics" not in loaded and "gpu_cli.models" not in loaded


@pytest.mark.parametrize("args", [("partners", "--json"), ("rank",), ("check", "--json")])
def test_a_run_imports_no_other_command_and_no_strict_reader(gpudeal_process: Run, args: tuple[str, ...]) -> None:
    """A named command's module alone (cli imports it only to build it), and the
    shipped facts read with neither strict reader nor the quick JSON one."""
    modules = imported(gpudeal_process, *args)
    assert "gpu_cli.models" in modules
    assert not {m for m in modules if m.startswith("gpu_cli.commands.")} - {
        "gpu_cli.commands.options",
        "gpu_cli.commands.session",
    }
    assert not {"yaml", "gpu_cli.strict_yaml", "gpu_cli.strict_json", "gpu_cli.fast_json"} & modules


@pytest.mark.parametrize("args", [("partners", "--chart"), ("partners",), ("rank", "--json")])
def test_only_pictures_pages_and_databases_import_their_libraries(gpudeal_process: Run, args: tuple[str, ...]) -> None:
    modules = imported(gpudeal_process, *args)
    assert not {m for m in modules if m.split(".")[0] in ("matplotlib", "jinja2", "sqlite_utils", "PIL")}
