"""Shell completion: partner ids from the facts in use, each command its own fields, the printed scripts, malformed requests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, Run, clean_env


def test_completion_offers_partner_ids_from_the_facts_in_use(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    assert complete(gpudeal, "bash", "gpudeal show s").split() == ["samsung", "sk-group"]
    renamed = (
        TEXT.replace("id: samsung\n", "id: samsung-electronics\n")
        .replace(" samsung,", " samsung-electronics,")
        .replace("partners[samsung]", "partners[samsung-electronics]")
    )
    mine = write_facts(renamed)  # the collaborators list names the id too
    assert complete(gpudeal, "bash", "gpudeal show sa", GPUDEAL_FACTS=str(mine)).split() == ["samsung-electronics"]
    # the root's --facts, and the command's, choose the facts completed from
    assert complete(gpudeal, "bash", f"gpudeal --facts {mine} show sa").split() == ["samsung-electronics"]
    assert complete(gpudeal, "bash", f"gpudeal show --facts {mine} sa").split() == ["samsung-electronics"]
    assert complete(gpudeal, "fish", "gpudeal show n").split("\n")[:2] == [
        "naver-cloud\tNaver Cloud",
        "nhn-cloud\tNHN Cloud",
    ]


def test_completion_offers_field_names(gpudeal: Run) -> None:
    assert complete(gpudeal, "bash", "gpudeal rank --sort c").split() == ["country"]
    zsh = complete(gpudeal, "zsh", "gpudeal partners --fields name,gpus_i")
    from gpu_cli.completion import zsh_quoted  # each value quoted for zsh's eval (tests/test_completion_quoting.py)

    assert zsh_quoted("name,gpus_implied") in zsh and zsh_quoted("name,gpus_implied_basis") in zsh
    assert zsh_quoted("name,name") not in zsh


def test_show_completion_prints_the_named_shell_not_the_detected_one(gpudeal: Run) -> None:
    result = gpudeal("--show-completion", "zsh", env=clean_env(SHELL="/bin/bash"))  # run from bash
    assert result.returncode == 0 and result.stdout.startswith("#compdef gpudeal")


def test_bash_completes_through_the_printed_script(gpudeal_bin: str, tmp_path: Path) -> None:
    """A real bash sources `--show-completion bash` and completes `gpudeal show n`."""
    script = """
        source <(gpudeal --show-completion bash)
        COMP_WORDS=(gpudeal show n); COMP_CWORD=2
        _gpudeal_completion gpudeal
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    path = f"{Path(gpudeal_bin).parent}:{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "--norc", "-c", script], capture_output=True, text=True, env=clean_env(PATH=path), cwd=tmp_path
    )
    assert result.stdout.split() == ["naver-cloud", "nhn-cloud"], result.stderr


@pytest.mark.parametrize("words", [None, "gpudeal pa"])
def test_a_malformed_completion_request_is_one_line(gpudeal: Run, words: str | None) -> None:
    """A shell (or a person) calling the completion hook without its variables,
    or with a cursor that is not a number, gets a line, not a traceback."""
    env = {"_GPUDEAL_COMPLETE": "complete_bash"} | ({"COMP_WORDS": words, "COMP_CWORD": "abc"} if words else {})
    result = gpudeal(env=clean_env(**env))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("gpudeal: cannot complete: the shell's completion request is malformed")


TEXT = SHIPPED.read_text(encoding="utf-8")


def complete(gpudeal: Run, shell: str, words: str, **env: str) -> str:
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = gpudeal(env=clean_env(_GPUDEAL_COMPLETE=f"complete_{shell}", **env))
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "words, first",
    [
        (("gpudeal", "partners", "--fields", ""), ["id", "name", "kind", "gpus"]),
        (("gpudeal", "rank", "--sort", ""), ["rank", "country", "gpus"]),
        (("gpudeal", "check", "--fields", ""), ["id", "rule", "verdict", "arithmetic", "detail"]),
        (("gpudeal", "verify", "a.txt", "--fields", ""), ["fact", "line", "excerpt"]),
        (("gpudeal", "diff", "a", "b", "--fields", ""), ["path", "kind", "old", "new"]),
    ],
)
def test_field_completion_offers_the_commands_own_fields(
    gpudeal: Run, words: tuple[str, ...], first: list[str]
) -> None:
    offered = complete(gpudeal, "bash", " ".join(words)).split()
    assert offered[: len(first)] == first
    if words[1] in ("verify", "diff"):
        assert "gpus" not in offered  # partner fields, which these commands refuse
