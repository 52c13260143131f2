"""`gpudeal summary`: the deal at a glance."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import SHIPPED, NoAliases, Run, clean_env, invoke


def test_summary_has_headline_investment_timeline_people() -> None:
    out = invoke("summary").stdout
    for shown in ("> 260,000", "$10 billion", "next year", "throughout the decade", "Bae Kyung-hoon", "≤ 139,999"):
        assert shown in out


def test_people_rows_mark_the_paraphrase_and_quote_only_the_excerpt(gpudeal: Run) -> None:
    """No `said` reads as a quotation: each is marked as our words, and the
    only quoted words are the article's excerpt."""
    out = " ".join(gpudeal("summary", env=clean_env(COLUMNS="1000")).stdout.split())
    data = json.loads(gpudeal("summary", "--json").stdout)
    for person in data["people"]:
        said = " ".join(person["said"].split())
        assert f'In our words: {said} The article\'s words: "{person["provenance"]}"' in out, person["name"]
    assert "(paraphrased)" not in out


def test_other_reports_section_counts_the_verdicts_and_gives_the_headline_conflict(gpudeal: Run) -> None:
    out = gpudeal("summary", env=clean_env(COLUMNS="400")).stdout
    section = out[out.index("Other reports") :]
    verdicts = [r["verdict"] for r in json.loads(gpudeal("corroborate", "--json").stdout)]
    counts = {v: verdicts.count(v) for v in ("conflict", "consistent", "agree", "single")}
    expected = (
        f"{len(verdicts)} facts: {counts['conflict']} conflict, {counts['consistent']} consistent,"
        f" {counts['agree']} agree, {counts['single']} single"
    )
    assert expected in section
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in section.splitlines() if "│" in line}
    assert rows["Headline"].startswith("> 260,000 here;") and rows["Headline"].endswith("conflicting")
    assert "(≤ 260,000) cannot both be right" in section and "yonhap" in section


def test_the_headline_row_follows_the_reports(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    """Computed, not fixed: reports that fit the article's range read `consistent`;
    a file without reports has no such section."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    for r in data["reports"]:
        if r["fact"] == "deal.gpus":
            r["qualifier"] = "more_than"
    out = " ".join(gpudeal("summary", "--facts", str(write(write_facts, data))).stdout.split())
    assert (
        "> 260,000 here; 250,000 or 260,000 in 10 other reports (9 independent), consistent, jointly ≥ 260,001" in out
    )
    data["reports"], data["sources"] = [], []
    assert "Other reports" not in gpudeal("summary", "--facts", str(write(write_facts, data))).stdout


def write(write_facts: Callable[..., Path], data: dict[str, Any]) -> Path:
    return write_facts(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False))


def test_the_reconciliation_says_what_the_rules_concluded(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    """The derived rows are computed whatever the rules find: a contradiction
    (Naver Cloud at 600,000, over the 300,000 total) is named beside them."""
    shipped = " ".join(gpudeal("summary", env=clean_env(COLUMNS="200")).stdout.split())
    assert "Checks │ 2 undetermined, 4 ok of 6 rules (gpudeal check)" in shipped
    typo = write_facts(SHIPPED.read_text(encoding="utf-8").replace("gpus: 60000", "gpus: 600000"))
    broken = gpudeal("summary", "--facts", str(typo), env=clean_env(COLUMNS="200"))
    assert broken.returncode == 0  # a view: `check` is the command that answers no
    flat = " ".join(broken.stdout.split())
    assert "1 fail, 1 undetermined, 4 ok of 6 rules; fails: partner counts within the headline" in flat
    assert gpudeal("check", "--facts", str(typo)).returncode == 1
