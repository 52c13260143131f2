"""Where a reader's error stands, shown as compilers show it: the offending
line of the text with a caret under the column, and YAML's messages in plain
words. Text only: both readers use it, and it imports nothing of the models."""

from __future__ import annotations

import re
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
    the error's own mark points at; for a bracket or quote never closed, under
    where it opens, since the parser notices only where the file goes on
    without it (`garbage: [` fails at line 2, the end of the file)."""
    mark = error.problem_mark or error.context_mark
    opened = _opening(error, text)
    if opened is not None:
        line, column, words = opened
        at = mark.line, mark.column
        later = "the file ends first" if _at_end(text, *at) else f"still open at line {at[0] + 1}, column {at[1] + 1}"
        return f"line {line + 1}, column {column + 1}: {words} ({later})", excerpt(text, line, column)
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


_NEVER_CLOSED = ("found unexpected end of stream", "did not find expected ',' or ")


def _opening(error: Any, text: str) -> tuple[int, int, str] | None:
    """Where the quote, `[` or `{` a YAML error leaves open starts (0-based
    line and column) and what it is, or None when the error is another."""
    problem, context, mark = error.problem or "", error.context or "", error.problem_mark
    if mark is None:
        return None
    quoted = context.startswith("while scanning a quoted scalar") and error.context_mark is not None
    if quoted and problem.startswith(_NEVER_CLOSED[0]):
        return error.context_mark.line, error.context_mark.column, "a quote that is never closed"
    ended = problem.startswith("did not find expected node content") and _at_end(text, mark.line, mark.column)
    if not context.startswith("while parsing a flow") or not (ended or problem.startswith(_NEVER_CLOSED)):
        return None
    found = _innermost_flow(text)
    if found is None or (found[0] == mark.line and not ended):  # `[b: c: d]` is closed: its item is wrong
        return None
    line, column, bracket = found
    return (
        line,
        column,
        "a `[` list that is never closed with `]`"
        if bracket == "["
        else ("a `{` mapping that is never closed with `}`"),
    )


def _innermost_flow(text: str) -> tuple[int, int, str] | None:
    """The `[` or `{` still open where libyaml stops reading `text`: its events
    up to the error, each collection's start pushed and its end popped."""
    import yaml

    from gpu_cli.positions import parser_for

    parser = parser_for(text)
    open_: list[tuple[int, int, str] | None] = []
    try:
        while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                start: Any = event.start_mark
                open_.append(
                    (start.line, start.column, _char_at(text, start.line, start.column)) if event.flow_style else None
                )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                open_.pop()
    except yaml.YAMLError:
        pass
    return next((flow for flow in reversed(open_) if flow is not None and flow[2] in "[{"), None)


def _at_end(text: str, line: int, column: int) -> bool:
    """Nothing but blanks from (line, column) to the end of `text`."""
    lines = split_lines(text)
    rest = [lines[line][column:], *lines[line + 1 :]] if line < len(lines) else []
    return not "".join(rest).strip()


# Line ends as the readers count them: libyaml ends a line at CR LF, CR, LF,
# NEL and the Unicode line and paragraph separators; JSON at CR LF, CR and LF
# (the json module counts LF alone: a file saved with CR line ends is one line to it).
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
JSON_BREAKS = re.compile("\r\n|[\r\n]")


def split_lines(text: str, breaks: re.Pattern[str] = YAML_BREAKS) -> list[str]:
    return breaks.split(text)


def place(text: str, position: int, breaks: re.Pattern[str] = JSON_BREAKS) -> tuple[int, int]:
    """0-based line and column of a character position, lines ended by `breaks`."""
    line, start = 0, 0
    for match in breaks.finditer(text, 0, position):
        line, start = line + 1, match.end()
    return line, position - start


def _char_at(text: str, line: int, column: int) -> str:
    lines = split_lines(text)
    return lines[line][column : column + 1] if line < len(lines) else ""


def excerpt(text: str, line: int, column: int, breaks: re.Pattern[str] = YAML_BREAKS) -> list[str]:
    """`  12 | key: value` and a caret line under the column, as compilers show it."""
    lines = split_lines(text, breaks)
    if line >= len(lines):  # the end of the file: point just past its last line
        line = len(lines) - 1
        column = len(lines[line])
    source = lines[line]
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
