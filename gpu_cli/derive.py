"""Numbers the article implies but does not state, computed on the ranges its
qualifiers stand for, each with its arithmetic.

A stated number and its qualifier are a range: `exactly n` is [n, n],
`more_than n` is (n, ∞), `at_least n` is [n, ∞), `less_than n` is [0, n)
and `at_most n` is [0, n] (counts are never negative), `about n` is n ± half a
unit of its last significant digit (`ABOUT_RULE`, Wikidata's reading). Counts
are whole numbers, so their ends are whole and closed: `more_than 260,000` is
[260,001, ∞), `less_than 40,000` is [0, 39,999], `about 200` is [150, 250].
Sums, differences and ratios are computed on the ranges (interval arithmetic,
open and closed ends kept apart), so a derived number is never more certain
than the figures it comes from.

Pure functions over the model: `check`, `partners`, `show` and `summary` all
read these results; every derived number is computed here and nowhere else.
The API other modules build on:

- `stated(value, qualifier, unit)` -> `Figure`: a stated number as a range.
- On bare ranges: `range_sum`, `range_count_difference` (cut at the count
  floor of 0), `range_ratio`, `qualifier_of`.
- `total(name, figures)`, `count_difference(name, a, b)`, `ratio(name, a, b)`
  -> `Derived` (or `None` where no number can satisfy the ranges).
- `Derived`: `name`, `value`, `qualifier`, `low`, `high`, `arithmetic`,
  `record()`, `shown()` (as every human view shows it), `operand()` to use it
  in further arithmetic.
- `at_most(a, b)`, `within(a, b)` -> `True` (proven), `False` (broken),
  `None` (the ranges cannot tell).
- `reconcile(facts)` -> `Reconciliation`, `inventory(facts)` -> `Inventory`,
  `implied_fields(partner, reconciliation)`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from gpu_cli.models import DerivedQualifier, Facts, Partner, RankEntry
from gpu_cli.text import Shown, Unit, amount, figure, figure_words


class Bound(NamedTuple):
    """One end of a range; `open` when the end itself is excluded (`more than 5`
    is open at 5, `exactly 5` closed at both ends)."""

    at: Fraction
    open: bool = False


FLOOR = Bound(Fraction(0))  # a count's floor: a bound of every count, but not one a qualifier states
ABOUT_RULE = (
    "about n: n ± half a unit of its last significant digit "
    "(about 200 is 150 to 250, about 20,000,000 is 15,000,000 to 25,000,000)"
)


class Range(NamedTuple):
    """The values a number can have. `low`/`high` None: unbounded on that side.
    `value` is the arithmetic on the figures as written. `approximate`: its
    width comes from `about` figures only (every other operand exact), so it
    reads as `about value`, its ends the widths `ABOUT_RULE` gives."""

    value: Fraction
    low: Bound | None
    high: Bound | None
    approximate: bool = False

    @property
    def empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low.at > self.high.at or (self.low.at == self.high.at and (self.low.open or self.high.open))

    @property
    def point(self) -> bool:
        return self.low is not None and self.high is not None and self.low == self.high and not self.empty


class Figure(NamedTuple):
    """An operand: its range, and how it is written in an arithmetic string."""

    range: Range
    words: str
    unit: Unit = "count"


def about_ends(value: int, unit: Unit = "count") -> tuple[Fraction, Fraction]:
    """The ends `about value` is read with (`ABOUT_RULE`): ± half a unit of its
    last significant digit, so `about 2,000` is 1,500 to 2,500 and `about 7`
    is 6.5 to 7.5; a count's ends are whole (7 to 7) and never below 0."""
    digits = str(abs(value)).rstrip("0")
    width = Fraction(10 ** (len(str(abs(value))) - len(digits)), 2) if digits else Fraction(0)
    low, high = max(Fraction(value) - width, Fraction(0)), Fraction(value) + width
    if unit == "count":
        return Fraction(math.ceil(low)), Fraction(math.floor(high))
    return low, high


def stated(value: int, qualifier: str | None, unit: Unit = "count") -> Figure:
    """A stated number and its qualifier as a range (see the module docstring).
    The models pair every stated number with a qualifier; None reads as exactly.
    A count's ends are whole and closed (`more_than 5` is [6, ∞))."""
    qualifier = qualifier or "exactly"
    n = Fraction(value)
    exact = Bound(n)
    whole = unit == "count"
    if qualifier == "exactly":
        range_ = Range(n, exact, exact)
    elif qualifier == "more_than":
        range_ = Range(n, Bound(n + 1) if whole else Bound(n, open=True), None)
    elif qualifier == "at_least":
        range_ = Range(n, exact, None)
    elif qualifier == "less_than":
        range_ = Range(n, FLOOR, Bound(n - 1) if whole else Bound(n, open=True))
    elif qualifier == "at_most":
        range_ = Range(n, FLOOR, exact)
    elif qualifier == "about":
        low, high = about_ends(value, unit)
        range_ = Range(n, Bound(low), Bound(high), approximate=True)
    else:
        raise KeyError(qualifier)
    return Figure(range_, operand_words(value, qualifier, unit), unit)


def operand_words(value: int, qualifier: str | None, unit: Unit = "count") -> str:
    """A stated figure as arithmetic writes it: `more than 50,000`, and an
    `about` figure with the ends it is read with: `about 200 (150 to 250)`."""
    words = figure_words(value, qualifier, unit)
    if qualifier != "about":
        return words
    low, high = about_ends(value, unit)
    return f"{words} ({amount(low, unit, 'down')} to {amount(high, unit, 'up')})"


def _minus(a: Bound | None, b: Bound | None) -> Bound | None:
    return None if a is None or b is None else Bound(a.at - b.at, a.open or b.open)


def range_sum(ranges: Sequence[Range]) -> Range:
    """[Σ lows, Σ highs]: an end is open if any of its terms is, unbounded if any is."""
    lows, highs = [r.low for r in ranges], [r.high for r in ranges]
    return Range(_total([r.value for r in ranges]), _bound_sum(lows), _bound_sum(highs), _approximate(ranges))


def _bound_sum(bounds: Sequence[Bound | None]) -> Bound | None:
    if any(b is None for b in bounds):
        return None
    ends = [b for b in bounds if b is not None]
    return Bound(_total([b.at for b in ends]), any(b.open for b in ends))


def _total(values: Sequence[Fraction]) -> Fraction:
    """Σ values; whole numbers summed as integers (a Fraction addition costs a gcd)."""
    if all(v.denominator == 1 for v in values):
        return Fraction(sum(v.numerator for v in values))
    return sum(values, Fraction(0))


def _approximate(ranges: Sequence[Range]) -> bool:
    """A result is `about` when its width comes from `about` operands alone."""
    return any(r.approximate for r in ranges) and all(r.approximate or r.point for r in ranges)


def range_count_difference(a: Range, b: Range) -> Range:
    """a − b = [a.low − b.high, a.high − b.low], cut at the count floor of 0.
    Empty (see `Range.empty`) when b is larger than every value of a."""
    low, high = _minus(a.low, b.high), _minus(a.high, b.low)
    if low is None or low.at < 0:
        low = FLOOR
    return Range(a.value - b.value, low, high, _approximate([a, b]))


def range_ratio(a: Range, b: Range) -> Range | None:
    """a / b for non-negative a and b: [a.low / b.high, a.high / b.low],
    unbounded above when b can come near 0. None when b is 0 as written or can
    only be 0."""
    if b.value == 0 or (b.high is not None and b.high.at == 0):
        return None
    top = a.low or FLOOR
    low = FLOOR if b.high is None else Bound(top.at / b.high.at, top.open or b.high.open)
    high = None
    if a.high is not None and b.low is not None and b.low.at > 0:
        high = Bound(a.high.at / b.low.at, a.high.open or b.low.open)
    return Range(a.value / b.value, low, high, _approximate([a, b]))


def qualifier_of(r: Range) -> DerivedQualifier:
    """`exactly` (one value), `about` (its width from `about` figures alone),
    `more_than` / `at_least` / `less_than` / `at_most` / `between` (the bounds
    it has, open or closed), `nominal` (none). A lower end at the floor of 0 is
    not a bound a qualifier states."""
    if r.empty:
        raise ValueError("an empty range has no qualifier")
    if r.approximate:
        return "about"
    if r.point:
        return "exactly"
    lower = r.low is not None and r.low.at > 0
    if lower and r.high is not None:
        return "between"
    if lower:
        return "more_than" if r.low is not None and r.low.open else "at_least"
    if r.high is not None:
        return "less_than" if r.high.open else "at_most"
    return "nominal"


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


class Derived(NamedTuple):
    """A derived number: its range, and the arithmetic that gives it, qualifiers kept."""

    name: str
    range: Range
    arithmetic: str
    expression: str  # the left-hand side alone, e.g. `(more than 50,000 + 60,000)`
    unit: Unit = "count"
    id: str = ""  # stable: its JSON key and diff path (`remainder`), never built from `name`
    premises: tuple[str, ...] = ()  # the ids of the premises it rests on (`gpu_cli.premises`)

    def resting_on(self, id: str, premises: Iterable[str]) -> Derived:
        """This number with its id and the premises it rests on, in their order."""
        from gpu_cli.premises import in_order

        return self._replace(id=id, premises=tuple(in_order(premises)))

    @property
    def value(self) -> int | float:
        return _number(self.range.value)

    @property
    def qualifier(self) -> DerivedQualifier:
        return qualifier_of(self.range)

    @property
    def stated_value(self) -> int | float:
        """The number its qualifier applies to, so the two read true together
        as a stated figure's do: a bound's end (`at most` 139,999, `at least`
        160,001), else the arithmetic value (`about`, `exactly`, `nominal`,
        `between`, whose ends say the rest). The arithmetic on the figures as
        written (`value`) may lie outside a bound: it is no figure to publish."""
        qualifier = self.qualifier
        if qualifier in ("more_than", "at_least") and self.low is not None:
            return self.low
        if qualifier in ("less_than", "at_most") and self.high is not None:
            return self.high
        return self.value

    @property
    def low(self) -> int | float | None:
        """The lower end (0 for a count with no other), None where open-ended.
        A count's ends are whole and included; a factor's `more_than` end is not."""
        return None if self.range.low is None else _number(self.range.low.at)

    @property
    def high(self) -> int | float | None:
        """The upper end, None where there is none."""
        return None if self.range.high is None else _number(self.range.high.at)

    @property
    def words(self) -> str:
        """`at least 210,004`, `at most 39,999`, `about 50,000 (45,000 to 55,000)`, `50,000 nominal`."""
        return result_words(self.range, self.unit, reason=None)

    def shown(self) -> Shown:
        """As every human view shows it: `≤ 39,999`, `≥ ×7.5`, `50,000 nominal`."""
        return figure(self.stated_value, self.qualifier, self.low, self.high, self.unit)

    def operand(self, as_expression: bool = False) -> Figure:
        """This number as an operand of further arithmetic, written as its
        result (`less than 40,000`) or as its expression (`(a + b)`, bracketed
        when it has an operator)."""
        words = self.words
        if as_expression:
            compound = any(op in self.expression for op in (" + ", " − ", " / "))
            words = f"({self.expression})" if compound else self.expression
        return Figure(self.range, words, self.unit)

    def record(self) -> dict[str, Any]:
        """`{id, name, value, qualifier, low, high, arithmetic, premises}`, as `check --json` lists it."""
        return {
            "id": self.id,
            "name": self.name,
            "value": self.stated_value,
            "qualifier": self.qualifier,
            "low": self.low,
            "high": self.high,
            "arithmetic": self.arithmetic,
            "premises": list(self.premises),
        }


def _end(bound: Bound, unit: Unit, lower: bool) -> str:
    word = ("more than" if bound.open else "at least") if lower else ("less than" if bound.open else "at most")
    return f"{word} {amount(bound.at, unit, 'down' if lower else 'up')}"


def result_words(r: Range, unit: Unit, reason: str | None) -> str:
    """A derived number in words: `50,000`, `about 50,000 (45,000 to 55,000)`,
    `at least 210,004`, `at least 100 and at most 150`, `50,000 nominal`, or
    with a reason (arithmetic strings) `50,000, nominal: both sides are lower bounds`."""
    qualifier = qualifier_of(r)
    if qualifier == "exactly":
        return amount(r.value, unit)
    if qualifier == "about":
        width = f" ({amount(r.low.at, unit, 'down')} to {amount(r.high.at, unit, 'up')})" if r.low and r.high else ""
        return f"about {amount(r.value, unit)}{width}"
    if qualifier == "nominal":
        return f"{amount(r.value, unit)}, nominal: {reason}" if reason else f"{amount(r.value, unit)} nominal"
    ends: list[str] = []
    if qualifier in ("more_than", "at_least", "between") and r.low is not None:
        ends.append(_end(r.low, unit, lower=True))
    if qualifier in ("less_than", "at_most", "between") and r.high is not None:
        ends.append(_end(r.high, unit, lower=False))
    return " and ".join(ends)


def _nominal_reason(lower_bounds_only: bool) -> str:
    return "both sides are lower bounds" if lower_bounds_only else "the qualifiers set no bound"


def _derived(name: str, r: Range, expression: str, unit: Unit, reason: str) -> Derived:
    return Derived(name, r, f"{expression} = {result_words(r, unit, reason)}", expression, unit)


def total(name: str, figures: Sequence[Figure]) -> Derived:
    """The sum of stated figures: `more than 50,000 + 60,000 = more than 110,000`."""
    r = range_sum([f.range for f in figures])
    expression = " + ".join(f.words for f in figures) or "0"
    unit = figures[0].unit if figures else "count"
    return _derived(name, r, expression, unit, _nominal_reason(False))


def count_difference(name: str, a: Figure, b: Figure) -> Derived | None:
    """a − b for counts, cut at 0; None when b is larger than every value a can
    have (no count is left). `more than 260,000 − (…) = 50,000, nominal: …`."""
    r = range_count_difference(a.range, b.range)
    if r.empty:
        return None
    both_open = a.range.high is None and b.range.high is None
    return _derived(name, r, f"{a.words} − {b.words}", a.unit, _nominal_reason(both_open))


def ratio(name: str, a: Figure, b: Figure) -> Derived | None:
    """a / b as a growth factor: `300,000 / less than 40,000 = more than ×7.5`;
    None when b can only be 0."""
    r = range_ratio(a.range, b.range)
    if r is None:
        return None
    return _derived(name, r, f"{a.words} / {b.words}", "factor", _nominal_reason(False))


def _above(a: Range, b: Range) -> bool:
    """Every value of a is larger than every value of b."""
    if a.low is None or b.high is None:
        return False
    return a.low.at > b.high.at or (a.low.at == b.high.at and (a.low.open or b.high.open))


def at_most(a: Range, b: Range) -> bool | None:
    """Is a ≤ b? True when it holds for every value of each, False when for
    none, None when the ranges cannot tell."""
    if a.high is not None and b.low is not None and a.high.at <= b.low.at:
        return True
    return False if _above(a, b) else None


def within(a: Range, b: Range) -> bool | None:
    """Is a inside b (b a claim about the number a)? True when every value of
    a is in b, False when none is, None when the ranges cannot tell."""
    above = b.low is None or (
        a.low is not None and (a.low.at > b.low.at or (a.low.at == b.low.at and (a.low.open or not b.low.open)))
    )
    below = b.high is None or (
        a.high is not None and (a.high.at < b.high.at or (a.high.at == b.high.at and (a.high.open or not b.high.open)))
    )
    if above and below:
        return True
    return False if _above(a, b) or _above(b, a) else None


class Reconciliation(NamedTuple):
    """The supply against the partners' own stated allocations, under the
    chosen premises (`gpu_cli.premises`)."""

    headline: Figure | None
    supply: Figure | None  # the headline, capped by the recipient's total under total-includes-supply
    stated: tuple[Partner, ...]  # partners with their own count
    via: tuple[Partner, ...]  # no count of their own; served through another partner
    unstated: tuple[Partner, ...]  # no count and no relation: the remainder is theirs
    parts: Derived  # the stated allocations together (overlaps allowed unless a premise rules them out)
    fits: bool | None  # parts ≤ supply: proven, broken, or cannot tell (None without a supply or the premise)
    remainder: Derived | None  # supply − parts; None without either, or when no count can be left
    premises: frozenset[str]
    used: tuple[str, ...]  # the premises the comparison rests on

    @property
    def implied_share(self) -> Derived | None:
        """The remainder, if it belongs to exactly one partner."""
        rest = self.remainder
        return rest if rest is not None and len(self.unstated) == 1 and rest.value > 0 else None

    @property
    def derived(self) -> list[Derived]:
        return [self.parts, *([self.remainder] if self.remainder else [])]


def _groups(partners: Sequence[Partner], premises: frozenset[str]) -> list[list[Partner]]:
    """The stated partners whose allocations may overlap, together: linked
    ones (unless linked-apart), and all of them without companies-apart."""
    if "companies-apart" not in premises:
        return [list(partners)] if partners else []
    root = {p.id: p.id for p in partners}

    def find(pid: str) -> str:
        while root[pid] != pid:
            pid = root[pid]
        return pid

    if "linked-apart" not in premises:
        for p in partners:
            for r in p.relations:
                if r.partner in root:
                    root[find(p.id)] = find(r.partner)
    groups: dict[str, list[Partner]] = {}
    for p in partners:
        groups.setdefault(find(p.id), []).append(p)
    return list(groups.values())


def _union(group: Sequence[Figure]) -> Range:
    """Allocations that may overlap: at least the largest, at most their sum."""
    summed = range_sum([f.range for f in group])
    lows = [f.range.low for f in group if f.range.low is not None]
    low = max(lows, key=lambda b: b.at) if lows else FLOOR
    return Range(summed.value, low, summed.high, summed.approximate and len(group) == 1)


def _parts(stated_: Sequence[Partner], premises: frozenset[str]) -> Derived:
    figures = {p.id: stated(p.gpus or 0, p.gpus_qualifier) for p in stated_}
    groups = _groups(stated_, premises)
    ranges = [_union([figures[p.id] for p in g]) if len(g) > 1 else figures[g[0].id].range for g in groups]
    r = range_sum(ranges)
    words = []
    for g in groups:
        inner = " + ".join(figures[p.id].words for p in g)
        words.append(f"({inner}, overlap possible)" if len(g) > 1 else inner)
    expression = " + ".join(words) or "0"
    # Distinct GPUs: whether allocations overlap rests on the overlap premises
    # alone (being part of the supply is the comparison's premise, not the sum's).
    used = {"companies-apart", "linked-apart"} & premises if len(stated_) > 1 else set()
    return _derived("stated partner sum", r, expression, "count", _nominal_reason(False)).resting_on(
        "stated_partner_sum", used
    )


def reconcile(facts: Facts, premises: frozenset[str] | None = None) -> Reconciliation:
    from gpu_cli.premises import DEFAULT

    chosen = DEFAULT if premises is None else premises
    stated_ = tuple(p for p in facts.partners if p.gpus is not None)
    deal = facts.deal
    headline = stated(deal.gpus, deal.gpus_qualifier) if deal.gpus is not None else None
    supply, capped = headline, False
    entry = recipient_entry(facts)
    if headline is not None and "total-includes-supply" in chosen and entry is not None and entry.gpus is not None:
        total = stated(entry.gpus, entry.gpus_qualifier)
        cut = _cap(headline.range, total.range)
        if cut is not None:
            capped = cut != headline.range
            supply = Figure(cut, f"({headline.words}, at most {total.words})" if capped else headline.words)
    parts = _parts(stated_, chosen)
    in_supply = "allocations-in-supply" in chosen
    used = [*(["allocations-in-supply"] if in_supply else []), *parts.premises]
    used += ["total-includes-supply"] if capped else []
    via_ok = "via-partner-no-allocation" in chosen
    remainder = None
    if supply is not None and in_supply:
        rest = count_difference("remainder", supply, parts.operand(as_expression=True))
        if rest is not None and rest.value >= 0:  # below zero as written: a contradiction, never a count
            remainder = rest.resting_on("remainder", [*used, *(["via-partner-no-allocation"] if via_ok else [])])
    return Reconciliation(
        headline=headline,
        supply=supply,
        stated=stated_,
        via=tuple(p for p in facts.partners if p.gpus is None and p.relations) if via_ok else (),
        unstated=tuple(p for p in facts.partners if p.gpus is None and (not p.relations or not via_ok)),
        parts=parts,
        fits=None if supply is None or not in_supply else at_most(parts.range, supply.range),
        remainder=remainder,
        premises=chosen,
        used=tuple(used),
    )


def _cap(supply: Range, total: Range) -> Range | None:
    """The supply cut at the recipient's total (total-includes-supply); None
    when no value of the supply fits under any value of the total."""
    high = supply.high
    if total.high is not None and (high is None or total.high.at < high.at):
        high = total.high
    cut = Range(supply.value, supply.low, high, supply.approximate and high == supply.high)
    return None if cut.empty else cut


_NOT_IMPLIED: Mapping[str, object] = dict.fromkeys(
    ("gpus_implied", "gpus_implied_qualifier", "gpus_implied_low", "gpus_implied_high", "gpus_implied_basis")
)


def implied_fields(partner: Partner, reconciliation: Reconciliation) -> Mapping[str, object]:
    """The separate, clearly named fields a view adds beside the stated `gpus`
    (the same mapping for every partner with none: records merge it, never change it)."""
    unstated = reconciliation.unstated
    share = reconciliation.implied_share if len(unstated) == 1 and partner.id == unstated[0].id else None
    if share is None:
        return _NOT_IMPLIED
    return {
        "gpus_implied": share.stated_value,
        "gpus_implied_qualifier": share.qualifier,
        "gpus_implied_low": share.low,
        "gpus_implied_high": share.high,
        "gpus_implied_basis": f"supply − stated partner counts, if {', '.join(share.premises)}: {share.arithmetic}",
    }


class Inventory(NamedTuple):
    """The recipient's stock before the deal (its total after, minus the new
    supply) and its growth, against the article's claim."""

    after: RankEntry
    total: Figure  # the recipient's total after the deal
    new: Figure  # the headline supply
    before: Derived | None  # None when the supply is larger than any total the ranking allows
    growth: Derived | None  # None when there is no stock before to divide by
    claim: Figure | None  # the claimed growth factor

    @property
    def derived(self) -> list[Derived]:
        return [d for d in (self.before, self.growth) if d is not None]


def recipient_entry(facts: Facts) -> RankEntry | None:
    wanted = facts.deal.recipient.casefold()
    return next((e for e in facts.ranking if e.country.casefold() == wanted), None)


def inventory(facts: Facts, premises: frozenset[str] | None = None) -> Inventory | None:
    """None without the numbers, or without total-includes-supply: a stock
    "before" is the total after minus the supply only if it includes it."""
    from gpu_cli.premises import DEFAULT

    chosen = DEFAULT if premises is None else premises
    entry = recipient_entry(facts)
    if entry is None or entry.gpus is None or facts.deal.gpus is None or "total-includes-supply" not in chosen:
        return None
    used = ["total-includes-supply"]
    after = stated(entry.gpus, entry.gpus_qualifier)
    new = stated(facts.deal.gpus, facts.deal.gpus_qualifier)
    before = count_difference("stock before the deal", after, new)
    growth = ratio("growth factor", after, before.operand()) if before else None
    claimed = facts.deal.inventory_growth
    claim = (
        stated(claimed.factor, claimed.factor_qualifier, "factor") if claimed and claimed.factor is not None else None
    )
    return Inventory(
        after=entry,
        total=after,
        new=new,
        before=before.resting_on("stock_before", used) if before else None,
        growth=growth.resting_on("growth_factor", used) if growth else None,
        claim=claim,
    )


def derived_numbers(facts: Facts, premises: frozenset[str] | None = None) -> dict[str, Derived]:
    """Every derived number of the facts, keyed by its stable id (`remainder`,
    `partners[sk-group].gpus_implied`, `growth_factor`), as `gpudeal diff`
    names them: the one list of what follows from the stated figures."""
    rec, inv = reconcile(facts, premises), inventory(facts, premises)
    keyed = {number.id: number for number in [*rec.derived, *(inv.derived if inv else [])]}
    share = rec.implied_share
    if share is not None:
        keyed[f"partners[{rec.unstated[0].id}].gpus_implied"] = share
    return keyed
