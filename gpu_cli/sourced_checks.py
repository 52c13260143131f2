"""`check --sources all`: the rules of `gpu_cli.checks` run on the joint
ranges of every source, where those exist, and the numbers the article only
implies tested against what other sources report of them. Each result says
which source each of its inputs came from. Pure: nothing here prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gpu_cli.checks import RULES, Verdict, ruling
from gpu_cli.models import CheckRecord, Facts
from gpu_cli.premises import Assumed
from gpu_cli.reconcile import Corroboration, Interval, corroborations, interval_shown
from gpu_cli.sources import article_claims

# The facts each rule reads, by path prefix (`gpu_cli.checks` has the rules).
READS: dict[str, tuple[str, ...]] = {
    "partner_sum": ("deal.gpus", "partners["),
    "counted_once": ("partners[",),
    "inventory_growth": ("deal.gpus", "ranking[", "deal.inventory_growth."),
    "ranks_contiguous": (),
    "counts_follow_ranks": ("ranking[",),
    "recipient_ranked": ("deal.gpus", "ranking["),
}


def _as_stated(interval: Interval) -> tuple[int, str] | None:
    """A joint range as a number and qualifier, where one says it exactly:
    a point, or one closed end (counts' ends are whole and closed); None for a
    range with two ends (no qualifier says "between")."""
    low = interval.low if interval.low is not None and interval.low.at > 0 else None
    high = interval.high
    if low is not None and high is not None:
        return (int(low.at), "exactly") if low.at == high.at and not (low.open or high.open) else None
    if low is not None and not low.open:
        return int(low.at), "at_least"
    if high is not None and not high.open:
        return int(high.at), "at_most"
    return None


def _origin(c: Corroboration, used: bool) -> str:
    """`deal.gpus: article (the other reports conflict)`, `…: joint of article, yonhap (60,000)`."""
    if not used:
        why = {"conflict": "the reports conflict", "single": "one independent source"}.get(
            c.verdict, "no qualifier says their joint range"
        )
        return f"{c.fact}: article ({why})"
    return f"{c.fact}: joint range of {', '.join(p.claim.source for p in c.figured)} ({c.joint_shown()})"


def joint_facts(facts: Facts) -> tuple[Facts, dict[str, str]]:
    """The facts with each stated number replaced by the joint range of every
    source that gives it, where those agree or overlap in a range a qualifier
    can state; and, per fact, where its value came from."""
    stated = article_claims(facts)
    data = facts.model_dump()
    origins: dict[str, str] = {}
    for c in corroborations(facts):
        claim = stated.get(c.fact)
        if claim is None:
            continue
        joint = _as_stated(c.joint) if c.joint is not None and c.verdict in ("agree", "consistent") else None
        if joint is not None:
            *parents, name = claim.loc
            item: Any = data
            for step in parents:
                item = item[step]
            item[name], item[f"{name}_qualifier"] = joint
        origins[c.fact] = _origin(c, joint is not None)
    return Facts.model_validate(data), origins


def reported_against_derived(facts: Facts, joint: Facts, premises: Assumed) -> list[tuple[CheckRecord, list[str]]]:
    """Each number the article only implies that other sources report: the
    article's derived range (from the joint facts) against the reports' joint
    range: `ok` when the reports' range lies inside it, `fail` when the two do
    not meet, `undetermined` when they overlap; with each, the reports' sources."""
    from gpu_cli.derive import derived_numbers
    from gpu_cli.reconcile import corroborate_fact
    from gpu_cli.sources import derived_claims, reports_of

    numbers = derived_numbers(joint, premises)
    mine = derived_claims(joint, premises)  # under --assume none, no stock before the deal to compare
    results = []
    for fact, claim in mine.items():
        reports = [r for r in reports_of(facts) if r.fact == fact and r.value is not None]
        if not reports:
            continue
        theirs = corroborate_fact(facts, fact, reports)
        ours = corroborate_fact(joint, fact, [claim])
        number = numbers[fact.removeprefix("derived.")]
        rule, rid = f"{number.name}, against other reports", f"{fact.removeprefix('derived.')}_reported"
        said = f"{ours.joint_shown()} from the article's figures ({number.arithmetic})"
        each = "; ".join(f"{p.claim.source}: {p.shown.text}" for p in theirs.figured)  # their own qualifiers
        according = sorted({p.claim.according_to for p in theirs.figured if p.claim.according_to})
        per = f"{theirs.joint_shown()}, the joint range of {each}"
        per += f" (according to {'; '.join(according)})" if according else ""
        reporters = [p.claim.source for p in theirs.figured]
        if theirs.verdict == "conflict" or theirs.joint is None or ours.joint is None:
            conflicts = f"the other reports conflict: {'; '.join(theirs.conflicts)}"
            results.append((ruling(rule, "undetermined", said, conflicts, [number], rid), reporters))
            continue
        both = ours.joint.meet(theirs.joint)
        verdict: Verdict
        if both.empty:
            verdict, detail = "fail", f"{said} contradicts {per}"
        elif both == theirs.joint:  # every value the reports allow is one the article's figures allow
            verdict, detail = "ok", f"{said} fits {per}"
        else:
            verdict, detail = "undetermined", f"{said} overlaps {per} in {interval_shown(both, ours.unit)}"
        results.append(
            (ruling(rule, verdict, f"{number.arithmetic}; reported: {per}", detail, [number], rid), reporters)
        )
    return results


def sourced_records(facts: Facts, premises: Assumed | None = None) -> list[dict[str, Any]]:
    """`check --sources all --json`: each rule's record and `inputs`, where each input came from."""
    from gpu_cli.premises import DEFAULT

    chosen = DEFAULT if premises is None else premises
    joint, origins = joint_facts(facts)
    records = []
    rules: Sequence[Callable[[Facts, Assumed], CheckRecord]] = RULES
    for rule in rules:
        reads = READS.get(rule.__name__, ())
        inputs = [text for fact, text in origins.items() if fact.startswith(reads)] if reads else []
        records.append({**rule(joint, chosen).model_dump(), "inputs": inputs})
    for result, reporters in reported_against_derived(facts, joint, chosen):
        inputs = [text for fact, text in origins.items() if fact.startswith(READS["inventory_growth"])]
        records.append(
            {**result.model_dump(), "inputs": [*inputs, f"{result.derived[0].name}: {', '.join(reporters)}"]}
        )
    return records
