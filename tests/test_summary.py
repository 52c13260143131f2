"""`gpudeal summary`: the deal at a glance."""

from __future__ import annotations

from tests.conftest import invoke


def test_summary_has_headline_investment_timeline_people() -> None:
    out = invoke("summary").stdout
    for shown in ("> 260,000", "$10 billion", "next year", "throughout the decade", "Bae Kyung-hoon", "≤ 139,999"):
        assert shown in out
