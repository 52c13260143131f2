"""Consistency rules over the facts. Each decides on the ranges the qualifiers
stand for (see `gpu_cli.derive`): `ok` when they prove the rule holds, `fail`
when they prove it broken, `undetermined` when the article's figures can do
neither. Each gives the arithmetic behind its verdict and the derived numbers it
used, so a reader can redo the sums; none of them prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

from gpu_cli.derive import (
    Derived,
    Figure,
    Reconciliation,
    at_most,
    inventory,
    recipient_entry,
    reconcile,
    stated,
    within,
)
from gpu_cli.models import CheckRecord, Facts, RankEntry
from gpu_cli.text import join_words

Verdict = Literal["ok", "fail", "undetermined"]
CHECK_FIELDS = tuple(CheckRecord.model_fields)
TABLE_FIELDS = ("rule", "verdict", "arithmetic", "detail")


def verdict_of(proof: bool | None) -> Verdict:
    return "ok" if proof else "undetermined" if proof is None else "fail"


@dataclass(frozen=True)
class Result:
    rule: str
    verdict: Verdict
    arithmetic: str
    detail: str
    derived: Sequence[Derived] = field(default=())

    def record(self) -> dict[str, Any]:
        """The `check --json` record (`CheckRecord`): rule, verdict, arithmetic,
        detail, and `derived`, each `{name, value, qualifier, low, high, arithmetic}`."""
        return {
            "rule": self.rule,
            "verdict": self.verdict,
            "arithmetic": self.arithmetic,
            "detail": self.detail,
            "derived": [d.record() for d in self.derived],
        }


def _names(partners: Any) -> str:
    return ", ".join(p.name for p in partners)


def _arithmetic(derived: Sequence[Derived]) -> str:
    return "; ".join(d.arithmetic for d in derived)


def partner_sum(facts: Facts) -> Result:
    """The stated partner counts against the headline, and who the rest is for."""
    rec = reconcile(facts)
    rule = "partner counts within the headline"
    arithmetic = _arithmetic(rec.derived)
    if rec.headline is None:
        return Result(rule, "undetermined", arithmetic, "the deal states no total to compare with", rec.derived)
    parts, headline = rec.parts.words, rec.headline.words
    verdict = verdict_of(rec.fits)
    if verdict == "fail":
        return Result(rule, verdict, arithmetic, f"stated parts ({parts}) exceed the announced total ({headline})")
    if verdict == "ok":
        detail = f"stated parts ({parts}) fit within the announced total ({headline})"
    else:
        why = (
            "both are lower bounds"
            if rec.remainder and rec.remainder.qualifier == "nominal"
            else "their ranges overlap"
        )
        detail = f"stated parts ({parts}) may or may not fit within the announced total ({headline}): {why}"
    return Result(rule, verdict, arithmetic, detail + _remainder_detail(rec), rec.derived)


def _remainder_detail(rec: Reconciliation) -> str:
    rest = rec.remainder
    detail = ""
    if rest is not None and rest.value > 0:
        if len(rec.unstated) == 1:
            detail += f"; {rest.words} implied for {rec.unstated[0].name}"
        elif rec.unstated:
            detail += f"; {rest.words} shared by {_names(rec.unstated)}, no split stated"
        else:
            detail += f"; {rest.words} not attributed to any partner"
    if rec.via:
        detail += f"; {_names(rec.via)}: through another partner's allocation, not counted again"
    return detail


def counted_once(facts: Facts) -> Result:
    """A relation never adds a count, so a partner linked to another counts once,
    for its own allocation. Whether two linked allocations overlap is another
    matter: the ministry's GPUs go partly to its cloud partners, Naver Cloud
    among them, which also has 60,000 of its own, and the source does not say
    whether those are apart. Linked counts on both sides are `undetermined`."""
    rule = "no GPU counted twice"
    related = [p for p in facts.partners if p.relations]
    own = [p for p in related if p.gpus is not None]
    arithmetic = (
        " + ".join(f"{stated(p.gpus or 0, p.gpus_qualifier).words} ({p.name}, own allocation)" for p in own)
        or "no related partner has a count"
    )
    if not related:
        return Result(rule, "ok", arithmetic, "no partner is linked to another")
    detail = (
        f"{join_words([p.name for p in related])} {'is' if len(related) == 1 else 'are'} linked to another"
        " partner; links carry no count"
    )
    by_id = {p.id: p for p in facts.partners}
    both = [(p, by_id[r.partner]) for p in own for r in p.relations if by_id[r.partner].gpus is not None]
    if not both:
        return Result(rule, "ok", arithmetic, detail)
    pairs = join_words([f"{p.name}'s and {other.name}'s" for p, other in both])
    overlap = f"; the source does not say whether {pairs} GPUs overlap: the sum counts them apart"
    return Result(rule, "undetermined", arithmetic, detail + overlap)


def inventory_growth(facts: Facts) -> Result:
    """The stock before the deal (total after − new supply) and its growth,
    against the claimed growth factor."""
    rule = "stock before the deal"
    inv = inventory(facts)
    if inv is None:
        return Result(rule, "undetermined", "", "no total for the recipient in the ranking, or no headline count")
    arithmetic = _arithmetic(inv.derived)
    if inv.before is None:  # the ranges prove the supply larger than the total
        return Result(
            rule,
            "fail",
            f"{inv.total.words} − {inv.new.words}",
            f"the total after the deal ({inv.total.words}) is smaller than the new supply ({inv.new.words})",
        )
    detail = f"{inv.before.words} before the deal"
    if inv.claim is None:
        return Result(rule, "ok", arithmetic, detail, inv.derived)
    claim = f"the claimed growth of {inv.claim.words}"
    if inv.growth is None:
        return Result(
            rule,
            "undetermined",
            arithmetic,
            f"{detail}: no stock to grow from, so {claim} cannot be tested",
            inv.derived,
        )
    verdict = verdict_of(within(inv.growth.range, inv.claim.range))
    says = {"ok": "fits", "fail": "contradicts", "undetermined": "neither proves nor contradicts"}[verdict]
    return Result(rule, verdict, arithmetic, f"{detail}; growth of {inv.growth.words} {says} {claim}", inv.derived)


def ranks_contiguous(facts: Facts) -> Result:
    rule = "ranks unique and contiguous"
    ranks = sorted(entry.rank for entry in facts.ranking)
    arithmetic = ", ".join(map(str, ranks)) or "no ranking"
    repeated = sorted(rank for rank, n in Counter(ranks).items() if n > 1)
    missing = sorted(set(range(1, (ranks[-1] if ranks else 0) + 1)) - set(ranks))
    if repeated or missing:
        problems = [f"repeated: {', '.join(map(str, repeated))}" if repeated else "",
                    f"skipped: {', '.join(map(str, missing))}" if missing else ""]  # fmt: skip
        return Result(rule, "fail", arithmetic, "; ".join(p for p in problems if p))
    return Result(rule, "ok", arithmetic, f"1 to {len(ranks)}, each once")


def counts_follow_ranks(facts: Facts) -> Result:
    rule = "counts fall as rank rises"
    known = [e for e in sorted(facts.ranking, key=lambda e: e.rank) if e.gpus is not None]
    arithmetic = " ≥ ".join(f"{_count(e).words} (#{e.rank})" for e in known) or "no counts"
    undecided = []
    for higher, lower in pairwise(known):
        pair = f"{lower.country} (#{lower.rank}) and {higher.country} (#{higher.rank})"
        proof = at_most(_count(lower).range, _count(higher).range) if lower.rank > higher.rank else True
        if proof is False:
            detail = f"{lower.country} (#{lower.rank}) has more than {higher.country} (#{higher.rank})"
            return Result(rule, "fail", arithmetic, detail)
        if proof is None:
            undecided.append(pair)
    if undecided:
        return Result(
            rule, "undetermined", arithmetic, f"the figures cannot tell which has more: {'; '.join(undecided)}"
        )
    return Result(rule, "ok", arithmetic, "known counts never grow down the ranking")


def _count(entry: RankEntry) -> Figure:
    return stated(entry.gpus or 0, entry.gpus_qualifier)


def recipient_ranked(facts: Facts) -> Result:
    rule = "recipient's place in the ranking"
    entry = recipient_entry(facts)
    if entry is None:
        return Result(rule, "undetermined", "", f"{facts.deal.recipient} is not in the ranking")
    if entry.gpus is None or facts.deal.gpus is None:
        return Result(rule, "ok", "", f"{entry.country} ranks #{entry.rank}; no count to compare")
    total = stated(entry.gpus, entry.gpus_qualifier)
    new = stated(facts.deal.gpus, facts.deal.gpus_qualifier)
    verdict = verdict_of(at_most(new.range, total.range))
    arithmetic = f"{total.words} ≥ {new.words}"
    where = f"{entry.country} ranks #{entry.rank} with {total.words} in total"
    detail = {
        "ok": f"{where}, the new supply included",
        "fail": f"{entry.country}'s total ({total.words}) is below the supply it receives ({new.words})",
        "undetermined": f"{where}; the figures cannot tell whether that covers a supply of {new.words}",
    }[verdict]
    return Result(rule, verdict, arithmetic, detail)


RULES: tuple[Callable[[Facts], Result], ...] = (
    partner_sum,
    counted_once,
    inventory_growth,
    ranks_contiguous,
    counts_follow_ranks,
    recipient_ranked,
)


def run_checks(facts: Facts) -> list[Result]:
    return [rule(facts) for rule in RULES]
