"""Views over the facts as plain records (ordered dicts), the one shape every
output format reads. Pure: nothing here prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gpu_cli.derive import implied_fields, reconcile
from gpu_cli.errors import NotFoundError
from gpu_cli.models import CheckRecord, Facts, Partner, PartnerView, RankEntry, dumped
from gpu_cli.suggest import closest
from gpu_cli.text import Segments, capped, figure

Record = dict[str, Any]

PARTNER_FIELDS = tuple(PartnerView.model_fields)
RANK_FIELDS = tuple(RankEntry.model_fields)


def partner_records(facts: Facts, kind: str | None = None) -> list[Record]:
    """Each partner as stated, plus its implied share in separate fields (after
    the stated ones, in PartnerView's order). Built in place: one dict a partner."""
    reconciliation = reconcile(facts)
    records = _dumped(facts, "partners")
    for partner, record in zip(facts.partners, records, strict=True):
        record.update(implied_fields(partner, reconciliation))
    if kind is None:
        return records
    return [record for record in records if record["kind"] == kind]


def rank_records(facts: Facts) -> list[Record]:
    return sorted(_dumped(facts, "ranking"), key=lambda entry: entry["rank"])


def _dumped(facts: Facts, key: str) -> list[Record]:
    """One list of the facts as plain data. Dumped through `Facts` (see
    `models.dumped`), not item by item: each item class would build its own
    serializer first (the models defer building)."""
    items: list[Record] = dumped(facts, key)[key]
    return items


def find_partner(facts: Facts, query: str) -> Partner:
    """By exact id, else by case-insensitive prefix of the name or id; spaces
    around the query are ignored."""
    query = query.strip()
    for partner in facts.partners:
        if partner.id == query:
            return partner
    folded = query.casefold()
    matches = [
        p for p in facts.partners
        if p.name.casefold().startswith(folded) or p.id.startswith(folded)
    ]  # fmt: skip
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFoundError(f"{query!r} matches {len(matches):,} partners: {capped([p.id for p in matches])}")
    hint = closest(query, [*(p.id for p in facts.partners), *(p.name for p in facts.partners)])
    if hint is not None:
        hint = next(p.id for p in facts.partners if hint in (p.id, p.name))
        raise NotFoundError(f"no partner matches {query!r}; did you mean {hint!r}?")
    raise NotFoundError(f"no partner matches {query!r}; valid ids: {capped([p.id for p in facts.partners])}")


def partner_record(facts: Facts, query: str) -> Record:
    """One partner as `partners` shows it."""
    wanted = find_partner(facts, query).id
    return next(record for record in partner_records(facts) if record["id"] == wanted)


def sort_records(records: list[Record], field: str, reverse: bool = False) -> list[Record]:
    """Counts descending, text ascending; unknown values last, also with --reverse
    (the field is one of the view's: the request checked it)."""
    known = [r for r in records if r.get(field) is not None]
    unknown = [r for r in records if r.get(field) is None]
    numeric = all(isinstance(r[field], int | float) for r in known)
    if numeric:
        known.sort(key=lambda r: r[field], reverse=not reverse)
    else:
        known.sort(key=lambda r: _sort_text(r[field]), reverse=reverse)
    return known + unknown


def _sort_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value)).casefold()
    return str(value).casefold()


def rank_sources(records: Sequence[Record]) -> list[tuple[str, str]]:
    """Who says so, per source: `("#1, #2", "Jensen Huang, …")`; the ranks are
    `""` when one source gives every entry. Entries the article states itself
    have no source."""
    ranks: dict[str, list[str]] = {}
    for record in records:
        if record.get("according_to"):
            ranks.setdefault(record["according_to"], []).append(f"#{record['rank']}")
    if len(ranks) == 1 and sum(map(len, ranks.values())) == len(records):
        return [("", next(iter(ranks)))]
    return [(", ".join(where), who) for who, where in ranks.items()]


def rank_caption(facts: Facts, records: Sequence[Record]) -> str | None:
    """The lines under the ranking table: `#1, #2: according to …`, then what
    other reports say of the counts shown (`reports_note`)."""
    lines = [
        f"{where}: according to {who}." if where else f"According to {who}." for where, who in rank_sources(records)
    ]
    note = reports_note(facts, [(r["country"], f"ranking[{r['country']}].gpus") for r in records])
    return "\n".join([*lines, *([note] if note else [])]) or None


Section = tuple[str, list[tuple[str, Segments]]]


def reports_note(facts: Facts, shown: Sequence[tuple[str, str]]) -> str | None:
    """The lines under a table (partners, ranking) for each row shown, as
    `(name, fact path)`, whose count other reports disagree with or add to
    (`gpu_cli.reconcile.disagrees`): apart from the `gpus` column, which is
    the article's alone."""
    from gpu_cli.reconcile import by_fact, disagrees, other_reports

    found = by_fact(facts)
    lines = []
    for name, path in shown:
        fact = found.get(path)
        if fact is not None and disagrees(fact):
            lines.append(f"  {name}: {other_reports(fact)}")
    return "\n".join(["Other reports (gpudeal corroborate):", *lines]) if lines else None


_RELATION_WORDS = {"cloud_partner_of": ("a cloud partner of", "cloud partners of")}


def _links_in_words(facts: Facts, rule: CheckRecord) -> str:
    """`Naver Cloud, Kakao and NHN Cloud are also cloud partners of …`, then what
    `check`'s counted-once rule (`rule`) concluded: "no GPU is counted twice"
    only where it is `ok`."""
    from gpu_cli.text import join_words

    names = {p.id: p.name for p in facts.partners}
    linked: dict[tuple[str, str], list[str]] = {}
    for partner in facts.partners:
        for relation in partner.relations:
            linked.setdefault((relation.type, relation.partner), []).append(partner.name)
    sentences = []
    for (kind, target), who in linked.items():
        one, many = _RELATION_WORDS[kind]
        verb, words = ("is", one) if len(who) == 1 else ("are", many)
        sentences.append(f"{join_words(who)} {verb} also {words} {names[target]}")
    if rule.verdict == "ok":
        return "; ".join(sentences) + "; no GPU is counted twice"
    return "; ".join(sentences) + f"; whether any GPU is counted twice: {rule.verdict} (gpudeal check, {rule.id})"


def _verdicts_in_words(rules: list[CheckRecord]) -> str:
    """What `check`'s rules concluded, counted, the failing ones named: the
    derived rows above are computed whatever the rules find."""
    failed = [r.rule for r in rules if r.verdict == "fail"]
    counts = {verdict: sum(r.verdict == verdict for r in rules) for verdict in ("fail", "undetermined", "ok")}
    words = [f"{n} {verdict}" for verdict, n in counts.items() if n]
    named = f"; fails: {'; '.join(failed)}" if failed else ""
    return f"{', '.join(words)} of {len(rules)} rules{named} (gpudeal check)"


def summary_sections(facts: Facts) -> list[Section]:
    """The deal at a glance, as titled label/value rows; derived rows say so,
    and every figure reads as in the tables (`gpu_cli.text.figure`)."""
    from gpu_cli.derive import inventory

    deal, rec, inv = facts.deal, reconcile(facts), inventory(facts)
    names = {p.id: p.name for p in facts.partners}
    gpus = figure(deal.gpus, deal.gpus_qualifier)
    sections: list[Section] = [
        ("The deal", [
            ("Supplier", deal.supplier),
            ("Recipient", deal.recipient),
            ("Announced at", deal.announced_at),
            ("GPUs", (gpus, f" {deal.hardware}") if deal.hardware else gpus),
            *([("Purpose", deal.purpose)] if deal.purpose else []),
            *([("Scale", deal.scale_claim.claim)] if deal.scale_claim else []),
            *([("Collaborators", ", ".join(names[pid] for pid in deal.collaborators.partners))]
              if deal.collaborators else []),
        ]),
    ]  # fmt: skip
    if deal.investment:
        money = deal.investment
        sections.append(("Investment", [
            ("Amount", figure(money.amount_usd, money.amount_usd_qualifier, unit="usd")),
            *([("Over", money.period)] if money.period else []),
            *([("Funded by", ", ".join(money.funded_by))] if money.funded_by else []),
            *([("Estimated by", money.estimated_by)] if money.estimated_by else []),
            *([("According to", money.according_to)]
              if money.according_to and money.according_to != money.estimated_by else []),
        ]))  # fmt: skip
    if deal.rollout:
        rollout = deal.rollout
        sections.append(("Timeline", [
            ("Starts", rollout.starts),
            *([("Runs", rollout.runs)] if rollout.runs else []),
            ("Ends", rollout.ends or "not stated"),
        ]))  # fmt: skip
    reconciliation: list[tuple[str, Segments]] = [("Stated partner counts", rec.parts.arithmetic)]
    share = rec.implied_share
    if share is not None:
        implied = (share.shown(), f" for {rec.unstated[0].name} ({share.arithmetic}; if {', '.join(share.premises)})")
        reconciliation.append(("Implied (derived)", implied))
    from gpu_cli.checks import run_checks

    rules = run_checks(facts)  # once, for the counted-once words and the verdicts
    if any(p.relations for p in facts.partners):
        counted_once = next(r for r in rules if r.id == "counted_once")
        reconciliation.append(("Counted once", _links_in_words(facts, counted_once)))
    if inv is not None and inv.before is not None:
        reconciliation.append(
            (
                "Stock before (derived)",
                (inv.before.shown(), f" ({inv.before.arithmetic}; if {', '.join(inv.before.premises)})"),
            )
        )
    if inv is not None and inv.growth is not None:
        why = f" ({inv.growth.arithmetic}; if {', '.join(inv.growth.premises)})"
        reconciliation.append(("Growth (derived)", (inv.growth.shown(), why)))
    if deal.inventory_growth:
        reconciliation.append(("Claim", deal.inventory_growth.claim))
    reconciliation.append(("Checks", _verdicts_in_words(rules)))
    sections.append(("Reconciliation", reconciliation))
    if facts.ranking:
        ranking = rank_records(facts)
        sections.append(("World ranking", [
            *((f"#{e['rank']}", (f"{e['country']}: ", figure(e["gpus"], e["gpus_qualifier"]))) for e in ranking),
            *(("According to", f"{who} ({where})" if where else who) for where, who in rank_sources(ranking)),
        ]))  # fmt: skip
    if facts.people:  # `said` is in our words: only the excerpt is the article's
        sections.append(("People", [(p.name, f'{p.role}. In our words: {p.said} The article\'s words: "{p.provenance}"')
                                    for p in facts.people]))  # fmt: skip
    if facts.context:
        sections.append(("Context", [(c.topic[:1].upper() + c.topic[1:], _attributed(c.fact, c.according_to))
                                     for c in facts.context]))  # fmt: skip
    if facts.reports:
        sections.append(("Other reports", _other_reports_rows(facts)))
    return sections


def _other_reports_rows(facts: Facts) -> list[tuple[str, Segments]]:
    """How the facts other sources report fare (`gpu_cli.reconcile`), and the
    headline's verdict with the claims that cannot both be right."""
    from gpu_cli.reconcile import corroborations, other_reports, tally
    from gpu_cli.text import join_words

    found = corroborations(facts)
    counts = tally(found)
    sources = {r.source for r in facts.reports if r.value is not None}
    figures = sum(1 for r in facts.reports if r.value is not None)
    rows: list[tuple[str, Segments]] = [
        ("Reports", f"{figures:,} figures from {len(sources):,} other sources (gpudeal sources)"),
        ("Verdicts", f"{counts.facts:,} facts: {counts.conflict:,} conflict, {counts.consistent:,} consistent, "
                     f"{counts.agree:,} agree, {counts.single:,} single"),
    ]  # fmt: skip
    headline = next((c for c in found if c.fact == "deal.gpus"), None)
    sentence = other_reports(headline) if headline is not None else None
    if headline is not None and sentence is not None:
        rows += [("Headline", sentence), *(("Conflict", conflict) for conflict in headline.conflicts)]
    if counts.drift:
        rows.append(("Drift", f"in translation: {join_words(list(counts.drift))}"))
    rows.append(("All figures", "gpudeal corroborate"))
    return rows


def _attributed(fact: str, according_to: str | None) -> str:
    return f"{fact} (according to {according_to})" if according_to else fact


def summary_record(facts: Facts) -> Record:
    """The summary as data (`summary --json`; its schema: `gpudeal schema summary`):
    the facts it shows as the facts file has them, and every derived number once."""
    from gpu_cli.derive import derived_numbers

    data = dumped(facts, "deal", "ranking", "people", "context")
    unique = {id(number): number for number in derived_numbers(facts).values()}  # an implied share is the remainder
    ranking = sorted(data["ranking"], key=lambda entry: entry["rank"])
    return {"deal": data["deal"], "derived": [n.record() for n in unique.values()], "ranking": ranking,
            "people": data["people"], "context": data["context"]}  # fmt: skip


def source_line(facts: Facts, sources: Sequence[str] = (), records: Sequence[Record] = ()) -> str:
    """The credit under a chart: `Source: <the article's outlet> · gpudeal`,
    `, citing <whom it cites>` only where every charted record is attributed
    to that outlet (the article cites it for some facts, not all), or the
    other sources charted beside it."""
    from gpu_cli.models import ARTICLE

    if sources:
        return f"Sources: {capped(list(sources))} · gpudeal"
    article = next((s.outlet for s in facts.sources if s.id == ARTICLE), None)
    where = article or (facts.source.file if facts.source and facts.source.file else "the facts file")
    cited = facts.source.outlet_cited if facts.source else None
    if not records or not all(cited and cited in str(r.get("according_to") or "") for r in records):
        cited = None
    return f"Source: {where}" + (f", citing {cited}" if cited else "") + " · gpudeal"
