"""Find the facts file, read it safely, and turn every way it can be wrong into
one FactsError naming the file, the line and the path into the data."""

from __future__ import annotations

import gc
import json
import math
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gpu_cli.errors import FactsError
from gpu_cli.models import Facts
from gpu_cli.text import visible

ENV_VAR = "GPUDEAL_FACTS"
MAX_BYTES = 64 * 1024 * 1024  # documented in the README; far above any real story
SHIPPED = Path(__file__).with_name("facts.yaml")


def locate(explicit: str | None, environ: Mapping[str, str]) -> Path:
    """--facts, else $GPUDEAL_FACTS, else the copy shipped in the package."""
    if explicit:
        return Path(explicit)
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR])
    if SHIPPED.is_file():
        return SHIPPED
    # A source checkout (editable install): the top-level facts.yaml beside the package.
    return SHIPPED.parent.parent / "facts.yaml"


def load_facts(path: Path) -> Facts:
    text = _read_text(path)
    # The cyclic GC finds no garbage in a freshly parsed tree, yet its full
    # collections make loading a large file quadratic: pause it meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_and_validate(text, path)
    finally:
        if was_enabled:
            gc.enable()


def _parse_and_validate(text: str, path: Path) -> Facts:
    import yaml  # deferred: `--help` and completion never parse YAML

    from gpu_cli import strict_yaml

    try:
        data, root = strict_yaml.load(text)
    except yaml.MarkedYAMLError as error:
        raise FactsError(str(path), [_yaml_problem(error)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise FactsError(str(path), [f"line {line}: character {error.character!r} is not allowed in YAML"]) from None
    except yaml.YAMLError as error:
        raise FactsError(str(path), [visible(str(error))]) from None
    except RecursionError:
        raise FactsError(str(path), ["nested too deeply"]) from None
    if data is None:
        raise FactsError(str(path), ["the file is empty; expected a mapping with 'deal' and 'partners'"])
    if not isinstance(data, dict):
        raise FactsError(
            str(path),
            [f"the top level must be a mapping with 'deal' and 'partners', got {_describe(data)}"],
        )
    return validate(data, str(path), root)


def validate(data: dict[str, Any], path: str, root: Any = None) -> Facts:
    from pydantic import ValidationError

    try:
        with _no_pydantic_plugins():
            return Facts.model_validate(data)
    except ValidationError as error:
        errors = _without_typo_echoes(error.errors(include_url=False))
        raise FactsError(path, [_validation_problem(e, root) for e in errors]) from None


def _without_typo_echoes(errors: list[Any]) -> list[Any]:
    """`gpu: 5` yields both "unknown key gpu" and "gpus is required"; the first,
    with its "did you mean 'gpus'?", says it all."""
    typos = {
        (tuple(e["loc"][:-1]), hint)
        for e in errors
        if e["type"] == "extra_forbidden" and (hint := _suggest(tuple(e["loc"])))
    }
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)]


@contextmanager
def _no_pydantic_plugins() -> Iterator[None]:
    """Building the first validator makes pydantic scan every installed package's
    metadata for plugins; gpudeal uses none. Typer skips the scan the same way."""
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


def _read_text(path: Path) -> str:
    try:
        # Read-only, and never blocking: a FIFO or device would hang or never end.
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise FactsError(str(path), ["not a regular file"])
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FactsError(str(path), ["no such file"]) from None
    except IsADirectoryError:
        raise FactsError(str(path), ["is a directory, not a facts file"]) from None
    except PermissionError:
        raise FactsError(str(path), ["permission denied"]) from None
    except OSError as error:
        raise FactsError(str(path), [error.strerror or str(error)]) from None
    if len(raw) > MAX_BYTES:
        raise FactsError(str(path), [f"larger than the {MAX_BYTES // 2**20} MiB limit"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FactsError(
            str(path), [f"line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"]
        ) from None


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def _yaml_problem(error: Any) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.context_mark and error.problem_mark:
        problem += f" ({error.context} at line {error.context_mark.line + 1})"
    return where + visible(problem)


def _validation_problem(error: Mapping[str, Any], root: Any) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    from gpu_cli import strict_yaml

    line = strict_yaml.line_of(root, loc, key=kind == "extra_forbidden") if root and loc else None
    where = _path(loc) + (f" (line {line})" if line else "")
    message = _message(error, loc)
    return f"{where}: {message}" if where else message


def _message(error: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    kind, got = error["type"], _describe(error.get("input"))
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
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return visible(out)


def _describe(value: Any) -> str:
    """A short, safe rendering of a bad value, spelled the way YAML spells it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
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
