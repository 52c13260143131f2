"""The quick way through a valid JSON facts file: pydantic parses and validates
the bytes in one step (its JSON parser is compiled), and the strict reader's
refusals are checked on the result. A file this path cannot vouch for, valid or
not, goes to the strict reader (`strict_json`), which finds every problem and
words the messages; so nothing it would refuse gets through here, and every
message comes from there.

Refused here as there:
- NaN and Infinity: every field of the facts is text, an integer or a
  structure, and pydantic's strict validation accepts neither there;
- integers of more than MAX_INT_DIGITS digits: any run of that many digits in
  the bytes, even inside a string, sends the file to the strict reader;
- duplicate keys, which pydantic's parser resolves silently (the last one wins):
  each key in the text is followed by one colon, and a colon can otherwise only
  stand inside a string, so the text has as many colons as its keys and its
  strings hold. Dumping what was read, keys that were given only, writes each
  string as it was read, so a dropped duplicate leaves the dump with fewer
  colons than the text (dumped a slice of the partners at a time). A colon
  written as an escape (`\\u003a`) would upset the count: such a file goes to
  the strict reader.
"""

from __future__ import annotations

from gpu_cli.models import Facts
from gpu_cli.strict_yaml import MAX_INT_DIGITS

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20
_SLICE = 4096  # partners dumped at a time to count their colons
# Every digit becomes 9 and every other byte a space: a long run of digits is then a substring.
_DIGITS_AS_NINES = bytes(0x39 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_TOO_LONG = b"9" * (MAX_INT_DIGITS + 1)


def load(raw: bytes) -> Facts | None:
    """The facts of a JSON file the strict reader would accept, or None: read it
    with `strict_json` to know (and say) what is wrong, if anything is."""
    from pydantic import ValidationError

    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if b"\\u003a" in raw or b"\\u003A" in raw or _long_digit_run(raw):
        return None
    try:
        facts = Facts.model_validate_json(raw)
    except (ValidationError, ValueError, RecursionError):
        return None
    return facts if _colons_given(facts) == raw.count(b":") else None


def _colons_given(facts: Facts) -> int:
    """The colons of the facts dumped, keys that were given only; the
    partners a slice at a time, so that a large file's dump is never held whole."""
    serializer = facts.__pydantic_serializer__
    colons = serializer.to_json(facts, exclude_unset=True, exclude={"partners"}).count(b":") + 1  # `"partners":`
    count = len(facts.partners)
    for start in range(0, count, _SLICE):
        wanted = {"partners": set(range(start, min(start + _SLICE, count)))}
        colons += serializer.to_json(facts, exclude_unset=True, include=wanted).count(b":") - 1
    return colons


def _long_digit_run(raw: bytes) -> bool:
    """Whether the bytes hold more than MAX_INT_DIGITS digits in a row; in
    pieces, so a large file is not copied whole."""
    overlap = MAX_INT_DIGITS
    for start in range(0, len(raw), _CHUNK):
        piece = raw[max(0, start - overlap) : start + _CHUNK]
        if _TOO_LONG in piece.translate(_DIGITS_AS_NINES):
            return True
    return False
