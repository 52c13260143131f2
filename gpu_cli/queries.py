"""Views over the facts as plain records (ordered dicts), the one shape every
output format reads. Pure: nothing here prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gpu_cli.derive import implied_fields, reconcile
from gpu_cli.errors import NotFoundError, UsageError
from gpu_cli.models import Facts, Partner, PartnerView, RankEntry

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
    """One list of the facts as plain data. Dumped through `Facts`, whose
    serializer validation already built, not item by item: each item class
    would build its own serializer first (the models defer building)."""
    items: list[Record] = facts.model_dump(include={key})[key]
    return items


def find_partner(facts: Facts, query: str) -> Partner:
    """By exact id, else by case-insensitive prefix of the name or id."""
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
    ids = ", ".join(p.id for p in (matches or facts.partners))
    if matches:
        raise NotFoundError(f"{query!r} matches several partners: {ids}")
    raise NotFoundError(f"no partner matches {query!r}; valid ids: {ids}")


def partner_record(facts: Facts, query: str) -> Record:
    """One partner as `partners` shows it."""
    wanted = find_partner(facts, query).id
    return next(record for record in partner_records(facts) if record["id"] == wanted)


def sort_records(records: list[Record], field: str, valid: Sequence[str], reverse: bool = False) -> list[Record]:
    """Counts descending, text ascending; unknown values last, also with --reverse."""
    if field not in valid:
        raise UsageError(f"cannot sort by {field!r}; valid fields: {', '.join(valid)}")
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


def parse_fields(spec: str | None, valid: Sequence[str]) -> list[str] | None:
    """`a,b,c` → ['a', 'b', 'c'], checked against the view's fields."""
    if spec is None:
        return None
    fields = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in fields if name not in valid]
    if unknown or not fields:
        raise UsageError(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid fields: {', '.join(valid)}"
            if unknown
            else f"--fields needs at least one name; valid fields: {', '.join(valid)}"
        )
    return fields


def select(records: list[Record], fields: Sequence[str] | None) -> list[Record]:
    if fields is None:
        return records
    return [{name: record.get(name) for name in fields} for record in records]


Section = tuple[str, list[tuple[str, str]]]


def summary_sections(facts: Facts) -> list[Section]:
    """The deal at a glance, as titled label/value rows; derived rows say so."""
    from gpu_cli.derive import inventory
    from gpu_cli.text import count_words

    deal, rec, inv = facts.deal, reconcile(facts), inventory(facts)
    sections: list[Section] = [
        ("The deal", [
            ("Supplier", deal.supplier),
            ("Recipient", deal.recipient),
            ("Announced at", deal.announced_at),
            ("GPUs", count_words(deal.gpus, deal.gpus_qualifier) + (f" {deal.hardware}" if deal.hardware else "")),
            *([("Purpose", deal.purpose)] if deal.purpose else []),
            *([("Scale", deal.scale_claim.claim)] if deal.scale_claim else []),
        ]),
    ]  # fmt: skip
    if deal.investment:
        money = deal.investment
        sections.append(("Investment", [
            ("Amount", f"{count_words(money.amount_usd, money.amount_usd_qualifier)} US dollars"),
            *([("Over", money.period)] if money.period else []),
            *([("Funded by", ", ".join(money.funded_by))] if money.funded_by else []),
            *([("Estimated by", money.estimated_by)] if money.estimated_by else []),
        ]))  # fmt: skip
    if deal.rollout:
        sections.append(("Timeline", [("Starts", deal.rollout.starts), ("Runs", deal.rollout.ends)]))
    reconciliation = [("Stated partner counts", rec.arithmetic)]
    if rec.implied_share is not None:
        reconciliation.append(("Implied (derived)", f"≈{rec.implied_share:,} for {rec.unstated[0].name}"))
    linked = [p.name for p in facts.partners if p.relations]
    if linked:
        reconciliation.append(("Counted once", f"{', '.join(linked)}: links to another partner add no GPUs"))
    if inv is not None:
        reconciliation.append(("Stock before (derived)", f"≈{inv.before:,} ({inv.arithmetic})"))
    if deal.inventory_growth:
        reconciliation.append(("Claim", deal.inventory_growth.claim))
    sections.append(("Reconciliation", reconciliation))
    if facts.ranking:
        sections.append(("World ranking", [
            (f"#{e.rank}", f"{e.country}: {count_words(e.gpus, e.gpus_qualifier)}")
            for e in sorted(facts.ranking, key=lambda e: e.rank)
        ]))  # fmt: skip
    if facts.people:
        sections.append(("People", [(p.name, f"{p.role}. {p.said}") for p in facts.people]))
    if facts.context:
        sections.append(("Context", [(c.topic[:1].upper() + c.topic[1:], c.fact) for c in facts.context]))
    return sections
