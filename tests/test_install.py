"""The installed package: the facts it ships, `python -m gpu_cli`, the C YAML parser."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import clean_env


def test_the_installed_package_ships_the_repository_facts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Run from another folder, the installed package reads its facts.json by default:
    the same data as the repository's facts.yaml read by the strict YAML reader,
    and facts.yaml itself is shipped beside it, byte for byte."""
    import subprocess
    import sys

    from gpu_cli import strict_json, strict_yaml
    from tests.conftest import SHIPPED

    found = subprocess.run(
        [sys.executable, "-c", "import os, gpu_cli.loader as l; print(l.locate(None, {}))"],
        capture_output=True, text=True, cwd=tmp_path, env=clean_env(), check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(found).name == "facts.json"
    text = SHIPPED.read_text(encoding="utf-8")
    assert strict_json.load(Path(found).read_text(encoding="utf-8")) == strict_yaml.load(text)[0]
    assert Path(found).with_name("facts.yaml").read_bytes() == SHIPPED.read_bytes()


def test_python_dash_m_is_the_same_program(gpudeal, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    module = subprocess.run(
        [sys.executable, "-m", "gpu_cli", "partners", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert module.returncode == 0 and module.stdout == gpudeal("partners", "--json").stdout


def test_yaml_is_read_with_the_c_parser_when_built() -> None:
    import yaml

    from gpu_cli.positions import parser_for

    if yaml.__with_libyaml__:
        assert type(parser_for("a: 1")).__module__ == "yaml._yaml"  # libyaml's CParser


def test_the_shipped_facts_are_built_without_validating_them_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The installed gpudeal builds its shipped facts from facts.json without
    validating them (hatch_build.py validated them when it built the wheel):
    no validator is built for it, and the facts and their plain data are the
    ones validating the same file gives."""
    import subprocess
    import sys

    script = """
import gpu_cli.loader as l, gpu_cli.models as m
from pathlib import Path
shipped = l.load_facts(l.locate(None, {}))
names = list(m.Facts.model_fields)
print(m.Facts.__pydantic_complete__, m.Partner.__pydantic_complete__)
plain = m.dumped(shipped, *names)
validated = l.load_bytes(l.SHIPPED_JSON.read_bytes(), "facts.json", Path("facts.json"))[0]
print(shipped == validated, plain == validated.model_dump(), plain == m.dumped(validated, *names))
"""
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=clean_env(), check=True
    ).stdout.split()
    assert found == ["False", "False", "True", "True", "True"]
