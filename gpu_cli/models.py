"""Typed facts of the story. Strict on purpose: a hand-edited file whose
`gpus: "5"` or `gpus: true` were silently coerced would print a wrong number."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

# How the source words a number: `exactly n` is [n, n], `more_than n` is (n, ∞),
# `at_least n` is [n, ∞), `less_than n` is [0, n), `at_most n` is [0, n] (counts
# are never negative), `about n` is n ± half a unit of its last significant
# digit (`gpu_cli.derive.ABOUT_RULE`: about 200 is 150 to 250).
Qualifier = Literal["exactly", "more_than", "at_least", "less_than", "at_most", "about"]
# What a number derived from qualified figures can say (see `gpu_cli.derive`):
# the stated six, plus `between` (two bounds) and `nominal` (no bound at all:
# only what the figures give if every count were exact).
DerivedQualifier = Literal["exactly", "about", "more_than", "at_least", "less_than", "at_most", "between", "nominal"]
# How firm the article's verb for a partner is: "will" ("seront déployés",
# "allouera"), "plans" ("prévoit"), "intends" ("a l'intention de"), "about_to"
# ("est sur le point de").
Commitment = Literal["will", "plans", "intends", "about_to"]
PartnerKind = Literal["government", "conglomerate", "cloud"]
RelationType = Literal["cloud_partner_of"]


def _no_surrogates(value: str) -> str:
    """A lone surrogate ("\\ud800" in YAML) is not text: it cannot be written as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"contains a lone surrogate (U+{ord(value[error.start]):04X}), which is not valid text"
        ) from None
    return value


def _not_blank(value: str) -> str:
    """An empty name, excerpt or note says nothing, and leaks into sentences
    ("whether Naver Cloud's and 's GPUs overlap"); leave the key out instead."""
    if not value.strip():
        raise ValueError(
            f"must not be {'empty' if not value else 'only spaces'}; leave the key out where there is nothing to say"
        )
    return value


Text = Annotated[str, AfterValidator(_no_surrogates)]
Words = Annotated[str, AfterValidator(_no_surrogates), AfterValidator(_not_blank)]  # text in the facts file
Count = Annotated[int, Field(ge=0)]
# ASCII by its pattern, so no surrogate check: the constraints then run in pydantic-core, not in Python.
PartnerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)

    # Numbers that travel with a `<name>_qualifier` field.
    _qualified: ClassVar[tuple[str, ...]] = ()
    # The fields that name an item of a list, in paths (`partners[samsung]`) and
    # when two files are compared; none: the item is named by its index.
    _identity: ClassVar[tuple[str, ...]] = ()
    # The field naming who or what the fact is about (a partner, a country, a
    # person): the sentence of its excerpt names it (`gpu_cli.verify`).
    _subject: ClassVar[str | None] = None
    # Fields whose proper names (`Blackwell`) the excerpt itself must name,
    # for a fact with no subject of its own.
    _named: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _qualifiers_pair(self) -> Self:
        """A qualifier belongs to a stated number, and a stated number needs one."""
        for name in self._qualified:
            _check_pair(name, f"{name}_qualifier", getattr(self, name), getattr(self, f"{name}_qualifier"))
        return self


def _check_pair(name: str, qualifier_name: str, value: int | None, qualifier: str | None) -> None:
    if value is None and qualifier is not None:
        raise ValueError(f"{qualifier_name} must be null when {name} is null")
    if value is not None and qualifier is None:
        raise ValueError(f"{qualifier_name} is required when {name} is given")
    if value == 0 and qualifier == "less_than":
        raise ValueError(f"{name}: no count is less than 0; write 0 with exactly or at_most")


# A few words of the source right before (`prefix`) or after (`suffix`) an
# excerpt, where it occurs more than once: the W3C Web Annotation
# TextQuoteSelector's context, which tells its occurrences apart.
Context = Words | None
# How the source names a partner or a country, where it is not the name the
# facts use (`ministère des Sciences et des TIC`): `verify` looks for these.
Aliases = list[Words]

# Who the article attributes a fact to, when it is someone's word rather than
# the article's own (e.g. "Jensen Huang, as relayed by Ha Jung-woo").
Attribution = Words | None


class Investment(Strict):
    _qualified = ("amount_usd",)

    amount_usd: Count | None  # US dollars
    amount_usd_qualifier: Qualifier | None
    period: Words | None = None
    funded_by: list[Words] = []
    estimated_by: Words | None = None
    according_to: Attribution = None
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class InventoryGrowth(Strict):
    _qualified = ("factor",)

    factor: Count | None
    factor_qualifier: Qualifier | None
    claim: Words
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Claim(Strict):
    claim: Words
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Rollout(Strict):
    """When the GPUs arrive. `ends` is null where the source gives no end date."""

    starts: Words
    runs: Words | None = None
    ends: Words | None = None
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Collaborators(Strict):
    """The partners a sentence of the source names as the deal's collaborators."""

    partners: list[PartnerId]
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Deal(Strict):
    _qualified = ("gpus",)

    supplier: Words
    recipient: Words
    announced_by: Words | None = None  # who the article says made the announcement ("Nvidia a annoncé")
    announced_at: Words
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    hardware: Words | None = None
    purpose: Words | None = None
    provenance: Words
    prefix: Context = None
    suffix: Context = None
    investment: Investment | None = None
    inventory_growth: InventoryGrowth | None = None
    scale_claim: Claim | None = None
    rollout: Rollout | None = None
    collaborators: Collaborators | None = None


class Relation(Strict):
    """A link between partners. It carries no count: GPUs are never counted twice."""

    _identity = ("type", "partner")

    type: RelationType
    partner: PartnerId


class Partner(Strict):
    _qualified = ("gpus",)
    _identity = ("id",)
    _subject = "name"

    id: PartnerId
    name: Words
    kind: PartnerKind
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    chip: Words | None = None
    commitment: Commitment | None = None
    focus: Words | None = None  # a few words for tables; `purposes` has the full list
    purposes: list[Words] = []
    relations: list[Relation] = []
    aliases: Aliases = []
    provenance: Words
    prefix: Context = None
    suffix: Context = None
    chip_provenance: Words | None = None  # the excerpt naming the chip, where `provenance` does not

    @model_validator(mode="after")
    def _chip_excerpt_needs_a_chip(self) -> Self:
        if self.chip_provenance is not None and self.chip is None:
            raise ValueError("chip_provenance must be null when chip is null")
        return self


class PartnerView(Partner):
    """A partner as `gpudeal partners --json` prints it: the stated `gpus` untouched,
    and a share the article only implies in separate fields, all null where
    nothing is implied: `gpus_implied` (the number its qualifier applies to:
    `at_most` 139,999 is the bound), its `gpus_implied_qualifier`, its bounds
    `gpus_implied_low` and `gpus_implied_high` (null where open) and `gpus_implied_basis` (the
    arithmetic, qualifiers kept). See `gpu_cli.derive` and `gpudeal check`."""

    gpus_implied: Count | None = None
    gpus_implied_qualifier: DerivedQualifier | None = None
    gpus_implied_low: Count | None = None
    gpus_implied_high: Count | None = None
    gpus_implied_basis: Words | None = None


class RankEntry(Strict):
    _qualified = ("gpus",)
    _identity = ("country",)
    _subject = "country"

    rank: Annotated[int, Field(ge=1)]
    country: Words
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    note: Words | None = None
    according_to: Attribution = None
    aliases: Aliases = []
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Person(Strict):
    """Someone the article quotes. `said` is in our words, a paraphrase of
    the article's (never to be read as a quotation); `provenance` is the
    article's own words."""

    _identity = ("name",)
    _subject = "name"

    name: Words
    role: Words
    said: Words
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class ContextFact(Strict):
    _qualified = ("value_usd",)
    _identity = ("topic",)
    _named = ("topic",)

    topic: Words
    fact: Words
    value_usd: Count | None = None  # US dollars
    value_usd_qualifier: Qualifier | None = None
    according_to: Attribution = None
    provenance: Words
    prefix: Context = None
    suffix: Context = None


class Source(Strict):
    language: Words
    file: Words | None = None
    outlet_cited: Words | None = None
    note: Words | None = None


ARTICLE = "article"  # the source id of the facts' own claims: the article is the primary source
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class ReportSource(Strict):
    """One report of the story (the article itself has the id `article`): where
    and when it was published, and how it relates to the others. `translation_of`
    and `based_on` (a rewrite of the same wire story) make it a copy, counted once
    with what it copies; `quotes` names statements it quotes, not copies."""

    _identity = ("id",)

    id: PartnerId
    outlet: Text
    url: Text | None = None
    published: IsoDate | None = None
    language: Text
    translation_of: PartnerId | None = None
    based_on: PartnerId | None = None
    quotes: list[PartnerId] = []
    note: Text | None = None


class Report(Strict):
    """What another source says about one fact of the article, named by its path
    as `verify` and `diff` name it (`deal.gpus`, `partners[sk-group].gpus`, or
    `derived.stock_before` for a number the article only implies).
    `value` null: the source says it gives no figure. Named in `diff` by the
    fact it reports and its source: `reports[partners[samsung].gpus yonhap]`."""

    _identity = ("fact", "source")

    fact: Text
    source: PartnerId
    value: Count | None
    qualifier: Qualifier | None
    excerpt: Text
    according_to: Attribution = None
    note: Text | None = None

    @model_validator(mode="after")
    def _qualifier_pairs(self) -> Self:
        _check_pair("value", "qualifier", self.value, self.qualifier)
        return self


class Facts(Strict):
    """The whole facts file. Ranks are not checked here on purpose: a file with a
    repeated or skipped rank still loads and displays, and `gpudeal check` fails it."""

    source: Source | None = None
    deal: Deal
    partners: list[Partner]
    ranking: list[RankEntry] = []
    people: list[Person] = []
    context: list[ContextFact] = []
    sources: list[ReportSource] = []  # the article and the other reports of the story
    reports: list[Report] = []  # what the other sources say, fact by fact (`gpu_cli.sources`)

    @model_validator(mode="after")
    def _items_unique_references_resolve(self) -> Self:
        """Items named once by their identity (a second `United States` in the
        ranking would be a second row for one country), partner relations pointing
        at a partner. Each problem keeps its own path, so a message can name the
        line it stands on. Sources and reports: `gpu_cli.sources`."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for key, noun in _NAMED_ONCE.items():
            problems += _repeated(key, noun, getattr(self, key))
        ids = {partner.id for partner in self.partners}
        for index, partner in enumerate(self.partners):
            for r, relation in enumerate(partner.relations):
                if relation.partner not in ids:
                    problems.append(
                        (
                            ("partners", index, "relations", r, "partner"),
                            f"no partner has the id {relation.partner!r}",
                        )
                    )
        named = self.deal.collaborators.partners if self.deal.collaborators else []
        problems += [
            (("deal", "collaborators", "partners", c), f"no partner has the id {pid!r}")
            for c, pid in enumerate(named)
            if pid not in ids
        ]
        if problems:
            raise PydanticCustomError(
                "item_references",
                "{count} repeated items or broken references",
                {"count": len(problems), "problems": problems},
            )
        return self


# The lists whose items `Facts` names once, and what the identity is called.
_NAMED_ONCE = {"partners": "partner id", "ranking": "country", "people": "person", "context": "topic"}


def _repeated(key: str, noun: str, items: list[Strict]) -> list[tuple[tuple[str | int, ...], str]]:
    """`duplicate country 'United States' (first at ranking[0])`, at each repeat's
    identity field."""
    first: dict[str, int] = {}
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, item in enumerate(items):
        name = item_key(item, item._identity)
        if name in first:
            at: tuple[str | int, ...] = (key, index, *item._identity[:1])
            problems.append((at, f"duplicate {noun} {name!r} (first at {key}[{first[name]}])"))
        first.setdefault(name, index)
    return problems


Number = int | float


class PremiseRecord(Strict):
    """A premise a rule rests on (`gpu_cli.premises`): its id (what `--assume`
    takes), what it says, and the article's words it rests on (null where the
    article does not give it)."""

    id: Text
    statement: Text
    words: Text | None


class DerivedRecord(Strict):
    """A number the facts imply, as `check --json` lists it under `derived`.
    `value` is the number its `qualifier` applies to, so the two read true
    together (`at_most` 139,999: the bound; `about`, `exactly`, `nominal`,
    `between`: the arithmetic on the figures as written); `low`/`high` are its
    ends, null where open-ended: a count's are whole and included (`more_than
    260,000` has low 260,001; 0 is the low of a count with no other), an
    `about` figure's are the width `ABOUT_RULE` gives."""

    id: Text  # stable: its key in `gpudeal diff` (`derived.<id>`), never built from `name`
    name: Text
    value: Number
    qualifier: DerivedQualifier
    low: Number | None
    high: Number | None
    arithmetic: Text
    premises: list[Text]  # the ids of the premises it rests on


class CheckRecord(Strict):
    """One rule of `gpudeal check`: `ok` when the ranges prove it holds, `fail`
    when they prove it broken, `undetermined` when the figures can do neither."""

    id: Text  # stable: its key in `gpudeal diff` (`check.<id>`), never built from `rule`
    rule: Text
    verdict: Literal["ok", "fail", "undetermined"]
    arithmetic: Text
    detail: Text
    premises: list[PremiseRecord]  # what the verdict and its derived numbers rest on
    derived: list[DerivedRecord]


class SummaryRecord(Strict):
    """`gpudeal summary --json`: the deal (headline numbers, investment,
    timeline, claims), the numbers it implies, the ranking, people, context.
    Numbers are plain integers (US dollars for money), as in the facts file."""

    deal: Deal
    derived: list[DerivedRecord]
    ranking: list[RankEntry]
    people: list[Person]
    context: list[ContextFact]


class ChangeRecord(Strict):
    """One change of `gpudeal diff --json`: where (`partners[sk-group].gpus`,
    `derived.remainder`, `check.<rule>`), what kind, and the value before and
    after as the JSON contract writes it (a number with its qualifier; a whole
    item when added or removed; null when absent)."""

    path: Text
    kind: Literal["added", "removed", "changed"]
    old: Any
    new: Any


def identified_lists(model: type[Strict] | None = None) -> dict[str, tuple[str, ...]]:
    """Each list of the facts whose items have an identity, by the key it stands
    under, with the fields that name its items: read off the models, so a new
    list names its items where it is declared."""
    found: dict[str, tuple[str, ...]] = {}
    for name, field in (model or Facts).model_fields.items():
        for inner in _models_in(field.annotation):
            if inner._identity and _is_list(field.annotation):
                found[name] = inner._identity
            found.update(identified_lists(inner))
    return found


def item_key(item: Any, identity: tuple[str, ...]) -> str:
    """How an item (a model or its dumped dict) is named in a path: `samsung`, `cloud_partner_of ministry`."""
    if isinstance(item, dict):
        return " ".join(str(item.get(name)) for name in identity)
    return " ".join(str(getattr(item, name, None)) for name in identity)


def _models_in(annotation: Any) -> list[type[Strict]]:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _is_list(annotation: Any) -> bool:
    from typing import get_origin

    return get_origin(annotation) is list or any(_is_list(a) for a in getattr(annotation, "__args__", ()))


M = TypeVar("M", bound=Strict)


def trusted(model: type[M], data: dict[str, Any]) -> M:
    """A model made from data already validated, without validating it again
    (the shipped facts, which hatch_build.py validated when the wheel was
    built). A model's first validation builds the validators of every model it
    holds (the models defer building), the largest cost of a short run."""
    nested = _nested(model)
    values = {}
    for name, value in data.items():
        inner = nested[name]
        if inner is not None and isinstance(value, list):
            value = [trusted(inner, item) for item in value]
        elif inner is not None and value is not None:
            value = trusted(inner, value)
        values[name] = value
    return model.model_construct(**values)


_NESTED: dict[type[Strict], dict[str, type[Strict] | None]] = {}


def _nested(model: type[Strict]) -> dict[str, type[Strict] | None]:
    """The model each field holds (alone, in a list, or None), by field name."""
    if model not in _NESTED:
        _NESTED[model] = {
            name: next(iter(_models_in(field.annotation)), None) for name, field in model.model_fields.items()
        }
    return _NESTED[model]


def dumped(model: Strict, *keys: str) -> dict[str, Any]:
    """Fields of a model as plain data, as `model_dump(include=keys)` gives them.
    A model that validation made is dumped by its compiled serializer; one that
    `trusted` made has none, and building it would cost what `trusted` saved."""
    if type(model).__pydantic_complete__:
        return model.model_dump(include=set(keys))
    return {key: _plain(getattr(model, key)) for key in keys}


def _plain(value: Any) -> Any:
    if isinstance(value, Strict):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


class SourceRecord(Strict):
    """One source of `gpudeal sources --json`: the `sources` entry, how it
    relates to the others in words, the original it counts with when it is a
    copy (null otherwise), and how many facts it gives a figure for."""

    id: Text
    outlet: Text
    published: Text | None
    language: Text
    relation: Text | None
    counted_with: Text | None
    facts: Count
    url: Text | None


class ReportView(Strict):
    """One source's figure for a fact, under `corroborate --json`'s `reports`:
    `figure` as the tables write it; `derived` when the article's number is
    computed from its figures; `counted_with`: the original of a copy."""

    source: Text
    value: Number | None
    qualifier: Text | None
    figure: Text
    excerpt: Text | None
    according_to: Text | None
    derived: bool
    counted_with: Text | None


class CorroborationRecord(Strict):
    """One fact of `gpudeal corroborate --json`: every source's figure, the
    verdict on their ranges (agree, consistent, conflict, single), the joint
    range (`joint_low`/`joint_high`, null where open, each with whether it
    is itself allowed, `joint_low_included`/`joint_high_included`: `> ×4`
    is low 4, not included; `joint` "none" in a conflict), how many independent sources (copies count once), the pairs
    that cannot both be right, and the drift between a translation and its original."""

    fact: Text
    verdict: Literal["agree", "consistent", "conflict", "single"]
    joint: Text
    joint_low: Number | None
    joint_high: Number | None
    joint_low_included: bool | None
    joint_high_included: bool | None
    sources: list[Text]
    independent: Count
    figures: list[Text]
    conflicts: list[Text]
    drift: list[Text]
    detail: Text
    reports: list[ReportView]


class SourcedCheckRecord(CheckRecord):
    """One rule of `gpudeal check --sources all`: as `check`, run on the joint
    ranges of every source where they exist, and `inputs`: where each fact it
    read came from (`deal.gpus: article (the reports conflict)`, `…: joint
    range of article, yonhap (60,000)`, or the sources of a report)."""

    inputs: list[Text]


class VerifyRecord(Strict):
    """One fact of `gpudeal verify --json` against the text of its source, one
    field per kind of check: true (it agrees), false (it does not: `detail`
    says what disagrees), null where the check could not be made (the excerpt
    not found or not located, or nothing of that kind to check).
    `occurrences`: how many times the excerpt stands in the source;
    `credited`: who the article names as the source where the excerpt stands."""

    fact: Text  # e.g. `partners[samsung].gpus`, or `people[Ha Jung-woo]` for a fact without a number
    line: int | None  # in the facts file: the line of what fails, else of the number, else of the excerpt
    excerpt: Text
    occurrences: Count
    excerpt_found: bool
    closest_passage: Text | None
    number: Number | None
    qualifier: Text | None
    number_found: bool | None
    excerpt_says: Text | None  # the source's words for the number, e.g. `plus de 50 000`
    excerpt_qualifier: Text | None
    qualifier_agrees: bool | None
    commitment: Text | None
    excerpt_commitment: Text | None  # from the verb governing the excerpt (`prévoit`: plans)
    commitment_agrees: bool | None
    according_to: Text | None
    credited: Text | None
    attribution_agrees: bool | None
    chip: Text | None
    chip_named: bool | None
    rank: int | None
    excerpt_rank: int | None  # from the ordinal in the excerpt (`troisième`, `suivis par`: 2)
    rank_agrees: bool | None
    relations_agree: bool | None  # the partner carries the relations of those whose excerpt lists it beside them
    subject: Text | None  # who or what the fact is about, as the excerpt must back it
    backs_fact: bool | None  # the excerpt states the number, names the subject, or is its quotation
    verdict: Literal["ok", "fail"]
    detail: Text
