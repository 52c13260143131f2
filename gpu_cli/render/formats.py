"""Machine formats. They never touch rich: no markup, no escape codes, no
wrapping, whatever the terminal."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from gpu_cli.text import json_inert, visible

Record = dict[str, Any]
MACHINE_FORMATS = ("json", "jsonl", "yaml", "csv", "tsv", "markdown")


def to_json(data: Any) -> str:
    return json_inert(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def to_jsonl(data: Any) -> str:
    rows = data if isinstance(data, list) else [data]
    return "".join(json_inert(json.dumps(row, ensure_ascii=False, separators=(",", ":"))) + "\n" for row in rows)


def to_yaml(data: Any) -> str:
    """YAML that loads back to the same data, also through gpudeal's own loader."""
    if data == []:
        return "[]\n"
    import yaml

    text: str = yaml.dump(data, Dumper=_yaml_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=False)
    return text


_BREAKS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _yaml_dumper() -> Any:
    """PyYAML writes NEL, LS and PS raw in quoted scalars, where a loader folds
    them into line breaks; double quotes make it escape them instead."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        pass

    def text(dumper: Any, value: str) -> Any:
        style = '"' if _BREAKS.search(value) else None
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


def to_csv(rows: list[Record], fields: Sequence[str]) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF rows, quotes where needed
    writer.writerow(fields)
    writer.writerows([cell(row.get(name)) for name in fields] for row in rows)
    return out.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(rows: list[Record], fields: Sequence[str]) -> str:
    lines = ["\t".join(fields)]
    lines += ["\t".join(cell(row.get(name)).translate(_TSV_ESCAPES) for name in fields) for row in rows]
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def to_markdown(rows: list[Record], fields: Sequence[str]) -> str:
    """A GitHub table; columns of numbers align right, as numbers read."""
    lines = ["| " + " | ".join(_md(name) for name in fields) + " |"]
    lines.append("|" + "|".join(" ---: " if _numeric(rows, name) else " --- " for name in fields) + "|")
    lines += ["| " + " | ".join(_md(cell(row.get(name))) for name in fields) + " |" for row in rows]
    return "\n".join(lines) + "\n"


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


_TABULAR: dict[str, Callable[[list[Record], Sequence[str]], str]] = {
    "csv": to_csv,
    "tsv": to_tsv,
    "markdown": to_markdown,
}
_NESTED: dict[str, Callable[[Any], str]] = {"json": to_json, "jsonl": to_jsonl, "yaml": to_yaml}


def render(fmt: str, data: list[Record] | Record, fields: Sequence[str], terminal: bool) -> str:
    """`data` is a list of records, or one record (`show`). On a terminal, every
    format but JSON (which escapes by itself) shows control characters as escapes."""
    if terminal and fmt != "json" and fmt != "jsonl":
        data = defang(data)
    if fmt in _NESTED:
        return _NESTED[fmt](data)
    rows = data if isinstance(data, list) else [data]
    return _TABULAR[fmt](rows, fields)
