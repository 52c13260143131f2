"""Each command through Typer's CliRunner: fast checks of what it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpu_cli import __version__
from gpu_cli.cli import app

runner = CliRunner()


def invoke(*args: str, **env: str):  # type: ignore[no-untyped-def]
    base = {"NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "", "GPUDEAL_FACTS": ""}
    return runner.invoke(app, list(args), env={**base, **env})


def test_partners_table_shows_qualified_counts() -> None:
    result = invoke("partners")
    assert result.exit_code == 0, result.output
    for shown in ("Ministry of Science and ICT", "> 50,000", "60,000", "not stated", "RTX PRO 6000 Blackwell"):
        assert shown in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no escape codes


def test_partners_json_contract() -> None:
    result = invoke("partners", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [p["id"] for p in data][:2] == ["ministry-science-ict", "samsung"]
    for item in data:
        assert list(item)[:5] == ["id", "name", "kind", "gpus", "gpus_qualifier"]
        assert (item["gpus"] is None) == (item["gpus_qualifier"] is None)
    assert result.stdout.endswith("]\n") and not result.stdout.endswith("\n\n")


def test_rank_table_and_json() -> None:
    table = invoke("rank")
    assert "≈20,000,000" in table.stdout and "300,000" in table.stdout
    data = json.loads(invoke("rank", "--json").stdout)
    assert [(r["rank"], r["country"]) for r in data] == [(1, "United States"), (2, "China"), (3, "South Korea")]


@pytest.mark.parametrize("query", ["samsung", "SAM", "Samsung", "sams"])
def test_show_matches_id_or_name_prefix(query: str) -> None:
    result = invoke("show", query)
    assert result.exit_code == 0
    assert "une « usine IA » comprenant plus de 50 000 GPU" in result.stdout


def test_show_unknown_lists_ids() -> None:
    result = invoke("show", "apple")
    assert result.exit_code == 1
    assert "valid ids:" in result.stderr and "sk-group" in result.stderr
    assert result.stdout == ""


def test_show_ambiguous_prefix() -> None:
    result = invoke("show", "s")
    assert result.exit_code == 1 and "samsung, sk-group" in result.stderr


def test_summary_has_headline_investment_timeline_people() -> None:
    out = invoke("summary").stdout
    for shown in ("> 260,000", "$10 billion", "next year", "throughout the decade", "Bae Kyung-hoon", "≤ 139,999"):
        assert shown in out


def test_version() -> None:
    result = invoke("--version")
    assert result.stdout.strip() == f"gpudeal {__version__}"


@pytest.mark.parametrize("command", ["partners", "rank", "show", "summary", "check", "schema"])
def test_help_has_examples(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout and f"gpudeal {command}" in result.stdout


def test_root_help_lists_environment_and_exit_codes() -> None:
    out = invoke("--help").stdout
    assert "NO_COLOR" in out and "GPUDEAL_FACTS" in out and "Exit codes" in out


def test_facts_option_on_root_and_command(tmp_path, facts_text) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.yaml"
    mine.write_text(facts_text.replace("gpus: 60000", "gpus: 61000"), encoding="utf-8")
    on_root = json.loads(invoke("--facts", str(mine), "partners", "--json").stdout)
    on_command = json.loads(invoke("partners", "--facts", str(mine), "--json").stdout)
    by_env = json.loads(invoke("partners", "--json", GPUDEAL_FACTS=str(mine)).stdout)
    for data in (on_root, on_command, by_env):
        assert next(p for p in data if p["id"] == "naver-cloud")["gpus"] == 61000


def test_command_facts_beats_root_and_env(tmp_path, facts_text) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(facts_text.replace("gpus: 60000", "gpus: 1000"), encoding="utf-8")
    b.write_text(facts_text.replace("gpus: 60000", "gpus: 2000"), encoding="utf-8")
    result = invoke("--facts", str(a), "partners", "--facts", str(b), "--json", GPUDEAL_FACTS=str(a))
    assert next(p for p in json.loads(result.stdout) if p["id"] == "naver-cloud")["gpus"] == 2000


def test_json_and_other_format_disagree() -> None:
    result = invoke("partners", "--json", "--format", "csv")
    assert result.exit_code == 2


def test_the_installed_package_ships_the_repository_facts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Run from another folder, the installed package reads its facts.json by default:
    the same data as the repository's facts.yaml read by the strict YAML reader,
    and facts.yaml itself is shipped beside it, byte for byte."""
    import subprocess
    import sys

    from gpu_cli import strict_json, strict_yaml
    from tests.conftest import SHIPPED, clean_env

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

    from tests.conftest import clean_env

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


def test_usage_is_checked_before_the_facts_are_read() -> None:
    assert invoke("partners", "--facts", "/nonexistent", "--fields", "help").exit_code == 0
    assert invoke("partners", "--facts", "/nonexistent", "--fields", "bogus").exit_code == 2
    assert invoke("rank", "--facts", "/nonexistent", "--json", "-f", "csv").exit_code == 2
    assert invoke("rank", "--facts", "/nonexistent").exit_code == 1
