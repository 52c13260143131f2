"""`gpudeal check`, the implied values, charts and exports."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from gpu_cli.environment import Environment
from gpu_cli.loader import load_facts
from gpu_cli.queries import RANK_FIELDS, partner_records, rank_records
from gpu_cli.render.views import listing
from tests.conftest import SHIPPED, Run

TEXT = SHIPPED.read_text(encoding="utf-8")


def verdicts(gpudeal: Run, *args: str) -> tuple[int, dict[str, dict[str, str]]]:
    result = gpudeal("check", "--json", *args)
    assert result.stderr == ""
    return result.returncode, {r["rule"]: r for r in json.loads(result.stdout)}


def test_shipped_facts_check(gpudeal: Run) -> None:
    """Exit 0: nothing is proven broken. The derived numbers themselves: test_qualified_numbers.py."""
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
    assert "about 20,000,000 (15,000,000 to 25,000,000)" in result.stdout


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


FIXED = Environment(stdout=io.StringIO(), environ={"COLUMNS": "60"}, stdout_isatty=False)


def test_partner_chart_at_fixed_width() -> None:
    facts = load_facts(SHIPPED)
    env = Environment(stdout=io.StringIO(), environ={"COLUMNS": "70"}, stdout_isatty=False)
    out = "".join(listing(env, partner_records(facts), "table", fields=None, all_fields=(), table_columns=(), chart="name", title="GPUs per partner"))  # fmt: skip
    assert (
        out
        == (
            "GPUs per partner\n"
            # 70 columns - 27 (label) - 10 (value) - 2 gaps = 31 cells; 50,000 / 60,000 × 31 = 25.8
            "Ministry of Science and ICT " + "█" * 25 + "▊      > 50,000\n"
            "Samsung                     " + "█" * 25 + "▊      > 50,000\n"
            "SK Group                                                    not stated\n"  # a derived share is no bar
            "Hyundai Motor Group         " + "█" * 25 + "▊      50,000\n"
            "Naver Cloud                 " + "█" * 31 + " 60,000\n"
            "Kakao                                                       not stated\n"
            "NHN Cloud                                                   not stated\n"
        )
    )


def test_rank_chart_linear_and_log() -> None:
    records = rank_records(load_facts(SHIPPED))
    linear = "".join(
        listing(FIXED, records, "table", fields=None, all_fields=RANK_FIELDS, table_columns=(), chart="country")
    )
    log = "".join(
        listing(
            FIXED, records, "table", fields=None, all_fields=RANK_FIELDS, table_columns=(), chart="country", log=True
        )
    )
    assert linear.splitlines() == [
        "United States ██████████████████████████████████ ≈20,000,000",
        "China                                            not stated",
        "South Korea   ▌                                  300,000",
    ]
    # log10(300,001) / log10(20,000,001) × 34 cells = 25.5
    assert log.splitlines()[2] == "South Korea   █████████████████████████▌         300,000"


def test_chart_scales_to_terminal_width(gpudeal: Run) -> None:
    from tests.conftest import clean_env

    for width in (50, 120):
        out = gpudeal("rank", "--chart", env=clean_env(COLUMNS=str(width))).stdout
        assert max(len(line) for line in out.splitlines()) == width


def test_export_svg_html_txt(gpudeal: Run, tmp_path: Path) -> None:
    svg, html, txt = tmp_path / "p.svg", tmp_path / "p.html", tmp_path / "r.txt"
    assert gpudeal("partners", "--chart", "--export", str(svg)).returncode == 0
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert gpudeal("partners", "--export", str(html)).returncode == 0
    assert "<html" in html.read_text(encoding="utf-8").lower() and "Samsung" in html.read_text(encoding="utf-8")
    result = gpudeal("rank", "--chart", "--log", "--export", str(txt))
    assert txt.read_text(encoding="utf-8").strip() == result.stdout.strip()
    assert sorted(os.listdir(tmp_path)) == ["p.html", "p.svg", "r.txt"]  # no temp files left behind


def test_failed_export_leaves_the_previous_file(gpudeal: Run, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    target.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("deal: [", encoding="utf-8")
    result = gpudeal("partners", "--facts", str(bad), "--export", str(target))
    assert result.returncode == 1 and target.read_text(encoding="utf-8") == "previous"


def test_unwritable_export_path(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", "--export", str(tmp_path / "no" / "such" / "dir.svg"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("gpudeal: cannot write") and "Traceback" not in result.stderr


def test_export_needs_a_known_suffix(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", "--export", str(tmp_path / "x.png"))
    assert result.returncode == 2 and ".svg" in result.stderr


def test_export_that_fails_while_replacing_keeps_the_target(gpudeal: Run, tmp_path: Path) -> None:
    """The target is a directory: the rename fails after the temp file is written."""
    target = tmp_path / "taken.svg"
    target.mkdir()
    (target / "inside").write_text("keep", encoding="utf-8")
    result = gpudeal("partners", "--chart", "--export", str(target))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"gpudeal: cannot write {target}")
    assert (target / "inside").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.svg"]  # no temp file left


def test_export_is_an_ordinary_readable_file(gpudeal: Run, tmp_path: Path) -> None:
    target = tmp_path / "chart.txt"
    assert gpudeal("rank", "--export", str(target)).returncode == 0
    assert target.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600 (with a usual umask)
