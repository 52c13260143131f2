"""Issue 18: `check --sources all` runs the rules on the joint ranges of every
source, tests the numbers the article only implies against other reports, and
says where each input came from; through the installed command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SHIPPED, NoAliases, Run

AGAINST = "stock before the deal, against other reports"


def checked(gpudeal: Run, *args: str, status: int = 1) -> dict[str, dict[str, Any]]:
    result = gpudeal("check", "--sources", "all", "--json", *args)
    assert result.returncode == status, result.stderr
    return {record["rule"]: record for record in json.loads(result.stdout)}


def edited(write_facts: Callable[..., Path], change: Callable[[dict[str, Any]], None]) -> str:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    return str(write_facts(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False)))


def test_the_stock_before_conflicts_with_nvidias_installed_base(gpudeal: Run) -> None:
    rules = checked(gpudeal)
    stock = rules[AGAINST]
    assert stock["verdict"] == "fail"
    assert stock["detail"].startswith("≤ 39,999 from the article's figures (300,000 − more than 260,000")
    # The joint range, then each report with its own qualifier: yonhap and donga say about 65,000.
    assert (
        "contradicts 65,000, the joint range of yonhap: ≈65,000; yonhap-fr: 65,000; joongang: 65,000; donga: ≈65,000"
        in stock["detail"]
    )
    assert "Raymond Teh, Nvidia" in stock["detail"]
    assert "deal.gpus: article (the reports conflict)" in stock["inputs"]
    assert "ranking[South Korea].gpus: article (the reports conflict)" in stock["inputs"]
    assert "stock before the deal: yonhap, yonhap-fr, joongang, donga" in stock["inputs"]
    naver = "partners[naver-cloud].gpus: joint range of article, yonhap, yonhap-fr, anadolu, afp, joongang (60,000)"
    assert naver in rules["partner counts within the headline"]["inputs"]
    # the article alone: the same rules, no inputs field, and nothing fails
    alone = gpudeal("check", "--json")
    assert alone.returncode == 0 and AGAINST not in alone.stdout and '"inputs"' not in alone.stdout


def test_joint_ranges_feed_the_rules(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    def sk_agreed(data: dict[str, Any]) -> None:
        for report in data["reports"]:
            if report["fact"] == "partners[sk-group].gpus":
                report["qualifier"] = "exactly"

    rules = checked(gpudeal, "--facts", edited(write_facts, sk_agreed))
    parts = rules["partner counts within the headline"]
    # SK Group now counts 50,000 (its joint range) beside the article's other parts
    assert "(more than 50,000 + 60,000, overlap possible) + more than 50,000 + 50,000 + 50,000 =" in parts["arithmetic"]
    assert any(i.startswith("partners[sk-group].gpus: joint range of sk-statement,") for i in parts["inputs"])


def test_reports_that_fit_the_derived_stock_make_it_ok(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    def smaller(data: dict[str, Any]) -> None:
        for report in data["reports"]:
            if report["fact"] == "derived.stock_before":
                report["value"], report["qualifier"] = 30000, "exactly"

    stock = checked(gpudeal, "--facts", edited(write_facts, smaller), status=0)[AGAINST]
    assert stock["verdict"] == "ok" and "fits 30,000, the joint range of yonhap: 30,000;" in stock["detail"]


def test_the_table_has_an_inputs_column_and_fields_know_it(gpudeal: Run) -> None:
    table = gpudeal("check", "--sources", "all", "--fields", "rule,verdict,inputs")
    assert table.returncode == 1 and table.stdout.splitlines()[0].split() == ["Rule", "Verdict", "Inputs"]
    assert gpudeal("check", "--fields", "rule,inputs").returncode == 2
    wrong = gpudeal("check", "--sources", "al")
    assert wrong.returncode == 2 and "'al' is not one of article, all; did you mean 'all'?" in wrong.stderr


@pytest.mark.parametrize("assume", ["none", "linked-apart"])
def test_every_premise_choice_runs_and_matches_the_check_schema(gpudeal: Run, assume: str) -> None:
    """--assume none yields no stock before the deal: nothing to hold the reports
    against (it raised KeyError), and `schema check` describes `inputs` too."""
    import jsonschema

    result = gpudeal("check", "--sources", "all", "--assume", assume, "--json")
    assert result.returncode in (0, 1), result.stderr
    rules = json.loads(result.stdout)
    jsonschema.validate(rules, json.loads(gpudeal("schema", "check").stdout))
    assert (AGAINST in {r["rule"] for r in rules}) == (assume != "none")
