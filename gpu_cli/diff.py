"""What changed between two facts files, and what that changes in the numbers.

Pure: nothing here reads or prints. Items of a list are matched by identity, not
position (partners by `id`, ranking entries by `country`, people by `name`,
context by `topic`, a partner's relations by type and partner), so reordering
is no change. A number and its `<name>_qualifier` are one value. Paths read
like `partners[sk-group].gpus` or `deal.investment.amount_usd`; consequences
(derived numbers and check verdicts, computed by the same code as `check`)
come under `derived.…` and `check.…`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from gpu_cli.models import ChangeRecord, Facts, identified_lists, item_key
from gpu_cli.text import Unit

if TYPE_CHECKING:
    from gpu_cli.derive import Derived

Kind = Literal["added", "removed", "changed"]
Section = Literal["facts", "derived", "check", "corroborate"]
DIFF_FIELDS = tuple(ChangeRecord.model_fields)  # the record --json writes, and its schema
QUALIFIER_SUFFIX = "_qualifier"
DERIVED_FIELDS = ("value", "qualifier", "low", "high")
# The unit a stated number is in, where it is not a count (for how it reads).
UNITS: dict[str, Unit] = {"amount_usd": "usd", "value_usd": "usd", "factor": "factor"}

# How the items of each list are told apart, as the models declare it; lists
# without an identity (purposes, funded_by) are plain values, compared whole.
IDENTITY = identified_lists()


@dataclass(frozen=True)
class Change:
    """One difference. `old`/`new` are written as the JSON contract writes the
    value: a qualified number is `{"gpus": 50000, "gpus_qualifier": "more_than"}`,
    an added or removed item is the whole item, anything absent is None."""

    section: Section
    path: str
    kind: Kind
    old: Any
    new: Any
    unit: Unit = "count"  # how a number in old/new reads

    def record(self) -> dict[str, Any]:
        """As `diff --json` writes it: the fields of models.ChangeRecord, which gives its schema."""
        return {name: getattr(self, name) for name in DIFF_FIELDS}


def diff_facts(old: Facts, new: Facts) -> list[Change]:
    """Stated facts first, in the order of the new file, then the consequences."""
    changes = list(_walk("facts", "", "", old.model_dump(), new.model_dump()))
    return changes + consequences(old, new)


def consequences(old: Facts, new: Facts) -> list[Change]:
    """Derived numbers whose value, qualifier or bounds change, and rules whose
    verdict changes: what a correction implies, not only what it says."""
    from gpu_cli.checks import run_checks
    from gpu_cli.derive import derived_numbers

    before, after = derived_numbers(old), derived_numbers(new)
    changes = list(_keyed("derived", _bounds(before), _bounds(after), {**before, **after}))
    old_rules = {r.id: r.verdict for r in run_checks(old)}
    new_rules = {r.id: r.verdict for r in run_checks(new)}
    changes += _keyed("check", old_rules, new_rules)
    return changes + list(_keyed("corroborate", _corroborated(old), _corroborated(new)))


def _corroborated(facts: Facts) -> dict[str, str]:
    """Each reported fact's verdict, joint range and drift in translation, as `corroborate` gives them."""
    from gpu_cli.reconcile import corroborations

    out: dict[str, str] = {}
    for found in corroborations(facts) if facts.reports else ():
        out[f"{found.fact}.verdict"] = found.verdict
        out[f"{found.fact}.joint"] = found.joint_shown()
        if found.drift:
            out[f"{found.fact}.drift"] = "; ".join(found.drift)
    return out


def _bounds(numbers: dict[str, Derived]) -> dict[str, dict[str, Any]]:
    """What a derived number claims: its value, qualifier and bounds. Its
    arithmetic string is how, not what, and is not compared."""
    return {key: {k: v for k, v in n.record().items() if k in DERIVED_FIELDS} for key, n in numbers.items()}


def _keyed(
    section: Section, old: dict[str, Any], new: dict[str, Any], numbers: dict[str, Derived] | None = None
) -> Iterator[Change]:
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before != after:
            kind: Kind = "added" if key not in old else "removed" if key not in new else "changed"
            unit = numbers[key].unit if numbers else "count"
            yield Change(section, f"{section}.{key}", kind, before, after, unit)


def _walk(section: Section, path: str, name: str, old: Any, new: Any) -> Iterator[Change]:
    """`name` is the key the value stands under, which says how a list is matched."""
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _walk_mapping(section, path, old, new)
    elif isinstance(old, list) and isinstance(new, list) and name in IDENTITY:
        yield from _walk_items(section, path, IDENTITY[name], old, new)
    elif old != new:
        yield Change(section, path, _kind(old, new), old, new)


def _kind(old: Any, new: Any) -> Kind:
    """A whole mapping appearing or going (an investment block) is added/removed;
    any other value that differs, null included, has changed."""
    if old is None and isinstance(new, dict):
        return "added"
    if new is None and isinstance(old, dict):
        return "removed"
    return "changed"


def qualifier_key(key: str) -> str:
    """The field a number's qualifier stands in: `gpus_qualifier`; a report's `qualifier`."""
    return "qualifier" if key == "value" else key + QUALIFIER_SUFFIX


def _walk_mapping(section: Section, path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    numbers = {key for key in {*old, *new} if qualifier_key(key) in old or qualifier_key(key) in new}
    for key in [*new, *(k for k in old if k not in new)]:
        if key in {qualifier_key(number) for number in numbers}:
            continue  # read together with its number
        where = f"{path}.{key}" if path else key
        if key in numbers:
            before, after = _qualified(old, key), _qualified(new, key)
            if before != after:
                yield Change(section, where, "changed", before, after, unit_of_number(new if key in new else old, key))
        else:
            yield from _walk(section, where, key, old.get(key), new.get(key))


def unit_of_number(item: dict[str, Any], key: str) -> Unit:
    """How a number reads: by its field, or a report's by the fact it reports."""
    from gpu_cli.sources import unit_of

    return unit_of(str(item.get("fact"))) if key == "value" else UNITS.get(key, "count")


def _qualified(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {key: item.get(key), qualifier_key(key): item.get(qualifier_key(key))}


def _walk_items(
    section: Section, path: str, identity: tuple[str, ...], old: list[Any], new: list[Any]
) -> Iterator[Change]:
    before, after = _identified(old, identity), _identified(new, identity)
    for key in [*after, *(k for k in before if k not in after)]:
        where = f"{path}[{key}]"
        if key not in before:
            yield Change(section, where, "added", None, after[key], _item_unit(after[key]))
        elif key not in after:
            yield Change(section, where, "removed", before[key], None, _item_unit(before[key]))
        else:
            yield from _walk(section, where, "", before[key], after[key])


def _item_unit(item: Any) -> Unit:
    return unit_of_number(item, "value") if isinstance(item, dict) and "value" in item else "count"


def _identified(items: list[Any], identity: tuple[str, ...]) -> dict[str, Any]:
    """Items by identity; a repeated identity gets `#2`, `#3` in order of appearance."""
    seen: Counter[str] = Counter()
    out: dict[str, Any] = {}
    for item in items:
        key = item_key(item, identity) if isinstance(item, dict) else str(item)
        seen[key] += 1
        out[key if seen[key] == 1 else f"{key}#{seen[key]}"] = item
    return out
