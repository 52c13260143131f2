"""`gpudeal verify` checks every kind of claim an excerpt backs, not only its
numbers: the commitment its verb gives, who the article credits, the chip, the
rank, and that the excerpt is about the fact it is attached to; an excerpt that
occurs more than once is located, never read at its first occurrence. The
careless edits of issue 17 each fail, through the installed command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ARTICLE, SHIPPED, Run, needs_article

TEXT = SHIPPED.read_text(encoding="utf-8")
US_SAYS = (
    "according_to: Jensen Huang, in a closed-door meeting, as relayed by Ha Jung-woo in a statement to The Korea Herald"
)
KAKAO = 'provenance: "fournisseurs de cloud locaux, notamment NHN Cloud, Kakao et NAVER Cloud"\n  - id: nhn-cloud'


def edited(old: str, new: str, after: str = "") -> str:
    """The shipped facts with the first `old` after `after` replaced."""
    at = TEXT.index(old, TEXT.index(after) if after else 0)
    return TEXT[:at] + new + TEXT[at + len(old) :]


def line(text: str, needle: str, after: str = "") -> int:
    return text[: text.index(needle, text.index(after) if after else 0)].count("\n") + 1


def failures(stdout: str) -> dict[str, dict[str, object]]:
    return {r["fact"]: r for r in json.loads(stdout) if r["verdict"] == "fail"}


CARELESS = {
    "Samsung plans to will": (
        edited("commitment: plans", "commitment: will"),
        "partners[samsung].gpus", "commitment_agrees", ("commitment: will", "id: samsung"),
        'excerpt says "prévoit" (plans), facts say will',
    ),
    "SK intends to will": (
        edited("commitment: intends", "commitment: will"),
        "partners[sk-group]", "commitment_agrees", ("commitment: will", "id: sk-group"),
        'excerpt says "a l’intention de" (intends), facts say will',
    ),
    "US count to Bae": (
        edited(US_SAYS, "according_to: Bae Kyung-hoon"),
        "ranking[United States].gpus", "attribution_agrees", ("according_to: Bae", ""),
        "according_to names Bae Kyung-hoon, whom the source does not name where the excerpt stands;"
        " it credits Jensen Huang, Ha Jung-woo",
    ),
    "investment to Nvidia": (
        edited("according_to: local reports", "according_to: Nvidia"),
        "deal.investment.amount_usd", "attribution_agrees", ("according_to: Nvidia", ""),
        "it credits local reports",
    ),
    "SK chip to H200": (
        edited("chip: RTX PRO 6000 Blackwell", "chip: H200"),
        "partners[sk-group].chip", "chip_named", ("chip: H200", ""),
        'excerpt does not name the chip "H200"',
    ),
    "China to rank 3": (
        edited("rank: 2", "rank: 3"),
        "ranking[China]", "rank_agrees", ("rank: 3", "country: United States"),
        'excerpt says "suivis par" (rank 2), facts say rank 3',
    ),
    "Samsung's excerpt on the ministry": (
        edited(
            'provenance: "plus de 50 000 des derniers GPU de Nvidia seront déployés"',
            'provenance: "prévoit de construire une « usine IA » comprenant plus de 50 000 GPU"',
        ),
        "partners[ministry-science-ict].gpus", "backs_fact", None,
        "the excerpt stands where the article speaks of Samsung, not Ministry of Science and ICT",
    ),
    "Bae's quote on Huang": (
        edited(
            'provenance: "produire de l’intelligence en tant que nouvelle exportation"',
            'provenance: "l’une des trois principales puissances mondiales de l’IA"',
        ),
        "people[Jensen Huang]", "backs_fact", ("provenance: \"l’une", ""),
        "the excerpt stands where the article speaks of Bae Kyung-hoon, not Jensen Huang",
    ),
    "Kakao given Naver's 60,000": (
        edited(
            "gpus: null\n    gpus_qualifier: null", "gpus: 60000\n    gpus_qualifier: exactly", "id: kakao"
        ).replace(KAKAO, KAKAO.replace(KAKAO.split('"')[1], "sur le point de renforcer son infrastructure en intégrant 60 000 GPU")),
        "partners[kakao].gpus", "backs_fact", None,
        "the excerpt stands where the article speaks of Naver Cloud, not Kakao",
    ),
    "an excerpt cut to à l'heure actuelle": (
        edited('"ventes futures de puces de la série Blackwell à la Chine"', '"à l’heure actuelle"'),
        "context[Blackwell and China]", "backs_fact", ('"à l’heure actuelle"', ""),
        "excerpt names neither Jensen Huang nor Blackwell nor China",
    ),
    # A subject renamed, its excerpt's sentence naming it under its old name: the number alone backed it.
    "Samsung renamed LG": (
        edited("    name: Samsung\n", "    name: LG\n"),
        "partners[samsung].gpus", "backs_fact", ("name: LG", ""),
        'the excerpt stands where the article speaks of "Samsung" (as its id samsung reads), not LG',
    ),
    "South Korea renamed Japan": (
        "\n".join(
            row for row in edited("country: South Korea", "country: Japan").split("\n")
            if "ranking[South Korea]" not in row  # its reports would no longer load
        ),
        "ranking[Japan].gpus", "backs_fact", ("aliases: [Corée]", ""),
        'its alias "Corée" is no part of a name of Japan (Japon)',
    ),
    "South Korea renamed Japan, its alias gone": (
        "\n".join(
            row for row in edited("country: South Korea", "country: Japan").split("\n")
            if "ranking[South Korea]" not in row and "aliases: [Corée]" not in row
        ),
        "ranking[Japan].gpus", "backs_fact", None,
        "the excerpt stands where the article speaks of Ha Jung-woo, not Japan",
    ),
    # A verb in the excerpt with no commitment in the facts, and a commitment with no verb in the excerpt
    # (the ministry's "seront déployés", earlier in Kakao's sentence, is not Kakao's).
    "SK intends to null": (
        edited("commitment: intends", "commitment: null"),
        "partners[sk-group]", "commitment_agrees", ("commitment: null", "id: sk-group"),
        'excerpt says "a l’intention de" (intends), facts say no commitment',
    ),
    "Kakao given will": (
        edited("commitment: null", "commitment: will", "id: kakao"),
        "partners[kakao]", "commitment_agrees", ("commitment: will", "id: kakao"),
        "excerpt has no verb saying how firm it is, facts say will",
    ),
    # The article lists NAVER Cloud with Kakao and NHN Cloud among the ministry's cloud providers.
    "Naver Cloud's relation removed": (
        edited(
            "    relations:\n      - type: cloud_partner_of\n        partner: ministry-science-ict\n",
            "    relations: []\n", "id: naver-cloud",
        ),
        "partners[naver-cloud].gpus", "relations_agree", ("relations: []", "id: naver-cloud"),
        'partners[naver-cloud].relations: the article lists NAVER Cloud among Kakao and NHN Cloud'
        ' ("fournisseurs de cloud locaux, notamment NHN Cloud, Kakao et NAVER Cloud"),'
        " each cloud_partner_of ministry-science-ict in the facts;"
        " the facts give it no cloud_partner_of ministry-science-ict",
    ),
}  # fmt: skip


@needs_article
def test_the_article_names_south_korea_la_coree(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    """The ranking's alias gives the article's form ("de la Corée"): an excerpt
    without the number is backed by it, where before it named "neither South Korea nor the number"."""
    cut = edited('"300 000 de la Corée la place désormais au troisième rang"', '"de la Corée la place désormais"')
    result = gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(cut)))
    korea = {r["fact"]: r for r in json.loads(result.stdout)}["ranking[South Korea].gpus"]
    assert (korea["backs_fact"], korea["subject"]) == (True, "South Korea")
    assert korea["number_found"] is False  # the cut excerpt still fails on its number, not on its subject
    assert "names neither" not in korea["detail"]


@needs_article
@pytest.mark.parametrize("case", list(CARELESS), ids=list(CARELESS))
def test_each_careless_edit_fails_naming_the_fact_and_the_check(
    gpudeal_process: Run,
    write_facts,
    case: str,  # type: ignore[no-untyped-def]
) -> None:
    text, fact, check, at, detail = CARELESS[case]
    assert text != TEXT
    result = gpudeal_process("verify", str(ARTICLE), "--json", "--facts", str(write_facts(text)))
    assert (result.returncode, result.stderr) == (1, "")
    failed = failures(result.stdout)
    assert list(failed) == [fact]
    assert failed[fact][check] is False
    assert detail in str(failed[fact]["detail"])
    if at is not None:  # the line of what disagrees
        assert failed[fact]["line"] == line(text, *at)


@needs_article
def test_the_shipped_facts_pass_every_check_that_can_be_made(gpudeal_process: Run) -> None:
    result = gpudeal_process("verify", str(ARTICLE), "--json")
    assert (result.returncode, result.stderr) == (0, "")
    records = {r["fact"]: r for r in json.loads(result.stdout)}
    assert {r["verdict"] for r in records.values()} == {"ok"}
    assert records["partners[naver-cloud].gpus"]["excerpt_commitment"] == "about_to"  # "est" outside the excerpt
    assert records["partners[samsung].gpus"]["excerpt_commitment"] == "plans"
    assert records["partners[kakao]"]["commitment_agrees"] is None  # no verb, no commitment: nothing to check
    assert records["ranking[South Korea].gpus"]["excerpt_rank"] == 3  # "troisième rang"
    assert records["ranking[China]"]["excerpt_rank"] == 2  # "suivis par"
    assert records["ranking[United States].gpus"]["credited"] == "Jensen Huang, Ha Jung-woo"
    assert records["deal.investment.amount_usd"]["credited"] == "local reports"
    # Kakao's and NHN Cloud's excerpt lists the three cloud providers: each carries the relation.
    listed = ("partners[naver-cloud].gpus", "partners[kakao]", "partners[nhn-cloud]")
    assert [records[fact]["relations_agree"] for fact in listed] == [True] * 3
    assert records["partners[samsung].gpus"]["relations_agree"] is None  # listed by no excerpt
    # A check with nothing to check is null, never true.
    rollout = records["deal.rollout"]
    assert [rollout[k] for k in ("number_found", "commitment_agrees", "attribution_agrees", "backs_fact")] == [None] * 4


@needs_article
def test_an_excerpt_not_found_answers_no_check(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts = edited('"plus de 260 000 GPU d’IA avancés"', '"plus de 260 000 GPU d’IA modernes"')
    result = gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(facts)))
    deal = failures(result.stdout)["deal.gpus"]
    assert deal["excerpt_found"] is False and deal["occurrences"] == 0
    assert [deal[k] for k in ("number_found", "qualifier_agrees", "backs_fact")] == [None, None, None]
    table = gpudeal("verify", str(ARTICLE), "--facts", str(write_facts(facts)), "-f", "csv",
                    "--fields", "fact,qualifier_agrees")  # fmt: skip
    assert "deal.gpus,\n" in table.stdout  # empty, not "yes"


@needs_article
def test_a_repeated_excerpt_fails_without_context_and_passes_with_a_prefix(
    gpudeal_process: Run,
    write_facts,  # type: ignore[no-untyped-def]
) -> None:
    # "Kakao" stands twice, each time in a sentence naming Kakao: only context can tell.
    bare = TEXT.replace(KAKAO, 'provenance: "Kakao"\n  - id: nhn-cloud')
    result = gpudeal_process("verify", str(ARTICLE), "--json", "--facts", str(write_facts(bare)))
    assert result.returncode == 1
    kakao = failures(result.stdout)["partners[kakao]"]
    assert kakao["detail"] == "excerpt occurs 2 times; lengthen it or give a prefix"
    assert kakao["occurrences"] == 2 and kakao["backs_fact"] is None
    prefixed = TEXT.replace(KAKAO, 'provenance: "Kakao"\n    prefix: "notamment NHN Cloud,"\n  - id: nhn-cloud')
    result = gpudeal_process("verify", str(ARTICLE), "--json", "--facts", str(write_facts(prefixed)))
    assert (result.returncode, result.stderr) == (0, "")
    wrong = TEXT.replace(KAKAO, 'provenance: "Kakao"\n    suffix: "et Naver,"\n  - id: nhn-cloud')
    result = gpudeal_process("verify", str(ARTICLE), "--json", "--facts", str(write_facts(wrong)))
    assert failures(result.stdout)["partners[kakao]"]["detail"].endswith("never with its prefix or suffix")


@needs_article
def test_a_repeated_excerpt_is_read_where_its_subject_stands(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    # "50 000 GPU" is Samsung's ("plus de 50 000 GPU") and Hyundai's ("allouera 50 000 GPU"):
    # read in Hyundai's sentence, it is exactly 50,000, not "plus de".
    facts = edited('"allouera 50 000 GPU spécifiquement à ses initiatives de conduite autonome"', '"50 000 GPU"')
    result = gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(facts)))
    assert (result.returncode, result.stderr) == (0, "")
    hyundai = {r["fact"]: r for r in json.loads(result.stdout)}["partners[hyundai-motor-group].gpus"]
    assert (hyundai["occurrences"], hyundai["excerpt_says"], hyundai["excerpt_commitment"]) == (2, "50 000", "will")
    # On a fact with no subject to tell them apart, it fails.
    facts = edited('"plus de 260 000 GPU d’IA avancés"', '"de Nvidia"')
    deal = failures(gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(facts))).stdout)["deal.gpus"]
    assert deal["detail"].endswith("; lengthen it or give a prefix") and deal["number_found"] is None


@needs_article
@pytest.mark.parametrize(
    "view", [("partners",), ("summary",), ("show", "samsung")], ids=["partners", "summary", "show"]
)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_gpudeal_output_is_not_a_source(gpudeal: Run, tmp_path: Path, view: tuple[str, ...], fmt: str) -> None:
    dump = tmp_path / f"dump.{fmt}"
    dump.write_text(gpudeal(*view, "-f", fmt).stdout, encoding="utf-8")
    result = gpudeal("verify", str(dump))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"gpudeal: cannot read the source {dump}: it is gpudeal's own output,"
        f" not the article the facts come from ({view[0]})\n"
    )


@needs_article
def test_verify_json_validates_against_its_schema(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(gpudeal("schema", "verify").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for facts in (TEXT, CARELESS["US count to Bae"][0], TEXT.replace(KAKAO, 'provenance: "Kakao"\n  - id: nhn-cloud')):
        records = json.loads(gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(facts))).stdout)
        jsonschema.validate(records, schema)
    fields = list(schema["$defs"]["VerifyRecord"]["properties"])
    assert fields == gpudeal("verify", "x", "--fields").stdout.split()


# --- another source's claims, against a text written here ---------------------

YONHAP = (
    "SEOUL, Oct. 31 (Yonhap) -- Nvidia will deploy up to 260,000 graphics processing units in South Korea,"
    " Nvidia said at its preview briefing. Samsung Electronics, SK Group and Hyundai Motor Group will each"
    " deploy up to 50,000 GPUs, while Naver Cloud will install around 60,000 units. The number of GPUs"
    " installed in Korea will rise from about 65,000 to more than 300,000, Nvidia said. The government"
    " will allocate up to 50,000 Nvidia GPUs to its sovereign cloud.\n"
)


def test_another_sources_claims_against_its_own_text(gpudeal_process: Run, tmp_path: Path, write_facts) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "yonhap.txt"
    text.write_text(YONHAP, encoding="utf-8")
    result = gpudeal_process("verify", str(text), "--source", "yonhap", "--json")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    records = json.loads(result.stdout)
    assert [r["fact"] for r in records] == [
        "deal.gpus",
        "partners[ministry-science-ict].gpus",
        "partners[samsung].gpus",
        "partners[sk-group].gpus",
        "partners[naver-cloud].gpus",
        "ranking[South Korea].gpus",
        "derived.stock_before",
    ]
    assert records[0]["excerpt_says"] == "up to 260,000" and records[0]["attribution_agrees"] is True
    assert records[0]["line"] == line(TEXT, "source: yonhap, value: 260000")
    # Naver Cloud's report, its excerpt cut after "around": the qualifier is read in the text.
    cut = TEXT.replace('excerpt: "Naver Cloud will install around 60,000 units"', 'excerpt: "60,000 units"')
    facts = str(write_facts(cut))
    assert gpudeal_process("verify", str(text), "--source", "yonhap", "--facts", facts).returncode == 0
    text.write_text(YONHAP.replace("install around 60,000", "install 60,000"), encoding="utf-8")
    result = gpudeal_process("verify", str(text), "--source", "yonhap", "--facts", facts, "--json")
    assert result.returncode == 1
    assert {fact: r["detail"] for fact, r in failures(result.stdout).items()} == {
        "partners[naver-cloud].gpus": 'excerpt says "60,000" (exactly), yonhap\'s report in the facts says about'
    }
    # With the excerpt whole, the changed text no longer has it.
    result = gpudeal_process("verify", str(text), "--source", "yonhap", "--json")
    assert list(failures(result.stdout)) == ["partners[naver-cloud].gpus"]


def test_details_speak_of_the_source_read_not_the_article(gpudeal: Run, tmp_path: Path, write_facts) -> None:  # type: ignore[no-untyped-def]
    """`verify TEXT --source yonhap` reads Yonhap's text against its reports:
    "the article speaks of…" and "facts say…" named the wrong text and claim."""
    text = tmp_path / "yonhap.txt"
    text.write_text(YONHAP.replace("while Naver Cloud will", "while Kakao will"), encoding="utf-8")
    cut = TEXT.replace('excerpt: "Naver Cloud will install around 60,000 units"', 'excerpt: "60,000 units"')
    result = gpudeal("verify", str(text), "--source", "yonhap", "--facts", str(write_facts(cut)), "--json")
    assert result.returncode == 1
    detail = failures(result.stdout)["partners[naver-cloud].gpus"]["detail"]
    assert re.fullmatch(r"the excerpt stands where yonhap speaks of (.+, )?Kakao, not Naver Cloud", str(detail)), detail
    text.write_text(YONHAP, encoding="utf-8")
    facts = str(write_facts(cut.replace("value: 60000, qualifier: about", "value: 60000, qualifier: exactly", 1)))
    result = gpudeal("verify", str(text), "--source", "yonhap", "--facts", facts, "--json")
    detail = failures(result.stdout)["partners[naver-cloud].gpus"]["detail"]
    assert detail == 'excerpt says "around 60,000" (about), yonhap\'s report in the facts says exactly'
    assert "article" not in result.stdout.replace("article.txt", "")


def test_an_unknown_source_id_gets_a_did_you_mean(gpudeal: Run, tmp_path: Path) -> None:
    text = tmp_path / "yonhap.txt"
    text.write_text(YONHAP, encoding="utf-8")
    result = gpudeal("verify", str(text), "--source", "yonhapp")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "gpudeal: no source has the id 'yonhapp'; did you mean 'yonhap'?\n"


def test_source_ids_complete(gpudeal: Run) -> None:
    from tests.conftest import clean_env

    env = clean_env(_GPUDEAL_COMPLETE="complete_bash", COMP_WORDS="gpudeal verify a.txt --source yon", COMP_CWORD="4")
    assert gpudeal(env=env).stdout.split() == ["yonhap", "yonhap-fr"]


def test_every_check_column_is_a_field_of_the_record() -> None:
    from gpu_cli.models import VerifyRecord
    from gpu_cli.text import VERIFY_CHECKS

    assert set(VERIFY_CHECKS) <= set(VerifyRecord.model_fields)
    assert all(VerifyRecord.model_fields[name].annotation in (bool, bool | None) for name in VERIFY_CHECKS)
