"""Tables that fit: one screen at 100 columns, words and counts whole at 60, --wide, Markdown alignment, no trailing spaces."""

from __future__ import annotations

import re

import pytest

from gpu_cli.loader import load_facts
from gpu_cli.render.tables import _measure, fit_widths
from tests.conftest import SHIPPED, Run, clean_env, run_on_tty


def test_default_table_is_one_screen_at_100_columns_in_colour(gpudeal_bin: str) -> None:
    shown = on_terminal(gpudeal_bin, "partners", columns=100)
    assert "\x1b[" in shown  # a terminal gets colour
    lines = ESCAPES.sub("", shown).rstrip("\n").split("\n")
    rows, notes = lines[: 2 + len(FACTS.partners)], lines[2 + len(FACTS.partners) :]  # header, rule, a line each
    assert all(cells(line) <= 100 and line == line.rstrip() for line in lines)
    # SK Group reads `not stated`: a derived share is no GPUs cell, so no note for one; only the other reports'
    assert notes[0] == "Other reports (gpudeal corroborate):" and "139,999" not in "".join(notes)
    for partner, line in zip(FACTS.partners, rows[2:], strict=True):
        assert line.startswith(partner.name) and (partner.focus or "") in line
    assert lines[0].split() == ["Name", "Kind", "GPUs", "Chip", "Focus"]


def test_at_60_columns_words_and_counts_stay_whole(gpudeal_bin: str) -> None:
    shown = on_terminal(gpudeal_bin, "partners", columns=60, NO_COLOR="1")
    assert "\x1b[" not in shown  # NO_COLOR on a terminal
    lines = shown.rstrip("\n").split("\n")
    assert all(cells(line) <= 60 for line in lines)
    words = set(shown.split())
    for partner in FACTS.partners:  # every word of every cell, unbroken
        for text in (partner.name, partner.kind, partner.chip or "", partner.focus or ""):
            assert set(text.split()) <= words, text
    from gpu_cli.queries import partner_records
    from gpu_cli.render.tables import gpus_cell

    for record in partner_records(FACTS):  # each count as the table spells it, on one line
        assert any(gpus_cell(record).plain in line for line in lines), record["id"]


def test_wide_adds_the_long_columns(gpudeal: Run) -> None:
    wide = gpudeal("partners", "--wide").stdout
    assert wide.split("\n")[0].split()[-2:] == ["Purpose", "Provenance"]
    assert FACTS.partners[0].purposes[0] in wide and FACTS.partners[0].provenance in wide


def test_fit_keeps_counts_and_words_whole_and_wraps_nearly_as_little_as_possible() -> None:
    """In-process, over every width from the longest words to the natural
    width: the sizing rule against the best split found by brute force."""
    from itertools import product

    from rich.text import Text

    name = _measure([Text("Name"), *(Text(p.name) for p in FACTS.partners)], False)
    gpus = _measure([Text("GPUs"), Text("≈50,000 implied"), Text("50,000+")], True)
    chip = _measure([Text("Chip"), Text("RTX PRO 6000 Blackwell"), *[Text("")] * 6], False)  # nearly empty
    focus = _measure([Text("Focus"), *(Text(p.focus or "") for p in FACTS.partners)], False)
    columns = [name, gpus, chip, focus]
    assert fit_widths(columns, sum(c.natural for c in columns)) is None  # room enough: natural widths
    heights = [{w: c.height(w) for w in range(c.floor, c.natural + 1)} for c in columns]
    splits = [(sum(ws), sum(h[w] for h, w in zip(heights, ws, strict=True))) for ws in product(*heights)]
    for room in range(sum(c.floor for c in columns), sum(c.natural for c in columns)):
        widths = fit_widths(columns, room)
        assert widths is not None and sum(widths) <= room
        assert widths[1] == gpus.natural  # a count never wraps
        assert all(w >= c.floor for w, c in zip(widths, columns, strict=True))  # no word breaks
        best = min(lines for width, lines in splits if width <= room)
        assert sum(h[w] for h, w in zip(heights, widths, strict=True)) <= best + 1, room


def test_markdown_aligns_numbers_right(gpudeal: Run) -> None:
    lines = gpudeal("rank", "-f", "markdown", "--fields", "rank,country,gpus").stdout.split("\n")
    assert lines[1] == "| ---: | --- | ---: |"


def test_summary_and_check_speak_plainly_without_trailing_spaces(gpudeal_bin: str) -> None:
    summary = ESCAPES.sub("", on_terminal(gpudeal_bin, "summary", columns=200))
    assert "Naver Cloud, Kakao and NHN Cloud are also cloud partners of Ministry of Science and ICT" in summary
    assert "no GPU is counted twice" not in summary  # check: undetermined
    assert "whether any GPU is counted twice: undetermined (gpudeal check, counted_once)" in summary
    assert all(line == line.rstrip() for line in summary.split("\n"))
    check = ESCAPES.sub("", on_terminal(gpudeal_bin, "check", "--fields", "detail", columns=300))
    assert "(s)" not in summary + check and "are linked to another partner" in check


FACTS = load_facts(SHIPPED)


ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(gpudeal_bin: str, *args: str, columns: int, rows: int = 40, **env: str) -> str:
    """Run with stdout on a pseudo-terminal of `columns` × `rows` (its real
    size, no COLUMNS); return what the terminal got, lines without CR."""
    environ = {k: v for k, v in clean_env(**env).items() if k != "LINES"}
    return run_on_tty(gpudeal_bin, *args, env=environ, columns=columns, rows=rows).decode("utf-8").replace("\r\n", "\n")


def cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(ESCAPES.sub("", line))


@pytest.mark.parametrize(("args", "first"), [(("check",), "Premises:"), (("partners",), "Other reports")])
def test_an_indented_note_wraps_under_its_indent(gpudeal: Run, args: tuple[str, ...], first: str) -> None:
    """A premise or a partner's other reports is a block at its indent: its
    wrapped rows never fall back to the first column, where a heading stands."""
    shown = gpudeal(*args, env=clean_env(COLUMNS="44")).stdout.rstrip("\n").split("\n")
    notes = shown[next(i for i, line in enumerate(shown) if line.startswith(first)) + 1 :]
    assert len(notes) > 4  # they did wrap
    assert all(line.startswith("  ") and line[2] != " " and cells(line) <= 44 for line in notes), notes


def test_a_share_not_implied_is_a_dash_not_the_articles_silence(gpudeal: Run) -> None:
    table = gpudeal("partners", "--fields", "id,gpus,gpus_implied", env=clean_env(COLUMNS="100")).stdout
    rows = {line.split()[0]: line.split()[1:] for line in table.split("\n")[2:9]}
    assert table.split("\n")[0].split() == ["ID", "GPUs", "GPUs", "implied"]
    assert rows["samsung"] == [">", "50,000", "–"]  # stated: nothing to imply
    assert rows["sk-group"] == ["not", "stated", "≤", "139,999"]
    assert rows["kakao"] == ["not", "stated", "–"]  # reached through Naver's allocation: no share of its own
