"""Consistency rules over the facts. Each decides on the ranges the qualifiers
stand for (see `gpu_cli.derive`): `ok` when they prove the rule holds, `fail`
when they prove it broken, `undetermined` when the article's figures can do
neither. Each gives the arithmetic behind its verdict and the derived numbers it
used, so a reader can redo the sums; none of them prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
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
    result_words,
    stated,
    within,
)
from gpu_cli.models import CheckRecord, DerivedRecord, Facts, PremiseRecord, RankEntry
from gpu_cli.premises import Assumed
from gpu_cli.text import QUALIFIER_WORDS, amount, capped, join_words

Verdict = Literal["ok", "fail", "undetermined"]
CHECK_FIELDS = tuple(CheckRecord.model_fields)


def verdict_of(proof: bool | None) -> Verdict:
    return "ok" if proof else "undetermined" if proof is None else "fail"


def ruling(
    rule: str,
    verdict: Verdict,
    arithmetic: str,
    detail: str,
    derived: Sequence[Derived] = (),
    rid: str = "",
    premises: Sequence[str] = (),
) -> CheckRecord:
    """One rule's verdict as its `check --json` record. `rid` is stable (its
    JSON key and diff path, `check.partner_sum`); `premises` are the ids the
    verdict rests on, joined with those of its derived numbers. The rules build
    it from their own sums, so it is constructed without re-validation."""
    from gpu_cli.premises import BY_ID, in_order

    used = in_order([*premises, *(p for d in derived for p in d.premises)])
    return CheckRecord.model_construct(
        id=rid,
        rule=rule,
        verdict=verdict,
        arithmetic=arithmetic,
        detail=detail,
        premises=[PremiseRecord.model_construct(**BY_ID[p].record()) for p in used],
        derived=[DerivedRecord.model_construct(**d.record()) for d in derived],
    )


def _names(partners: Any) -> str:
    return capped([p.name for p in partners])


def _arithmetic(derived: Sequence[Derived]) -> str:
    return "; ".join(d.arithmetic for d in derived)


def partner_sum(facts: Facts, premises: Assumed) -> CheckRecord:
    """The stated partner counts against the supply, and who the rest is for."""
    rec = reconcile(facts, premises)
    rule, rid = "partner counts within the headline", "partner_sum"
    arithmetic = _arithmetic(rec.derived)
    if not any(p.gpus is not None for p in facts.partners):  # nothing to sum: no proof either way
        return ruling(rule, "undetermined", arithmetic, "no partner states a count", rec.derived, rid)
    if rec.supply is None:
        return ruling(rule, "undetermined", arithmetic, "the deal states no total to compare with", rec.derived, rid)
    if "allocations-in-supply" not in premises:
        detail = (
            f"stated parts ({rec.parts.words}) and the supply ({rec.supply.words}) are not compared:"
            " settled by assuming allocations-in-supply"
        )
        return ruling(rule, "undetermined", arithmetic, detail, rec.derived, rid)
    parts, supply = rec.parts.words, result_words(rec.supply.range, "count", None)
    verdict = verdict_of(rec.fits)
    used = rec.used
    if verdict == "fail":
        alone = [
            f"{p.name}'s {stated(p.gpus or 0, p.gpus_qualifier).words}"
            for p in rec.stated
            if at_most(stated(p.gpus or 0, p.gpus_qualifier).range, rec.supply.range) is False
        ]
        which = (
            f"{join_words(alone)} alone exceed{'s' if len(alone) == 1 else ''} it"
            if alone
            else f"together, {rec.parts.expression}"
        )
        detail = f"contradiction: stated parts ({parts}) cannot fit in the supply ({supply}): {which}"
        return ruling(rule, verdict, arithmetic, detail, rec.derived, rid, used)
    if verdict == "ok":
        detail = f"stated parts ({parts}) fit within the supply ({supply})"
    else:
        detail = f"stated parts ({parts}) may or may not fit within the supply ({supply}); " + _settle(rec)
    return ruling(rule, verdict, arithmetic, detail + _remainder_detail(rec), rec.derived, rid, used)


def _settle(rec: Reconciliation) -> str:
    """What would decide an undetermined comparison: the facts whose qualifier
    leaves it open, and the totals that would decide it."""
    assert rec.supply is not None
    open_ended = [
        f"{p.name} ({QUALIFIER_WORDS[p.gpus_qualifier or 'exactly']})"
        for p in rec.stated
        if stated(p.gpus or 0, p.gpus_qualifier).range.high is None
    ]
    ends = []
    if rec.supply.range.low is not None:
        ends.append(f"ok if the stated parts total at most {amount(rec.supply.range.low.at)}")
    if rec.supply.range.high is not None:
        ends.append(f"fail above {amount(rec.supply.range.high.at)}")
    else:
        ends.append("no total can fail while the supply has no upper bound (the headline's qualifier)")
    blocking = f"an upper bound on {join_words(open_ended)}" if open_ended else "narrower figures"
    return f"settled by {blocking}: {', '.join(ends)}"


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
    elif rest is None and rec.supply is not None and rec.parts.range.value > rec.supply.range.value:
        excess = rec.parts.range.value - rec.supply.range.value
        detail += f"; as written the stated parts exceed the supply by {amount(excess)}: not every figure is exact"
    if rec.via:
        detail += f"; {_names(rec.via)}: through another partner's allocation, not counted again"
    return detail


def counted_once(facts: Facts, premises: Assumed) -> CheckRecord:
    """A relation never adds a count, so a partner linked to another counts once,
    for its own allocation. Whether two linked allocations overlap is another
    matter: the ministry's GPUs go partly to its cloud partners, Naver Cloud
    among them, which also has 60,000 of its own, and the source does not say
    whether those are apart. Linked counts on both sides are `undetermined`
    unless linked-apart is assumed."""
    rule, rid = "no GPU counted twice", "counted_once"
    related = [p for p in facts.partners if p.relations]
    own = [p for p in related if p.gpus is not None]
    arithmetic = (
        " + ".join(f"{stated(p.gpus or 0, p.gpus_qualifier).words} ({p.name}, own allocation)" for p in own)
        or "no related partner has a count"
    )
    if not facts.partners:
        return ruling(rule, "undetermined", arithmetic, "the facts list no partners", (), rid)
    if not related:
        return ruling(rule, "ok", arithmetic, "no partner is linked to another", (), rid)
    detail = (
        f"{join_words([p.name for p in related])} {'is' if len(related) == 1 else 'are'} linked to another"
        " partner; links carry no count"
    )
    by_id = {p.id: p for p in facts.partners}
    both = [(p, by_id[r.partner]) for p in own for r in p.relations if by_id[r.partner].gpus is not None]
    if not both:
        return ruling(rule, "ok", arithmetic, detail, (), rid)
    pairs = join_words([f"{p.name}'s and {other.name}'s" for p, other in both])
    if "linked-apart" in premises:
        return ruling(rule, "ok", arithmetic, f"{detail}; {pairs} GPUs are apart (premise)", (), rid, ["linked-apart"])
    overlap = (
        f"; the source does not say whether {pairs} GPUs overlap: the sum counts them apart;"
        " settled by the article saying so, or by assuming linked-apart"
    )
    return ruling(rule, "undetermined", arithmetic, detail + overlap, (), rid)


def inventory_growth(facts: Facts, premises: Assumed) -> CheckRecord:
    """The stock before the deal (total after − new supply) and its growth,
    against the claimed growth factor."""
    rule, rid = "stock before the deal", "stock_before"
    if "total-includes-supply" not in premises:
        why = "the stock before is the total after minus the supply only if the total includes it"
        return ruling(rule, "undetermined", "", f"{why}: settled by assuming total-includes-supply", (), rid)
    inv = inventory(facts, premises)
    used = ["total-includes-supply"]
    if inv is None:
        return ruling(
            rule, "undetermined", "", "no total for the recipient in the ranking, or no headline count", (), rid
        )
    arithmetic = _arithmetic(inv.derived)
    if inv.before is None:  # the ranges prove the supply larger than the total
        return ruling(
            rule,
            "fail",
            f"{inv.total.words} − {inv.new.words}",
            f"contradiction: the total after the deal ({inv.total.words}) is smaller than"
            f" the new supply ({inv.new.words})",
            (),
            rid,
            used,
        )
    detail = f"{inv.before.words} before the deal"
    if inv.claim is None:
        return ruling(rule, "ok", arithmetic, detail, inv.derived, rid, used)
    claim = f"the claimed growth of {inv.claim.words}"
    if inv.growth is None:
        return ruling(
            rule,
            "undetermined",
            arithmetic,
            f"{detail}: no stock to grow from, so {claim} cannot be tested",
            inv.derived,
            rid,
            used,
        )
    verdict = verdict_of(within(inv.growth.range, inv.claim.range))
    says = {"ok": "fits", "fail": "contradicts", "undetermined": "neither proves nor contradicts"}[verdict]
    detail = f"{detail}; growth of {inv.growth.words} {says} {claim}"
    if verdict == "undetermined":
        detail += f"; settled by a narrower total or supply ({inv.total.words}, {inv.new.words})"
    return ruling(rule, verdict, arithmetic, detail, inv.derived, rid, used)


def ranks_contiguous(facts: Facts, premises: Assumed) -> CheckRecord:
    rule = "ranks unique and contiguous"
    ranks = sorted(entry.rank for entry in facts.ranking)
    arithmetic = ", ".join(map(str, ranks)) or "no ranking"
    if not ranks:
        return ruling(rule, "undetermined", arithmetic, "the facts have no ranking", (), "ranks_contiguous")
    repeated = sorted(rank for rank, n in Counter(ranks).items() if n > 1)
    missing = sorted(set(range(1, (ranks[-1] if ranks else 0) + 1)) - set(ranks))
    if repeated or missing:
        problems = [f"repeated: {', '.join(map(str, repeated))}" if repeated else "",
                    f"skipped: {', '.join(map(str, missing))}" if missing else ""]  # fmt: skip
        return ruling(rule, "fail", arithmetic, "; ".join(p for p in problems if p), (), "ranks_contiguous")
    return ruling(rule, "ok", arithmetic, f"1 to {len(ranks)}, each once", (), "ranks_contiguous")


def counts_follow_ranks(facts: Facts, premises: Assumed) -> CheckRecord:
    rule = "counts fall as rank rises"
    known = [e for e in sorted(facts.ranking, key=lambda e: e.rank) if e.gpus is not None]
    arithmetic = " ≥ ".join(f"{_count(e).words} (#{e.rank})" for e in known) or "no counts"
    if len(known) < 2:
        return ruling(
            rule, "undetermined", arithmetic, "fewer than two ranked counts to compare", (), "counts_follow_ranks"
        )
    undecided = []
    for higher, lower in pairwise(known):
        pair = f"{lower.country} (#{lower.rank}) and {higher.country} (#{higher.rank})"
        proof = at_most(_count(lower).range, _count(higher).range) if lower.rank > higher.rank else True
        if proof is False:
            detail = f"{lower.country} (#{lower.rank}) has more than {higher.country} (#{higher.rank})"
            return ruling(rule, "fail", arithmetic, detail, (), "counts_follow_ranks")
        if proof is None:
            undecided.append(pair)
    if undecided:
        detail = f"the figures cannot tell which has more: {'; '.join(undecided)}; settled by narrower counts"
        return ruling(rule, "undetermined", arithmetic, detail, (), "counts_follow_ranks")
    return ruling(rule, "ok", arithmetic, "known counts never grow down the ranking", (), "counts_follow_ranks")


def _count(entry: RankEntry) -> Figure:
    return stated(entry.gpus or 0, entry.gpus_qualifier)


def recipient_ranked(facts: Facts, premises: Assumed) -> CheckRecord:
    """The recipient's total covers its new supply: given by total-includes-supply
    (then only figures that cannot all hold fail it), else undetermined."""
    rule, rid = "recipient's place in the ranking", "recipient_ranked"
    entry = recipient_entry(facts)
    if entry is None:
        return ruling(rule, "undetermined", "", f"{facts.deal.recipient} is not in the ranking", (), rid)
    if entry.gpus is None or facts.deal.gpus is None:
        return ruling(rule, "ok", "", f"{entry.country} ranks #{entry.rank}; no count to compare", (), rid)
    total = stated(entry.gpus, entry.gpus_qualifier)
    new = stated(facts.deal.gpus, facts.deal.gpus_qualifier)
    proof = at_most(new.range, total.range)
    arithmetic = f"{total.words} ≥ {new.words}"
    where = f"{entry.country} ranks #{entry.rank} with {total.words} in total"
    if proof is False:
        detail = f"contradiction: {entry.country}'s total ({total.words}) is below the supply it receives ({new.words})"
        used = ["total-includes-supply"] if "total-includes-supply" in premises else []
        return ruling(rule, "fail" if used else "undetermined", arithmetic, detail, (), rid, used)
    if proof is None and "total-includes-supply" in premises:
        return ruling(rule, "ok", arithmetic, f"{where}, the new supply included (premise)", (), rid,
                      ["total-includes-supply"])  # fmt: skip
    detail = {
        True: f"{where}, the new supply included",
        None: f"{where}; the figures cannot tell whether that covers a supply of {new.words}:"
        " settled by assuming total-includes-supply, or a supply of at most that total",
    }[proof]
    return ruling(rule, verdict_of(proof), arithmetic, detail, (), rid)


Rule = Callable[[Facts, Assumed], CheckRecord]
RULES: tuple[Rule, ...] = (
    partner_sum,
    counted_once,
    inventory_growth,
    ranks_contiguous,
    counts_follow_ranks,
    recipient_ranked,
)


def run_checks(facts: Facts, premises: Assumed | None = None) -> list[CheckRecord]:
    """Every rule under one set of premises (the default ones when None)."""
    from gpu_cli.premises import DEFAULT

    chosen = DEFAULT if premises is None else premises
    return [rule(facts, chosen) for rule in RULES]


def premises_caption(premises: Assumed) -> str:
    """The lines under the check table: the premises assumed, with the article's words."""
    from gpu_cli.premises import BY_ID, in_order

    if not premises:
        return "Premises: none (interval arithmetic on the stated figures alone)."
    lines = ["Premises:"]
    for pid in in_order(premises):
        premise = BY_ID[pid]
        words = f' ("{premise.words}")' if premise.words else " (not given by the article)"
        lines.append(f"  {pid}: {premise.statement}{words}")
    return "\n".join(lines)
