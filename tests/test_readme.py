"""The README's examples are real: every `$ command` in a ```console block is run
through bash with the installed `gpudeal` first on PATH, and what it prints
(stdout and stderr, as a terminal user would see them) must match the block
byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED, clean_env, installed_script

README = ROOT / "README.md"


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ ` line of every console block."""
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    examples: list[tuple[str, str]] = []
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def broken_copy() -> str:
    """The README's "mine.yaml": the shipped facts with the fourth partner's count
    written as a word and the fifth partner's `gpus` key misspelt, line for line."""
    blocks = re.split(r"(?m)^(?=  - id: )", SHIPPED.read_text(encoding="utf-8"))
    blocks[4] = re.sub(r"(?m)^    gpus: \d+$", '    gpus: "lots"', blocks[4], count=1)
    blocks[5] = re.sub(r"(?m)^    gpus: ", "    gpu: ", blocks[5], count=1)
    return "".join(blocks)


EXAMPLES = console_examples()


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[command[:50] for command, _ in EXAMPLES])
def test_readme_example_is_real_output(command: str, expected: str, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(broken_copy(), encoding="utf-8")
    env = clean_env()
    env["PATH"] = f"{Path(installed_script()).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    # Bytes, not text mode: a CRLF the README does not show must not be hidden.
    assert (result.stdout + result.stderr).decode("utf-8") == expected
