"""Every number in the shipped facts is the article's, with the article's qualifier."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from gpu_cli.loader import load_facts
from gpu_cli.models import Facts
from tests.conftest import ARTICLE, SHIPPED, needs_article


@pytest.fixture(scope="module")
def facts() -> Facts:
    return load_facts(SHIPPED)


def test_headline(facts: Facts) -> None:
    deal = facts.deal
    assert (deal.supplier, deal.recipient) == ("Nvidia", "South Korea")
    assert "Gyeongju" in deal.announced_at and "APEC" in deal.announced_at
    assert (deal.gpus, deal.gpus_qualifier) == (260_000, "more_than")
    assert deal.investment is not None
    # "à hauteur de 10 milliards": up to the amount of; that it is an estimate is `estimated_by`'s to say.
    assert (deal.investment.amount_usd, deal.investment.amount_usd_qualifier) == (10_000_000_000, "at_most")
    assert deal.investment.estimated_by == deal.investment.according_to == "local reports"
    assert deal.inventory_growth is not None
    assert (deal.inventory_growth.factor, deal.inventory_growth.factor_qualifier) == (4, "more_than")
    assert deal.rollout is not None and deal.rollout.starts == "next year"
    assert deal.rollout.runs == "throughout the decade" and deal.rollout.ends is None  # no end date given
    assert deal.scale_claim is not None and deal.scale_claim.provenance.endswith("jamais réalisés par un pays")
    assert deal.collaborators is not None
    assert {"naver-cloud", "kakao"} <= set(deal.collaborators.partners)
    assert "nhn-cloud" not in deal.collaborators.partners  # named only in the ministry's list


@pytest.mark.parametrize(
    ("pid", "kind", "gpus", "qualifier", "chip", "commitment", "verb"),
    [
        ("ministry-science-ict", "government", 50_000, "more_than", None, "will", "seront déployés"),
        ("samsung", "conglomerate", 50_000, "more_than", None, "plans", "prévoit"),
        ("sk-group", "conglomerate", None, None, "RTX PRO 6000 Blackwell", "intends", "a l’intention de"),
        ("hyundai-motor-group", "conglomerate", 50_000, "exactly", None, "will", "allouera"),
        ("naver-cloud", "cloud", 60_000, "exactly", None, "about_to", "sur le point de"),
        ("kakao", "cloud", None, None, None, None, None),
        ("nhn-cloud", "cloud", None, None, None, None, None),
    ],
)
def test_partner(
    facts: Facts,
    pid: str,
    kind: str,
    gpus: int | None,
    qualifier: str | None,
    chip: str | None,
    commitment: str | None,
    verb: str | None,
) -> None:
    partner = next(p for p in facts.partners if p.id == pid)
    assert (partner.kind, partner.gpus, partner.gpus_qualifier, partner.chip) == (kind, gpus, qualifier, chip)
    assert partner.commitment == commitment
    assert verb is None or verb in partner.provenance  # the excerpt carries the verb the commitment reads
    assert (partner.chip_provenance is not None) == (chip is not None)
    assert chip is None or chip in (partner.chip_provenance or "")


def test_only_the_article_partners(facts: Facts) -> None:
    assert len(facts.partners) == 7


def test_cloud_partners_of_the_ministry_are_relations(facts: Facts) -> None:
    linked = {p.id for p in facts.partners for r in p.relations if r.partner == "ministry-science-ict"}
    assert linked == {"kakao", "nhn-cloud", "naver-cloud"}


def test_ranking(facts: Facts) -> None:
    got = [(e.rank, e.country, e.gpus, e.gpus_qualifier) for e in facts.ranking]
    assert got == [
        (1, "United States", 20_000_000, "about"),
        (2, "China", None, None),
        (3, "South Korea", 300_000, "exactly"),
    ]
    huang = "Jensen Huang, in a closed-door meeting, as relayed by Ha Jung-woo in a statement to The Korea Herald"
    assert [e.according_to for e in facts.ranking][:2] == [huang, huang]
    # The third-place sentence follows Huang's quoted words inside Ha's statement.
    assert (facts.ranking[2].according_to or "").startswith("Ha Jung-woo, in a statement to The Korea Herald")


def test_people(facts: Facts) -> None:
    people = {p.name: p for p in facts.people}
    assert set(people) == {"Jensen Huang", "Bae Kyung-hoon", "Ha Jung-woo"}
    assert "have inspired" in people["Jensen Huang"].said
    assert "huis clos dans une déclaration" in people["Ha Jung-woo"].provenance


def test_cloud_partner_list_is_said_to_be_incomplete(facts: Facts) -> None:
    """The article introduces the ministry's cloud partners with "notamment"."""
    ministry = next(p for p in facts.partners if p.id == "ministry-science-ict")
    assert any("not complete" in purpose for purpose in ministry.purposes)


def test_context_valuation(facts: Facts) -> None:
    valuation = next(c for c in facts.context if c.topic == "valuation")
    assert valuation.value_usd == 5_000_000_000_000


def _provenances(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node[key] for key in ("provenance", "chip_provenance") if node.get(key)]
        return found + [p for value in node.values() for p in _provenances(value)]
    if isinstance(node, list):
        return [p for item in node for p in _provenances(item)]
    return []


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _words(excerpt: str) -> int:
    return sum(any(c.isalnum() for c in token) for token in excerpt.split())  # « and » are not words


def test_excerpts_are_short_phrases() -> None:
    excerpts = _provenances(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")))
    assert len(excerpts) >= 20
    assert all(_words(e) <= 12 for e in excerpts), [e for e in excerpts if _words(e) > 12]


@needs_article
def test_every_excerpt_is_in_the_article() -> None:
    article = _fold(ARTICLE.read_text(encoding="utf-8"))
    excerpts = _provenances(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")))
    missing = [e for e in excerpts if _fold(e) not in article]
    assert not missing
