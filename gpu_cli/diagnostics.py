"""Messages for a bad facts file: where it is wrong (line, path into the data)
and what is wrong, in words a person editing YAML understands."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from gpu_cli.models import Facts
from gpu_cli.positions import Lines, path_text
from gpu_cli.text import visible

MAX_SHOWN = 20  # a generated file can have one problem per partner: show the first ones


def validation_problems(errors: list[Any], root: Lines | None) -> tuple[list[str], int]:
    """The first MAX_SHOWN problems, each with its path and, if known, line, and
    how many more there are; lines are looked up for the shown ones only. The
    check of repeated items and references reports each problem at its own path."""
    located: list[tuple[tuple[Any, ...], str, bool]] = []  # (path, message, at the key)
    for error in _without_typo_echoes(errors):
        if error["type"] == "item_references":
            located += [(tuple(loc), message, False) for loc, message in error["ctx"]["problems"]]
        else:
            loc = tuple(error["loc"])
            located.append((loc, _message(error, loc), error["type"] == "extra_forbidden"))
    return _shown(located, root)


def located_problems(problems: list[tuple[tuple[Any, ...], str]], root: Lines | None) -> tuple[list[str], int]:
    """Problems found after validation (`gpu_cli.sources`), each at its path, as above."""
    return _shown([(loc, message, False) for loc, message in problems], root)


def _shown(located: list[tuple[tuple[Any, ...], str, bool]], root: Lines | None) -> tuple[list[str], int]:
    shown = located[:MAX_SHOWN]
    if root is not None:
        root.find(loc for loc, _, _ in shown if loc)
    return [_located(loc, message, root, key) for loc, message, key in shown], len(located) - len(shown)


def _without_typo_echoes(errors: list[Any]) -> list[Any]:
    """`gpu: 5` yields both "unknown key gpu" and "gpus is required"; the first,
    with its "did you mean 'gpus'?", says it all."""
    typos = {
        (tuple(e["loc"][:-1]), hint)
        for e in errors
        if e["type"] == "extra_forbidden" and (hint := _suggest(tuple(e["loc"])))
    }
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)]


def _located(loc: tuple[Any, ...], message: str, root: Lines | None, key: bool = False) -> str:
    """`partners[3].gpus (line 80): message`; the line of the key or its value."""
    line = root.line(loc, key=key) if loc and root is not None else None
    where = _path(loc) + (f" (line {line})" if line else "")
    return f"{where}: {message}" if where else message


def _message(error: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    kind, got = error["type"], describe(error.get("input"))
    ctx = error.get("ctx") or {}
    if kind in ("int_type", "int_parsing", "int_from_float"):
        floor = _floor(loc)
        return f"must be an integer{f' ≥ {floor}' if floor is not None else ''}, got {got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {'≥' if kind == 'greater_than_equal' else '>'} {ctx.get('ge', ctx.get('gt'))}, got {got}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}, got {got}"
    if kind == "string_type":
        return f"must be text, got {got} (put it in quotes)"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        hint = _suggest(loc)
        return "unknown key" + (
            f"; did you mean '{hint}'?" if hint else f"; valid keys: {', '.join(_field_names(loc[:-1]))}"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping, got {got}"
    if kind == "list_type":
        return f"must be a list, got {got}"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits and hyphens, got {got}"
    if kind == "value_error":
        return visible(str(ctx.get("error", error["msg"])))
    return visible(error["msg"][:1].lower() + error["msg"][1:]) + f", got {got}"


def _path(loc: tuple[Any, ...]) -> str:
    return visible(path_text(loc))


def describe(value: Any) -> str:
    """A short, safe rendering of a bad value, spelled the way YAML spells it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, date):  # an explicit !!timestamp
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return visible(json.dumps(shown, ensure_ascii=False))
    return visible(repr(value)[:60])


def _model_at(loc: tuple[Any, ...]) -> Any:
    """The model class that owns the keys at `loc`, following list items."""
    from typing import get_args

    from pydantic import BaseModel

    model: Any = Facts
    for step in loc:
        if isinstance(step, int):
            continue
        field = model.model_fields.get(step)
        if field is None:
            return None
        candidates = [field.annotation, *get_args(field.annotation)]
        candidates += [inner for c in candidates for inner in get_args(c)]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if model is None:
            return None
    return model


def _suggest(loc: tuple[Any, ...]) -> str | None:
    """The field an unknown key at `loc` was probably meant to be."""
    from difflib import get_close_matches

    matches = get_close_matches(str(loc[-1]), _field_names(loc[:-1]), n=1)
    return matches[0] if matches else None


def _field_names(loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _floor(loc: tuple[Any, ...]) -> int | None:
    """The `ge` bound of the integer field at `loc`, looked up in the model."""
    from typing import get_args

    model = _model_at(loc[:-1]) if loc else None
    field = model.model_fields.get(loc[-1]) if model else None
    if field is None:
        return None
    rules = list(field.metadata)
    for arg in get_args(field.annotation):
        rules += getattr(arg, "__metadata__", ())
    rules += [inner for rule in rules for inner in getattr(rule, "metadata", ())]
    return next((int(rule.ge) for rule in rules if getattr(rule, "ge", None) is not None), None)
