"""`gpudeal show PARTNER`: by id or name prefix, unknown and ambiguous queries."""

from __future__ import annotations

import pytest

from tests.conftest import invoke


@pytest.mark.parametrize("query", ["samsung", "SAM", "Samsung", "sams"])
def test_show_matches_id_or_name_prefix(query: str) -> None:
    result = invoke("show", query)
    assert result.returncode == 0
    assert "une « usine IA » comprenant plus de 50 000 GPU" in result.stdout


def test_show_unknown_lists_ids() -> None:
    result = invoke("show", "apple")
    assert result.returncode == 1
    assert "valid ids:" in result.stderr and "sk-group" in result.stderr
    assert result.stdout == ""


def test_show_ambiguous_prefix() -> None:
    result = invoke("show", "s")
    assert result.returncode == 1 and "samsung, sk-group" in result.stderr
