"""Every usage mistake is exit 2 with one line and where the help is, judged
from the options alone, before any file is read (the request of each command)."""

from __future__ import annotations

import pytest

from tests.conftest import Run, clean_env


def usage(command: str, message: str) -> str:
    return f"gpudeal: error: {message}\nTry 'gpudeal {command} --help'.\n"


@pytest.mark.parametrize(
    "args, command, message",
    [
        (("partners", "--export", "x.pdf"), "partners", "--export needs a file ending in .svg, .html, .txt, got 'x.pdf'"),
        (("show", "samsung", "--export", "x"), "show", "--export needs a file ending in .svg, .html, .txt, got 'x'"),
        (("check", "--export", "c.png"), "check", "--export needs a file ending in .svg, .html, .txt, got 'c.png'"),
        (("rank", "--sort", "gpu"), "rank", "cannot sort by 'gpu'; did you mean 'gpus'?"),
        (("verify", "a.txt", "--fields", "bogus"), "verify", "unknown field 'bogus'; valid fields: fact, line, excerpt, excerpt_found, closest_passage, number, qualifier, number_found, excerpt_says, excerpt_qualifier, qualifier_agrees, verdict, detail"),
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


def complete(gpudeal: Run, *words: str) -> list[str]:
    line = " ".join(words)
    result = gpudeal(env=clean_env(_GPUDEAL_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1)))
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "words, first",
    [
        (("gpudeal", "partners", "--fields", ""), ["id", "name", "kind", "gpus"]),
        (("gpudeal", "rank", "--sort", ""), ["rank", "country", "gpus"]),
        (("gpudeal", "check", "--fields", ""), ["rule", "verdict", "arithmetic", "detail"]),
        (("gpudeal", "verify", "a.txt", "--fields", ""), ["fact", "line", "excerpt"]),
        (("gpudeal", "diff", "a", "b", "--fields", ""), ["path", "kind", "old", "new"]),
    ],
)
def test_field_completion_offers_the_commands_own_fields(
    gpudeal: Run, words: tuple[str, ...], first: list[str]
) -> None:
    offered = complete(gpudeal, *words)
    assert offered[: len(first)] == first
    if words[1] in ("verify", "diff"):
        assert "gpus" not in offered  # partner fields, which these commands refuse
