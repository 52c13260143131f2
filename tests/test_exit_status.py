"""Exit statuses a script can trust: for the commands that answer a question
(check, verify, diff) 0 is yes, 1 is no and 2 is "could not answer"; the other
commands keep 1 for a failure and 2 for a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ARTICLE, SHIPPED, Run, needs_article

BROKEN = "deal: [\n"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    """Facts that load but break a rule (a repeated rank) and disagree with the article (65,000)."""
    text = SHIPPED.read_text(encoding="utf-8").replace("rank: 2", "rank: 1").replace("gpus: 60000", "gpus: 65000")
    path = tmp_path / "failing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_yes_no_and_could_not_answer(gpudeal: Run, broken: Path, failing: Path) -> None:
    assert gpudeal("check").returncode == 0
    assert gpudeal("check", "--facts", str(failing)).returncode == 1
    result = gpudeal("check", "--facts", str(broken))
    assert result.returncode == 2 and "invalid facts file" in result.stderr
    assert gpudeal("check", "--facts", str(broken.with_name("missing.yaml"))).returncode == 2
    assert gpudeal("check", "--sort", "x").returncode == 2  # a usage error


def test_the_shell_idiom_fires_only_for_an_answer(gpudeal_bin: str, broken: Path, failing: Path) -> None:
    import subprocess

    script = (
        f'"{gpudeal_bin}" check --facts "$1" >/dev/null 2>&1; case $? in 1) echo inconsistent;; 2) echo trouble;; esac'
    )
    said = {
        name: subprocess.run(["bash", "-c", script, "-", str(path)], capture_output=True, text=True).stdout.strip()
        for name, path in (("broken", broken), ("failing", failing), ("shipped", SHIPPED))
    }
    assert said == {"broken": "trouble", "failing": "inconsistent", "shipped": ""}


@needs_article
def test_verify_yes_no_and_could_not_answer(gpudeal: Run, broken: Path, failing: Path, tmp_path: Path) -> None:
    assert gpudeal("verify", str(ARTICLE)).returncode == 0
    assert gpudeal("verify", str(ARTICLE), "--facts", str(failing)).returncode == 1
    assert gpudeal("verify", str(ARTICLE), "--facts", str(broken)).returncode == 2
    missing = gpudeal("verify", str(tmp_path / "no-such-article.txt"))
    assert missing.returncode == 2 and "cannot read the source" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert gpudeal("verify", str(empty)).returncode == 2


def test_diff_yes_no_and_could_not_answer(gpudeal: Run, broken: Path, failing: Path) -> None:
    assert gpudeal("diff", str(SHIPPED), str(SHIPPED)).returncode == 0
    assert gpudeal("diff", str(SHIPPED), str(failing)).returncode == 1
    assert gpudeal("diff", str(SHIPPED), str(broken)).returncode == 2


def test_unwritable_output_is_could_not_answer(gpudeal_bin: str, failing: Path) -> None:
    """Even when the answer is no, an answer not written is no answer: 2. Other commands: 1."""
    import subprocess

    def status(*args: str) -> int:
        with open("/dev/full", "w") as full:
            return subprocess.run([gpudeal_bin, *args], stdout=full, stderr=subprocess.PIPE).returncode

    assert status("check") == 2
    assert status("check", "--facts", str(failing)) == 2
    assert status("diff", str(SHIPPED), str(failing)) == 2
    assert status("partners") == 1
    assert status("rank", "--json") == 1


def test_other_commands_keep_one_for_a_failure(gpudeal: Run, broken: Path) -> None:
    assert gpudeal("partners", "--facts", str(broken)).returncode == 1
    assert gpudeal("show", "nobody").returncode == 1
    assert gpudeal("partners", "--sort", "nope").returncode == 2


def test_help_documents_the_table(gpudeal: Run) -> None:
    out = gpudeal("--help").stdout
    assert "could not answer" in out and "check, verify, diff: no" in out and "143" in out
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "| `2` | could not answer" in readme
