"""Bad and hostile facts files, through the installed command: exit 1, one clear
message on stderr naming the file and the place, nothing on stdout, no
traceback, and the file byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from gpu_cli.errors import FactsError
from gpu_cli.loader import MAX_BYTES, load_bytes, load_facts
from tests.conftest import SHIPPED, Run, clean_env, run_in_process

TEXT = SHIPPED.read_text(encoding="utf-8")
HYUNDAI = "gpus: 50000\n    gpus_qualifier: exactly\n    chip: null\n    commitment: will\n    purposes:\n      - autonomous driving"


def line(text: str, needle: str) -> int:
    """The 1-based line where `needle` first stands in `text`."""
    return text[: text.index(needle)].count("\n") + 1


H = line(TEXT, HYUNDAI)  # Hyundai's `gpus:` line


def hyundai_gpus(value: str) -> str:
    """The shipped facts with Hyundai's count replaced by `value` (partners[3])."""
    assert HYUNDAI in TEXT
    return TEXT.replace(HYUNDAI, HYUNDAI.replace("gpus: 50000", f"gpus: {value}"))


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CASES: dict[str, tuple[str | bytes, str]] = {
    "empty file": ("", "the file is empty"),
    "only a comment": ("# nothing\n", "the file is empty"),
    "binary garbage": (bytes(range(256)) * 4, "not UTF-8 text"),
    "invalid utf-8": (b"deal:\n  supplier: Nvidia\n  recipient: \xff\xfe\n", "line 3: not UTF-8 text (byte 0xff"),
    "nul byte": ("deal: \x00\n", "is not allowed in YAML"),
    "yaml syntax error": ("deal: [unclosed\npartners: []\n", "line 1, column 7: a `[` list that is never closed"),
    "top level list": (
        "- deal\n- partners\n",
        "the top level must be a mapping with 'deal' and 'partners', got a list",
    ),
    "top level scalar": ("42\n", "the top level must be a mapping with 'deal' and 'partners', got 42"),
    "negative count": (hyundai_gpus("-5"), f"partners[3].gpus (line {H}): must be ≥ 0, got -5"),
    "float count": (hyundai_gpus("5.5"), f"partners[3].gpus (line {H}): must be an integer ≥ 0, got 5.5"),
    "string count": (hyundai_gpus("lots"), f'partners[3].gpus (line {H}): must be an integer ≥ 0, got "lots"'),
    "quoted number": (hyundai_gpus('"50000"'), f'partners[3].gpus (line {H}): must be an integer ≥ 0, got "50000"'),
    "yes as count": (hyundai_gpus("yes"), f'partners[3].gpus (line {H}): must be an integer ≥ 0, got "yes"'),
    "true as count": (hyundai_gpus("true"), f"partners[3].gpus (line {H}): must be an integer ≥ 0, got true"),
    "octal-looking count": (hyundai_gpus("010"), 'must be an integer ≥ 0, got "010"'),
    "impossible date as count": (hyundai_gpus("2024-02-30"), 'must be an integer ≥ 0, got "2024-02-30"'),
    "impossible timestamp tag": (hyundai_gpus("!!timestamp 2024-02-30"), "day is out of range for month"),
    "nan count": (hyundai_gpus(".nan"), "must be an integer ≥ 0, got .nan"),
    "inf count": (hyundai_gpus(".inf"), "must be an integer ≥ 0, got .inf"),
    "5000-digit integer": (hyundai_gpus("9" * 5000), "integer of 5000 digits is too large"),
    "unknown key typo": (
        TEXT.replace("gpus: 60000", "gpu: 60000"),
        f"partners[4].gpu (line {line(TEXT, 'gpus: 60000')}): unknown key; did you mean 'gpus'?",
    ),
    "unknown qualifier": (
        TEXT.replace("gpus_qualifier: about", "gpus_qualifier: roughly"),
        "must be one of 'exactly', 'more_than', 'at_least', 'less_than', 'at_most' or 'about', got \"roughly\"",
    ),
    "count without qualifier": (
        TEXT.replace("gpus: 60000\n    gpus_qualifier: exactly", "gpus: 60000\n    gpus_qualifier: null"),
        "gpus_qualifier is required when gpus is given",
    ),
    "less than nothing": (
        TEXT.replace("gpus: 60000\n    gpus_qualifier: exactly", "gpus: 0\n    gpus_qualifier: less_than"),
        "gpus: no count is less than 0; write 0 with exactly or at_most",
    ),
    "unknown kind": (
        TEXT.replace("kind: government", "kind: ministry"),
        f"partners[0].kind (line {line(TEXT, 'kind: government')}): must be one of 'government', 'conglomerate' or 'cloud'",
    ),
    "duplicate partner id": (
        TEXT.replace("id: kakao", "id: samsung"),
        f"partners[5].id (line {line(TEXT, 'id: kakao')}): duplicate partner id 'samsung' (first at partners[1])",
    ),
    "duplicate ranking country": (
        TEXT.replace("country: China", "country: United States"),
        f"ranking[1].country (line {line(TEXT, 'country: China')}): duplicate country 'United States'"
        " (first at ranking[0])",
    ),
    "duplicate country and partner id at once": (
        TEXT.replace("country: China", "country: United States").replace("id: kakao", "id: samsung"),
        f"3 problems\ngpudeal:   partners[5].id (line {line(TEXT, 'id: kakao')}): duplicate partner id 'samsung'"
        f" (first at partners[1])\ngpudeal:   ranking[1].country (line {line(TEXT, 'country: China')}): duplicate",
    ),
    "relation to nobody": (
        TEXT.replace("partner: ministry-science-ict", "partner: ministry", 1),
        f"partners[4].relations[0].partner (line {line(TEXT, 'partner: ministry-science-ict')}): no partner has the id 'ministry'",
    ),
    "duplicate key in a mapping": (
        hyundai_gpus("50000\n    gpus: 70000"),
        f"line {H + 1}, column 5: duplicate key 'gpus' (in the mapping at line {line(TEXT, 'id: hyundai')})",
    ),
    "python tag": (
        "deal: !!python/object/apply:os.system ['touch pwned']\n",
        "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    "alias bomb": (BOMB, "line 1, column 4: anchors and aliases (&name, *name) are not allowed"),
    "self-referencing alias": ("&a [*a]\n", "anchors and aliases (&name, *name) are not allowed"),
    "merge key": ("base: &b {x: 1}\ndeal:\n  <<: *b\n", "anchors and aliases"),
    "1000 levels deep": ("[" * 1000 + "]" * 1000 + "\n", "nest"),
    "lone surrogate in a name": (
        TEXT.replace("name: Samsung", 'name: "Sam\\ud800sung"'),
        f"line {line(TEXT, 'name: Samsung')}",
    ),  # libyaml refuses the escape itself
    "several problems at once": (
        TEXT.replace("gpus: 60000", "gpus: -1").replace("kind: government", "kind: x"),
        "2 problems",
    ),
}


def in_process(*args: str) -> SimpleNamespace:
    """The real main in this process, from the folder the test runs in."""
    result = run_in_process(list(args))
    return SimpleNamespace(returncode=result.returncode, stdout=result.stdout, stderr=result.stderr)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean_failure(result, path: Path, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    assert result.stderr.startswith(f"gpudeal: invalid facts file {path}"), result.stderr
    assert expected in result.stderr, result.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_fails_cleanly_and_is_untouched(gpudeal: Run, write_facts: Callable[..., Path], name: str) -> None:
    content, expected = CASES[name]
    path = write_facts(content)
    before, mtime = _digest(path), path.stat().st_mtime_ns
    # --facts on the command and on the root, both through the real main.
    assert_clean_failure(gpudeal("partners", "--json", "--facts", str(path)), path, expected)
    assert_clean_failure(in_process("--facts", str(path), "rank"), path, expected)
    assert _digest(path) == before and path.stat().st_mtime_ns == mtime
    assert not (path.parent / "pwned").exists()


def test_gpudeal_facts_env_var_errors_name_the_file(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    from tests.conftest import clean_env

    path = write_facts(hyundai_gpus("lots"))
    result = gpudeal("partners", env=clean_env(GPUDEAL_FACTS=str(path)))
    assert_clean_failure(result, path, "partners[3].gpus")


def test_missing_file(gpudeal: Run, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_clean_failure(gpudeal("partners", "--facts", str(path)), path, "no such file")


def test_directory(gpudeal: Run, tmp_path: Path) -> None:
    assert_clean_failure(gpudeal("partners", "--facts", str(tmp_path)), tmp_path, "is a directory")


def test_unreadable_file(gpudeal: Run, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root reads any mode-000 file; these write-only procfs entries refuse reads even to root.
        candidates = [Path("/proc/sys/vm/compact_memory"), Path("/proc/sys/vm/drop_caches")]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            pytest.fail("no file here is unreadable to root")
    else:
        path = tmp_path / "secret.yaml"
        path.write_text(TEXT, encoding="utf-8")
        path.chmod(0)
    assert_clean_failure(gpudeal("partners", "--facts", str(path)), path, "permission denied")


def test_file_over_the_size_limit(gpudeal: Run, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    started = time.perf_counter()
    assert_clean_failure(gpudeal("partners", "--facts", str(path)), path, "larger than the 64 MiB limit")
    assert time.perf_counter() - started < 10
    assert path.stat().st_size == MAX_BYTES + 1


def test_alias_bomb_is_refused_fast() -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bomb-{os.getpid()}.yaml"
    path.write_text(BOMB, encoding="utf-8")
    try:
        started = time.perf_counter()
        with pytest.raises(FactsError):
            load_facts(path)
        assert time.perf_counter() - started < 0.5
    finally:
        path.unlink()


def test_country_no_stays_text(gpudeal: Run, write_facts: Callable[..., Path]) -> None:

    path = write_facts(TEXT.replace("country: China", "country: NO"))
    result = gpudeal("rank", "--json", "--facts", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)[1]["country"] == "NO"


def test_every_prefix_of_the_shipped_facts_in_process(request: pytest.FixtureRequest) -> None:
    """Like jq's torture test: every byte prefix loads, or fails with FactsError.
    In memory (load_bytes is load_facts after the read): the file system would cost more than the parsing.
    The default run takes every 17th prefix and the last 64 (a prime stride lands at every offset
    within a line); `--hypothesis-profile=thorough` takes all of them."""
    raw = SHIPPED.read_bytes()
    thorough = request.config.getoption("--hypothesis-profile", None) == "thorough"
    ends = (
        range(len(raw) + 1) if thorough else sorted({*range(0, len(raw) + 1, 17), *range(len(raw) - 64, len(raw) + 1)})
    )
    outcomes = {"ok": 0, "error": 0}
    for end in ends:
        try:
            load_bytes(raw[:end], "prefix.yaml", Path("prefix.yaml"))
            outcomes["ok"] += 1
        except FactsError as error:
            assert error.lines() and all(line for line in error.lines())
            outcomes["error"] += 1
    assert outcomes["ok"] >= 1 and outcomes["error"] > len(ends) // 2


def test_every_line_prefix_in_process_and_a_sample_through_the_command(gpudeal: Run, tmp_path: Path) -> None:
    """Every line prefix loads or fails with a FactsError in-process; a spread of
    them, both outcomes, runs through the installed command to the same end."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)
    outcome: dict[Path, int] = {}
    for end in range(len(lines) + 1):
        path = tmp_path / f"prefix-{end}.yaml"
        path.write_text("".join(lines[:end]), encoding="utf-8")
        try:
            load_facts(path)
            outcome[path] = 0
        except FactsError as error:
            assert error.lines() and all(error.lines())
            outcome[path] = 1
    paths = list(outcome)
    sample = [*paths[:: max(1, len(paths) // 10)], paths[-1]]
    sample += [next(p for p in paths if outcome[p] == 0), next(p for p in reversed(paths) if outcome[p] == 1)]

    for path in sample:
        result = gpudeal("partners", "--json", "--facts", str(path))
        code, out, err = result.returncode, result.stdout, result.stderr
        assert code == outcome[path], (path, err)
        if code == 1:
            assert out == "" and err.startswith(f"gpudeal: invalid facts file {path}") and "Traceback" not in err
        else:
            assert err == "" and out.startswith("[")
    assert set(outcome.values()) == {0, 1} and stat.S_ISREG(paths[-1].stat().st_mode)


def test_lone_surrogate_is_refused_by_the_model_too() -> None:
    """For the pure-Python YAML loader, which accepts the escape."""
    import yaml

    data = yaml.safe_load(TEXT.replace("name: Samsung", 'name: "Sam\\ud800sung"'))
    with pytest.raises(FactsError) as caught:
        from gpu_cli.loader import validate

        validate(data, "x.yaml")
    assert caught.value.problems == ["partners[1].name: contains a lone surrogate (U+D800), which is not valid text"]


def test_a_typo_is_reported_once(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    path = write_facts(TEXT.replace("gpus: 60000", "gpu: 60000"))
    result = gpudeal("partners", "--facts", str(path))
    assert "did you mean 'gpus'?" in result.stderr
    assert "is required" not in result.stderr  # the missing `gpus` is the same problem


def test_yaml_syntax_error_shows_the_line_and_a_caret(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    path = write_facts("deal:\n  supplier: Nvidia: the supplier\n")
    result = gpudeal("partners", "--facts", str(path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.split("\n") == [
        f"gpudeal: invalid facts file {path}: line 2, column 19: a `key: value` where a value was expected; check the indentation",
        "gpudeal:   2 |   supplier: Nvidia: the supplier",
        "gpudeal:     |                   ^",
        "",
    ]
    tab = write_facts("deal:\n\tsupplier: Nvidia\n", name="tab.yaml")
    assert "line 2, column 1: a tab; YAML indents with spaces only" in gpudeal("check", "--facts", str(tab)).stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "garbage: [\n",
            ("1, column 10: a `[` list that is never closed with `]` (the file ends first)", "garbage: [", 9),
        ),
        (
            "deal: {a: 1\n",
            ("1, column 7: a `{` mapping that is never closed with `}` (the file ends first)", "deal: {a: 1", 6),
        ),
        (
            "garbage: [",
            ("1, column 10: a `[` list that is never closed with `]` (the file ends first)", "garbage: [", 9),
        ),
        (
            "deal: {a: [1, {b: 2}\n\n",
            (
                "1, column 11: a `[` list that is never closed with `]` (the file ends first)",
                "deal: {a: [1, {b: 2}",
                10,
            ),
        ),
        (
            "deal: [unclosed\npartners: []\n",
            (
                "1, column 7: a `[` list that is never closed with `]` (still open at line 2, column 9)",
                "deal: [unclosed",
                6,
            ),
        ),
        (
            'deal:\n  supplier: "Nvidia\n',
            ("2, column 13: a quote that is never closed (the file ends first)", '  supplier: "Nvidia', 12),
        ),
        # a list closed on its line: the item is wrong, where the parser stopped
        ("deal: [b: c: d]\n", ("1, column 12: a `[` list that is never closed with `]`", "deal: [b: c: d]", 11)),
    ],
)
def test_a_bracket_or_quote_never_closed_is_shown_where_it_opens(
    gpudeal: Run, write_facts: Callable[..., Path], text: str, expected: tuple[str, str, int]
) -> None:
    """`garbage: [` was reported at line 2, a line the file does not have:
    libyaml notices the missing `]` only at the end."""
    path = write_facts(text)
    result = gpudeal("check", "--facts", str(path))
    where, source, column = expected
    line = where.split(",")[0]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.split("\n") == [
        f"gpudeal: invalid facts file {path}: line {where}",
        f"gpudeal:   {line} | {source}",
        f"gpudeal:     | {' ' * column}^",
        "",
    ]


def test_an_error_in_the_file_named_by_the_environment_says_so(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", env=clean_env(GPUDEAL_FACTS=str(tmp_path / "gone.yaml")))
    assert (
        result.stderr
        == f"gpudeal: invalid facts file {tmp_path / 'gone.yaml'} (named by $GPUDEAL_FACTS): no such file\n"
    )
