"""Empty values are refused where they mean nothing: a name, an excerpt, a
note of "" or of spaces says nothing and would leak into sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHIPPED, Run

TEXT = SHIPPED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("name: Naver Cloud", 'name: ""', "partners[4].name"),
        ("name: Naver Cloud", "name: '   '", "partners[4].name"),
        ("country: China", 'country: ""', "ranking[1].country"),
        ('provenance: "plus de 260 000 GPU d’IA avancés"', 'provenance: ""', "deal.provenance"),
    ],
)
def test_an_empty_text_is_refused_with_its_line(gpudeal: Run, tmp_path: Path, old: str, new: str, path: str) -> None:
    assert old in TEXT, old
    facts = tmp_path / "facts.yaml"
    facts.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    line = TEXT.split(old)[0].count("\n") + 1
    for command in (("partners",), ("check",), ("summary",)):
        result = gpudeal(*command, "--facts", str(facts))
        assert result.returncode in (1, 2) and result.stdout == "", result.stderr
        assert f"{path} (line {line}): must not be" in result.stderr, result.stderr
        assert "leave the key out" in result.stderr
