"""The sources of the story and what each says, fact by fact: the article's
own claims (the facts themselves, source `article`) and the other reports
(`Facts.reports`). Facts are named by the paths `verify` and `diff` use
(`deal.gpus`, `partners[sk-group].gpus`, `ranking[South Korea].gpus`), and a
number the article only implies by `derived.<name>` as `diff` names it
(`derived.stock_before`). Pure: nothing here reads or prints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from gpu_cli.models import ARTICLE, Facts, ReportSource
from gpu_cli.text import Unit

Loc = tuple[int | str, ...]
# The unit a stated number is in, where it is not a count (how it reads).
UNITS: dict[str, Unit] = {"amount_usd": "usd", "value_usd": "usd", "factor": "factor"}
DERIVED = "derived."


class Claim(NamedTuple):
    """One source's figure for one fact. `derived`: the article's number is
    computed from its figures, not stated (its range is the derived one)."""

    fact: str
    source: str
    value: int | float | None
    qualifier: str | None
    excerpt: str | None
    according_to: str | None = None
    loc: Loc = ()
    derived: bool = False


def unit_of(fact: str) -> Unit:
    field = fact.rsplit(".", 1)[-1]
    return "factor" if fact == "derived.growth_factor" else UNITS.get(field, "count")


def article_claims(facts: Facts) -> dict[str, Claim]:
    """Every number the article states, null ones included (SK Group's count
    is a fact too: "not stated"), keyed by path, in the order of the file."""
    from gpu_cli.verify import facts_with_provenance

    claims: dict[str, Claim] = {}
    for fact in facts_with_provenance(facts):
        if fact.field != "provenance":
            continue
        fields = type(fact.model).model_fields
        for name in fields:
            if f"{name}_qualifier" in fields:
                path = f"{fact.label}.{name}"
                claims[path] = Claim(
                    path,
                    ARTICLE,
                    getattr(fact.model, name),
                    getattr(fact.model, f"{name}_qualifier"),
                    fact.excerpt,
                    getattr(fact.model, "according_to", None),
                    (*fact.path, name),
                )
    return claims


def derived_claims(facts: Facts, premises: frozenset[str] | None = None) -> dict[str, Claim]:
    """The numbers the article implies under `premises` (default: the article's),
    as claims of the article (derived)."""
    from gpu_cli.derive import derived_numbers

    return {
        f"{DERIVED}{key}": Claim(f"{DERIVED}{key}", ARTICLE, n.stated_value, n.qualifier, n.arithmetic, derived=True)
        for key, n in derived_numbers(facts, premises).items()
    }


# The derived numbers a report may name even where a file's own figures do not
# yield them (an edited file with no stock before the deal still loads).
DERIVED_IDS = ("stated_partner_sum", "remainder", "stock_before", "growth_factor")


def fact_paths(facts: Facts) -> list[str]:
    """Every fact a report can name: stated numbers, then derived ones."""
    return [*article_claims(facts), *derived_claims(facts)]


def reports_of(facts: Facts) -> Iterator[Claim]:
    for index, report in enumerate(facts.reports):
        yield Claim(
            report.fact,
            report.source,
            report.value,
            report.qualifier,
            report.excerpt,
            report.according_to,
            ("reports", index),
        )


def source_ids(facts: Facts) -> list[str]:
    """The article first (listed or not), then the sources in file order."""
    return [ARTICLE, *(s.id for s in facts.sources if s.id != ARTICLE)]


def fact_hint(path: str, paths: list[str]) -> str:
    """What to add to `no fact has the path …`: the path meant when one is close
    step by step (`; did you mean 'partners[samsung].gpus'?`), else, for an item
    its list lacks (a country renamed), what the list has; '' when neither."""
    import re

    from gpu_cli.suggest import closest_path
    from gpu_cli.text import join_words

    meant = closest_path(path, paths)
    if meant is not None:
        return f"; did you mean {meant!r}?"
    named = re.match(r"([^.\[\]]+)\[([^\]]*)\]", path)
    if named is None:
        return ""
    key, item = named.groups()
    items = list(dict.fromkeys(m[1] for p in paths if (m := re.match(rf"{re.escape(key)}\[([^\]]*)\]", p))))
    if not items or item in items:
        return ""
    return f"; {key} has no {item!r} (it has {join_words([repr(i) for i in items])})"


def known_source(facts: Facts, source: str) -> None:
    """A source id the facts list, or a NotFoundError with a did-you-mean."""
    from gpu_cli.errors import NotFoundError
    from gpu_cli.suggest import did_you_mean

    ids = source_ids(facts)
    if source not in ids:
        raise NotFoundError(f"no source has the id {source!r}{did_you_mean(source, ids) or '; see gpudeal sources'}")


def original(facts: Facts, source: str) -> str:
    """The source a copy goes back to, following `translation_of` and
    `based_on` (a rewrite of the same story): copies count once, as their original."""
    by_id = {s.id: s for s in facts.sources}
    seen = {source}
    while (entry := by_id.get(source)) is not None:
        parent = entry.translation_of or entry.based_on
        if parent is None or parent in seen:
            break
        seen.add(parent)
        source = parent
    return source


def relation(entry: ReportSource) -> str | None:
    """`translation of techrepublic`, `based on yonhap`, `quotes nvidia`."""
    parts = []
    if entry.translation_of:
        parts.append(f"translation of {entry.translation_of}")
    if entry.based_on:
        parts.append(f"based on {entry.based_on}")
    if entry.quotes:
        parts.append(f"quotes {', '.join(entry.quotes)}")
    return "; ".join(parts) or None


def _relations(entry: ReportSource) -> Iterator[tuple[Loc, str]]:
    """Each relation of a source: where it stands in the entry, and what it names."""
    for key in ("translation_of", "based_on"):
        if (target := getattr(entry, key)) is not None:
            yield (key,), target
    yield from ((("quotes", q), target) for q, target in enumerate(entry.quotes))


def _cycles(facts: Facts, first: dict[str, int]) -> list[tuple[Loc, str]]:
    """Relations that lead back to where they started (`article → techrepublic →
    article`): a copy would count with itself, a quotation would be its own
    origin. Each cycle once, at the relation that closes it, searched from the
    sources in file order (so the relation closing it is usually the one added
    last). A source naming itself is said apart (`reference_problems`)."""
    entries = [facts.sources[index] for index in first.values()]
    edges = {
        entry.id: [(at, target) for at, target in _relations(entry) if target in first and target != entry.id]
        for entry in entries
    }
    problems: list[tuple[Loc, str]] = []
    done: set[str] = set()
    for start in edges:
        if start in done:
            continue
        path: list[str] = [start]
        pending = [iter(edges[start])]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                done.add(path.pop())
                pending.pop()
                continue
            at, target = step
            if target in path:
                cycle = " → ".join([*path[path.index(target) :], target])
                loc = ("sources", first[path[-1]], *at)
                problems.append((loc, f"the sources' relations go round in a cycle: {cycle}"))
            elif target not in done:
                path.append(target)
                pending.append(iter(edges[target]))
    return problems


def reference_problems(facts: Facts) -> list[tuple[Loc, str]]:
    """What the sources and reports point at must exist: source ids unique,
    relations and reports naming a listed source, no cycle of relations, reports
    naming a fact of the article, one report per fact and source. Each problem at its own path."""
    from gpu_cli.suggest import did_you_mean

    problems: list[tuple[Loc, str]] = []
    first: dict[str, int] = {}
    for index, entry in enumerate(facts.sources):
        if entry.id in first:
            twice = f"duplicate source id {entry.id!r} (first at sources[{first[entry.id]}])"
            problems.append((("sources", index, "id"), twice))
        first.setdefault(entry.id, index)
    known = [*first, ARTICLE] if ARTICLE not in first else list(first)

    def unknown(source: str) -> str:
        return f"no source has the id {source!r}{did_you_mean(source, known)}"

    for index, entry in enumerate(facts.sources):
        for key in ("translation_of", "based_on"):
            target = getattr(entry, key)
            if target is not None and target not in first:
                problems.append((("sources", index, key), unknown(target)))
            elif target == entry.id:
                problems.append((("sources", index, key), "a source cannot copy itself"))
        quoted = enumerate(entry.quotes)
        problems += [(("sources", index, "quotes", q), unknown(t)) for q, t in quoted if t not in first]
    problems += _cycles(facts, first)
    paths = fact_paths(facts) if facts.reports else []
    valid = set(paths)
    seen: dict[tuple[str, str], int] = {}
    for index, report in enumerate(facts.reports):
        if report.source == ARTICLE:
            itself = "the article's claims are the facts themselves, not a report"
            problems.append((("reports", index, "source"), itself))
        elif report.source not in first:
            problems.append((("reports", index, "source"), unknown(report.source)))
        if report.fact not in valid and report.fact.removeprefix(DERIVED) not in DERIVED_IDS:
            nowhere = f"no fact has the path {report.fact!r}{fact_hint(report.fact, paths)}"
            problems.append((("reports", index, "fact"), nowhere))
        pair = (report.fact, report.source)
        if pair in seen:
            again = f"a second report of {report.fact} by {report.source} (first at reports[{seen[pair]}])"
            problems.append((("reports", index), again))
        seen.setdefault(pair, index)
    return problems


def source_records(facts: Facts) -> list[dict[str, object]]:
    """`gpudeal sources`: the article first, then every other source, each with
    how many facts it gives (the article: its stated numbers; another source:
    its reports) and the original it counts with when it is a copy."""
    from gpu_cli.models import SourceRecord

    counts: dict[str, int] = {}
    for report in facts.reports:
        counts[report.source] = counts.get(report.source, 0) + 1
    counts[ARTICLE] = sum(1 for claim in article_claims(facts).values() if claim.value is not None)
    listed = {s.id: s for s in facts.sources}
    if ARTICLE not in listed:
        language = facts.source.language if facts.source else "unknown"
        listed = {ARTICLE: ReportSource(id=ARTICLE, outlet="the article", language=language), **listed}
    records = []
    for entry in sorted(listed.values(), key=lambda s: s.id != ARTICLE):
        origin = original(facts, entry.id)
        records.append(
            SourceRecord(
                id=entry.id,
                outlet=entry.outlet,
                published=entry.published,
                language=entry.language,
                relation=relation(entry),
                counted_with=origin if origin != entry.id else None,
                facts=counts.get(entry.id, 0),
                url=entry.url,
            ).model_dump()
        )
    return records
