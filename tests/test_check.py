"""`gpudeal check`, the implied values, charts and exports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gpu_cli.models import CheckRecord
from tests.conftest import SHIPPED, Run

TEXT = SHIPPED.read_text(encoding="utf-8")


def verdicts(gpudeal: Run, *args: str) -> tuple[int, dict[str, dict[str, str]]]:
    """Each rule's record by its wording, after validating it strictly as the
    model the rules build it as (they construct it without validation)."""
    result = gpudeal("check", "--json", *args)
    assert result.stderr == ""
    records = json.loads(result.stdout)
    for record in records:
        CheckRecord.model_validate_json(json.dumps(record))
    return result.returncode, {r["rule"]: r for r in records}


def test_shipped_facts_check(gpudeal: Run) -> None:
    """Exit 0: nothing is proven broken. The derived numbers themselves: test_ranges.py."""
    code, rules = verdicts(gpudeal)
    assert code == 0
    assert {name: r["verdict"] for name, r in rules.items() if r["verdict"] != "ok"} == {
        "partner counts within the headline": "undetermined",  # both sides are lower bounds
        "no GPU counted twice": "undetermined",  # does Naver's 60,000 overlap the ministry's? the article is silent
    }
    total = rules["partner counts within the headline"]
    assert total["arithmetic"].startswith(
        "(more than 50,000 + 60,000, overlap possible) + more than 50,000 + 50,000 = at least 160,001;"
        " (more than 260,000, at most 300,000) − ("
    )
    assert "at most 139,999 implied for SK Group" in total["detail"]
    assert rules["recipient's place in the ranking"]["premises"][0]["id"] == "total-includes-supply"
    assert "Kakao, NHN Cloud: through another partner's allocation, not counted again" in total["detail"]
    stock = rules["stock before the deal"]
    assert (
        stock["arithmetic"] == "300,000 − more than 260,000 = at most 39,999; 300,000 / at most 39,999 = at least ×7.5"
    )
    assert "growth of at least ×7.5 fits the claimed growth of more than ×4" in stock["detail"]
    assert "Naver Cloud" in rules["no GPU counted twice"]["arithmetic"]
    assert (
        "does not say whether Naver Cloud's and Ministry of Science and ICT's GPUs overlap"
        in (rules["no GPU counted twice"]["detail"])
    )


def test_check_table_shows_the_arithmetic(gpudeal: Run) -> None:
    result = gpudeal("check")
    assert result.returncode == 0
    for shown in ("at least 160,001", "260,000", "at most 139,999", "at most 39,999", "ok", "undetermined"):
        assert shown in result.stdout
    assert "≈" not in result.stdout  # about 20,000,000 reads in words, with its width
    assert "about 20,000,000 (15,000,000 to 25,000,000)" in " ".join(result.stdout.split())


EXACT_HEADLINE = ("gpus: 260000\n  gpus_qualifier: more_than", "gpus: 260000\n  gpus_qualifier: exactly")


@pytest.mark.parametrize(
    ("name", "edit", "rule"),
    [
        (
            "naver gets 600,000 of exactly 260,000",
            (EXACT_HEADLINE, ("gpus: 60000", "gpus: 600000")),
            "partner counts within the headline",
        ),
        (
            "exact headline equal to more-than parts",
            ("gpus: 260000\n  gpus_qualifier: more_than", "gpus: 210000\n  gpus_qualifier: exactly"),
            "partner counts within the headline",
        ),
        ("korea total below the supply", ("gpus: 300000", "gpus: 200000"), "stock before the deal"),
        ("growth below the claim", (EXACT_HEADLINE, ("factor: 4", "factor: 9")), "stock before the deal"),
        ("repeated rank", ("rank: 2", "rank: 1"), "ranks unique and contiguous"),
        ("skipped rank", ("rank: 3", "rank: 4"), "ranks unique and contiguous"),
        (
            "counts rise with rank",
            ("gpus: 20000000\n    gpus_qualifier: about", "gpus: 200000\n    gpus_qualifier: exactly"),
            "counts fall as rank rises",
        ),
        ("recipient below its supply", ("gpus: 300000", "gpus: 250000"), "recipient's place in the ranking"),
    ],
)
def test_each_rule_fails_on_its_case(gpudeal: Run, write_facts, name: str, edit: Any, rule: str) -> None:  # type: ignore[no-untyped-def]
    """Each case is one edit, or several, that the ranges prove wrong."""
    text = TEXT
    for old, new in edit if isinstance(edit[0], tuple) else (edit,):
        assert old in text
        text = text.replace(old, new)
    path = write_facts(text)
    # The file still loads and displays...
    assert gpudeal("rank", "--facts", str(path)).returncode == 0
    # ...and check fails it, on this rule.
    code, rules = verdicts(gpudeal, "--facts", str(path), "--assume", "linked-apart")
    assert code == 1
    assert rules[rule]["verdict"] == "fail", rules[rule]
    table = gpudeal("check", "--facts", str(path))
    assert table.returncode == 1 and "fail" in table.stdout


def test_check_formats_share_verdicts(gpudeal: Run) -> None:
    rows = gpudeal("check", "-f", "csv", "--fields", "rule,verdict").stdout.splitlines()
    _, rules = verdicts(gpudeal)
    assert rows == [
        "rule,verdict",
        *(f'"{r}",{v["verdict"]}' if "," in r else f"{r},{v['verdict']}" for r, v in rules.items()),
    ]


def test_summary_shows_the_reconciliation(gpudeal: Run) -> None:
    out = gpudeal("summary").stdout
    flat = " ".join(out.split())
    assert "= at least 160,001" in out and "≤ 139,999 for SK Group" in out and "≤ 39,999" in out
    assert "no GPU is counted twice" not in flat and "counted twice: undetermined" in flat
