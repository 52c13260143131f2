"""The shipped facts say what the French says (issue 17, section 4), read
through the installed command's `summary --json`."""

from __future__ import annotations

import json

from tests.conftest import SHIPPED, Run


def test_drifts_are_corrected(gpudeal: Run) -> None:
    data = json.loads(gpudeal("summary", "--json").stdout)
    deal = data["deal"]
    assert deal["announced_by"] == "Nvidia"  # "Nvidia a annoncé"
    assert deal["purpose"].startswith("Address")  # "répondre au manque", not "close"
    assert deal["investment"]["amount_usd_qualifier"] == "at_most"  # "à hauteur de"
    context = {c["topic"]: c for c in data["context"]}
    blackwell = context["Blackwell and China"]
    assert "Huang" in blackwell["according_to"] and "Blackwell" in blackwell["provenance"]
    assert "première entreprise" in context["valuation"]["provenance"]
    huang = next(p for p in data["people"] if p["name"] == "Jensen Huang")
    for words in ("physical", "sophisticated", "global transformation"):
        assert words in " ".join(huang["said"].split()), words
    partners = {p["id"]: p for p in json.loads(gpudeal("partners", "--json").stdout)}
    assert partners["samsung"]["focus"] == "AI factory for chips"  # « usine IA »: an AI factory used for chips
    assert "hub" not in partners["ministry-science-ict"]["focus"]
    assert "factories" in partners["hyundai-motor-group"]["focus"]
    assert any("parent Naver" in purpose for purpose in partners["naver-cloud"]["purposes"])
    text = SHIPPED.read_text(encoding="utf-8")
    assert "`naver-cloud`" in text and "this decade" not in text
