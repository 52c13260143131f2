"""Where a reader's error stands, shown as compilers show it: the offending
line of the text with a caret under the column, and YAML's messages in plain
words. Text only: both readers use it, and it imports nothing of the models."""

from __future__ import annotations

from typing import Any

from gpu_cli.text import visible

EXCERPT_AROUND = 40  # characters shown each side of an error's column


# What PyYAML's and libyaml's messages mean for someone editing the file.
_YAML_HINTS = (
    ("mapping values are not allowed", "a `key: value` where a value was expected; check the indentation"),
    ("did not find expected key", "a line indented differently from the keys around it; check the indentation"),
    ("did not find expected '-' indicator", "a list item not lined up with the items above it"),
    ("could not find expected ':'", "a line with no `key: value` colon; add it, or quote the text"),
    ("found unexpected end of stream", "a quote or bracket that is never closed"),
    ("did not find expected ',' or ']'", "a `[` list that is never closed with `]`"),
    ("did not find expected ',' or '}'", "a `{` mapping that is never closed with `}`"),
    ("found character that cannot start any token", "a character no value can start with; quote the value"),
)


def yaml_problem(error: Any, text: str) -> tuple[str, list[str]]:
    """A YAML error in plain words (the parser's own words when there are none
    better), and the offending line of `text` with a caret under the column
    the error's own mark points at."""
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.context_mark and error.problem_mark:
        problem += f" ({error.context} at line {error.context_mark.line + 1})"
    shown = excerpt(text, mark.line, mark.column) if mark else []
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        hint: str | None = "a tab; YAML indents with spaces only"
    else:
        hint = next((words for start, words in _YAML_HINTS if problem.startswith(start)), None)
    return where + (hint or visible(problem)), shown


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def excerpt(text: str, line: int, column: int) -> list[str]:
    """`  12 | key: value` and a caret line under the column, as compilers show it."""
    lines = text.split("\n")
    if line >= len(lines):  # the end of the file: point just past its last line
        line = len(lines) - 1
        column = len(lines[line].rstrip("\r"))
    source = lines[line].rstrip("\r")
    start = max(0, column - EXCERPT_AROUND)  # a long line (a whole article) is cut around the column
    before = ("…" if start else "") + source[start:column]
    after = source[column : column + EXCERPT_AROUND] + ("…" if len(source) > column + EXCERPT_AROUND else "")
    caret = _width(visible(before))
    number = str(line + 1)
    return [f"  {number} | {visible(before + after)}".rstrip(), f"  {' ' * len(number)} | {' ' * caret}^"]


def _width(text: str) -> int:
    """Terminal cells: wide East Asian characters take two, combining marks none."""
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
