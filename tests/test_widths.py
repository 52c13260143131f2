"""Widths: charts measured in display cells from 30 to 300 columns (Korean
names, combining accents), absurd COLUMNS clamped, exports as wide as their
content whatever stdout is. Display widths are read with wcwidth, not with the
rich functions the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

from gpu_cli.environment import MAX_COLUMNS, Environment
from gpu_cli.render.charts import bars_for
from gpu_cli.render.views import listing
from tests.conftest import SHIPPED, Run, clean_env, run_on_tty

BLOCKS = "█▏▎▍▌▋▊▉░"
WIDE_NAMES = {  # shipped name → a name as wide, or as tricky, as real ones get
    "name: Samsung": "name: 삼성전자",
    "name: SK Group": "name: SK 그룹 Société Générale de Café",  # é as e + U+0301
    "name: Naver Cloud": "name: 네이버 클라우드",
}


def wide_facts(tmp_path: Path) -> tuple[Path, list[str]]:
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in WIDE_NAMES.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    names = re.findall(r"^    name: (.*)$", text.split("\npartners:", 1)[1].split("\nranking:", 1)[0], re.M)
    return path, names


def assert_chart_fits(out: str, width: int, labels: list[str], shown: list[str]) -> None:
    """Every line within `width` cells, one line per bar (nothing wrapped), bars
    and values each starting in one column, labels whole or cut with `…`."""
    lines = out.rstrip("\n").split("\n")
    assert all(wcswidth(line) <= width for line in lines), (width, [wcswidth(line) for line in lines])
    rows = lines[1 : 1 + len(labels)]  # the title, then exactly one line per bar
    assert all(not line.startswith(tuple(BLOCKS)) for line in lines[1 + len(labels) :])  # then only notes
    value_columns = set()
    bar_columns = set()
    for row, label, value in zip(rows, labels, shown, strict=True):
        assert row.endswith(value)
        value_columns.add(wcswidth(row) - wcswidth(value))
        head = row[: len(row) - len(value)]
        bar_at = next((index for index, ch in enumerate(head) if ch in BLOCKS), None)
        if bar_at is not None:
            bar_columns.add(wcswidth(head[:bar_at]))
        cell = head.rstrip(BLOCKS + " ")
        assert cell == label.rstrip() or (cell.endswith("…") and label.startswith(cell[:-1])), (cell, label)
    assert len(value_columns) == 1 and len(bar_columns) <= 1


def test_korean_and_combining_names_at_30_50_80_columns(gpudeal: Run, tmp_path: Path) -> None:
    path, names = wide_facts(tmp_path)
    shown = [bar.shown for bar in bars_for(_records(path), "name")]
    for width in (30, 50, 80):
        result = gpudeal("partners", "--chart", "--facts", str(path), env=clean_env(COLUMNS=str(width)))
        assert result.returncode == 0, result.stderr
        assert_chart_fits(result.stdout, width, names, shown)
        if width == 30:
            assert "…" in result.stdout


def _records(path: Path) -> list[dict[str, object]]:
    from gpu_cli.loader import load_facts
    from gpu_cli.queries import partner_records

    return partner_records(load_facts(path))


LABEL_CHARS = "abcXYZ 019" + "삼성전자네이버" + "中国日本" + "ＡＢＣ" + "\u0301\u0308\u0327"


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.text(st.sampled_from(LABEL_CHARS), min_size=1, max_size=40), min_size=1, max_size=6),
    counts=st.lists(st.one_of(st.none(), st.integers(0, 10**9)), min_size=6, max_size=6),
    width=st.integers(30, 300),
)
def test_any_labels_fit_any_width(labels: list[str], counts: list[int | None], width: int) -> None:
    records = [
        {"name": label, "gpus": count, "gpus_qualifier": "more_than" if count else None}
        for label, count in zip(labels, counts, strict=False)
    ]
    env = Environment(environ={"COLUMNS": str(width)}, stdout_isatty=False)
    out = "".join(listing(env, records, "table", fields=None, all_fields=(), columns=(), chart="name", title="GPUs"))
    assert_chart_fits(out, width, labels, [bar.shown for bar in bars_for(records, "name")])


def test_absurd_columns_are_clamped(gpudeal: Run) -> None:
    """COLUMNS=99999999999 was a MemoryError; 100000000 a minute and 1.7 GB."""
    for columns, args in (
        ("99999999999", ("rank", "--chart")),
        ("100000000", ("rank", "--chart")),
        ("100000000", ("--help",)),
        ("100000000", ("partners",)),
    ):
        result = gpudeal(*args, env=clean_env(COLUMNS=columns), timeout=30)
        assert (result.returncode, result.stderr) == (0, ""), args
        assert max(wcswidth(line) for line in result.stdout.splitlines()) <= MAX_COLUMNS, args


def _svg_width(path: Path) -> float:
    found = re.search(r'viewBox="0 0 ([\d.]+) ', path.read_text(encoding="utf-8"))
    assert found
    return float(found.group(1))


def _widest(path: Path) -> int:
    return max(wcswidth(line) for line in path.read_text(encoding="utf-8").splitlines())


def test_export_width_does_not_depend_on_stdout(gpudeal: Run, gpudeal_bin: str, tmp_path: Path) -> None:
    """A pipe is 100,000 columns wide to rich: the SVG was 1.2 million pixels.
    An export is its content's natural width (at most 160 columns), or COLUMNS."""
    assert gpudeal("partners", "--chart", "--export", "piped.svg").returncode == 0
    assert _svg_width(tmp_path / "piped.svg") < 1500  # 80 columns of chart
    assert gpudeal("partners", "--export", "table.txt").returncode == 0
    assert 60 < _widest(tmp_path / "table.txt") <= 160
    assert gpudeal("partners", "--chart", "--export", "c120.txt", env=clean_env(COLUMNS="120")).returncode == 0
    assert 80 < _widest(tmp_path / "c120.txt") <= 120
    # On a 300-column terminal: the screen gets 300 columns, the export its natural width, capped.
    screen = run_on_tty(gpudeal_bin, "partners", "--chart", "--color", "never", "--export", str(tmp_path / "tty.txt"), env=clean_env(), columns=300)  # fmt: skip
    assert 160 < max(wcswidth(line) for line in screen.decode("utf-8").splitlines()) <= 300
    assert _widest(tmp_path / "tty.txt") <= 160


def test_chart_fits_a_30_column_terminal(gpudeal_bin: str, tmp_path: Path) -> None:
    path, names = wide_facts(tmp_path)
    screen = run_on_tty(gpudeal_bin, "partners", "--chart", "--facts", str(path), "--color", "never", env=clean_env(), columns=30)  # fmt: skip
    shown = [bar.shown for bar in bars_for(_records(path), "name")]
    assert_chart_fits(screen.decode("utf-8").replace("\r\n", "\n"), 30, names, shown)
