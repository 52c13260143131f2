"""`gpudeal rank`: the table and JSON."""

from __future__ import annotations

import json

from tests.conftest import invoke


def test_rank_table_and_json() -> None:
    table = invoke("rank")
    assert "≈20,000,000" in table.stdout and "300,000" in table.stdout
    data = json.loads(invoke("rank", "--json").stdout)
    assert [(r["rank"], r["country"]) for r in data] == [(1, "United States"), (2, "China"), (3, "South Korea")]


def test_rank_notes_what_other_reports_say_of_the_counts(gpudeal, write_facts) -> None:  # type: ignore[no-untyped-def]
    """Yonhap and JoongAng Ilbo put Korea at "more than 300,000": the ranking
    says so under its table, as partners does, from the same verdicts."""
    from tests.conftest import SHIPPED

    out = gpudeal("rank").stdout.splitlines()
    at = out.index("Other reports (gpudeal corroborate):")
    assert out[at + 1 :] == [
        "  South Korea: 300,000 here; 300,000 in 3 other reports (3 independent), conflicting on the qualifier"
    ]
    chart = gpudeal("rank", "--chart").stdout
    assert "South Korea: 300,000 here;" in chart
    text = SHIPPED.read_text(encoding="utf-8")
    agreeing = "\n".join(
        line
        for line in text.splitlines()
        if not (line.startswith('  - {fact: "ranking[South Korea].gpus"') and "more_than" in line)
    )
    assert agreeing != text
    assert "Other reports" not in gpudeal("rank", "--facts", str(write_facts(agreeing + "\n"))).stdout
    assert "Other reports" not in gpudeal("rank", "--json").stdout
