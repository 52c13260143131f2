"""`check` reasons on named premises, chosen with `--assume`; every rule and
derived number lists those it rests on; contradictions fail (issue 17, section 2)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import SHIPPED, Run, clean_env

TEXT = SHIPPED.read_text(encoding="utf-8")
DEFAULT = ["total-includes-supply", "allocations-in-supply", "via-partner-no-allocation", "companies-apart"]
RULE_IDS = [
    "partner_sum",
    "counted_once",
    "stock_before",
    "ranks_contiguous",
    "counts_follow_ranks",
    "recipient_ranked",
]


def rules(gpudeal: Run, *args: str) -> tuple[int, dict[str, dict[str, Any]]]:
    result = gpudeal("check", "--json", *args)
    assert result.stderr == ""
    return result.returncode, {r["id"]: r for r in json.loads(result.stdout)}


def test_rules_have_stable_ids_and_list_their_premises(gpudeal: Run) -> None:
    code, by_id = rules(gpudeal)
    assert code == 0 and list(by_id) == RULE_IDS
    listed = {p["id"] for r in by_id.values() for p in r["premises"]}
    assert listed <= set(DEFAULT)  # the default premises only; linked-apart is not assumed
    stock = by_id["stock_before"]
    assert [p["id"] for p in stock["premises"]] == ["total-includes-supply"]
    assert stock["premises"][0]["words"] == "la place désormais au troisième rang"
    assert [d["id"] for d in stock["derived"]] == ["stock_before", "growth_factor"]
    assert all(d["premises"] == ["total-includes-supply"] for d in stock["derived"])
    jsonschema.validate(list(by_id.values()), json.loads(gpudeal("schema", "check").stdout))
    # One premise, one reading: the rule that says the total includes the supply and
    # the rule that computes the stock before from it agree.
    assert by_id["recipient_ranked"]["verdict"] == "ok"
    assert by_id["recipient_ranked"]["premises"][0]["id"] == "total-includes-supply"


def test_the_table_lists_the_premises_with_the_articles_words(gpudeal: Run) -> None:
    out = gpudeal("check").stdout
    flat = " ".join(out.split())
    assert "Premises:" in out
    for pid in DEFAULT:
        assert pid in flat
    assert '("la place désormais au troisième rang")' in flat
    assert "linked-apart" in flat  # named where it would settle a rule, but not assumed
    none = " ".join(gpudeal("check", "--assume", "none").stdout.split())
    assert "Premises: none (interval arithmetic on the stated figures alone)." in none


@pytest.mark.parametrize(
    ("count", "numbers"),
    [
        ("6000000", ["Naver Cloud's 6,000,000 alone exceeds it", "at most 300,000"]),
        ("300000", ["at least 400,001", "at most 300,000"]),
    ],
)
def test_a_count_the_supply_cannot_hold_fails(gpudeal: Run, write_facts, count: str, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    facts = write_facts(TEXT.replace("gpus: 60000\n", f"gpus: {count}\n"))
    code, by_id = rules(gpudeal, "--facts", str(facts))
    assert code == 1
    parts = by_id["partner_sum"]
    assert parts["verdict"] == "fail" and parts["detail"].startswith("contradiction: ")
    for words in numbers:
        assert words in parts["detail"], parts["detail"]
    assert [d["id"] for d in parts["derived"]] == ["stated_partner_sum"]  # no remainder below zero
    table = gpudeal("check", "--facts", str(facts))
    assert table.returncode == 1 and "−190,000" not in table.stdout and "-190,000" not in table.stdout


def test_assume_none_is_arithmetic_on_the_figures_alone(gpudeal: Run) -> None:
    code, by_id = rules(gpudeal, "--assume", "none")
    assert code == 0
    assert {rid: r["verdict"] for rid, r in by_id.items()} == {
        "partner_sum": "undetermined",
        "counted_once": "undetermined",
        "stock_before": "undetermined",  # a stock "before" needs the total to include the supply
        "ranks_contiguous": "ok",
        "counts_follow_ranks": "ok",
        "recipient_ranked": "undetermined",
    }
    assert all(r["premises"] == [] for r in by_id.values())
    assert "settled by assuming total-includes-supply" in by_id["stock_before"]["detail"]
    assert "settled by assuming allocations-in-supply" in by_id["partner_sum"]["detail"]


def test_naming_a_premise_adds_it(gpudeal: Run) -> None:
    _, by_id = rules(gpudeal, "--assume", "linked-apart")
    assert by_id["counted_once"]["verdict"] == "ok"
    assert [p["id"] for p in by_id["counted_once"]["premises"]] == ["linked-apart"]
    remainder = next(d for d in by_id["partner_sum"]["derived"] if d["id"] == "remainder")
    assert (remainder["qualifier"], remainder["high"]) == ("at_most", 89_998)  # the counts add up
    assert "linked-apart" in remainder["premises"]
    _, only = rules(gpudeal, "--assume", "none", "--assume", "total-includes-supply")
    assert only["stock_before"]["verdict"] == "ok" and only["partner_sum"]["verdict"] == "undetermined"


def test_an_unknown_premise_is_a_usage_error(gpudeal: Run) -> None:
    result = gpudeal("check", "--assume", "linked-aprt")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown premise 'linked-aprt'; did you mean 'linked-apart'?" in result.stderr


def test_undetermined_rules_name_what_would_settle_them(gpudeal: Run) -> None:
    _, by_id = rules(gpudeal)
    parts = by_id["partner_sum"]["detail"]
    assert "settled by an upper bound on Ministry of Science and ICT (more than) and Samsung (more than)" in parts
    assert "ok if the stated parts total at most 260,001, fail above 300,000" in parts
    assert "settled by the article saying so, or by assuming linked-apart" in by_id["counted_once"]["detail"]


def test_summary_says_counted_twice_only_as_check_concludes(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    flat = " ".join(gpudeal("summary").stdout.split())
    assert "no GPU is counted twice" not in flat  # check: undetermined
    views = [("summary", "-f", "markdown"), ("partners", "--wide"), ("rank",), ("check",), ("corroborate",)]
    views += [("show", p["id"]) for p in yaml.safe_load(TEXT)["partners"]]
    for view in views:  # nor does any other human view
        assert "no GPU is counted twice" not in " ".join(gpudeal(*view).stdout.split()), view
    assert "whether any GPU is counted twice: undetermined (gpudeal check, counted_once)" in flat
    # Without Naver Cloud's own count, nothing linked has a count on both sides: the rule is ok.
    facts = write_facts(
        TEXT.replace("gpus: 60000\n    gpus_qualifier: exactly", "gpus: null\n    gpus_qualifier: null")
    )
    _, by_id = rules(gpudeal, "--facts", str(facts))
    assert by_id["counted_once"]["verdict"] == "ok"
    assert "no GPU is counted twice" in " ".join(gpudeal("summary", "--facts", str(facts)).stdout.split())


def test_no_gpus_column_shows_a_derived_share(gpudeal: Run) -> None:
    for args in (("partners",), ("partners", "--chart"), ("partners", "-f", "csv", "--fields", "id,gpus"), ("rank",)):
        out = gpudeal(*args).stdout
        assert "139,999" not in out and "nominal" not in out, args
    csv_rows = gpudeal("partners", "-f", "csv", "--fields", "id,gpus,gpus_implied_high").stdout.splitlines()
    assert "sk-group,,139999" in csv_rows  # the derived share only in its own, named field
    show = gpudeal("show", "sk-group", env=clean_env(COLUMNS="1000")).stdout
    assert "≤ 139,999" in show
    gpus_row = next(line for line in show.splitlines() if line.startswith("│ GPUs "))
    assert gpus_row.split("│")[2].strip() == "not stated"  # show's GPUs row is the article's; the share is apart


OVERLAP = ["companies-apart", "linked-apart"]


def _partner_sum(gpudeal: Run, chosen: list[str]) -> dict[str, Any]:
    args = [a for p in chosen for a in ("--assume", p)] or ["--assume", "none"]
    if chosen:
        args = ["--assume", "none", *args]
    records = json.loads(gpudeal("check", "--json", *args).stdout)
    derived = {d["id"]: d for r in records for d in r["derived"]}
    return derived.get("stated_partner_sum") or {}


@pytest.mark.parametrize("chosen", [[], ["allocations-in-supply"], ["companies-apart"], OVERLAP])
def test_fewer_premises_never_give_a_narrower_sum(gpudeal: Run, chosen: list[str]) -> None:
    """Each premise only narrows: the stated partners' distinct GPUs with
    these premises lie within what every subset of them allows, and the sum
    rests on the overlap premises only (being part of the supply is the
    comparison's premise, not the sum's)."""
    with_them = _partner_sum(gpudeal, chosen)
    assert set(with_them["premises"]) == set(OVERLAP) & set(chosen)
    for fewer in ([p for p in chosen if p != drop] for drop in chosen):
        looser = _partner_sum(gpudeal, fewer)
        assert looser["low"] <= with_them["low"], (fewer, looser, chosen, with_them)
    if "companies-apart" not in chosen:  # they may all be the same GPUs: at least the largest, no more
        assert with_them["low"] == 60_000
