"""Where each fact's excerpt stands in the source text, for the report's
annotated article: the same matching as `verify` (folded text, whole words
and numbers), mapped back to the original characters. Excerpts that overlap
are one passage naming every fact in it. Pure: nothing here reads or prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel

from gpu_cli.verify import facts_with_provenance
from gpu_cli.wording import fold, occurrences


class Passage(NamedTuple):
    start: int  # in `text` (the source, NFC-normalised as verify reads it)
    end: int
    facts: tuple[str, ...]  # the fact paths whose excerpt is here, as verify names them


class Annotated(NamedTuple):
    text: str  # the source as read (NFC)
    passages: list[Passage]  # in order, never overlapping


def annotate(facts: BaseModel, source: str) -> Annotated:
    """Every occurrence of every excerpt, merged where they overlap."""
    folded = fold(source)
    spans: list[tuple[int, int, str]] = []
    for fact in facts_with_provenance(facts):
        excerpt = fold(fact.excerpt).text
        for start in occurrences(excerpt, folded.text):
            end = start + len(excerpt)
            spans.append(
                (folded.origin[start], folded.origin[end - 1] + 1, fact_label(fact.label, fact.model, fact.field))
            )
    return Annotated(folded.original, _merged(sorted(spans)))


def fact_label(label: str, model: BaseModel, field: str) -> str:
    """The path a table row shows: a fact stating one number is named by it
    (`partners[samsung].gpus`), as verify names its finding."""
    if field != "provenance":
        return label
    fields = type(model).model_fields
    numbers = [n for n in fields if f"{n}_qualifier" in fields and getattr(model, n) is not None]
    return f"{label}.{numbers[0]}" if len(numbers) == 1 else label


def _merged(spans: Sequence[tuple[int, int, str]]) -> list[Passage]:
    out: list[Passage] = []
    for start, end, fact in spans:
        if out and start < out[-1].end:
            last = out[-1]
            names = last.facts if fact in last.facts else (*last.facts, fact)
            out[-1] = Passage(last.start, max(last.end, end), names)
        else:
            out.append(Passage(start, end, (fact,)))
    return out
