"""Line numbers and excerpts in error messages are right whatever ends the
lines: LF, CR LF, CR alone (old Mac files), and for YAML NEL and U+2028."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHIPPED, Run

LINES = ["deal:", "  announced_at: APEC: Gyeongju", "partners: []", "# the end of the file"]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\x85", "\u2028"])
def test_a_yaml_mistake_is_shown_on_its_own_line(gpudeal: Run, tmp_path: Path, end: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(end.join(LINES).encode("utf-8"))
    result = gpudeal("partners", "--facts", str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "line 2, column 21" in lines[0], result.stderr
    assert lines[1] == "gpudeal:   2 |   announced_at: APEC: Gyeongju"
    assert lines[2].endswith("^") and lines[2].index("^") == lines[1].index("APEC: G") + len("APEC")
    assert "the end of the file" not in result.stderr


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_json_mistake_is_shown_on_its_own_line(gpudeal: Run, tmp_path: Path, end: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(end.join(['{"deal": {', '  "gpus": 1,', "  }", '"partners": []}']).encode("utf-8"))
    result = gpudeal("partners", "--facts", str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "line 3, column 3" in lines[0], result.stderr
    assert lines[1] == "gpudeal:   3 |   }"


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_validation_problems_and_bad_bytes_name_the_right_line(gpudeal: Run, tmp_path: Path, end: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    wrong = text.replace("gpus: 60000", "gpus: lots")
    line = wrong.split("\n").index(next(x for x in wrong.split("\n") if "gpus: lots" in x)) + 1
    path = tmp_path / "facts.yaml"
    path.write_bytes(wrong.replace("\n", end).encode("utf-8"))
    result = gpudeal("partners", "--facts", str(path))
    assert f"(line {line}): must be an integer" in result.stderr, result.stderr
    path.write_bytes(end.join(["deal:", "  note: caf\xe9".encode("latin-1").decode("latin-1")]).encode("latin-1"))
    result = gpudeal("partners", "--facts", str(path))
    assert "line 2: not UTF-8 text" in result.stderr, result.stderr
