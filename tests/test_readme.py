"""The README's examples are real: every `console` block is run through bash
with the installed gpudeal first on PATH, and must print exactly what the
README shows (stdout and stderr together, as a terminal shows them).

After changing what a command prints, rewrite the examples from real output:
    .venv/bin/python -m tests.test_readme --update"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT, SHIPPED, clean_env, installed_script, needs_article

README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
BLOCK = re.compile(r"```console\n(.*?)```", flags=re.DOTALL)
TEXT = SHIPPED.read_text(encoding="utf-8")


def examples(readme: str = README) -> list[tuple[list[str], str, str]]:
    """(earlier commands of its block, command, expected output) for each `$ `
    line of each console block: an example may use what the ones before it made."""
    triples = []
    for block in BLOCK.findall(readme):
        earlier: list[str] = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            triples.append((list(earlier), command, output))
            earlier.append(command)
    return triples


def _hyundai_lots(text: str) -> str:
    at = text.index("gpus: 50000", text.index("name: Hyundai Motor Group"))
    return text[:at] + "gpus: lots" + text[at + len("gpus: 50000") :]


FILES = {  # the files the examples read: the article, the shipped facts and copies made from them
    "article.txt": ARTICLE.read_text(encoding="utf-8") if ARTICLE.exists() else "",
    "facts.yaml": TEXT,
    "mine.yaml": _hyundai_lots(TEXT).replace("gpus: 60000", "gpu: 60000"),
    "broken.yaml": TEXT.replace("announced_at: APEC meetings in Gyeongju", "announced_at: APEC: Gyeongju"),
}


def run(earlier: list[str], command: str, folder: Path) -> str:
    """What `command` prints, after the block's earlier commands, in `folder`."""
    for name, content in FILES.items():
        (folder / name).write_text(content, encoding="utf-8")
    path = f"{Path(installed_script()).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    script = "".join(f"{{ {line}\n}} >/dev/null 2>&1\n" for line in earlier) + f"{{ {command}\n}} 2>&1"
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, cwd=folder, env=clean_env(PATH=path), timeout=60
    )
    return result.stdout.decode("utf-8")  # bytes, not text mode: a CR the README does not show must not be hidden


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 10 and any(command == "gpudeal partners" for _, command, _ in examples())


@pytest.mark.parametrize(
    ("earlier", "command", "expected"),
    [pytest.param(*e, marks=[needs_article] if "article.txt" in e[1] else []) for e in examples()],
    ids=[c for _, c, _ in examples()],
)
def test_readme_example_prints_what_it_shows(earlier: list[str], command: str, expected: str, tmp_path: Path) -> None:
    assert run(earlier, command, tmp_path) == expected


def update() -> None:
    """Rewrite every example's output in README.md from what the command prints now."""

    def block(match: re.Match[str]) -> str:
        out, earlier = [], []
        for chunk in re.split(r"^\$ ", match.group(1), flags=re.MULTILINE)[1:]:
            command = chunk.partition("\n")[0]
            with tempfile.TemporaryDirectory() as folder:
                out.append(f"$ {command}\n{run(earlier, command, Path(folder))}")
            earlier.append(command)
        return "```console\n" + "".join(out) + "```"

    README_PATH.write_text(BLOCK.sub(block, README), encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update()


def test_the_code_map_names_every_module() -> None:
    """A module the README's code map does not name is one a reader cannot find."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code_map = text[text.index("\n## Code\n") : text.index("\n### Tests\n")]
    named = set(re.findall(r"`([\w/]+\.py)`", code_map))
    commands = re.search(r"`commands/` one module a command \(([^)]*)\)", code_map)
    assert commands
    named |= {f"commands/{name}.py" for name in re.findall(r"`(\w+)`", commands.group(1))}
    package = ROOT / "gpu_cli"
    modules = {str(p.relative_to(package)) for p in package.rglob("*.py") if p.name != "__init__.py"}
    unnamed = {m for m in modules if m not in named and m.split("/")[-1] not in named}
    assert not unnamed, f"the README's code map does not name {sorted(unnamed)}"
