"""--chart --export FILE.svg|png: a chart drawn by matplotlib, checked as an
image: its size and background read from the PNG, its text from the SVG's
<text> elements, and each qualifier's mark named in it."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED, Run

SVG = "{http://www.w3.org/2000/svg}"
README_CHART = ROOT / "docs" / "partners.svg"


def texts(path: Path) -> list[str]:
    return ["".join(node.itertext()) for node in ET.parse(path).iter(f"{SVG}text")]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_png_is_a_slide_with_a_light_background(gpudeal_process: Run, tmp_path: Path) -> None:
    result = gpudeal_process("partners", "--chart", "--export", "p.png")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "gpudeal: wrote p.png\n"
    assert "█" in result.stdout  # the terminal still gets its own chart
    assert png_size(tmp_path / "p.png") == (1280, 720)
    from matplotlib.image import imread

    pixels = imread(tmp_path / "p.png")
    assert pixels[5, 5][:3].min() > 0.95 and pixels[-5, -5][:3].min() > 0.95  # white corners, no dark window
    assert pixels[:, :, :3].mean() > 0.8


def test_size_sets_the_pixels(gpudeal: Run, tmp_path: Path) -> None:
    assert gpudeal("rank", "--chart", "--export", "r.png", "--size", "800x450").returncode == 0
    assert png_size(tmp_path / "r.png") == (800, 450)


def test_svg_text_is_text_with_every_partner_and_each_qualifier_mark(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", "--chart", "--export", "p.svg")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "p.svg").read_text(encoding="utf-8")
    shown = texts(tmp_path / "p.svg")
    for name in ("Ministry of Science and ICT", "Samsung", "SK Group", "Hyundai Motor Group", "Naver Cloud", "Kakao"):
        assert name in shown
    assert shown.count("> 50,000") == 2 and "60,000" in shown
    # SK Group's implied share is a bound of what is left, no allocation: a row without a bar, labelled
    assert "not stated; derived ≤ 139,999" in shown
    assert shown.count("not stated") == 2  # Kakao and NHN Cloud: a row, no bar
    assert "GPUs per partner" in shown and any(t.startswith("Source: ") and t.endswith("· gpudeal") for t in shown)
    # The article cites The Korea Herald for the ranking's words, not for these counts.
    assert not any("citing" in t for t in shown)
    assert "more than / at least: open-ended (fades on)" in shown and "derived (hatched)" not in shown
    for terminal in ("Fira Code", "@font-face", "terminal", "http://fonts", "https://"):
        assert terminal not in svg.replace("https://matplotlib.org", "")


def test_a_derived_bound_is_drawn_as_a_bound_and_hatched(gpudeal: Run, tmp_path: Path) -> None:
    """The article's stock before the deal (at most 39,999) beside what others report of it."""
    from gpu_cli.loader import load_facts
    from gpu_cli.reconcile import corroborate_records
    from gpu_cli.render.marks import report_marks

    assert gpudeal("corroborate", "derived.stock_before", "--chart", "--export", "d.svg").returncode == 0
    svg = (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert "derived (hatched)" in texts(tmp_path / "d.svg") and ("hatch" in svg or "<pattern" in svg)
    assert re.search(r"stroke-dasharray[^\"]*stroke: #b7791f", svg)  # an upper bound: dashed, as a stated `up to`
    records = [r for r in corroborate_records(load_facts(SHIPPED)) if r["fact"] == "derived.stock_before"]
    article = next(m for m in report_marks(records) if m.derived)
    assert (article.value, article.qualifier, article.low, article.high) == (39_999, "at_most", 0, 39_999)
    assert article.shown == "derived: ≤ 39,999"


def test_dollar_signs_stay_text(gpudeal: Run, tmp_path: Path, write_facts, facts_text: str) -> None:  # type: ignore[no-untyped-def]
    """matplotlib reads text between two `$` as mathematics unless told not to."""
    assert gpudeal("corroborate", "deal.investment.amount_usd", "--chart", "--export", "i.svg").returncode == 0
    assert any("$5 billion to $10 billion" in t for t in texts(tmp_path / "i.svg"))
    facts = write_facts(facts_text.replace("name: Samsung", "name: 'Samsung $x^2$ Co'"))
    assert gpudeal("partners", "--facts", str(facts), "--chart", "--export", "s.svg").returncode == 0
    assert "Samsung $x^2$ Co" in texts(tmp_path / "s.svg")


def placed_texts(path: Path) -> tuple[float, list[tuple[str, float, float, float]]]:
    """The SVG's width and each <text> as (text, left, right, baseline), its
    extent measured in the chart's font by matplotlib's own text layout."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    font = FontProperties(family="DejaVu Sans")
    root = ET.parse(path).getroot()
    width = float(root.get("width", "0").removesuffix("pt"))
    placed = []
    for node in root.iter(f"{SVG}text"):
        style = dict(part.split(": ", 1) for part in (node.get("style") or "").split("; ") if ": " in part)
        size = float(style.get("font-size", "10px").removesuffix("px"))
        text, x, y = "".join(node.itertext()), float(node.get("x", "0")), float(node.get("y", "0"))
        moved = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", node.get("transform") or "")
        if moved:  # lines of a wrapped text are placed by a transform
            x, y = x + float(moved[1]), y + float(moved[2])
        extent = TextPath((0, 0), text, size=size, prop=font, usetex=False).get_extents().width if text.strip() else 0
        left = {"middle": x - extent / 2, "end": x - extent}.get(style.get("text-anchor", "start"), x)
        placed.append((text, left, left + extent, y))
    return width, placed


@pytest.mark.parametrize(
    "args",
    [
        ("corroborate", "deal.investment.amount_usd", "--locale", "fr"),
        ("partners", "--size", "320x240"),
        ("partners", "--size", "640x360"),
        ("partners", "--size", "400x1200"),
        ("rank", "--log", "--size", "640x360"),
        ("corroborate", "partners[naver-cloud].gpus", "--log"),
    ],
)
def test_every_text_fits_and_no_two_on_a_line_overlap(gpudeal: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    """Long French amounts, small or tall sizes: tick labels thinned to fit,
    the title and credit wrapped, the legend below the axis label."""
    assert gpudeal(*args, "--chart", "--export", "c.svg").returncode == 0
    width, placed = placed_texts(tmp_path / "c.svg")
    for text, left, right, _ in placed:
        assert left >= -1 and right <= width + 1, (text, left, right, width)
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for text, left, right, y in placed:
        lines.setdefault(round(y), []).append((left, right, text))
    for row in lines.values():
        row.sort()
        for (_, end, one), (start, _, two) in pairwise(row):
            assert end <= start + 1, (one, two)
    labels = [t for t, *_ in placed]
    assert not any("×10" in t or "10^" in t for t in labels)  # a log axis writes numbers as the tables do
    if "--log" in args:
        assert sum(t.replace(",", "").isdigit() for t in labels) >= 3  # more than one labelled tick


def test_about_has_its_width_and_a_log_axis_says_so(gpudeal: Run, tmp_path: Path) -> None:
    assert gpudeal("rank", "--chart", "--log", "--export", "r.svg").returncode == 0
    shown = texts(tmp_path / "r.svg")
    assert "≈20,000,000" in shown and "not stated" in shown
    assert "GPUs (log scale)" in shown and "about: its width (error bar)" in shown
    assert "1,000,000" in shown  # the axis ticks, as the tables write numbers


def test_corroborate_charts_one_fact_source_by_source(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("corroborate", "deal.gpus", "--chart", "--export", "c.svg")
    assert result.returncode == 0, result.stderr
    shown = texts(tmp_path / "c.svg")
    assert "yonhap" in shown and "afp" in shown and "≤ 260,000" in shown and "≈260,000" in shown
    assert any(t.startswith("deal.gpus: conflict") for t in shown)
    assert "less than / at most: up to" in shown


def test_french_numbers_in_the_chart(gpudeal: Run, tmp_path: Path) -> None:
    assert gpudeal("partners", "--chart", "--export", "p.svg", "--locale", "fr").returncode == 0
    assert "> 50\u202f000" in texts(tmp_path / "p.svg")


def test_a_hostile_name_stays_text_in_the_svg(gpudeal: Run, tmp_path: Path, write_facts, facts_text: str) -> None:
    facts = write_facts(facts_text.replace("name: Samsung", "name: '<script>alert(1)</script>'"))
    assert gpudeal("partners", "--facts", str(facts), "--chart", "--export", "p.svg").returncode == 0
    assert "<script>alert(1)</script>" in texts(tmp_path / "p.svg")  # parsed as XML: escaped, not an element
    assert not list(ET.parse(tmp_path / "p.svg").iter(f"{SVG}script"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("partners", "--export", "p.png"), "a .png export is a picture of the chart; add --chart"),
        (("partners", "--chart", "--size", "800x450"), "--size is the size of a picture chart"),
        (("partners", "--chart", "--export", "p.txt", "--size", "800x450"), "--size is the size of a picture chart"),
        (("partners", "--chart", "--export", "p.png", "--size", "800"), "--size needs WIDTHxHEIGHT in pixels"),
        (("partners", "--chart", "--export", "p.png", "--size", "10x10"), "--size needs each side from 200"),
        (("partners", "--locale", "de"), "--locale 'de' is not one of en, fr"),
        (("partners", "--json", "--locale", "fr"), "--locale works with the table view only"),
        (("corroborate", "--chart", "--export", "c.svg"), "corroborate --chart draws one fact's reports"),
        (("corroborate", "deal.gpus", "--chart"), "corroborate --chart draws a picture; add --export"),
        (("check", "--export", "c.png"), "--export needs a file ending in .svg, .html, .txt, got 'c.png'"),
    ],
)
def test_picture_usage_errors(gpudeal: Run, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = gpudeal(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"gpudeal: error: {message}"), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_picture_says_so_and_fails(gpudeal: Run, tmp_path: Path) -> None:
    (tmp_path / "d.svg").mkdir()
    result = gpudeal("partners", "--chart", "--export", "d.svg")
    assert result.returncode == 1 and "█" in result.stdout
    assert "gpudeal: cannot write d.svg: is a directory" in result.stderr
    result = gpudeal("partners", "--chart", "--export", "missing/p.png")
    assert result.returncode == 1 and "gpudeal: cannot write missing/p.png: No such file or directory" in result.stderr


def test_the_readme_chart_is_what_the_command_draws_now(gpudeal: Run, tmp_path: Path) -> None:
    """docs/partners.svg is made by the README's command: `gpudeal partners --chart --export docs/partners.svg`."""
    assert gpudeal("partners", "--chart", "--export", "p.svg").returncode == 0
    assert (tmp_path / "p.svg").read_bytes() == README_CHART.read_bytes(), "re-run the README's command to update it"
    assert "gpudeal partners --chart --export docs/partners.svg" in (ROOT / "README.md").read_text(encoding="utf-8")
