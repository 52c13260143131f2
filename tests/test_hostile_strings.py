"""Strings from a facts file never drive rich or the terminal. Tables show
them literally or as visible escapes; machine formats keep them exact in a pipe
and escape them on a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, Run, clean_env, run_on_tty

TEXT = SHIPPED.read_text(encoding="utf-8")
# name in the YAML file (double-quoted escapes) → the string gpudeal loads
HOSTILE = {
    "markup": ("[bold red]PWNED[/bold red]", "[bold red]PWNED[/bold red]"),
    "link": ("[link=https://evil.example]click[/link]", "[link=https://evil.example]click[/link]"),
    "emoji": (":smiley: :pile_of_poo:", ":smiley: :pile_of_poo:"),
    "osc52": ("\\e]52;c;SGVsbG8=\\a", "\x1b]52;c;SGVsbG8=\x07"),
    "clear screen": ("\\e[2J\\e[H", "\x1b[2J\x1b[H"),
    "c1 csi": ("\\x9b31m", "\x9b31m"),
    "bidi override": ("abc\\u202Edef\\u2066", "abc\u202edef\u2066"),
    "newline and tab": ("two\\nlines\\tand tab", "two\nlines\tand tab"),
}
VISIBLE = {  # what a table shows instead of each control character
    "\x1b": "\\x1b",
    "\x07": "\\x07",
    "\x9b": "\\x9b",
    "\u202e": "\\u202e",
    "\u2066": "\\u2066",
    "\n": "\\x0a",
    "\t": "\\x09",
}


def hostile_facts(tmp_path: Path, yaml_name: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(TEXT.replace("name: Samsung", f'name: "{yaml_name}"'), encoding="utf-8")
    return path


def shown(loaded: str) -> str:
    return "".join(VISIBLE.get(ch, ch) for ch in loaded)


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("color", ["never", "always"])
def test_table_shows_hostile_names_literally(gpudeal: Run, tmp_path: Path, name: str, color: str) -> None:
    yaml_name, loaded = HOSTILE[name]
    path = hostile_facts(tmp_path, yaml_name)
    for command in ("partners", "show samsung"):
        result = gpudeal(*command.split(), "--facts", str(path), "--color", color, env=clean_env(COLUMNS="300"))
        assert result.returncode == 0, result.stderr
        assert shown(loaded) in result.stdout
        for danger in ("\x1b]", "\x1b[2J", "\x9b", "\u202e", "\x07"):
            assert danger not in result.stdout
        if color == "never":
            assert "\x1b" not in result.stdout


@pytest.mark.parametrize("name", list(HOSTILE))
def test_machine_formats_keep_the_exact_string_in_a_pipe(gpudeal: Run, tmp_path: Path, name: str) -> None:
    yaml_name, loaded = HOSTILE[name]
    path = hostile_facts(tmp_path, yaml_name)
    data = json.loads(gpudeal("partners", "--json", "--facts", str(path)).stdout)
    assert data[1]["name"] == loaded
    raw_json = gpudeal("partners", "--json", "--facts", str(path)).stdout
    assert not any(ch in raw_json for ch in "\x1b\x9b\u202e\u2066\x07")  # escaped, yet the same string
    rows = list(csv.DictReader(io.StringIO(gpudeal("partners", "-f", "csv", "--facts", str(path)).stdout, newline="")))
    assert rows[1]["name"] == loaded.replace("\r\n", "\n")


def test_machine_formats_escape_controls_on_a_terminal(gpudeal_bin: str, tmp_path: Path) -> None:
    path = hostile_facts(tmp_path, HOSTILE["osc52"][0] + HOSTILE["bidi override"][0])
    for fmt in ("csv", "tsv", "yaml", "markdown", "json", "jsonl"):
        screen = run_on_tty(gpudeal_bin, "partners", "-f", fmt, "--facts", str(path)).decode("utf-8")
        assert "\x1b" not in screen and "\u202e" not in screen and "\x07" not in screen, fmt
        assert ("\\x1b" in screen) or ("\\u001b" in screen), fmt


def test_terminal_gets_colour_and_no_color_removes_it(gpudeal_bin: str) -> None:
    assert b"\x1b[" in run_on_tty(gpudeal_bin, "partners")
    assert b"\x1b[" not in run_on_tty(gpudeal_bin, "partners", env=clean_env(NO_COLOR="1", COLUMNS="200"))
    assert b"\x1b[" not in run_on_tty(gpudeal_bin, "partners", "--json")


def test_terminal_width_wraps_instead_of_cutting(gpudeal_bin: str) -> None:
    screen = run_on_tty(gpudeal_bin, "partners", env=clean_env(COLUMNS="60", NO_COLOR="1")).decode("utf-8")
    lines = screen.replace("\r\n", "\n").splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "…" not in screen


def test_summary_labels_from_the_file_are_defanged(gpudeal: Run, tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(TEXT.replace("name: Jensen Huang", 'name: "\\e[2JHuang"'), encoding="utf-8")
    out = gpudeal("summary", "--facts", str(path), "--color", "never").stdout
    assert "\\x1b[2JHuang" in out and "\x1b" not in out


def test_rank_attribution_from_the_file_is_defanged(gpudeal: Run, tmp_path: Path) -> None:
    """`according_to` is printed under the ranking table and in the chart's note."""
    path = tmp_path / "hostile.yaml"
    huang = "according_to: Jensen Huang, in a closed-door meeting, as relayed by Ha Jung-woo in a statement to The Korea Herald"
    assert huang in TEXT
    path.write_text(TEXT.replace(huang, 'according_to: "\\e[2J\\e]52;c;SGVsbG8=\\a"'), encoding="utf-8")
    for args in (("rank",), ("rank", "--chart")):
        out = gpudeal(*args, "--facts", str(path), "--color", "never").stdout
        assert "\x1b" not in out and "\x07" not in out
        assert "according to \\x1b[2J\\x1b]52;c;SGVsbG8=\\x07" in out
