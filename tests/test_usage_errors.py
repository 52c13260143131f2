"""Every usage mistake is exit 2 with one line and where the help is, judged
from the options alone, before any file is read (the request of each command)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Run, invoke, run_in_process


def usage(command: str, message: str) -> str:
    return f"gpudeal: error: {message}\nTry 'gpudeal {command} --help'.\n"


@pytest.mark.parametrize(
    "args, command, message",
    [
        (("partners", "--export", "x.pdf"), "partners", "--export needs a file ending in .svg, .html, .txt, .png, got 'x.pdf'"),
        (("show", "samsung", "--export", "x"), "show", "--export needs a file ending in .svg, .html, .txt, got 'x'"),
        (("check", "--export", "c.png"), "check", "--export needs a file ending in .svg, .html, .txt, got 'c.png'"),
        (("rank", "--sort", "gpu"), "rank", "cannot sort by 'gpu'; did you mean 'gpus'?"),
        (("verify", "a.txt", "--fields", "bogus"), "verify", "unknown field 'bogus'; valid fields: fact, line, excerpt, occurrences, excerpt_found, closest_passage, number, qualifier, number_found, excerpt_says, excerpt_qualifier, qualifier_agrees, commitment, excerpt_commitment, commitment_agrees, according_to, credited, attribution_agrees, chip, chip_named, rank, excerpt_rank, rank_agrees, relations_agree, subject, backs_fact, verdict, detail"),
    ],
)  # fmt: skip
def test_usage_is_judged_before_a_missing_facts_file(
    gpudeal: Run, args: tuple[str, ...], command: str, message: str
) -> None:
    result = gpudeal(*args, "--facts", "/nonexistent")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", usage(command, message))


def test_facts_given_twice_is_refused_wherever_it_is(gpudeal: Run) -> None:
    for args in (
        ("--facts", "a.yaml", "partners", "--facts", "b.yaml"),
        ("--facts", "a.yaml", "--facts", "b.yaml", "partners"),
        ("partners", "--facts", "a.yaml", "--facts", "b.yaml"),
    ):
        result = gpudeal(*args)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert result.stderr == usage("partners", "--facts is given 2 times ('a.yaml', 'b.yaml'); give it once")


def test_the_same_facts_twice_is_refused_too(gpudeal: Run) -> None:
    """Even when both name the same file: the second would do nothing."""
    assert gpudeal("--facts", "a.yaml", "rank", "--facts", "a.yaml").returncode == 2


def test_diff_refuses_a_root_facts_it_would_ignore(gpudeal: Run) -> None:
    result = gpudeal("--facts", "/nonexistent", "diff", "a.yaml", "b.yaml")
    message = "--facts does nothing here: diff reads the two files it is given (OLD and NEW)"
    assert (result.returncode, result.stdout, result.stderr) == (2, "", usage("diff", message))


def test_an_empty_facts_is_a_usage_error_on_the_root_too(gpudeal: Run) -> None:
    for args in (("--facts", "", "partners"), ("partners", "--facts", "")):
        result = gpudeal(*args)
        assert result.returncode == 2 and "--facts needs a path; use - for standard input" in result.stderr


USAGE = [
    (("partners", "--kind", "Gov"), "invalid value for --kind: 'Gov' is not one of government, conglomerate, cloud; did you mean 'government'?"),
    (("partners", "--log"), "no such option: --log"),
    (("partners", "--srot", "gpus"), "no such option: --srot; did you mean '--sort'?"),
    (("show",), "missing argument 'PARTNER'"),
    (("show", ""), "PARTNER is empty; give a partner id or the start of a name"),
    (("partners", "--sort", "gpu"), "cannot sort by 'gpu'; did you mean 'gpus'?"),
    (("rank", "-f", "jsn"), "invalid value for --format: 'jsn' is not one of table, json, jsonl, yaml, csv, tsv, markdown; did you mean 'json'?"),
    (("partners", "--reverse"), "--reverse needs --sort"),
    (("partners", "--kind", "cloud", "--kind", "government"), "--kind is given 2 times; give it once"),
    (("partners", "--sort=id", "--sort", "name"), "--sort is given 2 times; give it once"),
    (("rank", "--json", "--json"), "--json is given 2 times; give it once"),
    (("partners", "--sort", ""), "cannot sort by ''; valid fields: id, name, kind, gpus, gpus_qualifier, chip, commitment, focus, purposes, relations, aliases, provenance, prefix, suffix, chip_provenance, gpus_implied, gpus_implied_qualifier, gpus_implied_low, gpus_implied_high, gpus_implied_basis"),
    (("verify", ""), "SOURCE needs a path; use - for standard input"),
    (("rank", "--log"), "--log needs --chart"),
    (("partners", "--fields", "name,gpus,name"), "--fields names 'name' twice"),
    (("partners", "--wide", "--json"), "--wide works with the table view only, not with --format json"),
    (("partnrs",), "no such command 'partnrs'; did you mean 'partners'?"),
]  # fmt: skip


def expected_usage(args: tuple[str, ...], message: str) -> str:
    command = "gpudeal" if args[0] == "partnrs" else f"gpudeal {args[0]}"
    return f"gpudeal: error: {message}\nTry '{command} --help'.\n"


@pytest.mark.parametrize("args, message", USAGE, ids=[" ".join(a) or "''" for a, _ in USAGE])
def test_usage_errors_speak_with_one_voice(args: tuple[str, ...], message: str) -> None:
    """In-process through the real main; the next test samples the console script."""
    result = run_in_process([*args, "--facts", "/nonexistent"])
    assert (result.returncode, result.stdout) == (2, "")  # usage is judged before the facts are read
    assert result.stderr == expected_usage(args, message)


@pytest.mark.parametrize("case", [0, 8])  # a choice checked while Click parses; gpudeal's own usage error
def test_the_console_script_speaks_the_same(gpudeal_process: Run, case: int) -> None:
    args, message = USAGE[case]
    result = gpudeal_process(*args, "--facts", "/nonexistent")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected_usage(args, message))


def test_a_mistyped_partner_gets_one_suggestion_and_spaces_are_ignored(gpudeal: Run) -> None:
    typo = gpudeal("show", "samsng")
    assert (typo.returncode, typo.stderr) == (1, "gpudeal: no partner matches 'samsng'; did you mean 'samsung'?\n")
    assert json.loads(gpudeal("show", "  Naver ", "--json").stdout)["id"] == "naver-cloud"


def test_the_kind_choices_are_the_models_kinds() -> None:
    """`--kind` lists the kinds without importing the models (for --help); they must agree."""
    from typing import get_args

    from gpu_cli.commands.options import KINDS
    from gpu_cli.models import PartnerKind

    assert get_args(PartnerKind) == KINDS


def test_facts_option_on_root_and_command(tmp_path, facts_text) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.yaml"
    mine.write_text(facts_text.replace("gpus: 60000", "gpus: 61000"), encoding="utf-8")
    on_root = json.loads(invoke("--facts", str(mine), "partners", "--json").stdout)
    on_command = json.loads(invoke("partners", "--facts", str(mine), "--json").stdout)
    by_env = json.loads(invoke("partners", "--json", GPUDEAL_FACTS=str(mine)).stdout)
    for data in (on_root, on_command, by_env):
        assert next(p for p in data if p["id"] == "naver-cloud")["gpus"] == 61000


def test_facts_before_or_after_the_command_beats_the_environment(tmp_path, facts_text) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(facts_text.replace("gpus: 60000", "gpus: 1000"), encoding="utf-8")
    b.write_text(facts_text.replace("gpus: 60000", "gpus: 2000"), encoding="utf-8")
    for args in (("--facts", str(b), "partners"), ("partners", "--facts", str(b))):
        result = invoke(*args, "--json", GPUDEAL_FACTS=str(a))
        assert next(p for p in json.loads(result.stdout) if p["id"] == "naver-cloud")["gpus"] == 2000


def test_json_and_other_format_disagree() -> None:
    result = invoke("partners", "--json", "--format", "csv")
    assert result.returncode == 2


def test_usage_is_checked_before_the_facts_are_read() -> None:
    assert invoke("partners", "--facts", "/nonexistent", "--fields", "help").returncode == 0
    assert invoke("partners", "--facts", "/nonexistent", "--fields", "bogus").returncode == 2
    assert invoke("rank", "--facts", "/nonexistent", "--json", "-f", "csv").returncode == 2
    assert invoke("rank", "--facts", "/nonexistent").returncode == 1


def test_a_root_option_given_twice_is_refused_but_root_and_command_are_two_places(gpudeal: Run) -> None:
    twice = gpudeal("--color", "never", "--color", "always", "partners")
    assert (twice.returncode, twice.stdout) == (2, "")
    assert twice.stderr == "gpudeal: error: --color is given 2 times; give it once\nTry 'gpudeal --help'.\n"
    assert gpudeal("--color", "never", "partners", "--color", "never").returncode == 0


def test_an_options_missing_value_points_to_its_commands_help(gpudeal: Run) -> None:
    result = gpudeal("check", "--assume")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "gpudeal: error: option '--assume' requires an argument\nTry 'gpudeal check --help'.\n"
