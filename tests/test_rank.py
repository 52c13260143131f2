"""`gpudeal rank`: the table and JSON."""

from __future__ import annotations

import json

from tests.conftest import invoke


def test_rank_table_and_json() -> None:
    table = invoke("rank")
    assert "≈20,000,000" in table.stdout and "300,000" in table.stdout
    data = json.loads(invoke("rank", "--json").stdout)
    assert [(r["rank"], r["country"]) for r in data] == [(1, "United States"), (2, "China"), (3, "South Korea")]
