"""Where a passage stands in a folded text (`wording.fold`): the sentences it
is in, and, when it is inside a quotation, the sentence that introduces the
quotation (`Huang a déclaré : « …`), which says whose words they are. Together
they are the passage's frame, where `verify` looks for who a fact is about and
who the article credits. Pure, and built once per text.

A sentence ends at `.`, `!`, `?` or `…` before a space or a closing quote; a
quotation opened after a colon starts a sentence of its own, so the sentence
before it is the one introducing it. Folded text has straight double quotes
only; they pair up in order (open, close, open, …)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_END = re.compile(r'[.!?…](?: |"(?= |$|[^\W\d_]))')


@dataclass(frozen=True)
class Layout:
    starts: tuple[int, ...]  # where each sentence starts, ascending, 0 first
    quotes: tuple[tuple[int, int], ...]  # each quotation's opening and closing quote


@lru_cache(maxsize=4)
def layout(text: str) -> Layout:
    marks = [index for index, char in enumerate(text) if char == '"']
    quotes = tuple((marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2))
    closing = {close for _, close in quotes}
    starts = {0}
    for match in _END.finditer(text):
        if match.group().endswith('"') and match.end() - 1 not in closing:
            starts.add(match.end() - 1)  # a quotation opening after a sentence starts the next one
        else:
            starts.add(match.end() + (text[match.end() : match.end() + 1] == " "))
    for opening, _ in quotes:
        if text[:opening].rstrip().endswith(":"):
            starts.add(opening)
    return Layout(tuple(sorted(s for s in starts if s < len(text))), quotes)


def sentence(text: str, at: int) -> tuple[int, int]:
    """The span of the sentence position `at` stands in."""
    starts = layout(text).starts
    index = max(bisect_right(starts, at) - 1, 0)
    return starts[index], starts[index + 1] if index + 1 < len(starts) else len(text)


def frame(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences folded[start:end] stands in, then the one introducing the
    quotation it is in, if it is in one."""
    spans = [sentence(text, start)]
    while spans[-1][1] < end:
        spans.append(sentence(text, spans[-1][1]))
    quoted = next((opening for opening, close in layout(text).quotes if opening < start < close), None)
    if quoted is not None and quoted > 0:
        introducing = sentence(text, quoted - 1)
        if introducing not in spans:
            spans.append(introducing)
    return spans
