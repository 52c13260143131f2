"""Narrow terminals, on a real pseudo-terminal of 20, 40 and 80 columns: below
the width a table needs, each row becomes a block of `label  value` lines, so
names and numbers are always shown whole, and a number's groups (`50 000`)
never break across lines."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.conftest import ARTICLE, SHIPPED, clean_env, needs_article, run_on_tty

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


def screen(gpudeal_bin: str, columns: int, *args: str) -> list[str]:
    raw = run_on_tty(gpudeal_bin, *args, env=clean_env(NO_COLOR="1", TERM="xterm"), columns=columns)
    lines = raw.decode("utf-8").replace("\r\n", "\n").split("\n")
    assert all(len(line) <= columns for line in lines), [line for line in lines if len(line) > columns]
    return lines


def words_whole(lines: list[str], phrase: str) -> bool:
    """Every word of `phrase` is on some line as a whole word."""
    tokens = {token for line in lines for token in line.split()}
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
