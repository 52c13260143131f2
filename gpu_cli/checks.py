"""Consistency rules over the facts. Each returns a verdict with the arithmetic
behind it, so a reader can redo the sum; none of them prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any, Literal

from gpu_cli.derive import Reconciliation, inventory, recipient_entry, reconcile
from gpu_cli.models import Facts
from gpu_cli.text import count_words, join_words

Verdict = Literal["ok", "warning", "fail"]
CHECK_FIELDS = ("rule", "verdict", "arithmetic", "detail")


@dataclass(frozen=True)
class Result:
    rule: str
    verdict: Verdict
    arithmetic: str
    detail: str

    def record(self) -> dict[str, Any]:
        return asdict(self)


def _names(partners: Any) -> str:
    return ", ".join(p.name for p in partners)


def partner_sum(facts: Facts) -> Result:
    """The stated partner counts against the headline, and who the rest is for."""
    rec = reconcile(facts)
    rule = "partner counts within the headline"
    sum_words = f"{'more than ' if rec.parts_are_lower_bounds else ''}{rec.stated_sum:,}"
    if rec.headline is None:
        return Result(rule, "warning", rec.arithmetic, "the deal states no total to compare with")
    headline = count_words(rec.headline, rec.headline_qualifier)
    if rec.stated_sum > rec.headline:
        verdict: Verdict = "warning" if rec.headline_qualifier == "about" else "fail"
        return Result(
            rule, verdict, rec.arithmetic, f"stated parts ({sum_words}) exceed the announced total ({headline})"
        )
    if rec.stated_sum == rec.headline and rec.headline_qualifier == "exactly" and rec.parts_are_lower_bounds:
        return Result(rule, "fail", rec.arithmetic, f"parts of {sum_words} cannot add up to exactly {rec.headline:,}")
    return Result(rule, *_remainder(rec, sum_words, headline))


def _remainder(rec: Reconciliation, sum_words: str, headline: str) -> tuple[Verdict, str, str]:
    rest = rec.remainder or 0
    detail = f"stated parts {sum_words} ≤ {headline}"
    bounded = rec.headline_qualifier == "exactly" and not rec.parts_are_lower_bounds
    sign = "" if bounded else "≈"
    if rest and len(rec.unstated) == 1:
        detail += f"; {sign}{rest:,} implied for {rec.unstated[0].name} ({_hedge(rec)})"
    elif rest and rec.unstated:
        detail += f"; {sign}{rest:,} shared by {_names(rec.unstated)}, no split stated ({_hedge(rec)})"
    elif rest:
        verdict: Verdict = "warning" if bounded else "ok"
        return verdict, rec.arithmetic, detail + f"; {rest:,} not attributed to any partner"
    if rec.via:
        detail += f"; {_names(rec.via)}: through another partner's allocation, not counted again"
    return "ok", rec.arithmetic, detail


def _hedge(rec: Reconciliation) -> str:
    """How far to trust headline minus parts, given the qualifiers on each side."""
    total_open = rec.headline_qualifier != "exactly"
    if total_open and rec.parts_are_lower_bounds:
        return "about: the total and some parts are 'more than' figures, so the difference has no bound"
    if total_open:
        return f"about: the total is {'an approximate' if rec.headline_qualifier == 'about' else 'a more-than'} figure"
    if rec.parts_are_lower_bounds:
        return "at most: some parts are 'more than' figures"
    return "exact"


def counted_once(facts: Facts) -> Result:
    """A relation never adds a count: a cloud partner of the ministry with its
    own allocation (Naver Cloud) counts once, for that allocation alone."""
    rule = "no GPU counted twice"
    related = [p for p in facts.partners if p.relations]
    own = [p for p in related if p.gpus is not None]
    arithmetic = " + ".join(f"{p.gpus:,} ({p.name}, own allocation)" for p in own) or "no related partner has a count"
    detail = (
        f"{join_words([p.name for p in related])} {'is' if len(related) == 1 else 'are'} linked to another"
        " partner; links carry no count"
        if related
        else "no partner is linked to another"
    )
    return Result(rule, "ok", arithmetic, detail)


def inventory_growth(facts: Facts) -> Result:
    rule = "stock before the deal"
    inv = inventory(facts)
    if inv is None:
        return Result(rule, "warning", "", "no total for the recipient in the ranking, or no headline count")
    if inv.before <= 0:
        return Result(rule, "fail", inv.arithmetic, "the total after the deal is not larger than the new supply")
    supply = count_words(inv.new, facts.deal.gpus_qualifier)
    detail = f"≈{inv.before:,} before the deal (about: with a supply of {supply}, the stock before was at most this)"
    if inv.factor is None or inv.growth is None:
        return Result(rule, "ok", inv.arithmetic, detail)
    claim = f"{count_words(inv.factor, inv.factor_qualifier)}-fold"
    holds = inv.growth > inv.factor if inv.factor_qualifier == "more_than" else inv.growth >= inv.factor
    verdict: Verdict = "ok" if holds else "fail"
    return Result(
        rule,
        verdict,
        inv.arithmetic,
        f"{detail}; ×{inv.growth:.1f} {'fits' if holds else 'contradicts'} the claimed {claim} growth",
    )


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
    arithmetic = " ≥ ".join(f"{e.gpus:,} (#{e.rank})" for e in known) or "no counts"
    for higher, lower in pairwise(known):
        if (lower.gpus or 0) > (higher.gpus or 0) and lower.rank > higher.rank:
            return Result(
                rule,
                "fail",
                arithmetic,
                f"{lower.country} (#{lower.rank}) has more than {higher.country} (#{higher.rank})",
            )
    return Result(rule, "ok", arithmetic, "known counts never grow down the ranking")


def recipient_ranked(facts: Facts) -> Result:
    rule = "recipient's place in the ranking"
    entry = recipient_entry(facts)
    if entry is None:
        return Result(rule, "warning", "", f"{facts.deal.recipient} is not in the ranking")
    total, new = entry.gpus, facts.deal.gpus
    if total is None or new is None:
        return Result(rule, "ok", "", f"{entry.country} ranks #{entry.rank}; no count to compare")
    arithmetic = f"{total:,} ≥ {new:,}"
    if total < new:
        return Result(rule, "fail", f"{total:,} < {new:,}", f"{entry.country}'s total is below the supply it receives")
    return Result(
        rule,
        "ok",
        arithmetic,
        f"{entry.country} ranks #{entry.rank} with {count_words(total, entry.gpus_qualifier)} in total,"
        " the new supply included",
    )


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
