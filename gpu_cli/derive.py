"""Numbers the article implies but does not state, each with its arithmetic.

Pure functions over the model: `check`, `partners` and `summary` all read the
same reconciliation, so a derived figure is computed in exactly one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gpu_cli.models import Facts, Partner, RankEntry


@dataclass(frozen=True)
class Reconciliation:
    """Headline supply against the partners' own stated allocations."""

    headline: int | None
    headline_qualifier: str | None
    stated: tuple[Partner, ...]  # partners with their own count
    via: tuple[Partner, ...]  # no count of their own; served through another partner
    unstated: tuple[Partner, ...]  # no count and no relation: the remainder is theirs
    stated_sum: int
    parts_are_lower_bounds: bool  # some stated part is "more than"

    @property
    def remainder(self) -> int | None:
        return None if self.headline is None else self.headline - self.stated_sum

    @property
    def implied_share(self) -> int | None:
        """The remainder, if it belongs to exactly one partner and is positive."""
        rest = self.remainder
        return rest if rest is not None and rest > 0 and len(self.unstated) == 1 else None

    @property
    def arithmetic(self) -> str:
        parts = " + ".join(f"{p.gpus:,}" for p in self.stated) or "0"
        line = f"{parts} = {self.stated_sum:,}"
        if self.remainder is not None:
            line += f"; {self.headline:,} − {self.stated_sum:,} = {self.remainder:,}"
        return line


def reconcile(facts: Facts) -> Reconciliation:
    stated = tuple(p for p in facts.partners if p.gpus is not None)
    via = tuple(p for p in facts.partners if p.gpus is None and p.relations)
    unstated = tuple(p for p in facts.partners if p.gpus is None and not p.relations)
    return Reconciliation(
        headline=facts.deal.gpus,
        headline_qualifier=facts.deal.gpus_qualifier,
        stated=stated,
        via=via,
        unstated=unstated,
        stated_sum=sum(p.gpus or 0 for p in stated),
        parts_are_lower_bounds=any(p.gpus_qualifier == "more_than" for p in stated),
    )


_NOT_IMPLIED: Mapping[str, object] = {"gpus_implied": None, "gpus_implied_qualifier": None, "gpus_implied_basis": None}


def implied_fields(partner: Partner, reconciliation: Reconciliation) -> Mapping[str, object]:
    """The separate, clearly named fields a view adds beside the stated `gpus`."""
    share = reconciliation.implied_share
    if share is None or partner.id != reconciliation.unstated[0].id:
        return _NOT_IMPLIED
    return {
        "gpus_implied": share,
        "gpus_implied_qualifier": "about",
        "gpus_implied_basis": (
            f"headline {reconciliation.headline:,} − stated partner counts {reconciliation.stated_sum:,} = {share:,}"
        ),
    }


@dataclass(frozen=True)
class Inventory:
    """The recipient's stock before the deal: its total after, minus the new supply."""

    after: RankEntry
    new: int
    factor: int | None
    factor_qualifier: str | None

    @property
    def before(self) -> int:
        return (self.after.gpus or 0) - self.new

    @property
    def growth(self) -> float | None:
        return (self.after.gpus or 0) / self.before if self.before > 0 else None

    @property
    def arithmetic(self) -> str:
        text = f"{self.after.gpus:,} − {self.new:,} = {self.before:,}"
        if self.growth is not None:
            text += f"; {self.after.gpus:,} / {self.before:,} = ×{self.growth:.1f}"
        return text


def recipient_entry(facts: Facts) -> RankEntry | None:
    wanted = facts.deal.recipient.casefold()
    return next((e for e in facts.ranking if e.country.casefold() == wanted), None)


def inventory(facts: Facts) -> Inventory | None:
    entry = recipient_entry(facts)
    if entry is None or entry.gpus is None or facts.deal.gpus is None:
        return None
    growth = facts.deal.inventory_growth
    return Inventory(
        after=entry,
        new=facts.deal.gpus,
        factor=growth.factor if growth else None,
        factor_qualifier=growth.factor_qualifier if growth else None,
    )
