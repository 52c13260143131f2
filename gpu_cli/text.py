"""Text that is safe to show: counts spelled for people, strings defanged.

A string from a facts file must never drive the terminal: ESC, C1 controls and
bidi overrides would let a file clear the screen, write the clipboard (OSC 52)
or reorder what a reader sees. They are shown as visible escapes instead."""

from __future__ import annotations

import re

# Invisible or reordering characters beyond C0: DEL and C1, bidi marks and
# overrides, line separators, the BOM.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}]")
QUALIFIER_LABELS = {"exactly": "exactly", "more_than": "more than", "about": "about"}


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str) -> str:
    """Control, format and bidi characters as `\\x1b`-style escapes; the rest untouched."""
    return _UNSAFE.sub(_escape, value)


def json_inert(text: str) -> str:
    """JSON already escapes C0 controls; escape the other invisible characters
    too, so raw JSON on a terminal is inert yet parses to the same strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def count(value: int | None, qualifier: str | None) -> str:
    """`50,000+`, `≈20,000,000`, `50,000`, or `not stated`."""
    if value is None:
        return "not stated"
    if qualifier == "more_than":
        return f"{value:,}+"
    if qualifier == "about":
        return f"≈{value:,}"
    return f"{value:,}"


def count_words(value: int | None, qualifier: str | None) -> str:
    """`more than 50,000`: the qualifier as the article words it."""
    if value is None:
        return "not stated"
    label = QUALIFIER_LABELS.get(qualifier or "exactly", "")
    return f"{value:,}" if label == "exactly" else f"{label} {value:,}"


def join_words(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`: a list as a sentence says it."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
