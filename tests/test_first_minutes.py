"""A newcomer's first five minutes (issue 11), through the installed command:
tables that fit a real terminal, one voice for usage errors, did-you-mean,
no silent no-ops, help that reads right, completion that knows the data,
facts-file errors that point, and the small things a user notices."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from gpu_cli.loader import load_facts
from gpu_cli.render.tables import _measure, fit_widths
from tests.conftest import SHIPPED, Run, clean_env, run_in_process, run_on_tty

FACTS = load_facts(SHIPPED)
TEXT = SHIPPED.read_text(encoding="utf-8")
ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(gpudeal_bin: str, *args: str, columns: int, rows: int = 40, **env: str) -> str:
    """Run with stdout on a pseudo-terminal of `columns` × `rows` (its real
    size, no COLUMNS); return what the terminal got, lines without CR."""
    environ = {k: v for k, v in clean_env(**env).items() if k != "LINES"}
    return run_on_tty(gpudeal_bin, *args, env=environ, columns=columns, rows=rows).decode("utf-8").replace("\r\n", "\n")


def cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(ESCAPES.sub("", line))


# 1. Tables that fit


def test_default_table_is_one_screen_at_100_columns_in_colour(gpudeal_bin: str) -> None:
    shown = on_terminal(gpudeal_bin, "partners", columns=100)
    assert "\x1b[" in shown  # a terminal gets colour
    lines = ESCAPES.sub("", shown).rstrip("\n").split("\n")
    rows, notes = lines[: 2 + len(FACTS.partners)], lines[2 + len(FACTS.partners) :]  # header, rule, a line each
    assert all(cells(line) <= 100 and line == line.rstrip() for line in lines)
    assert [note.split(":")[0] for note in notes] == ["SK Group", "nominal"]  # what the implied share is
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


# 2, 3, 4. One voice for usage errors, did-you-mean, no silent no-ops

USAGE = [
    (("partners", "--kind", "Gov"), "invalid value for --kind: 'Gov' is not one of government, conglomerate, cloud; did you mean 'government'?"),
    (("partners", "--log"), "no such option: --log"),
    (("partners", "--srot", "gpus"), "no such option: --srot; did you mean '--sort'?"),
    (("show",), "missing argument 'PARTNER'"),
    (("show", ""), "PARTNER is empty; give a partner id or the start of a name"),
    (("partners", "--sort", "gpu"), "cannot sort by 'gpu'; did you mean 'gpus'?"),
    (("rank", "-f", "jsn"), "invalid value for --format: 'jsn' is not one of table, json, jsonl, yaml, csv, tsv, markdown; did you mean 'json'?"),
    (("partners", "--reverse"), "--reverse needs --sort"),
    (("rank", "--log"), "--log needs --chart"),
    (("partners", "--fields", "name,gpus,name"), "--fields names 'name' twice"),
    (("partners", "--wide", "--json"), "--wide works with the table view only, not with --format json"),
    (("partnrs",), "no such command 'partnrs'; did you mean 'partners'?"),
]  # fmt: skip


def expected_usage(args: tuple[str, ...], message: str) -> str:
    command = "gpudeal" if args[0] == "partnrs" else f"gpudeal {args[0]}"
    return f"gpudeal: error: {message}\nTry '{command} --help'.\n"


@pytest.mark.parametrize("args, message", USAGE, ids=[" ".join(a) or "''" for a, _ in USAGE])
def test_usage_errors_speak_with_one_voice(args: tuple[str, ...], message: str) -> None:
    """In-process through the real main; the next test samples the console script."""
    result = run_in_process([*args, "--facts", "/nonexistent"])
    assert (result.returncode, result.stdout) == (2, "")  # usage is judged before the facts are read
    assert result.stderr == expected_usage(args, message)


@pytest.mark.parametrize("case", [0, 8])  # a choice checked while Click parses; gpudeal's own usage error
def test_the_console_script_speaks_the_same(gpudeal_process: Run, case: int) -> None:
    args, message = USAGE[case]
    result = gpudeal_process(*args, "--facts", "/nonexistent")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected_usage(args, message))


def test_a_mistyped_partner_gets_one_suggestion_and_spaces_are_ignored(gpudeal: Run) -> None:
    typo = gpudeal("show", "samsng")
    assert (typo.returncode, typo.stderr) == (1, "gpudeal: no partner matches 'samsng'; did you mean 'samsung'?\n")
    assert json.loads(gpudeal("show", "  Naver ", "--json").stdout)["id"] == "naver-cloud"


# 5. Help that reads right


def test_help_reads_right_at_80_and_60_columns(gpudeal: Run) -> None:
    wide = gpudeal("partners", "--help", env=clean_env(COLUMNS="80")).stdout
    assert "<bool>" not in wide and "government, conglomerate or cloud" in " ".join(w for w in wide.split() if w != "│")
    for word in ("government", "conglomerate", "cloud", "markdown", "jsonl"):  # no choice broken mid-word
        assert re.search(rf"\b{word}\b", wide), word
    narrow = gpudeal("show", "--help", env=clean_env(COLUMNS="60")).stdout
    assert "Usage: gpudeal show PARTNER [OPTIONS]" in narrow
    assert all(cells(line) <= 60 for line in narrow.split("\n"))


@pytest.mark.parametrize("command", ["", "partners", "rank", "show", "summary", "check", "verify", "schema"])
def test_every_example_is_whole_on_one_line_at_60_columns(command: str) -> None:
    """In-process through the real main: the same help the console script prints."""
    from gpu_cli.cli import root

    args = [command, "--help"] if command else ["--help"]
    shown = run_in_process(args, clean_env(COLUMNS="60")).stdout
    function = root if not command else getattr(__import__(f"gpu_cli.commands.{command}", fromlist=["_"]), command)
    examples = [line.strip() for line in function.__doc__.split("Examples")[1].splitlines() if "gpudeal" in line]
    assert examples
    for example in examples:
        assert any(line.strip() == example for line in shown.split("\n")), example


# 6. Every view as data (what is in this branch's scope)


def test_check_and_show_export_and_say_what_they_wrote(gpudeal: Run, tmp_path: Path) -> None:
    for args, name in ((("check",), "check.html"), (("show", "samsung"), "samsung.txt")):
        result = gpudeal(*args, "--export", name)
        assert result.returncode == 0 and result.stderr == f"gpudeal: wrote {name}\n"
        assert (tmp_path / name).is_file()
    page = (tmp_path / "check.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<title>gpudeal check</title>" in page
    assert "samsung" in (tmp_path / "samsung.txt").read_text(encoding="utf-8")


def test_schema_takes_facts_like_every_command(gpudeal: Run) -> None:
    result = gpudeal("schema", "show", "--facts", str(SHIPPED))
    assert result.returncode == 0 and json.loads(result.stdout)["title"] == "gpudeal show"


# 7. Completion that knows the data


def complete(gpudeal: Run, shell: str, words: str, **env: str) -> str:
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = gpudeal(env=clean_env(_GPUDEAL_COMPLETE=f"complete_{shell}", **env))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_completion_offers_partner_ids_from_the_facts_in_use(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    assert complete(gpudeal, "bash", "gpudeal show s").split() == ["samsung", "sk-group"]
    renamed = TEXT.replace("id: samsung", "id: samsung-electronics").replace(" samsung,", " samsung-electronics,")
    mine = write_facts(renamed)  # the collaborators list names the id too
    assert complete(gpudeal, "bash", "gpudeal show sa", GPUDEAL_FACTS=str(mine)).split() == ["samsung-electronics"]
    assert complete(gpudeal, "fish", "gpudeal show n").split("\n")[:2] == [
        "naver-cloud\tNaver Cloud",
        "nhn-cloud\tNHN Cloud",
    ]


def test_completion_offers_field_names(gpudeal: Run) -> None:
    assert complete(gpudeal, "bash", "gpudeal rank --sort c").split() == ["country"]
    zsh = complete(gpudeal, "zsh", "gpudeal partners --fields name,gpus_i")
    assert '"name,gpus_implied"' in zsh and '"name,gpus_implied_basis"' in zsh and "name,name" not in zsh


def test_show_completion_prints_the_named_shell_not_the_detected_one(gpudeal: Run) -> None:
    result = gpudeal("--show-completion", "zsh", env=clean_env(SHELL="/bin/bash"))  # run from bash
    assert result.returncode == 0 and result.stdout.startswith("#compdef gpudeal")


def test_bash_completes_through_the_printed_script(gpudeal_bin: str, tmp_path: Path) -> None:
    """A real bash sources `--show-completion bash` and completes `gpudeal show n`."""
    script = """
        source <(gpudeal --show-completion bash)
        COMP_WORDS=(gpudeal show n); COMP_CWORD=2
        _gpudeal_completion gpudeal
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    path = f"{Path(gpudeal_bin).parent}:{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "--norc", "-c", script], capture_output=True, text=True, env=clean_env(PATH=path), cwd=tmp_path
    )
    assert result.stdout.split() == ["naver-cloud", "nhn-cloud"], result.stderr


# 8. Facts-file errors that point


def test_yaml_syntax_error_shows_the_line_and_a_caret(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    path = write_facts("deal:\n  supplier: Nvidia: the supplier\n")
    result = gpudeal("partners", "--facts", str(path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.split("\n") == [
        f"gpudeal: invalid facts file {path}: line 2, column 19: a `key: value` where a value was expected; check the indentation",
        "gpudeal:   2 |   supplier: Nvidia: the supplier",
        "gpudeal:     |                   ^",
        "",
    ]
    tab = write_facts("deal:\n\tsupplier: Nvidia\n", name="tab.yaml")
    assert "line 2, column 1: a tab; YAML indents with spaces only" in gpudeal("check", "--facts", str(tab)).stderr


def test_an_error_in_the_file_named_by_the_environment_says_so(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", env=clean_env(GPUDEAL_FACTS=str(tmp_path / "gone.yaml")))
    assert (
        result.stderr
        == f"gpudeal: invalid facts file {tmp_path / 'gone.yaml'} (named by $GPUDEAL_FACTS): no such file\n"
    )


# 9. Small things a user notices


def test_markdown_aligns_numbers_right(gpudeal: Run) -> None:
    lines = gpudeal("rank", "-f", "markdown", "--fields", "rank,country,gpus").stdout.split("\n")
    assert lines[1] == "| ---: | --- | ---: |"


def test_summary_and_check_speak_plainly_without_trailing_spaces(gpudeal_bin: str) -> None:
    summary = ESCAPES.sub("", on_terminal(gpudeal_bin, "summary", columns=200))
    assert "Naver Cloud, Kakao and NHN Cloud are also cloud partners of Ministry of Science and ICT" in summary
    assert "no GPU is counted twice" in summary
    assert all(line == line.rstrip() for line in summary.split("\n"))
    check = ESCAPES.sub("", on_terminal(gpudeal_bin, "check", "--fields", "detail", columns=300))
    assert "(s)" not in summary + check and "are linked to another partner" in check


def test_the_kind_choices_are_the_models_kinds() -> None:
    """`--kind` lists the kinds without importing the models (for --help); they must agree."""
    from typing import get_args

    from gpu_cli.commands.options import KINDS
    from gpu_cli.models import PartnerKind

    assert get_args(PartnerKind) == KINDS


@pytest.mark.parametrize("words", [None, "gpudeal pa"])
def test_a_malformed_completion_request_is_one_line(gpudeal: Run, words: str | None) -> None:
    """A shell (or a person) calling the completion hook without its variables,
    or with a cursor that is not a number, gets a line, not a traceback."""
    env = {"_GPUDEAL_COMPLETE": "complete_bash"} | ({"COMP_WORDS": words, "COMP_CWORD": "abc"} if words else {})
    result = gpudeal(env=clean_env(**env))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("gpudeal: cannot complete: the shell's completion request is malformed")
