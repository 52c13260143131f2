"""The premises `check` reasons on: what the figures mean beyond their
arithmetic, each with an id, a sentence and the article's words it rests on.
The article supports the default ones; `--assume` chooses others. A rule or a
derived number lists the premises it used, and a premise holds in every rule
or in none (each rule reads the one chosen set). Pure data: nothing here prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gpu_cli.errors import UsageError
from gpu_cli.suggest import did_you_mean


@dataclass(frozen=True)
class Premise:
    id: str
    statement: str
    words: str | None  # the article's words it rests on; None where the article does not give it
    default: bool

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "statement": self.statement, "words": self.words}


PREMISES = (
    Premise(
        "total-includes-supply",
        "the recipient's total in the ranking includes the new supply, so the supply is at most that total",
        "la place désormais au troisième rang",
        True,
    ),
    Premise(
        "allocations-in-supply",
        "each partner's stated allocation is part of the new supply",
        "L’initiative implique une collaboration avec",
        True,
    ),
    Premise(
        "via-partner-no-allocation",
        "a partner reached through another partner's allocation (a relation, no count) has no allocation of its own",
        "dans le cadre de partenariats avec des fournisseurs de cloud locaux",
        True,
    ),
    Premise(
        "companies-apart",
        "the allocations of partners not linked to one another do not overlap",
        "engagent également des ressources substantielles",
        True,
    ),
    Premise(
        "linked-apart",
        "linked partners' allocations do not overlap either (a cloud partner's own count apart from its partner's)",
        None,
        False,
    ),
)
BY_ID = {premise.id: premise for premise in PREMISES}
DEFAULT: frozenset[str] = frozenset(p.id for p in PREMISES if p.default)
Assumed = frozenset[str]


def choose(names: Iterable[str] | None) -> Assumed:
    """`--assume` values to a set of premise ids: none given is the default;
    `none` clears, `default` adds the default ones, an id adds that one."""
    names = list(names or [])
    chosen = set() if "none" in names else set(DEFAULT)
    for name in names:
        if name == "default":
            chosen |= DEFAULT
        elif name != "none":
            if name not in BY_ID:
                valid = ["none", "default", *BY_ID]
                raise UsageError(
                    f"unknown premise {name!r}{did_you_mean(name, valid) or '; valid: ' + ', '.join(valid)}"
                )
            chosen.add(name)
    return frozenset(chosen)


def in_order(ids: Iterable[str]) -> list[str]:
    """Premise ids in the order PREMISES defines them."""
    wanted = set(ids)
    return [p.id for p in PREMISES if p.id in wanted]
