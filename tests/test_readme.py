"""The README's examples are real: every `console` block is run through bash
with the installed gpudeal first on PATH, and must print exactly what the
README shows (stdout and stderr together, as a terminal shows them)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED, clean_env, installed_script

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
TEXT = SHIPPED.read_text(encoding="utf-8")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for each `$ ` line of each console block."""
    pairs = []
    for block in BLOCKS:
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


def _hyundai_lots(text: str) -> str:
    at = text.index("gpus: 50000", text.index("name: Hyundai Motor Group"))
    return text[:at] + "gpus: lots" + text[at + len("gpus: 50000") :]


FILES = {  # the files the examples read, made from the shipped facts
    "mine.yaml": _hyundai_lots(TEXT).replace("gpus: 60000", "gpu: 60000"),
    "broken.yaml": TEXT.replace("announced_at: APEC meetings in Gyeongju", "announced_at: APEC: Gyeongju"),
}


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 10 and any(command == "gpudeal partners" for command, _ in examples())


@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_prints_what_it_shows(command: str, expected: str, tmp_path: Path) -> None:
    for name, content in FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = f"{Path(installed_script()).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", f"{command} 2>&1"], capture_output=True, cwd=tmp_path, env=clean_env(PATH=path), timeout=60
    )
    shown = result.stdout.decode("utf-8").replace("\r\n", "\n")  # CSV rows end in CRLF; the README cannot show CR
    assert shown == expected
