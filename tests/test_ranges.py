"""Numbers with qualifiers are ranges; derived numbers are computed on them and
never read more certain than their source."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any

import pytest

from gpu_cli import derive
from gpu_cli.derive import at_most, count_difference, ratio, stated, total, within
from gpu_cli.schemas import json_schema
from gpu_cli.text import money
from tests.conftest import SHIPPED, Run

TEXT = SHIPPED.read_text(encoding="utf-8")
HEADLINE = "gpus: 260000\n  gpus_qualifier: more_than"
# Under the default premises: the supply is at most South Korea's 300,000, and the
# ministry's and Naver Cloud's allocations may overlap (at least the larger, at most both).
ISSUE_EXAMPLE = (
    "(more than 260,000, at most 300,000) − ((more than 50,000 + 60,000, overlap possible) + more than 50,000"
    " + 50,000) = at most 139,999"
)
APART = ("--assume", "linked-apart")  # linked allocations apart too: the stated counts add up
HUANG = "Jensen Huang, in a closed-door meeting, as relayed by Ha Jung-woo in a statement to The Korea Herald"


def edited(*edits: tuple[str, str]) -> str:
    text = TEXT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


ALL_EXACT = ("gpus_qualifier: more_than", "gpus_qualifier: exactly")  # every count; the factor claim stays


def check(gpudeal: Run, *args: str) -> tuple[int, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Exit status, rules by name, derived numbers by name, from `check --json`."""
    result = gpudeal("check", "--json", *args)
    assert result.stderr == ""
    rules = {r["rule"]: r for r in json.loads(result.stdout)}
    derived = {d["name"]: d for r in rules.values() for d in r["derived"]}
    return result.returncode, rules, derived


def shape(number: dict[str, Any]) -> tuple[Any, ...]:
    return number["value"], number["qualifier"], number["low"], number["high"]


def test_shipped_facts_give_the_issues_table_of_results(gpudeal: Run) -> None:
    code, rules, derived = check(gpudeal)
    assert code == 0  # undetermined is not a failure
    # Counts are whole: more than 50,000 is at least 50,001; Naver Cloud's 60,000 may be inside the ministry's.
    assert shape(derived["stated partner sum"]) == (160_001, "at_least", 160_001, None)  # the bound, not 210,000
    assert shape(derived["remainder"]) == (139_999, "at_most", 0, 139_999)  # a count's low is 0, never null
    assert derived["remainder"]["premises"] == [
        "total-includes-supply", "allocations-in-supply", "via-partner-no-allocation", "companies-apart",
    ]  # fmt: skip
    assert derived["stock before the deal"]["premises"] == ["total-includes-supply"]
    assert shape(derived["stock before the deal"]) == (39_999, "at_most", 0, 39_999)
    assert shape(derived["growth factor"])[1] == "at_least"
    assert derived["growth factor"]["value"] == derived["growth factor"]["low"]
    assert derived["growth factor"]["low"] == pytest.approx(300_000 / 39_999)
    assert derived["remainder"]["arithmetic"] == ISSUE_EXAMPLE
    assert derived["stock before the deal"]["arithmetic"] == "300,000 − more than 260,000 = at most 39,999"
    assert derived["growth factor"]["arithmetic"] == "300,000 / at most 39,999 = at least ×7.5"
    parts = rules["partner counts within the headline"]
    assert parts["verdict"] == "undetermined" and "settled by an upper bound on" in parts["detail"]
    assert [d["name"] for d in parts["derived"]] == ["stated partner sum", "remainder"]
    assert rules["stock before the deal"]["verdict"] == "ok"  # more than ×7.5 is more than ×4
    assert {r["verdict"] for r in rules.values()} <= {"ok", "undetermined"}
    keys = {"id", "name", "value", "qualifier", "low", "high", "arithmetic", "premises"}
    assert all(set(d) == keys for d in derived.values())


def test_partners_json_carries_the_implied_range(gpudeal: Run) -> None:
    partners = {p["id"]: p for p in json.loads(gpudeal("partners", "--json").stdout)}
    sk = partners["sk-group"]
    assert (sk["gpus"], sk["gpus_qualifier"]) == (None, None)  # the stated count stays as stated
    implied = {k: v for k, v in sk.items() if k.startswith("gpus_implied")}
    assert implied == {
        "gpus_implied": 139_999,  # the bound its qualifier names
        "gpus_implied_qualifier": "at_most",
        "gpus_implied_low": 0,
        "gpus_implied_high": 139_999,
        "gpus_implied_basis": "supply − stated partner counts, if total-includes-supply, allocations-in-supply,"
        f" via-partner-no-allocation, companies-apart: {ISSUE_EXAMPLE}",
    }
    for pid, partner in partners.items():
        if pid != "sk-group":
            assert all(partner[k] is None for k in implied), pid
    assert partners["samsung"]["commitment"] == "plans" and partners["kakao"]["commitment"] is None


@pytest.mark.parametrize(
    ("edits", "expected", "verdicts"),
    [
        pytest.param(
            [ALL_EXACT],
            {
                "stated partner sum": (210_000, "exactly", 210_000, 210_000),
                "remainder": (50_000, "exactly", 50_000, 50_000),
                "stock before the deal": (40_000, "exactly", 40_000, 40_000),
                "growth factor": (7.5, "exactly", 7.5, 7.5),
            },
            {"partner counts within the headline": "ok", "recipient's place in the ranking": "ok"},
            id="every count exactly",
        ),
        pytest.param(
            [(HEADLINE, "gpus: 260000\n  gpus_qualifier: exactly")],
            {
                "remainder": (49_998, "at_most", 0, 49_998),  # supply capped at 300,000: 260,000 stays
                "stock before the deal": (40_000, "exactly", 40_000, 40_000),
                "growth factor": (7.5, "exactly", 7.5, 7.5),
            },
            {"partner counts within the headline": "undetermined"},
            id="headline exactly, parts as shipped",
        ),
        pytest.param(
            [ALL_EXACT, ("gpus: 260000\n  gpus_qualifier: exactly", "gpus: 260000\n  gpus_qualifier: about")],
            {
                "stated partner sum": (210_000, "exactly", 210_000, 210_000),
                # about 260,000 is 255,000 to 265,000: half a unit of its last significant digit
                "remainder": (50_000, "about", 45_000, 55_000),
                "stock before the deal": (40_000, "about", 35_000, 45_000),
            },
            {"partner counts within the headline": "ok"},
            id="headline about, parts exact",
        ),
        pytest.param(
            [(HEADLINE, "gpus: 260000\n  gpus_qualifier: about")],
            {"remainder": (54_998, "at_most", 0, 54_998), "stock before the deal": (40_000, "about", 35_000, 45_000)},
            {"partner counts within the headline": "undetermined"},
            id="headline about, some parts more than",
        ),
    ],
)
def test_edited_copies(
    gpudeal: Run,
    write_facts,
    edits: list[tuple[str, str]],
    expected: dict[str, tuple[Any, ...]],
    verdicts: dict[str, str],
) -> None:  # type: ignore[no-untyped-def]
    code, rules, derived = check(gpudeal, "--facts", str(write_facts(edited(*edits))), *APART)
    assert code == 0
    assert {name: shape(derived[name]) for name in expected} == expected
    assert {rule: rules[rule]["verdict"] for rule in verdicts} == verdicts


def test_exact_headline_implied_share_is_an_upper_bound(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    path = write_facts(edited((HEADLINE, "gpus: 260000\n  gpus_qualifier: exactly")))
    sk = next(  # under the default premises: the ministry's and Naver Cloud's may overlap
        p for p in json.loads(gpudeal("partners", "--json", "--facts", str(path)).stdout) if p["id"] == "sk-group"
    )
    assert (sk["gpus_implied"], sk["gpus_implied_qualifier"], sk["gpus_implied_low"], sk["gpus_implied_high"]) == (
        99_999, "at_most", 0, 99_999,
    )  # fmt: skip
    assert sk["gpus_implied_basis"].endswith("= at most 99,999")
    table = " ".join(gpudeal("partners", "--facts", str(path), "--fields", "name,gpus").stdout.split())
    assert "SK Group not stated" in table and "99,999" not in table  # derived, so never in the GPUs column


@pytest.mark.parametrize(
    ("edit", "rule"),
    [
        (
            ("gpus: 260000\n  gpus_qualifier: more_than", "gpus: 210000\n  gpus_qualifier: exactly"),
            "partner counts within the headline",
        ),
        # 600,000 alone is more than South Korea's 300,000 in all, which the supply is part of
        (("gpus: 60000", "gpus: 600000"), "partner counts within the headline"),
    ],
)
def test_fail_only_when_the_ranges_prove_it(gpudeal: Run, write_facts, edit: tuple[str, str], rule: str | None) -> None:  # type: ignore[no-untyped-def]
    code, rules, _ = check(gpudeal, "--facts", str(write_facts(edited(edit))), *APART)
    assert code == (1 if rule else 0)
    assert rules["partner counts within the headline"]["verdict"] == ("fail" if rule else "undetermined")


def test_less_than_is_a_qualifier_of_facts_files(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    samsung = "gpus: 50000\n    gpus_qualifier: more_than\n    chip: null\n    commitment: plans"
    path = write_facts(edited((samsung, samsung.replace("more_than", "less_than"))))
    result = gpudeal("partners", "--facts", str(path), "--fields", "name,gpus")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Samsung +< 50,000", result.stdout)
    facts_schema = json.dumps(json_schema("facts"))
    assert '"less_than"' in facts_schema and '"according_to"' in facts_schema and '"commitment"' in facts_schema
    partners_schema = json_schema("partners")["$defs"]["PartnerView"]["properties"]
    assert {"gpus_implied_low", "gpus_implied_high", "commitment"} <= set(partners_schema)
    assert "nominal" in json.dumps(partners_schema["gpus_implied_qualifier"])


def test_no_human_view_shows_about_for_a_bounded_or_nominal_figure(gpudeal: Run) -> None:
    views = {
        "partners": gpudeal("partners").stdout,
        "chart": gpudeal("partners", "--chart").stdout,
        "show": gpudeal("show", "sk").stdout,
        "summary": gpudeal("summary").stdout,
        "check": gpudeal("check").stdout,
    }
    for name, out in views.items():
        # ≈ only before the one `about` count of the shipped facts (the United States' 20 million).
        assert re.findall(r"≈\S*", out) in ([], ["≈20,000,000"]), name
    for name in ("partners", "chart"):
        assert "not stated" in views[name] and "139,999" not in views[name], name  # derived: not a GPUs cell
    for name in ("show", "summary"):
        assert "≤ 139,999" in views[name], name
    assert "≤ 39,999" in views["summary"] and "≥ ×7.5" in views["summary"]
    assert "> 260,000" in views["summary"] and "> 50,000" in views["partners"]
    assert re.search(r"│ Commitment +│ intends to", views["show"])
    assert re.search(r'│ Chip excerpt +│ "en utilisant les puces RTX PRO 6000', views["show"])
    assert "$10 billion" in views["summary"] and "10,000,000,000" not in views["summary"]
    assert "$5 trillion" in views["summary"]
    assert HUANG in " ".join(views["summary"].split())  # summary says who says so too
    assert "undetermined" in views["check"]


def test_rank_says_who_says_so(gpudeal: Run) -> None:
    table = " ".join(gpudeal("rank").stdout.split())  # the caption wraps at the table's width
    assert f"#1, #2: according to {HUANG}." in table
    assert "#3: according to Ha Jung-woo, in a statement to The Korea Herald" in table
    entries = json.loads(gpudeal("rank", "--json").stdout)
    assert [e["according_to"] for e in entries][:2] == [HUANG, HUANG]
    assert all(e["according_to"] for e in entries)


def test_money_reads_as_people_write_it() -> None:
    assert money(10_000_000_000) == "$10 billion"
    assert money(5_000_000_000_000) == "$5 trillion"
    assert money(10_500_000_000) == "$10.5 billion"
    assert money(12_345_678_901) == "$12,345,678,901"  # the short form would round: never more certain
    assert money(250_000) == "$250,000"


# The interval arithmetic itself, in-process: fast, and every edge once.


def test_open_and_closed_ends_decide_the_verdicts() -> None:
    exactly = stated(260_000, "exactly")
    parts = total("parts", [stated(200_000, "more_than"), stated(60_000, "exactly")])  # at least 260,001
    assert at_most(parts.range, exactly.range) is False  # more than 260,000 cannot fit in exactly 260,000
    assert count_difference("rest", exactly, parts.operand()) is None
    under = total("parts", [stated(200_000, "less_than"), stated(60_000, "exactly")])  # 60,000 to 259,999
    assert at_most(under.range, exactly.range) is True
    rest = count_difference("rest", exactly, under.operand())
    assert rest is not None and (rest.qualifier, rest.low, rest.high) == ("between", 1, 200_000)
    assert rest.arithmetic.endswith("= at least 1 and at most 200,000")  # whole, closed ends
    # `about` has a width (half a unit of the last significant digit) and decides like any range.
    assert at_most(stated(270_000, "exactly").range, stated(260_000, "about").range) is False  # 255k to 265k
    assert at_most(stated(262_000, "exactly").range, stated(260_000, "about").range) is None
    assert at_most(stated(250_000, "exactly").range, stated(260_000, "about").range) is True
    assert at_most(stated(300_000, "exactly").range, stated(200, "about").range) is False


def test_at_least_and_at_most_are_closed_bounds() -> None:
    assert stated(50_000, "at_least").range[1:3] == (derive.Bound(Fraction(50_000)), None)
    assert stated(50_000, "at_most").range[1:3] == (derive.FLOOR, derive.Bound(Fraction(50_000)))
    assert stated(260_000, "more_than").range.low == derive.Bound(Fraction(260_001))  # counts are whole
    assert stated(40_000, "less_than").range.high == derive.Bound(Fraction(39_999))
    assert stated(4, "more_than", "factor").range.low == derive.Bound(Fraction(4), open=True)  # a factor is not
    both = total("sum", [stated(50_000, "at_least"), stated(10_000, "at_most")])
    assert (both.qualifier, both.low, both.high) == ("at_least", 50_000, None)
    assert within(stated(50_000, "exactly").range, stated(50_000, "at_least").range) is True
    assert within(stated(50_000, "exactly").range, stated(50_000, "more_than").range) is False
    assert derive.about_ends(20_000_000) == (15_000_000, 25_000_000)
    assert derive.about_ends(200) == (150, 250) and derive.about_ends(7) == (7, 7)  # a count is whole


def test_floor_ratio_and_claims() -> None:
    zero = count_difference("stock", stated(300_000, "exactly"), stated(300_000, "exactly"))
    assert zero is not None and (zero.value, zero.qualifier) == (0, "exactly")
    assert ratio("growth", stated(300_000, "exactly"), zero.operand()) is None  # nothing to divide by
    less = count_difference("stock", stated(300_000, "exactly"), stated(260_000, "less_than"))
    assert less is not None and (less.qualifier, less.low, less.high) == ("between", 40_001, 300_000)
    growth = ratio("growth", stated(300_000, "exactly"), less.operand())
    assert growth is not None and (growth.qualifier, growth.low) == ("between", 1)
    assert growth.high == pytest.approx(300_000 / 40_001)
    claim = stated(4, "more_than", "factor").range
    assert within(growth.range, claim) is None  # ×1 to ×7.5 neither proves nor breaks "more than ×4"
    assert within(stated(3, "exactly").range, claim) is False
    assert within(stated(4, "exactly").range, claim) is False  # open end: exactly ×4 is not more than ×4
    assert within(stated(5, "about").range, stated(9, "exactly").range) is False  # about 5 is 4.5 to 5.5
