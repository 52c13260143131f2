"""`--export FILE`: what is written, that it says so, atomically, as an ordinary file, and what a bad path gets."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import Run


def test_check_and_show_export_and_say_what_they_wrote(gpudeal: Run, tmp_path: Path) -> None:
    for args, name in ((("check",), "check.html"), (("show", "samsung"), "samsung.txt")):
        result = gpudeal(*args, "--export", name)
        assert result.returncode == 0 and result.stderr == f"gpudeal: wrote {name}\n"
        assert (tmp_path / name).is_file()
    page = (tmp_path / "check.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<title>gpudeal check</title>" in page
    assert "samsung" in (tmp_path / "samsung.txt").read_text(encoding="utf-8")


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
