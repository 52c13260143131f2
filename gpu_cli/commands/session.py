"""One run's session: the environment (streams, variables, --color) and the
root's --facts, kept on the root context where every command and completion
callback can reach them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from gpu_cli.environment import Environment
from gpu_cli.requests import facts_given

if TYPE_CHECKING:
    from gpu_cli.models import Facts


class Session:
    def __init__(self, env: Environment, facts: Sequence[str] | None) -> None:
        self.env = env
        self.facts = facts  # the root's --facts, each time it was given


def session_of(ctx: Any) -> Session:
    """The root's Session. In completion the root's callback has not run, but its
    options are parsed: `gpudeal --facts mine.yaml show <TAB>` completes from mine."""
    root = ctx.find_root()
    session = root.obj if isinstance(root.obj, Session) else Session(Environment(), None)
    if session.facts is None:
        session.facts = root.params.get("facts")
    root.obj = session
    return session


def env_of(ctx: Any) -> Environment:
    return session_of(ctx).env


def environment(ctx: typer.Context, color: str | None) -> Environment:
    """The command's --color wins over the root's."""
    env = env_of(ctx)
    if color is not None:
        env.color_choice = color
    return env


def facts_of(ctx: Any, facts: Sequence[str] | None, reads_two: bool = False) -> str | None:
    """The --facts of this run, wherever it was given (see requests.facts_given)."""
    return facts_given(session_of(ctx).facts, facts, reads_two=reads_two)


def facts_in_use(ctx: typer.Context) -> Facts | None:
    """The facts a completion offers from (--facts, $GPUDEAL_FACTS, the
    shipped ones); None when they cannot be read: a completion offers nothing."""
    from gpu_cli.errors import GpudealError
    from gpu_cli.loader import load_facts, locate

    try:
        return load_facts(locate(facts_of(ctx, ctx.params.get("facts")), env_of(ctx).environ))
    except GpudealError:
        return None


def complete_partner(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`gpudeal show <TAB>`: the ids of the facts in use, each with its name."""
    facts = facts_in_use(ctx)
    folded = incomplete.casefold()
    return [(p.id, p.name) for p in facts.partners if p.id.startswith(folded)] if facts else []


def complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`--source <TAB>`: the source ids, each with its outlet."""
    from gpu_cli.sources import source_records

    loaded = facts_in_use(ctx)
    if loaded is None:
        return []
    return [(str(r["id"]), str(r["outlet"])) for r in source_records(loaded) if str(r["id"]).startswith(incomplete)]
