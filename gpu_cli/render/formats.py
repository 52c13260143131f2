"""Machine formats. They never touch rich: no markup, no escape codes, no
wrapping, whatever the terminal."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from gpu_cli.text import json_inert, visible

Record = dict[str, Any]
MACHINE_FORMATS = ("json", "jsonl", "yaml", "csv", "tsv", "markdown")


def to_json(data: Any) -> str:
    """One whole value (a schema, a record) as indented JSON."""
    return json_inert(_dumps(data, indent=True)) + "\n"


JSON_BATCH = 256  # records joined before they are written: few writes, yet streamed


def _dumps(data: Any, indent: bool = False) -> str:
    """JSON text by orjson (compiled; UTF-8 as it is, `,` and `:` without spaces,
    or indented by two), else by the json module for what orjson refuses
    (integers beyond 64 bits, which the facts allow up to 40 digits)."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode("utf-8")
    except TypeError:
        import json

        if indent:
            return json.dumps(data, ensure_ascii=False, indent=2)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_rows(rows: Iterable[Record]) -> Iterator[str]:
    """A JSON array written a batch of records at a time: the same text as `to_json(list(rows))`."""
    opening = "[\n  "
    for batch in _batched(rows, JSON_BATCH):
        text = ",\n".join(_dumps(row, indent=True) for row in batch)
        yield opening + json_inert(text).replace("\n", "\n  ")
        opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"


def jsonl_rows(rows: Iterable[Record]) -> Iterator[str]:
    """One compact JSON value a line, a batch of lines at a time."""
    for batch in _batched(rows, JSON_BATCH):
        yield json_inert("\n".join(_dumps(row) for row in batch)) + "\n"


YAML_BATCH = 256  # records a dump call: few calls, yet streamed


def to_yaml(data: Any) -> str:
    """One value as YAML that reads back as the same data in YAML 1.1 (PyYAML),
    YAML 1.2 (ruamel.yaml) and gpudeal's own loader."""
    import yaml

    text: str = yaml.dump(data, Dumper=_yaml_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=False)
    return text


def yaml_rows(rows: Iterable[Record]) -> Iterator[str]:
    """A YAML block sequence, written a batch of records at a time: block
    sequences concatenate into one sequence."""
    empty = True
    for batch in _batched(rows, YAML_BATCH):
        empty = False
        yield to_yaml(batch)
    if empty:
        yield "[]\n"


def _batched(rows: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_BREAKS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]"  # compiled by `re` when YAML is written
# Plain scalars that some YAML reader takes for something other than text: YAML
# 1.1 (PyYAML: yes/no/on/off, 0777, 1:20, 1_000, dates) or YAML 1.2 (ruamel.yaml:
# 0o17, 1e3, 0b1, `_`). Quoting more than needed is harmless; a string read
# back as a number or a date is not.
_LOOKS_TYPED = r"(?i)[-+]?\.?[0-9_]|[-+]?\.(?:inf|nan)$"
_TYPED_WORDS = frozenset({"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "="})


def _yaml_dumper() -> Any:
    """PyYAML's safe dumper (the C one when built) with two changes to strings:
    controls, NEL, LS and PS are escaped in double quotes (written raw, a loader
    folds them into line breaks), and anything that looks typed in YAML 1.1 or
    1.2 is quoted. Aliases are never written: gpudeal's loader refuses them."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper: Any, value: str) -> Any:
        style = None
        if re.search(_BREAKS, value):
            style = '"'
        elif value.lower() in _TYPED_WORDS or re.match(_LOOKS_TYPED, value):
            style = "'"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def cell(value: Any) -> str:
    """One flat cell: lists joined with '; ', mappings as k=v pairs, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={cell(item)}" for key, item in value.items())
    return str(value)


def csv_rows(rows: Iterable[Record], fields: Sequence[str]) -> Iterator[str]:
    """RFC 4180 quoting (a CR or LF inside a cell is quoted), but `\n` line ends
    as Unix tools expect (awk, cut, xsv); RFC 4180 readers accept them."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)  # its CRLF terminator is what makes it quote a lone CR

    def line(values: Sequence[str]) -> str:
        writer.writerow(values)
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text[:-2] + "\n"

    yield line(fields)
    for row in rows:
        yield line([cell(row.get(name)) for name in fields])


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_rows(rows: Iterable[Record], fields: Sequence[str]) -> Iterator[str]:
    yield "\t".join(fields) + "\n"
    for row in rows:
        yield "\t".join(cell(row.get(name)).translate(_TSV_ESCAPES) for name in fields) + "\n"


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


MARKDOWN_LOOKAHEAD = 64  # rows read before the header, to tell columns of numbers


def markdown_rows(rows: Iterable[Record], fields: Sequence[str]) -> Iterator[str]:
    """A GitHub table; columns of numbers align right, as numbers read. Which
    columns hold numbers is told from the first rows, so the rest still stream."""
    rows = iter(rows)
    ahead = list(islice(rows, MARKDOWN_LOOKAHEAD))
    yield "| " + " | ".join(_md(name) for name in fields) + " |\n"
    yield "|" + "|".join(" ---: " if _numeric(ahead, name) else " --- " for name in fields) + "|\n"
    for row in chain(ahead, rows):
        yield "| " + " | ".join(_md(cell(row.get(name))) for name in fields) + " |\n"


def _numeric(rows: list[Record], name: str) -> bool:
    values = [row.get(name) for row in rows if row.get(name) is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def defang(data: Any) -> Any:
    """Every string with control characters shown as escapes (for a terminal)."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, list):
        return [defang(item) for item in data]
    if isinstance(data, dict):
        return {key: defang(value) for key, value in data.items()}
    return data


_TABULAR: dict[str, Callable[[Iterable[Record], Sequence[str]], Iterator[str]]] = {
    "csv": csv_rows,
    "tsv": tsv_rows,
    "markdown": markdown_rows,
}
_LISTS: dict[str, Callable[[Iterable[Record]], Iterator[str]]] = {
    "json": json_rows,
    "jsonl": jsonl_rows,
    "yaml": yaml_rows,
}
_SINGLE: dict[str, Callable[[Any], str]] = {
    "json": to_json,
    "jsonl": lambda record: "".join(jsonl_rows([record])),
    "yaml": to_yaml,
}


def render(fmt: str, data: Iterable[Record] | Record, fields: Sequence[str], terminal: bool) -> Iterator[str]:
    """`data` is records (any iterable: written as they come, one by one) or one
    record (`show`). Yields the text in pieces. On a terminal, every format but
    JSON (which escapes by itself) shows control characters as escapes."""
    escape = terminal and fmt not in ("json", "jsonl")
    if isinstance(data, dict):
        record = defang(data) if escape else data
        if fmt in _SINGLE:
            yield _SINGLE[fmt](record)
        else:
            yield from _TABULAR[fmt]([record], fields)
        return
    rows = (defang(row) for row in data) if escape else data
    yield from (_LISTS[fmt](rows) if fmt in _LISTS else _TABULAR[fmt](rows, fields))
