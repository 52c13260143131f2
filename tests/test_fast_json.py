"""The quick JSON reader (`gpu_cli.fast_json`) vouches only for files the strict
reader accepts, with the same facts; everything else goes to the strict reader,
whose messages stay as they were. And the JSON output written by orjson is the
text the json module writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gpu_cli import fast_json, loader, strict_yaml
from gpu_cli.errors import FactsError
from gpu_cli.loader import load_bytes
from gpu_cli.render import formats
from tests.conftest import SHIPPED

TEXT = json.dumps(strict_yaml.load(SHIPPED.read_text(encoding="utf-8"))[0], ensure_ascii=False)
NAME = Path("facts.json")


def strict(raw: bytes) -> object:
    """What the strict reader alone makes of the bytes (raises FactsError)."""
    return loader._parse_and_validate(raw.decode("utf-8-sig"), "facts.json", as_json=True)[0]


def test_a_valid_file_reads_as_the_strict_reader_reads_it() -> None:
    raw = json.dumps(json.loads(TEXT), ensure_ascii=False, indent=2).encode("utf-8")
    assert fast_json.load(raw) == strict(raw)
    assert fast_json.load(b"\xef\xbb\xbf" + raw) == strict(raw)  # a BOM, as decode drops it


SAMSUNG = '"id": "samsung"'
REFUSED = {
    "duplicate key": ('"id": "samsung"', '"id": "samsung", "id": "samsung"'),
    "duplicate key, other value": ('"id": "samsung"', '"id": "x", "id": "samsung"'),
    "duplicate key spelt with an escape": ('"id": "samsung"', '"id": "samsung", "\\u0069d": "samsung"'),
    "duplicate at the top": ('{"source"', '{"ranking": [], "source"'),
    "escaped colon hiding a duplicate": ('"id": "samsung"', '"id": "samsung", "id": "samsung\\u003a"'),
    "NaN": ('"gpus": 50000', '"gpus": NaN'),
    "Infinity": ('"gpus": 50000', '"gpus": Infinity'),
    "41-digit integer": ('"gpus": 50000', '"gpus": ' + "9" * 41),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_the_strict_reader_refuses_is_left_to_it(case: str) -> None:
    old, new = REFUSED[case]
    text = TEXT.replace(old, new, 1)
    assert text != TEXT
    raw = text.encode("utf-8")
    assert fast_json.load(raw) is None
    with pytest.raises(FactsError) as refused:
        load_bytes(raw, "facts.json", NAME)
    with pytest.raises(FactsError) as strictly:
        strict(raw)
    assert refused.value.lines() == strictly.value.lines()


def _many_partners(count: int) -> dict[str, object]:
    data = json.loads(TEXT)
    data["deal"].pop("collaborators", None)
    data["reports"] = []
    template = data["partners"][0]
    data["partners"] = [dict(template, id=f"p-{i}", name=f"P {i}", relations=[]) for i in range(count)]
    return data


@pytest.mark.parametrize("where", [0, fast_json._SLICE - 1, fast_json._SLICE, fast_json._SLICE + 9])
def test_a_duplicate_in_any_slice_of_the_partners_is_seen(where: int) -> None:
    """The dump's colons are counted a slice of the partners at a time: a
    duplicate in any slice, the last one short, still sends the file to the strict reader."""
    raw = json.dumps(_many_partners(fast_json._SLICE + 10), ensure_ascii=False).encode("utf-8")
    assert fast_json.load(raw) is not None
    twice = raw.replace(f'"id": "p-{where}"'.encode(), f'"id": "x", "id": "p-{where}"'.encode(), 1)
    assert twice != raw and fast_json.load(twice) is None


def test_a_long_number_in_a_string_only_costs_the_strict_way() -> None:
    raw = TEXT.replace('"focus": "AI factory for chips"', '"focus": "' + "1" * 60 + '"', 1).encode("utf-8")
    assert fast_json.load(raw) is None  # sent to the strict reader, which accepts it
    assert load_bytes(raw, "facts.json", NAME)[0] == strict(raw)


def test_an_escaped_colon_without_duplicates_still_loads() -> None:
    raw = TEXT.replace('"focus": "AI factory for chips"', '"focus": "AI\\u003a chip factory"', 1).encode("utf-8")
    assert load_bytes(raw, "facts.json", NAME)[0] == strict(raw)


def test_lines_are_still_found_for_verify() -> None:
    raw = json.dumps(json.loads(TEXT), indent=2).encode("utf-8")
    _, line_of = load_bytes(raw, "facts.json", NAME)
    where = raw.decode().splitlines().index('  "partners": [') + 1
    assert line_of(("partners",)) == where


STRINGS = ["".join(chr(c) for c in range(0, 0x800)), "\u2028\u2029\u202e\ufeff\x7f\x9f", "tab\there", '"\\']


@pytest.mark.parametrize("text", STRINGS)
def test_json_output_is_the_json_modules_text(text: str) -> None:
    rows = [{"s": text, "n": [1, None, True, {}], "e": [], "big": 10**30}, {"s": text[::-1]}]
    inert = formats.json_inert
    assert "".join(formats.jsonl_rows(rows)) == "".join(
        inert(json.dumps(row, ensure_ascii=False, separators=(",", ":"))) + "\n" for row in rows
    )
    assert "".join(formats.json_rows(rows)) == inert(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"
    assert formats.to_json(rows[0]) == inert(json.dumps(rows[0], ensure_ascii=False, indent=2)) + "\n"
