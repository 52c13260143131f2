"""`gpudeal partners`: the table and the JSON contract."""

from __future__ import annotations

import json

from tests.conftest import invoke


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
