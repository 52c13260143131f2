"""Typed facts of the story. Strict on purpose: a hand-edited file whose
`gpus: "5"` or `gpus: true` were silently coerced would print a wrong number."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Qualifier = Literal["exactly", "more_than", "about"]
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


Text = Annotated[str, AfterValidator(_no_surrogates)]
Count = Annotated[int, Field(ge=0)]
# ASCII by its pattern, so no surrogate check: the constraints then run in pydantic-core, not in Python.
PartnerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class Problems(ValueError):
    """Several findings of one check over the whole file, each a finished
    "path: what is wrong" message; reported one per line, not as one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def path_text(loc: tuple[str | int, ...]) -> str:
    """('partners', 3, 'gpus') -> 'partners[3].gpus'."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)

    # Numbers that travel with a `<name>_qualifier` field.
    _qualified: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _qualifiers_pair(self) -> Self:
        """A qualifier belongs to a stated number, and a stated number needs one."""
        for name in self._qualified:
            value, qualifier = getattr(self, name), getattr(self, f"{name}_qualifier")
            if value is None and qualifier is not None:
                raise ValueError(f"{name}_qualifier must be null when {name} is null")
            if value is not None and qualifier is None:
                raise ValueError(f"{name}_qualifier is required when {name} is given")
        return self


class Investment(Strict):
    _qualified = ("amount_usd",)

    amount_usd: Count | None
    amount_usd_qualifier: Qualifier | None
    period: Text | None = None
    funded_by: list[Text] = []
    estimated_by: Text | None = None
    provenance: Text


class InventoryGrowth(Strict):
    _qualified = ("factor",)

    factor: Count | None
    factor_qualifier: Qualifier | None
    claim: Text
    provenance: Text


class Claim(Strict):
    claim: Text
    provenance: Text


class Rollout(Strict):
    starts: Text
    ends: Text
    provenance: Text


class Deal(Strict):
    _qualified = ("gpus",)

    supplier: Text
    recipient: Text
    announced_at: Text
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    hardware: Text | None = None
    purpose: Text | None = None
    provenance: Text
    investment: Investment | None = None
    inventory_growth: InventoryGrowth | None = None
    scale_claim: Claim | None = None
    rollout: Rollout | None = None


class Relation(Strict):
    """A link between partners. It carries no count: GPUs are never counted twice."""

    type: RelationType
    partner: PartnerId


class Partner(Strict):
    _qualified = ("gpus",)

    id: PartnerId
    name: Text
    kind: PartnerKind
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    chip: Text | None = None
    purposes: list[Text] = []
    relations: list[Relation] = []
    provenance: Text


class PartnerView(Partner):
    """A partner as `gpudeal partners --json` prints it: the stated `gpus` untouched,
    and a share the article only implies in separate fields (see `gpudeal check`)."""

    gpus_implied: Count | None = None
    gpus_implied_qualifier: Literal["about"] | None = None
    gpus_implied_basis: Text | None = None


class RankEntry(Strict):
    _qualified = ("gpus",)

    rank: Annotated[int, Field(ge=1)]
    country: Text
    gpus: Count | None
    gpus_qualifier: Qualifier | None
    note: Text | None = None
    provenance: Text


class Person(Strict):
    name: Text
    role: Text
    said: Text
    provenance: Text


class ContextFact(Strict):
    _qualified = ("value_usd",)

    topic: Text
    fact: Text
    value_usd: Count | None = None
    value_usd_qualifier: Qualifier | None = None
    provenance: Text


class Source(Strict):
    language: Text
    file: Text | None = None
    outlet_cited: Text | None = None
    note: Text | None = None


class Facts(Strict):
    """The whole facts file. Ranks are not checked here on purpose: a file with a
    repeated or skipped rank still loads and displays, and `gpudeal check` fails it."""

    source: Source | None = None
    deal: Deal
    partners: list[Partner]
    ranking: list[RankEntry] = []
    people: list[Person] = []
    context: list[ContextFact] = []

    @model_validator(mode="after")
    def _partner_ids_resolve(self) -> Self:
        first: dict[str, int] = {}
        problems = []
        for index, partner in enumerate(self.partners):
            if partner.id in first:
                problems.append(
                    f"partners[{index}].id: duplicate partner id {partner.id!r}"
                    f" (first at partners[{first[partner.id]}])"
                )
            first.setdefault(partner.id, index)
        for index, partner in enumerate(self.partners):
            for r, relation in enumerate(partner.relations):
                if relation.partner not in first:
                    problems.append(
                        f"partners[{index}].relations[{r}].partner: no partner has the id {relation.partner!r}"
                    )
        if problems:
            raise Problems(problems)
        return self
