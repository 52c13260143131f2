"""Narrow terminals, on a real pseudo-terminal of 20, 40 and 80 columns: below
the width a table needs, each row becomes a block of `label  value` lines, so
names and numbers are always shown whole, and a number's groups (`50 000`)
never break across lines."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, SHIPPED, Run, clean_env, needs_article, run_on_tty

NAMES = [
    "Ministry of Science and ICT",
    "Samsung",
    "SK Group",
    "Hyundai Motor Group",
    "Naver Cloud",
    "Kakao",
    "NHN Cloud",
]
COUNTS = ["> 50,000", "50,000", "60,000", "not stated"]


def screen(gpudeal_bin: str, columns: int, *args: str, status: int = 0) -> list[str]:
    raw = run_on_tty(gpudeal_bin, *args, env=clean_env(NO_COLOR="1", TERM="xterm"), columns=columns, status=status)
    lines = raw.decode("utf-8").replace("\r\n", "\n").split("\n")
    assert all(len(line) <= columns for line in lines), [line for line in lines if len(line) > columns]
    return lines


def words_whole(lines: list[str], phrase: str) -> bool:
    """Every word of `phrase` is on some line as a whole word (punctuation beside it aside)."""
    tokens = {token.strip(".,;:()'\"") for line in lines for token in line.split()}
    return all(word in tokens for word in phrase.split())


@pytest.mark.parametrize("columns", [20, 40, 80])
def test_partners_shows_every_name_and_count_whole(gpudeal_bin: str, columns: int) -> None:
    lines = screen(gpudeal_bin, columns, "partners")
    text = "\n".join(lines)
    for name in NAMES:
        assert words_whole(lines, name), (columns, name, text)
    for word in ("government", "conglomerate", "cloud", "Blackwell"):
        assert words_whole(lines, word), (columns, word, text)
    for count in COUNTS:
        assert any(count in line for line in lines), (columns, count, text)


@pytest.mark.parametrize("columns", [20, 40, 80])
def test_rank_and_check_stay_whole(gpudeal_bin: str, columns: int) -> None:
    rank = screen(gpudeal_bin, columns, "rank")
    for country in ("United States", "China", "South Korea"):
        assert words_whole(rank, country), (columns, rank)
    assert any("≈20,000,000" in line for line in rank)
    check = screen(gpudeal_bin, columns, "check")
    assert sum("undetermined" in line.split() for line in check) >= 2, check
    assert not any(re.search(r"undeterm$|^\s*ined", line) for line in check)


@pytest.mark.parametrize("columns", [40, 80])
def test_wide_partners_never_split_a_number_or_a_word(gpudeal_bin: str, columns: int) -> None:
    lines = screen(gpudeal_bin, columns, "partners", "--wide")
    assert words_whole(lines, "government")
    assert sum("50 000" in line for line in lines) >= 2, "\n".join(lines)  # the excerpts' French numbers, whole
    assert not any(re.search(r"\b\d{1,3}$", line.rstrip()) and "000" in nxt.split()[:1]
                   for line, nxt in itertools.pairwise(lines))  # fmt: skip


@needs_article
@pytest.mark.parametrize("columns", [20, 40, 80])
def test_verify_keeps_its_paths_whole(gpudeal_bin: str, columns: int) -> None:
    lines = screen(gpudeal_bin, columns, "verify", str(ARTICLE), "--facts", str(SHIPPED))
    tokens = {token for line in lines for token in line.split()}
    assert "deal.investment.amount_usd" in tokens or columns < len("deal.investment.amount_usd") + 2
    assert "ok" in tokens


def test_a_wide_terminal_keeps_the_table(gpudeal_bin: str) -> None:
    lines = screen(gpudeal_bin, 120, "partners")
    assert lines[0].split() == ["Name", "Kind", "GPUs", "Chip", "Focus"]


def figures_whole(lines: list[str], *figures: str) -> bool:
    return all(any(f in line for line in lines) for f in figures)


@pytest.mark.parametrize("columns", [20, 40])
def test_show_stays_whole(gpudeal_bin: str, columns: int) -> None:
    lines = screen(gpudeal_bin, columns, "show", "sk-group")
    assert words_whole(lines, "SK Group RTX PRO 6000 Blackwell conglomerate")
    assert figures_whole(lines, "≤ 139,999", "not stated")
    samsung = screen(gpudeal_bin, columns, "show", "samsung")
    assert figures_whole(samsung, "> 50,000", "50 000", "(≤ 50,000)")
    assert not any(re.search(r"[<>≤≥]$", line.rstrip()) for line in lines + samsung)  # a sign never left behind


@pytest.mark.parametrize("columns", [20, 40])
def test_summary_stays_whole(gpudeal_bin: str, columns: int) -> None:
    lines = screen(gpudeal_bin, columns, "summary")
    assert not any("┌" in line for line in lines) or columns > 20  # stacked below the width a block needs
    assert words_whole(lines, "Ministry of Science and ICT Jensen Huang Bae Kyung-hoon Gyeongju")
    assert figures_whole(lines, "> 260,000", "≤ $10 billion", "≤ 39,999", "≥ ×7.5", "(≤ 260,000)")
    assert not any(re.search(r"[<>≤≥]$", line.rstrip()) for line in lines)


@pytest.mark.parametrize("columns", [20, 40])
def test_diff_stays_whole(gpudeal_bin: str, columns: int, tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    at = text.index("gpus: 60000")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text[:at] + "gpus: 65000" + text[at + len("gpus: 60000") :], encoding="utf-8")
    lines = screen(gpudeal_bin, columns, "diff", str(SHIPPED), str(edited), status=1)
    assert figures_whole(lines, "60,000", "65,000", "≥ 160,001", "≥ 165,001")
    tokens = {token for line in lines for token in line.split()}
    assert "changed" in tokens  # stacked: the mark written as the kind of change
    for path in ("partners[naver-cloud].gpus", "derived.remainder"):  # whole wherever it fits on a line
        assert path in tokens or len(path) > columns, (path, lines)


def test_a_path_wider_than_the_terminal_breaks_where_a_path_does(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    """At 20 columns `partners[naver-cloud].gpus` is cut after its `-`, `.`
    or `]`, or before its `[`, never inside a word (`stated_partn` / `er_sum`)."""
    corrected = write_facts(SHIPPED.read_text(encoding="utf-8").replace("gpus: 60000", "gpus: 65000"))
    lines = gpudeal("diff", str(SHIPPED), str(corrected), env=clean_env(COLUMNS="20")).stdout.split("\n")
    paths = []
    for index, line in enumerate(lines):
        if line == "Path":
            piece = []
            for value in lines[index + 1 :]:
                if not value.startswith("  "):
                    break
                piece.append(value.strip())
            paths.append(piece)
    assert ["partners[naver-", "cloud].gpus"] in paths and ["derived.", "stated_partner_sum"] in paths
    for piece in paths:
        assert all(len(part) <= 18 for part in piece)
        assert all(a.endswith((".", "-", "]", "/")) or b.startswith("[") for a, b in itertools.pairwise(piece))
