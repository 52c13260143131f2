"""Several sources, one fact: each source's claim is a range (as its qualifier
defines it), and the ranges are intersected.

- `agree`: every independent source gives the same range;
- `consistent`: the ranges overlap; `joint` is the narrowest range all of them allow;
- `conflict`: no range satisfies them all; `conflicts` names the claims that
  cannot both be right;
- `single`: one independent source only.

Copies count once: a source that is a `translation_of` another, or `based_on`
it (a rewrite of the same wire story), is counted with its original. Where a
translation and its original give the same fact with different qualifiers,
that is `drift` ("up to $10 billion" → "à hauteur de 10 milliards").

Pure: nothing here reads or prints. Every verdict on several sources is
computed here, and the views (`corroborate`, `partners`, `show`, `summary`,
`check --sources all`) read it."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from gpu_cli.derive import Bound, stated
from gpu_cli.models import ARTICLE, CorroborationRecord, Facts
from gpu_cli.sources import Claim, article_claims, derived_claims, original, reports_of, unit_of
from gpu_cli.text import Shown, Unit, amount, figure

Verdict = Literal["agree", "consistent", "conflict", "single"]
CORROBORATE_FIELDS = tuple(CorroborationRecord.model_fields)


class Interval(NamedTuple):
    """The values a claim allows. `low`/`high` None: unbounded on that side
    (a count's floor of 0 is a closed low end)."""

    low: Bound | None
    high: Bound | None

    @property
    def empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low.at > self.high.at or (self.low.at == self.high.at and (self.low.open or self.high.open))

    def meet(self, other: Interval) -> Interval:
        """The intersection: the larger low end, the smaller high end."""
        return Interval(_tighter(self.low, other.low, lower=True), _tighter(self.high, other.high, lower=False))


def _tighter(a: Bound | None, b: Bound | None, lower: bool) -> Bound | None:
    if a is None or b is None:
        return a or b
    if a.at != b.at:
        return (max if lower else min)(a, b, key=lambda bound: bound.at)
    return Bound(a.at, a.open or b.open)


ZERO = Bound(Fraction(0))


def interval_of(value: int, qualifier: str, unit: Unit = "count") -> Interval:
    """A stated figure as the range `gpu_cli.derive.stated` reads it: a
    count's ends whole and closed, `about n` n ± half a unit of its last
    significant digit (about 60,000 is 55,000 to 65,000)."""
    r = stated(value, qualifier, unit).range
    return Interval(r.low, r.high)


def _derived(facts: Facts, fact: str) -> tuple[Interval, Shown]:
    """The range of a number the article implies (a nominal one bounds nothing),
    and how every view shows it."""
    from gpu_cli.derive import derived_numbers

    number = derived_numbers(facts)[fact.removeprefix("derived.")]
    r = number.range
    interval = Interval(ZERO, None) if number.qualifier == "nominal" else Interval(r.low or ZERO, r.high)
    return interval, number.shown()


def claim_shown(claim: Claim, unit: Unit) -> Shown:
    """A claim as the tables write a figure: `> 260,000`, `≤ 260,000`, `≈60,000`."""
    return figure(claim.value, claim.qualifier, unit=unit)


def interval_shown(interval: Interval, unit: Unit) -> str:
    """`60,000`, `> 260,000`, `≤ 260,000`, `55,000 to 65,000`, `> 260,000 and ≤ 265,000`."""
    low = interval.low if interval.low is not None and (interval.low.at > 0 or interval.low.open) else None
    high = interval.high
    if interval.empty:
        return "none"
    if low is not None and high is not None and low.at == high.at:
        return amount(low.at, unit)
    ends = []
    if low is not None:
        ends.append(f"{'>' if low.open else '≥'} {amount(low.at, unit, 'down')}")
    if high is not None:
        ends.append(f"{'<' if high.open else '≤'} {amount(high.at, unit, 'up')}")
    if low is not None and high is not None and not low.open and not high.open:
        return f"{amount(low.at, unit, 'down')} to {amount(high.at, unit, 'up')}"
    return " and ".join(ends) or "any"


def _number(end: Bound | None) -> int | float | None:
    if end is None:
        return None
    return int(end.at) if end.at.denominator == 1 else float(end.at)


class Placed(NamedTuple):
    """A claim with its range and the original it counts with."""

    claim: Claim
    interval: Interval | None  # None: the source gives no figure
    origin: str
    shown: Shown


class Corroboration(NamedTuple):
    fact: str
    unit: Unit
    placed: tuple[Placed, ...]
    verdict: Verdict
    joint: Interval | None  # None: no source gives a figure
    conflicts: tuple[str, ...]
    drift: tuple[str, ...]

    @property
    def figured(self) -> list[Placed]:
        return [p for p in self.placed if p.interval is not None]

    @property
    def independent(self) -> int:
        return len({p.origin for p in self.figured})

    def figures(self) -> list[str]:
        """`article: > 260,000`, `yonhap-fr: ≤ 260,000 (counted with yonhap)`."""
        out = []
        for p in self.placed:
            copy = f" (counted with {p.origin})" if p.origin != p.claim.source else ""
            derived = " (derived)" if p.claim.derived else ""
            out.append(f"{p.claim.source}: {p.shown.text}{derived}{copy}")
        return out

    def joint_shown(self) -> str:
        return "none" if self.joint is None or self.joint.empty else interval_shown(self.joint, self.unit)

    def detail(self) -> str:
        figured = self.figured
        n, k = len(figured), self.independent
        counted = f"{n} figure{'s' if n != 1 else ''} from {k} independent source{'s' if k != 1 else ''}"
        if self.verdict == "conflict":
            text = f"{counted}; no range satisfies them all: {'; '.join(self.conflicts)}"
        elif self.verdict == "consistent":
            text = f"{counted}; their ranges overlap in {self.joint_shown()}"
        elif self.verdict == "agree":
            text = f"{counted}; all give {self.joint_shown()}"
        else:
            text = f"{counted}" + (f"; {self.joint_shown()}" if figured else "")
        silent = [p.claim.source for p in self.placed if p.interval is None]
        if silent:
            text += f"; no figure from {', '.join(silent)}"
        if self.drift:
            text += f"; drift in translation: {'; '.join(self.drift)}"
        return text

    def record(self) -> dict[str, Any]:
        joint = self.joint if self.joint is not None and not self.joint.empty else None
        low = joint.low if joint is not None else None
        low = low if low is not None and (low.at > 0 or low.open) else None  # 0 included: no bound stated
        high = joint.high if joint is not None else None
        return {
            "fact": self.fact,
            "verdict": self.verdict,
            "joint": self.joint_shown(),
            "joint_low": _number(low),
            "joint_high": _number(high),
            "joint_low_included": None if low is None else not low.open,
            "joint_high_included": None if high is None else not high.open,
            "sources": [p.claim.source for p in self.placed],
            "independent": self.independent,
            "figures": self.figures(),
            "conflicts": list(self.conflicts),
            "drift": list(self.drift),
            "detail": self.detail(),
            "reports": [
                {
                    "source": p.claim.source,
                    "value": p.claim.value,
                    "qualifier": p.claim.qualifier,
                    "figure": p.shown.text,
                    "excerpt": p.claim.excerpt,
                    "according_to": p.claim.according_to,
                    "derived": p.claim.derived,
                    "counted_with": p.origin if p.origin != p.claim.source else None,
                }
                for p in self.placed
            ],
        }


def _conflicts(placed: Sequence[Placed], unit: Unit) -> tuple[str, ...]:
    """The pairs of distinct claims whose ranges do not meet, each side with its sources."""
    groups: dict[Interval, list[Placed]] = {}
    for p in placed:
        if p.interval is not None:
            groups.setdefault(p.interval, []).append(p)
    keys = list(groups)
    out = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a.meet(b).empty:
                out.append(f"{_side(groups[a])} and {_side(groups[b])} cannot both be right")
    return tuple(out)


def _side(placed: Sequence[Placed]) -> str:
    return f"{', '.join(p.claim.source for p in placed)} ({placed[0].shown.text})"


def _drift(facts: Facts, placed: Sequence[Placed]) -> tuple[str, ...]:
    """A translation and its original, both giving the fact, with different qualifiers."""
    by_source = {p.claim.source: p for p in placed if p.claim.value is not None}
    out = []
    for entry in facts.sources:
        mine, theirs = by_source.get(entry.id), by_source.get(entry.translation_of or "")
        if mine and theirs and mine.claim.qualifier != theirs.claim.qualifier:
            out.append(
                f'{theirs.claim.source} {theirs.shown.text} ("{theirs.claim.excerpt}") →'
                f' {mine.claim.source} {mine.shown.text} ("{mine.claim.excerpt}")'
            )
    return tuple(out)


def corroborate_fact(facts: Facts, fact: str, claims: Sequence[Claim]) -> Corroboration:
    unit = unit_of(fact)
    placed = []
    for claim in claims:
        shown = claim_shown(claim, unit)
        interval: Interval | None = None
        if claim.derived:
            interval, shown = _derived(facts, fact)
        elif claim.value is not None and claim.qualifier is not None:
            interval = interval_of(int(claim.value), claim.qualifier, unit)
        placed.append(Placed(claim, interval, original(facts, claim.source), shown))
    ranges = [p.interval for p in placed if p.interval is not None]
    joint: Interval | None = None
    for interval in ranges:
        joint = interval if joint is None else joint.meet(interval)
    origins = {p.origin for p in placed if p.interval is not None}
    verdict: Verdict
    if joint is not None and joint.empty:
        verdict = "conflict"
    elif len(set(ranges)) <= 1 and len(origins) <= 1:
        verdict = "single"
    elif len(set(ranges)) == 1:
        verdict = "agree"
    else:
        verdict = "consistent"
    return Corroboration(fact, unit, tuple(placed), verdict, joint, _conflicts(placed, unit), _drift(facts, placed))


def corroborations(facts: Facts) -> list[Corroboration]:
    """Every fact some source gives a figure for, or that another source
    reports on: the article's stated facts in file order, then derived ones."""
    reports: dict[str, list[Claim]] = {}
    for claim in reports_of(facts):
        reports.setdefault(claim.fact, []).append(claim)
    out = []
    for fact, claim in article_claims(facts).items():
        if claim.value is not None or fact in reports:
            out.append(corroborate_fact(facts, fact, [claim, *reports.get(fact, [])]))
    for fact, claim in derived_claims(facts).items():
        if fact in reports:
            out.append(corroborate_fact(facts, fact, [claim, *reports[fact]]))
    return out


def by_fact(facts: Facts) -> dict[str, Corroboration]:
    return {c.fact: c for c in corroborations(facts)}


def corroborate_records(facts: Facts, wanted: Sequence[str] = (), source: str | None = None) -> list[dict[str, Any]]:
    """The `corroborate` records: the facts asked for (all by default), only
    those `source` reports when given (the article reports every stated one)."""
    chosen = corroborations(facts)
    if wanted:
        order = {fact: index for index, fact in enumerate(wanted)}
        chosen = sorted((c for c in chosen if c.fact in order), key=lambda c: order[c.fact])
    if source is not None:
        chosen = [c for c in chosen if any(p.claim.source == source for p in c.placed)]
    return [c.record() for c in chosen]


def other_reports(found: Corroboration) -> str | None:
    """One sentence on what the other sources say of a fact, for the article's
    views (`partners`, `show`, `summary`), from the verdict computed here:
    `not stated here; 50,000 in 11 other reports (9 independent), conflicting
    on the qualifier`. None when no other source reports the fact."""
    others = [p for p in found.placed if p.claim.source != ARTICLE]
    if not others:
        return None
    article = next((p for p in found.placed if p.claim.source == ARTICLE), None)
    here = f"{article.shown.text} here" if article is not None and article.interval is not None else "not stated here"
    figured = [p for p in others if p.interval is not None]
    values = sorted({p.claim.value for p in figured if p.claim.value is not None})
    said = " or ".join(amount(v, found.unit) for v in values) or "no figure"
    n, k = len(figured), len({p.origin for p in figured})
    counted = f"{said} in {n} other report{'s' if n != 1 else ''} ({k} independent)" if figured else "no figure"
    silent = len(others) - n
    if silent:
        counted += f"; {silent} other report{'s' if silent != 1 else ''} with no figure"
    all_values = {p.claim.value for p in found.figured}
    verdict = {
        "conflict": "conflicting" + (" on the qualifier" if len(all_values) == 1 else ""),
        "consistent": f"consistent, jointly {found.joint_shown()}",
        "agree": "all agreeing",
        "single": "",
    }[found.verdict]
    drift = "; drift in translation" if found.drift else ""
    return f"{here}; {counted}" + (f", {verdict}" if verdict and figured else "") + drift


def disagrees(found: Corroboration) -> bool:
    """Other reports disagree with the article (their ranges conflict) or add
    to it (a figure where the article states none)."""
    article = next((p for p in found.placed if p.claim.source == ARTICLE), None)
    adds = (article is None or article.interval is None) and any(p.claim.source != ARTICLE for p in found.figured)
    return found.verdict == "conflict" or adds


class Tally(NamedTuple):
    """How the facts some source reports fare, verdict by verdict (`summary`)."""

    facts: int
    agree: int
    consistent: int
    conflict: int
    single: int
    drift: tuple[str, ...]  # the facts with drift in translation


def tally(found: Sequence[Corroboration]) -> Tally:
    counts = {verdict: sum(1 for c in found if c.verdict == verdict) for verdict in Tally._fields[1:5]}
    return Tally(len(found), **counts, drift=tuple(c.fact for c in found if c.drift))
