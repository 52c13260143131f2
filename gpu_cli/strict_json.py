"""JSON facts files, read with the standard `json` module as strictly as YAML.

Refused, like the YAML reader refuses them: duplicate keys, integers of more
than MAX_INT_DIGITS digits; and NaN and Infinity, which Python's json accepts
but JSON does not have. A syntax error names its line and column. The hooks
cannot see where they are, so a refusal is placed afterwards by the YAML
event parser (JSON is YAML flow syntax); a valid file pays nothing for that.
"""

from __future__ import annotations

import json
from typing import Any

from gpu_cli.errors import ReadError
from gpu_cli.strict_yaml import MAX_INT_DIGITS


class _Refused(Exception):
    def __init__(self, problem: str, token: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.token = token  # a plain scalar to look for, when the YAML reader would accept it


def load(text: str) -> Any:
    """Parse a JSON text into plain values; raise ReadError("line L, column C: ...")."""
    try:
        return json.loads(text, object_pairs_hook=_mapping, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as error:
        from gpu_cli.carets import excerpt

        words = next((hint for start, hint in _JSON_HINTS if error.msg.startswith(start)), error.msg)
        place = f"line {error.lineno}, column {error.colno}: "
        raise ReadError(place + words, excerpt(text, error.lineno - 1, error.colno - 1)) from None
    except _Refused as refusal:
        raise ReadError(_placed(text, refusal)) from None
    except RecursionError:
        raise ReadError("nested too deeply") from None


# What the json module's messages mean for someone editing the file (read as
# JSON because it ends in .json or starts with `{`).
_JSON_HINTS = (
    ("Expecting value", "a value was expected (JSON has no trailing commas and no comments)"),
    ("Expecting property name", "a key in double quotes was expected (a trailing comma before `}`?)"),
    ("Expecting ',' delimiter", "a comma was expected between two items"),
    ("Expecting ':' delimiter", "a colon was expected after the key"),
    ("Unterminated string", 'a string that is never closed with `"`'),
    ("Invalid control character", "a tab or line break inside a string: write it as \\t or \\n"),
    ("Invalid \\escape", "an unknown backslash escape in a string"),
    ("Extra data", "more text after the end of the JSON document"),
)


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _Refused(f"duplicate key {duplicate!r}")
    return mapping


def _int(digits: str) -> int:
    count = len(digits) - (digits[0] == "-")
    if count > MAX_INT_DIGITS:
        raise _Refused(f"integer of {count} digits is too large")
    return int(digits)


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value (a count that is not stated is null)", token=name)


def _placed(text: str, refusal: _Refused) -> str:
    """The refusal with its line and column: the YAML reader refuses duplicate keys
    and long integers at the same place; a NaN or Infinity is looked up as a token."""
    from gpu_cli import positions, strict_yaml

    if refusal.token is not None:
        where = positions.first_plain(text, refusal.token)
        return f"line {where[0]}, column {where[1]}: {refusal.problem}" if where else refusal.problem
    try:
        strict_yaml.load(text)
    except ReadError as placed:
        if refusal.problem.split(" ")[0] in str(placed):
            return str(placed)
    return refusal.problem
