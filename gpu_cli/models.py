"""Typed facts of the story. Strict on purpose: a hand-edited file whose
`gpus: "5"` or `gpus: true` were silently coerced would print a wrong number."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

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
PartnerId = Annotated[Text, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


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
    focus: Text | None = None  # a few words for tables; `purposes` has the full list
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
        """Ids unique, relations pointing at one of them. Each problem keeps its
        own path, so a message can name the line it stands on."""
        first: dict[str, int] = {}
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index, partner in enumerate(self.partners):
            if partner.id in first:
                problems.append(
                    (
                        ("partners", index, "id"),
                        f"duplicate partner id {partner.id!r} (first at partners[{first[partner.id]}])",
                    )
                )
            first.setdefault(partner.id, index)
        for index, partner in enumerate(self.partners):
            for r, relation in enumerate(partner.relations):
                if relation.partner not in first:
                    problems.append(
                        (
                            ("partners", index, "relations", r, "partner"),
                            f"no partner has the id {relation.partner!r}",
                        )
                    )
        if problems:
            raise PydanticCustomError(
                "partner_references",
                "{count} broken partner references",
                {"count": len(problems), "problems": problems},
            )
        return self
