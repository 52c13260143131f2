"""Check a facts file against the text of its source, every kind of claim an
excerpt (`provenance`) can back: the excerpt is in the source at word
boundaries, at one place (its `prefix`/`suffix` context, as the W3C Web
Annotation TextQuoteSelector has it, or the sentence naming the fact's
subject, tells several apart; never the first one blindly); each number the
fact states is in it, and the source's words before that number give the
fact's qualifier (a hedge just outside an excerpt still counts); the verb
governing it gives the commitment; whoever `according_to` names is named
where it stands (its sentence, or the one introducing the quotation it is in);
a chip is named in its excerpt, a rank in the ordinal; and the excerpt backs
the fact it is attached to: it states its number, or its sentence names its
subject and no other's instead. Each check is true, false, or None where it
could not be made. Pure: nothing here reads files or prints. How numbers and
words are worded: `wording`; sentences: `passages`; names: `naming`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from gpu_cli.models import Facts, Partner, Person, RankEntry, Report, VerifyRecord, item_key
from gpu_cli.naming import Finder, Named, country_names, id_words, person, proper_names, thing
from gpu_cli.nearest import closest_passage
from gpu_cli.passages import frame, sentence
from gpu_cli.positions import DataPath
from gpu_cli.text import join_words
from gpu_cli.wording import (
    UNSTATED,
    Language,
    Reading,
    fold,
    languages_for,
    numbers_stated,
    occurrences,
    reporters,
    worded,
    wordings,
)  # fmt: skip

Stated = list[tuple[Reading, str]]  # the numbers a passage states, each with the source's words for it
Record = dict[str, Any]
LineOf = Callable[[DataPath], int | None]
Span = tuple[int, int]

VERIFY_FIELDS = tuple(VerifyRecord.model_fields)  # the record --json writes, and its schema


@dataclass(frozen=True)
class Fact:
    """A model with a `provenance`, where it stands, and what it states."""

    label: str
    path: DataPath
    model: BaseModel
    excerpt: str
    field: str = "provenance"  # or `chip_provenance`: an excerpt for one detail, stating no number; `excerpt`: a report


def verify(facts: Facts, source: str, line_of: LineOf, language: str | None = None) -> list[Record]:
    """Every fact with a `provenance`, found anywhere in `facts`, checked against
    `source`. `language` (e.g. the facts' `source.language`) picks the words;
    unknown or None reads every language's."""
    walked = list(facts_with_provenance(facts))
    return _checked(_Source(source, languages_for(language), facts, walked, line_of), walked)


def verify_reports(facts: Facts, source_id: str, source: str, line_of: LineOf, language: str | None) -> list[Record]:
    """The claims one other source makes (its `reports`), checked against a text of that source."""
    walked = list(facts_with_provenance(facts))
    text = _Source(source, languages_for(language), facts, walked, line_of, reader=source_id)
    reports = [
        Fact(report.fact, ("reports", index), report, report.excerpt, "excerpt")
        for index, report in enumerate(facts.reports)
        if report.source == source_id
    ]
    return _checked(text, reports)


def _checked(text: _Source, facts: list[Fact]) -> list[Record]:
    """One row a stated number of each fact, one row for a fact stating none."""
    rows = []
    for fact in facts:
        numbers: list[tuple[str, str] | None] = [*_numbers_of(fact)] or [None]
        rows += [text.check(fact, number) for number in numbers]
    return rows


class _Source:
    """One source text, read once: its numbers, where names stand, who may be
    credited in it, and the subjects of the facts, for every fact checked."""

    def __init__(
        self,
        source: str,
        languages: Sequence[Language],
        facts: Facts,
        walked: list[Fact],
        line_of: LineOf,
        reader: str | None = None,  # the source id of a report's text (`--source`); None: the article
    ) -> None:
        # Details speak of the text being read: the article and the facts, or a source and its reports.
        self.speaker = reader or "the article"
        self.claim = f"{reader}'s report in the facts says" if reader else "facts say"
        with_reports = reader is not None  # who the reports credit may be credited too: the text is theirs
        self.folded = fold(source)
        self.text = self.folded.text
        self.languages = languages
        self.numbers = numbers_stated(self.folded, languages)
        self.finder = Finder(self.folded)
        self.line_of = line_of
        people = {p.name: person(p.name) for p in facts.people}
        self.people = people
        heads = {_head(a) for a in _attributions(facts, walked, with_reports)}
        outlets = [facts.source.outlet_cited] if facts.source and facts.source.outlet_cited else []
        credible = [*people.values(), *(thing(n, languages) for n in sorted(set(reporters(languages).values())))]
        credible += [self.named_source(h) for h in sorted(heads | set(outlets)) if h not in people]
        self.credible = list({n.name: n for n in credible}.values())
        self.subjects: list[tuple[int, type, Named]] = []  # every partner, country and person: id(), kind, names
        self.by_label: dict[str, BaseModel] = {}
        for fact in walked:
            self.by_label.setdefault(fact.label, fact.model)
            named = self.subject_of(fact.model)
            if named is not None and fact.field == "provenance":
                self.subjects.append((id(fact.model), type(fact.model), named))
        self.listings = self.partners_listed([f for f in walked if f.field == "provenance"])

    def partners_listed(self, walked: list[Fact]) -> list[tuple[Partner, str, dict[str, str]]]:
        """Each partner with relations whose excerpt stands in the text, its excerpt, and the
        other partners that excerpt names: id -> the text's words for it (`NAVER Cloud`)."""
        partners = [(f, f.model) for f in walked if isinstance(f.model, Partner)]
        found = []
        for fact, lister in partners:
            excerpt = fold(fact.excerpt).text
            starts = occurrences(excerpt, self.text) if lister.relations else []
            if not starts:
                continue
            span = [(starts[0], starts[0] + len(excerpt))]
            named = {}
            for _, other in partners:
                subject = thing(other.name, self.languages, other.aliases)
                at = self.finder.first(subject, span) if other is not lister else None
                if at is not None:
                    form = next(f for f in subject.forms if self.text.startswith(f, at))
                    named[other.id] = self.folded.span(at, at + len(form))
            if named:
                found.append((lister, fact.excerpt, named))
        return found

    def named_source(self, name: str) -> Named:
        return self.people.get(name) or thing(name, self.languages)

    def subject_of(self, model: BaseModel) -> Named | None:
        subject = getattr(type(model), "_subject", None)
        if subject is None:
            return None
        name = getattr(model, subject)
        return person(name) if isinstance(model, Person) else thing(name, self.languages, getattr(model, "aliases", ()))

    def check(self, fact: Fact, number: tuple[str, str] | None) -> Record:
        owner = self.by_label.get(fact.label.rsplit(".", 1)[0]) if isinstance(fact.model, Report) else fact.model
        row = _Row(fact, number, self.subject_of(owner) if owner is not None else None, owner)
        excerpt = fold(fact.excerpt).text
        starts = occurrences(excerpt, self.text)
        row.set("occurrences", len(starts))
        row.set("excerpt_found", bool(starts))
        if not starts:
            closest = closest_passage(excerpt, self.folded)  # bounded: gpu_cli.nearest
            row.set("closest_passage", closest)
            row.fail(fact.field, _not_found(excerpt, closest, self.text))
            return row.record(self.line_of)
        at, why = self.locate(fact, excerpt, starts, row.subject)
        if at is None:
            row.fail("prefix" if _context(fact) != (None, None) else fact.field, why or "")
            return row.record(self.line_of)
        span = (at, at + len(excerpt))
        spans = frame(self.text, *span)
        if number is not None:
            self.check_number(row, number, span)
        self.check_commitment(row, span)
        self.check_attribution(row, spans)
        self.check_chip(row, span)
        self.check_rank(row, span)
        self.check_backing(row, span, spans)
        self.check_relations(row)
        return row.record(self.line_of)

    def locate(self, fact: Fact, excerpt: str, starts: list[int], subject: Named | None) -> tuple[int | None, str]:
        """The one place the excerpt stands: its prefix/suffix, else the only
        occurrence whose sentence names the fact's subject, else none."""
        prefix, suffix = (fold(words).text.strip() if words else "" for words in _context(fact))
        chosen = [s for s in starts if self.stands_between(prefix, s, s + len(excerpt), suffix)]
        if not chosen:
            times = _times(len(starts))
            return None, f"excerpt occurs {times}, never with its prefix or suffix"
        if len(chosen) > 1 and subject is not None:
            about = [s for s in chosen if self.finder.names(subject, frame(self.text, s, s + len(excerpt)))]
            chosen = about if len(about) == 1 else chosen
        if len(chosen) > 1:
            return None, f"excerpt occurs {_times(len(chosen))}; lengthen it or give a prefix"
        return chosen[0], ""

    def stands_between(self, prefix: str, start: int, end: int, suffix: str) -> bool:
        """The text right before `start` ends in `prefix`, and right after `end` starts with `suffix` (folded)."""
        before = self.text[max(0, start - len(prefix) - 1) : start].rstrip()
        after = self.text[end : end + len(suffix) + 1].lstrip()
        return before.endswith(prefix) and after.startswith(suffix)

    def check_number(self, row: _Row, number: tuple[str, str], span: Span) -> None:
        name, qualifier_name = number
        value, qualifier = getattr(row.fact.model, name), getattr(row.fact.model, qualifier_name)
        place = [(r, w) for r, w in self.numbers if span[0] <= r.at < span[1]]
        matches = [(r, w) for r, w in place if r.value == value]
        row.set("number_found", bool(matches))
        if not matches:
            row.fail(name, _number_missing(value, place))
            return
        reading, says = next(((r, w) for r, w in matches if r.qualifier == qualifier), matches[0])
        row.set("excerpt_says", says)
        row.set("excerpt_qualifier", reading.qualifier)
        row.set("qualifier_agrees", reading.qualifier == qualifier)
        if reading.qualifier != qualifier:
            said = reading.qualifier
            why = f"{UNSTATED[said]}: no qualifier states it" if said in UNSTATED else said
            row.fail(qualifier_name, f'excerpt says "{says}" ({why}), {self.claim} {qualifier}')

    def check_commitment(self, row: _Row, span: Span) -> None:
        """The verb governing the excerpt gives the commitment: a verb with none
        in the facts fails, as does a commitment with no verb."""
        model = row.fact.model
        if row.fact.field != "provenance" or not isinstance(model, Partner):
            return
        commitment = model.commitment
        hit = worded(self.text, *span, self.languages, "commitments") or self.governing_verb(row.subject, span)
        if hit is None and commitment is None:
            return
        said = hit[0] if hit else None
        row.set("excerpt_commitment", said)
        row.set("commitment_agrees", said == commitment)
        words = self.folded.span(hit[1], hit[2]) if hit else ""
        if hit is None:
            row.fail("commitment", f"excerpt has no verb saying how firm it is, {self.claim} {commitment}")
        elif commitment is None:
            row.fail("commitment", f'excerpt says "{words}" ({said}), {self.claim} no commitment')
        elif said != commitment:
            row.fail("commitment", f'excerpt says "{words}" ({said}), {self.claim} {commitment}')

    def governing_verb(self, subject: Named | None, span: Span) -> tuple[Any, int, int] | None:
        """For an excerpt with no verb of its own (cut after it), the last verb before it in
        its sentence, where the sentence names the subject before that verb (`Samsung prévoit
        … 50 000 GPU`); in `… GPU de Nvidia seront déployés … notamment NHN Cloud, Kakao`
        the verb is the ministry's, not Kakao's."""
        start = sentence(self.text, span[0])[0]
        named = self.finder.first(subject, [(start, span[0])]) if subject is not None else None
        verbs = wordings(self.text, named, span[0], self.languages, "commitments") if named is not None else []
        return verbs[-1] if verbs else None

    def check_attribution(self, row: _Row, spans: list[Span]) -> None:
        according_to = getattr(row.fact.model, "according_to", None) if row.fact.field != "chip_provenance" else None
        if according_to is None:
            return
        head = _head(according_to)
        credited = self.credited(spans)
        row.set("credited", ", ".join(credited) or None)
        agrees = self.finder.names(self.named_source(head), spans)
        row.set("attribution_agrees", agrees)
        if not agrees:
            whom = f"it credits {', '.join(credited)}" if credited else "it names no source there"
            row.fail(
                "according_to",
                f"according_to names {head}, whom the source does not name where the excerpt stands; {whom}",
            )

    def credited(self, spans: list[Span]) -> list[str]:
        """The sources named in the frame, the excerpt's own sentence first."""
        found = []
        for index, span in enumerate(spans):
            for named in self.credible:
                at = self.finder.first(named, [span])
                if at is not None:
                    found.append((index, at, named.name))
        return list(dict.fromkeys(name for _, _, name in sorted(found)))

    def check_chip(self, row: _Row, span: Span) -> None:
        model = row.fact.model
        chip = getattr(model, "chip", None)
        own = row.fact.field == "chip_provenance" or (
            row.fact.field == "provenance" and getattr(model, "chip_provenance", None) is None
        )
        if chip is None or not own:
            return
        named = any(span[0] <= at and at + len(f) <= span[1] for f in [fold(chip).text] for at in self.finder.at(f))
        row.set("chip_named", named)
        if not named:
            row.fail("chip", f'excerpt does not name the chip "{chip}"')

    def check_rank(self, row: _Row, span: Span) -> None:
        rank = getattr(row.fact.model, "rank", None) if row.fact.field == "provenance" else None
        hit = worded(self.text, *span, self.languages, "ordinals") if rank is not None else None
        if hit is None:
            return
        row.set("excerpt_rank", hit[0])
        row.set("rank_agrees", hit[0] == rank)
        if hit[0] != rank:
            words = self.folded.span(hit[1], hit[2])
            row.fail("rank", f'excerpt says "{words}" (rank {hit[0]}), {self.claim} rank {rank}')

    def check_relations(self, row: _Row) -> None:
        """A partner another partner's excerpt lists beside it (`notamment NHN Cloud,
        Kakao et NAVER Cloud`) carries that partner's relations, as the others it lists do."""
        partner = row.fact.model
        if not isinstance(partner, Partner) or row.fact.field != "provenance":
            return
        listing = [
            (lister, excerpt, named[partner.id]) for lister, excerpt, named in self.listings if partner.id in named
        ]
        missing: dict[tuple[str, str], list[str]] = {}
        for lister, _, _ in listing:
            for relation in lister.relations:
                if relation.partner != partner.id and relation not in partner.relations:
                    missing.setdefault((relation.type, relation.partner), []).append(lister.name)
        if listing:
            row.set("relations_agree", not missing)
        words = listing[0][2] if listing else partner.name
        quoted = "; ".join(dict.fromkeys(f'"{excerpt}"' for _, excerpt, _ in listing))
        for (kind, target), listers in missing.items():
            row.fail(
                "relations",
                f"{row.fact.label}.relations: the article lists {words} among {join_words(listers)}"
                f" ({quoted}), each {kind} {target} in the facts; the facts give it no {kind} {target}",
            )

    def check_backing(self, row: _Row, span: Span, spans: list[Span]) -> None:
        """A subject (partner, country, person) is named in the frame, and no
        other subject of the facts instead (of any kind: a country's excerpt
        standing where only a person or a partner is named is not about it);
        a fact without one has its number, or its excerpt names who says it and
        the proper names of its topic."""
        subject, stated = row.subject, row.values.get("number_found") is True
        if subject is not None:
            row.set("subject", subject.name)
            owner = row.owner
            if self.finder.names(subject, spans):
                foreign = self.foreign_alias(owner, spans)
                row.set("backs_fact", foreign is None)
                if foreign is not None:
                    row.fail("aliases", foreign)
                return
            named = [
                (kind, n.name) for key, kind, n in self.subjects if key != id(owner) and self.finder.names(n, spans)
            ]
            alike = [name for kind, name in named if kind is type(owner)]  # the same kind first: the likeliest mix-up
            others = alike or [name for _, name in named]
            at = row.fact.field
            if not others:
                others, at = self.named_by_id(owner, spans), "name"
            if others:
                row.set("backs_fact", False)
                row.fail(
                    at,
                    f"the excerpt stands where {self.speaker} speaks of {', '.join(others)}, not {subject.name}",
                )
                return
            names = [subject]
        else:
            names = self.names_required(row.fact.model)
            row.set("subject", ", ".join(n.name for n in names) or None)
        if stated or (names and any(self.finder.names(n, [span]) for n in names)):
            row.set("backs_fact", True)
        elif names:
            row.set("backs_fact", False)
            number = " nor the number" if row.number is not None else ""
            row.fail(row.fact.field, "excerpt names neither " + " nor ".join(n.name for n in names) + number)

    def foreign_alias(self, owner: BaseModel | None, spans: list[Span]) -> str | None:
        """Where only an alias names a country Babel knows, the alias must be a
        part of one of its names (`Corée` of `Corée du Sud`): a country renamed
        while its alias stays (`Japan`, alias `Corée`) is not what the source names."""
        if not isinstance(owner, RankEntry):
            return None
        names = country_names(owner.country, self.languages)
        if not names or self.finder.names(thing(owner.country, self.languages), spans):
            return None
        words = [set(fold(n).text.split()) for n in names]
        for alias in owner.aliases:
            own = any(set(fold(alias).text.split()) <= w for w in words)
            if not own and self.finder.names(thing(alias, ()), spans):
                return f'its alias "{alias}" is no part of a name of {owner.country} ({", ".join(names)})'
        return None

    def named_by_id(self, owner: BaseModel | None, spans: list[Span]) -> list[str]:
        """A partner the frame names by its id's words (`samsung`), not by its name: the name is not the source's."""
        if not isinstance(owner, Partner):
            return []
        words = id_words(owner.id)
        at = self.finder.first(words, spans)
        if at is None:
            return []
        return [f'"{self.folded.span(at, at + len(words.forms[0]))}" (as its id {owner.id} reads)']

    def names_required(self, model: BaseModel) -> list[Named]:
        according_to = getattr(model, "according_to", None)
        names = [self.named_source(_head(according_to))] if according_to else []
        for name in getattr(type(model), "_named", ()):
            names += [thing(word, self.languages) for word in proper_names(str(getattr(model, name) or ""))]
        return names


@dataclass
class _Row:
    """One fact's checks as they are made: the record's values, what failed, and where."""

    fact: Fact
    number: tuple[str, str] | None
    subject: Named | None
    owner: BaseModel | None
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    failed_at: str | None = None  # the field whose line a failure names

    def set(self, name: str, value: Any) -> None:
        self.values[name] = value

    def fail(self, at: str, problem: str) -> None:
        self.failed_at = self.failed_at or at
        self.problems.append(problem)

    def record(self, line_of: LineOf) -> Record:
        model, number = self.fact.model, self.number
        record: Record = dict.fromkeys(VERIFY_FIELDS)
        record.update(
            fact=f"{self.fact.label}.{number[0]}" if number and not isinstance(model, Report) else self.fact.label,
            excerpt=self.fact.excerpt,
            number=getattr(model, number[0]) if number else None,
            qualifier=getattr(model, number[1]) if number else None,
            according_to=getattr(model, "according_to", None) if self.fact.field != "chip_provenance" else None,
            commitment=getattr(model, "commitment", None) if self.fact.field == "provenance" else None,
            chip=getattr(model, "chip", None),
            rank=getattr(model, "rank", None),
        )
        record.update(self.values)
        at = self.failed_at or (number[0] if number else self.fact.field)
        record["line"] = line_of((*self.fact.path, at))
        record["verdict"] = "fail" if self.problems else "ok"
        says = record["excerpt_says"]
        ok = f'excerpt says "{says}" ({record["excerpt_qualifier"]})' if says else "excerpt found"
        record["detail"] = "; ".join(self.problems) or ok
        return record


def _context(fact: Fact) -> tuple[str | None, str | None]:
    """The excerpt's prefix and suffix, where its model gives them (the main excerpt only)."""
    if fact.field != "provenance":
        return None, None
    return getattr(fact.model, "prefix", None), getattr(fact.model, "suffix", None)


def _head(according_to: str) -> str:
    """Whom an attribution names first (`Jensen Huang, in a closed-door meeting, …`)."""
    return according_to.split(",", 1)[0].strip()


def _attributions(facts: Facts, walked: list[Fact], with_reports: bool) -> list[str]:
    found = [getattr(f.model, "according_to", None) for f in walked]
    return [a for a in [*found, *(r.according_to for r in facts.reports if with_reports)] if a]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _numbers_of(fact: Fact) -> list[tuple[str, str]]:
    """The stated numbers of a fact's main excerpt, each with its qualifier's field."""
    if fact.field == "excerpt":
        return [("value", "qualifier")] if getattr(fact.model, "value", None) is not None else []
    return [(name, f"{name}_qualifier") for name in _stated_numbers(fact.model)] if fact.field == "provenance" else []


def _not_found(excerpt: str, closest: str | None, source: str) -> str:
    if not excerpt:
        return "the excerpt is empty"
    where = " as whole words and numbers" if excerpt in source else ""
    return f"excerpt not in the source{where}" + (f'; closest passage: "{closest}"' if closest else "")


def _number_missing(number: int, place: Stated) -> str:
    stated = ", ".join(sorted({f'"{words}"' for _, words in place}))
    inside = f"it has {stated}" if stated else "it has no number"
    return f"excerpt does not state {number:,} ({inside})"


def _stated_numbers(model: BaseModel) -> list[str]:
    """The fields that hold a stated number: those with a `<name>_qualifier`
    sibling, where the number is given (null means the source gives none)."""
    fields = type(model).model_fields
    return [name for name in fields if f"{name}_qualifier" in fields and getattr(model, name) is not None]


DETAIL_SUFFIX = "_provenance"


def facts_with_provenance(model: BaseModel, path: DataPath = (), label: str = "") -> Iterator[Fact]:
    """Walk any model depth-first, in field order; a model with a text
    `provenance` is a fact, and a `<detail>_provenance` (SK Group's chip) is
    one more excerpt to find, named `…[sk-group].chip`. List items are named by a key field (`id`, then
    `name`, …) when it is unique among them, else by their index."""
    if isinstance(getattr(model, "provenance", None), str):
        yield Fact(label, path, model, model.provenance)  # type: ignore[attr-defined]
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{label}.{name}" if label else name
        if name.endswith(DETAIL_SUFFIX) and isinstance(value, str):
            yield Fact(f"{label}.{name.removesuffix(DETAIL_SUFFIX)}", path, model, value, name)
        elif isinstance(value, BaseModel):
            yield from facts_with_provenance(value, (*path, name), here)
        elif isinstance(value, list):
            keys = _item_keys(value)
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from facts_with_provenance(item, (*path, name, index), f"{here}[{keys[index]}]")


def _item_keys(items: list[Any]) -> list[str]:
    """Items named as their model declares (`partners[samsung]`), else by index;
    by index too when two items would share a name."""
    identity = getattr(items[0], "_identity", ()) if items else ()
    keys = [item_key(item, identity) for item in items] if identity else []
    return keys if keys and len(set(keys)) == len(keys) else [str(index) for index in range(len(items))]
