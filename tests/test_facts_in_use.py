"""Which facts are in use is visible: `--version` and `summary` name them, and
a ./facts.yaml that differs from them (an edited clone) gets one note on
stderr when nothing chose the facts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SHIPPED, Run, clean_env


def test_version_and_summary_name_the_facts(gpudeal: Run, tmp_path: Path) -> None:
    version = gpudeal("--version").stdout.splitlines()
    assert version[0].startswith("gpudeal ") and version[1].startswith("facts: shipped with gpudeal ")
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(SHIPPED.read_bytes())
    assert gpudeal("--version", env=clean_env(GPUDEAL_FACTS=str(mine))).stdout.splitlines()[1] == f"facts: {mine}"
    assert "shipped with gpudeal" in gpudeal("summary").stdout
    assert str(mine) in gpudeal("summary", "--facts", str(mine)).stdout
    assert "Facts in use" in gpudeal("summary", "-f", "markdown").stdout


def test_an_edited_local_copy_gets_one_note(gpudeal: Run, tmp_path: Path) -> None:
    local = tmp_path / "facts.yaml"  # the fixture runs in tmp_path
    local.write_text(SHIPPED.read_text(encoding="utf-8").replace("gpus: 60000", "gpus: 65000"), encoding="utf-8")
    result = gpudeal("partners")
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("gpudeal: note: ./facts.yaml differs from the facts in use (shipped with")
    assert "--facts facts.yaml" in result.stderr
    assert "65,000" not in result.stdout  # the shipped facts were read, as the note says
    assert gpudeal("check").stderr.count("note:") == 1
    # Chosen facts: no note.
    assert gpudeal("partners", "--facts", str(local)).stderr == ""
    assert gpudeal("partners", env=clean_env(GPUDEAL_FACTS=str(local))).stderr == ""
    # The same bytes as the shipped facts: no note.
    local.write_bytes(SHIPPED.read_bytes())
    assert gpudeal("partners").stderr == ""
    # The same facts with Windows line ends (a checkout with autocrlf): no note.
    local.write_bytes(SHIPPED.read_bytes().replace(b"\n", b"\r\n"))
    assert gpudeal("partners").stderr == ""


def test_version_names_the_roots_facts_wherever_it_stands(gpudeal: Run, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(SHIPPED.read_bytes())
    for args in (["--facts", str(mine), "--version"], ["--version", "--facts", str(mine)]):
        assert gpudeal(*args).stdout.splitlines()[1] == f"facts: {mine}", args
    missing = gpudeal("--facts", str(tmp_path / "gone.yaml"), "--version")
    assert missing.stdout.splitlines()[1] == f"facts: {tmp_path / 'gone.yaml'} (no such file)"
    twice = gpudeal("--facts", "a", "--facts", "b", "--version")
    assert (twice.returncode, twice.stdout) == (2, "")
    assert "--facts is given 2 times" in twice.stderr


def test_no_note_while_completing(gpudeal: Run, tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text("changed: true\n", encoding="utf-8")
    env = clean_env(_GPUDEAL_COMPLETE="complete_bash", COMP_WORDS="gpudeal show ", COMP_CWORD="2")
    result = gpudeal(env=env)
    assert "note:" not in result.stderr + result.stdout and "samsung" in result.stdout
