"""`gpudeal partners`: the table and the JSON contract."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from gpu_cli.loader import load_facts
from tests.conftest import SHIPPED, NoAliases, Run, clean_env, invoke

FACTS = load_facts(SHIPPED)


def test_partners_table_shows_qualified_counts() -> None:
    result = invoke("partners")
    assert result.returncode == 0, result.stderr
    for shown in ("Ministry of Science and ICT", "> 50,000", "60,000", "not stated", "RTX PRO 6000 Blackwell"):
        assert shown in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no escape codes


def test_partners_json_contract() -> None:
    result = invoke("partners", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [p["id"] for p in data][:2] == ["ministry-science-ict", "samsung"]
    for item in data:
        assert list(item)[:5] == ["id", "name", "kind", "gpus", "gpus_qualifier"]
        assert (item["gpus"] is None) == (item["gpus_qualifier"] is None)
    assert result.stdout.endswith("]\n") and not result.stdout.endswith("\n\n")


def _note(out: str) -> list[str]:
    lines = out.splitlines()
    return lines[lines.index("Other reports (gpudeal corroborate):") + 1 :] if out.count("Other reports") else []


def test_other_reports_are_a_note_apart_from_the_gpus_column(gpudeal: Run) -> None:
    """Where other reports disagree with the article (a conflict) or add to it
    (a count it does not state), a line under the table says so; the GPUs
    column stays the article's."""
    out = gpudeal("partners", env=clean_env(COLUMNS="200")).stdout
    records = {r["fact"]: r for r in json.loads(gpudeal("corroborate", "--json").stdout)}
    sk = records["partners[sk-group].gpus"]
    others = sum(1 for r in sk["reports"] if r["source"] != "article")
    assert (
        f"  SK Group: not stated here; 50,000 in {others} other reports ({sk['independent']} independent),"
        " conflicting on the qualifier" in _note(out)
    )
    named = {line.split(":")[0].strip() for line in _note(out)}
    conflicting = {f"partners[{p.id}].gpus" for p in FACTS.partners if p.name in named}
    assert conflicting == {f for f, r in records.items() if f.startswith("partners[") and r["verdict"] == "conflict"}
    table = out.split("Other reports")[0]
    assert re.search(r"SK Group +conglomerate +not stated", table)


def test_the_note_follows_the_reports(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["reports"] = [r for r in data["reports"] if r["fact"] != "partners[sk-group].gpus"]
    for r in data["reports"]:
        if r["fact"] == "partners[samsung].gpus":
            r["qualifier"] = "more_than"  # every report now fits the article's "more than 50,000"
    path = write_facts(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False))
    note = _note(gpudeal("partners", "--facts", str(path), env=clean_env(COLUMNS="200")).stdout)
    assert [line.split(":")[0].strip() for line in note] == ["Ministry of Science and ICT"]
    data["reports"] = []
    path = write_facts(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False))
    assert "Other reports" not in gpudeal("partners", "--facts", str(path)).stdout
    assert "Other reports" not in gpudeal("partners", "--json").stdout
