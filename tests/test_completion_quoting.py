"""Completion survives odd names, in the real shells: bash, zsh and fish run
the script `--show-completion` gives them (zsh's `compadd` and `compdef`
stand-ins print what they are handed; fish completes for real with
`complete -C`). Names with markup, spaces, quotes, `$`, backticks and
newlines arrive whole, never parsed as rich markup, never run, and never a
traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gpu_cli.completion import bash_quoted, zsh_quoted
from tests.conftest import SHIPPED, clean_env

ODD = 'Kakao Corp [/] $HOME `touch pwned` "q" \'s [beta]'


@pytest.fixture
def odd_facts(tmp_path: Path) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert "    name: Kakao\n" in text
    escaped = ODD.replace("\\", "\\\\").replace('"', '\\"')
    path = tmp_path / "odd.yaml"
    path.write_text(text.replace("    name: Kakao\n", f'    name: "{escaped}"\n'), encoding="utf-8")
    return path


def shell(name: str, script: str, gpudeal_bin: str, facts: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is required by the completion tests: apt-get install {name} (.ci/run does it)")
    env = clean_env(GPUDEAL_FACTS=str(facts), PATH=f"{Path(gpudeal_bin).parent}{os.pathsep}{os.environ['PATH']}")
    flags = {"bash": ["--norc", "--noprofile"], "zsh": ["-f"], "fish": ["--no-config"]}[name]
    return subprocess.run([found, *flags, "-c", script], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_zsh_gets_the_exact_name(gpudeal_bin: str, odd_facts: Path, tmp_path: Path) -> None:
    script = """
compdef() { :; }
compadd() { print -rl -- "${_gpudeal_values[@]}" -- "${_gpudeal_shown[@]}"; }
eval "$(gpudeal --show-completion zsh)"
words=(gpudeal show k); CURRENT=3
_gpudeal_completion
"""
    result = shell("zsh", script, gpudeal_bin, odd_facts, tmp_path)
    assert result.stderr == "" and result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["kakao", "--", f"kakao  -- {ODD}"]
    assert not (tmp_path / "pwned").exists()


def test_fish_gets_the_exact_name(gpudeal_bin: str, odd_facts: Path, tmp_path: Path) -> None:
    script = 'gpudeal --show-completion fish | source; complete -C "gpudeal show k"'
    result = shell("fish", script, gpudeal_bin, odd_facts, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"kakao\t{ODD}"]
    assert "Traceback" not in result.stderr and not (tmp_path / "pwned").exists()


def test_bash_gets_values_quoted_for_insertion(gpudeal_bin: str, odd_facts: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file,name").write_text("", encoding="utf-8")  # what an unquoted * would glob to
    script = """
source <(gpudeal --show-completion bash)
complete_for() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _gpudeal_completion gpudeal; printf '%s\\n' "${COMPREPLY[@]}"; }
complete_for gpudeal show k
complete_for gpudeal partners --fields '$x,nam'
complete_for gpudeal partners --fields '*,nam'
"""
    result = shell("bash", script, gpudeal_bin, odd_facts, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["kakao", "\\$x,name", "\\*,name"]
    # What bash would insert reads back as the value itself.
    echoed = subprocess.run(
        ["bash", "--norc", "-c", "printf '%s\\n' \\$x,name \\*,name"], capture_output=True, text=True
    )
    assert echoed.stdout.splitlines() == ["$x,name", "*,name"]


def test_bash_inside_an_open_quote_gets_the_value_as_that_quote_reads_it(gpudeal_bin: str, tmp_path: Path) -> None:
    """Readline inserts the reply after the quote the word opened and closes
    it: a backslash there would become part of the value."""
    script = """
source <(gpudeal --show-completion bash)
complete_for() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _gpudeal_completion gpudeal; printf '%s\\n' "${COMPREPLY[@]}"; }
complete_for gpudeal corroborate "'ranking[U"
complete_for gpudeal corroborate '"ranking[U'
complete_for gpudeal corroborate 'ranking[U'
"""
    result = shell("bash", script, gpudeal_bin, SHIPPED, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ranking[United States].gpus",
        "ranking[United States].gpus",
        "ranking\\[United\\ States\\].gpus",
    ]
    assert bash_quoted("it's", "'") == "it'\\''s" and bash_quoted('say "$x"', '"') == 'say \\"\\$x\\"'


@pytest.mark.parametrize(
    "value", ["plain", "a b", "it's", 'say "hi"', "$HOME", "`id`", "line\nbreak", "tab\there", "é漢字", "*"]
)
def test_each_quoting_reads_back_in_its_shell(value: str) -> None:
    for name, quoted in (("bash", bash_quoted(value)), ("zsh", zsh_quoted(value))):
        found = shutil.which(name)
        assert found, name
        result = subprocess.run(
            [found, "-c", f"printf '%s' {quoted}"], capture_output=True, text=True, env=clean_env(LANG="C.UTF-8")
        )
        assert result.stdout == value, (name, quoted, result.stdout)


def test_a_broken_completion_is_never_a_traceback(gpudeal_bin: str, tmp_path: Path) -> None:
    env = clean_env(_GPUDEAL_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="gpudeal show 'unclosed")
    result = subprocess.run([gpudeal_bin], capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in result.stderr and "╭" not in result.stderr
    assert result.stderr.count("\n") <= 1
