"""Check a facts file against the text of its source: each fact's excerpt
(`provenance`) is in the source at word boundaries, each number the fact states
is in its own excerpt, and the source's words before that number, where the
excerpt stands, give the fact's qualifier: a hedge just outside an excerpt
still counts. Pure: nothing here reads files or prints. How numbers are
worded: `wording`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from gpu_cli.models import item_key
from gpu_cli.positions import DataPath
from gpu_cli.wording import UNSTATED, Folded, Reading, fold, languages_for, numbers_stated, occurrences

Stated = list[tuple[Reading, str]]  # the numbers a passage states, each with the source's words for it

LineOf = Callable[[DataPath], int | None]

VERIFY_FIELDS = (
    "fact",
    "line",
    "excerpt",
    "excerpt_found",
    "closest_passage",
    "number",
    "qualifier",
    "number_found",
    "excerpt_says",
    "excerpt_qualifier",
    "qualifier_agrees",
    "verdict",
    "detail",
)
MAX_PASSAGE_WORDS = 200  # excerpts are short phrases; past this, no closest passage is sought


@dataclass(frozen=True)
class Finding:
    """One fact (or one stated number of a fact) against the source.
    `number_found` and `qualifier_agrees` are None where there was nothing to check."""

    fact: str  # e.g. `partners[samsung].gpus`, or `people[Ha Jung-woo]` for a fact without a number
    line: int | None  # in the facts file: the number's line, or the excerpt's when that is what fails
    excerpt: str
    excerpt_found: bool
    closest_passage: str | None  # the source's nearest passage, when the excerpt is not in it
    number: int | None
    qualifier: str | None
    number_found: bool | None
    excerpt_says: str | None  # the excerpt's words for the number, e.g. `plus de 50 000`
    excerpt_qualifier: str | None
    qualifier_agrees: bool | None
    detail: str

    @property
    def verdict(self) -> str:
        ok = self.excerpt_found and self.number_found is not False and self.qualifier_agrees is not False
        return "ok" if ok else "fail"

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


@dataclass(frozen=True)
class Fact:
    """A model with a `provenance`, where it stands, and what it states."""

    label: str
    path: DataPath
    model: BaseModel
    excerpt: str
    field: str = "provenance"  # or `chip_provenance`: an excerpt for one detail, stating no number


def verify(facts: BaseModel, source: str, line_of: LineOf, language: str | None = None) -> list[Finding]:
    """Every fact with a `provenance`, found anywhere in `facts`, checked against
    `source`. `language` (e.g. the facts' `source.language`) picks the number
    words; unknown or None reads every language's."""
    languages = languages_for(language)
    folded_source = fold(source)
    in_source = numbers_stated(folded_source, languages)
    findings = []
    for fact in facts_with_provenance(facts):
        excerpt = fold(fact.excerpt)
        starts = occurrences(excerpt.text, folded_source.text)
        closest = None if starts else closest_passage(excerpt.text, folded_source)
        # The numbers each occurrence states, read in the source: the words before
        # an excerpt and the rest of a number it ends in count. Not found: the excerpt's own.
        places = [[(r, w) for r, w in in_source if s <= r.at < s + len(excerpt.text)] for s in starts]
        places = places or [numbers_stated(excerpt, languages)]
        numbers: list[str | None] = [*_stated_numbers(fact.model)] if fact.field == "provenance" else []
        for name in numbers or [None]:
            findings.append(_finding(fact, name, excerpt, bool(starts), closest, places, line_of, folded_source))
    return findings


def _finding(
    fact: Fact,
    name: str | None,
    excerpt: Folded,
    found: bool,
    closest: str | None,
    places: list[Stated],
    line_of: LineOf,
    source: Folded,
) -> Finding:
    label = f"{fact.label}.{name}" if name else fact.label
    problems = [] if found else [_not_found(excerpt, closest, source)]
    number = qualifier = says = said = None
    number_found = agrees = None
    if name is not None:
        number, qualifier = getattr(fact.model, name), getattr(fact.model, f"{name}_qualifier")
        matches = [[(r, words) for r, words in place if r.value == number] for place in places]
        number_found = all(matches)
        if number_found:
            # One reading a place (the fact's own qualifier if the place has it); the first that disagrees tells.
            picks = [next(((r, w) for r, w in match if r.qualifier == qualifier), match[0]) for match in matches]
            reading, says = next(((r, w) for r, w in picks if r.qualifier != qualifier), picks[0])
            said = reading.qualifier
            agrees = said == qualifier
            if not agrees:
                why = f"{UNSTATED[said]}: no qualifier states it" if said in UNSTATED else said
                problems.append(f'excerpt says "{says}" ({why}), facts say {qualifier}')
        else:
            problems.append(_number_missing(number, next(p for p, m in zip(places, matches, strict=True) if not m)))
    # The line of what disagrees: the excerpt, else the number, else its qualifier.
    at = fact.field if not found or name is None else name if agrees is not False else f"{name}_qualifier"
    line_path = (*fact.path, at)
    if not problems:
        problems.append(f'excerpt says "{says}" ({said})' if says else "excerpt found")
    return Finding(
        label, line_of(line_path), fact.excerpt, found, closest, number, qualifier,
        number_found, says, said, agrees, "; ".join(problems),
    )  # fmt: skip


def _not_found(excerpt: Folded, closest: str | None, source: Folded) -> str:
    if not excerpt.text:
        return "the excerpt is empty"
    where = " as whole words and numbers" if excerpt.text in source.text else ""
    return f"excerpt not in the source{where}" + (f'; closest passage: "{closest}"' if closest else "")


def _number_missing(number: int, place: Stated) -> str:
    stated = ", ".join(sorted({f'"{words}"' for _, words in place}))
    inside = f"it has {stated}" if stated else "it has no number"
    return f"excerpt does not state {number:,} ({inside})"


def _stated_numbers(model: BaseModel) -> list[str]:
    """The fields that hold a stated number: those with a `<name>_qualifier`
    sibling, where the number is given (null means the source gives none)."""
    fields = type(model).model_fields
    return [name for name in fields if f"{name}_qualifier" in fields and getattr(model, name) is not None]


DETAIL_SUFFIX = "_provenance"


def facts_with_provenance(model: BaseModel, path: DataPath = (), label: str = "") -> Iterator[Fact]:
    """Walk any model depth-first, in field order; a model with a text
    `provenance` is a fact, and a `<detail>_provenance` (SK Group's chip) is
    one more excerpt to find, named `…[sk-group].chip`. List items are named by a key field (`id`, then
    `name`, …) when it is unique among them, else by their index."""
    if isinstance(getattr(model, "provenance", None), str):
        yield Fact(label, path, model, model.provenance)  # type: ignore[attr-defined]
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{label}.{name}" if label else name
        if name.endswith(DETAIL_SUFFIX) and isinstance(value, str):
            yield Fact(f"{label}.{name.removesuffix(DETAIL_SUFFIX)}", path, model, value, name)
        elif isinstance(value, BaseModel):
            yield from facts_with_provenance(value, (*path, name), here)
        elif isinstance(value, list):
            keys = _item_keys(value)
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from facts_with_provenance(item, (*path, name, index), f"{here}[{keys[index]}]")


def _item_keys(items: list[Any]) -> list[str]:
    """Items named as their model declares (`partners[samsung]`), else by index;
    by index too when two items would share a name."""
    identity = getattr(items[0], "_identity", ()) if items else ()
    keys = [item_key(item, identity) for item in items] if identity else []
    return keys if keys and len(set(keys)) == len(keys) else [str(index) for index in range(len(items))]


def closest_passage(excerpt: str, source: Folded) -> str | None:
    """The passage of the source (as many words as the excerpt) most like the
    folded excerpt, by difflib's ratio; its original text, whitespace collapsed.
    None for an empty text or an excerpt longer than MAX_PASSAGE_WORDS."""
    words = excerpt.split(" ")
    if not excerpt or not source.text or len(words) > MAX_PASSAGE_WORDS:
        return None
    starts = [0] + [i + 1 for i, char in enumerate(source.text) if char == " "]
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(excerpt)  # difflib caches what it knows of seq2: the excerpt, compared to each window
    best, best_span = -1.0, (0, 0)
    for index, start in enumerate(starts):
        stop = starts[index + len(words)] - 1 if index + len(words) < len(starts) else len(source.text)
        matcher.set_seq1(source.text[start:stop])
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best and matcher.ratio() > best:
            best, best_span = matcher.ratio(), (start, stop)
    return " ".join(source.span(*best_span).split()).rstrip(",;:")
