"""YAML facts files read strictly, in one pass over libyaml's events.

PyYAML's C parser turns the text into events; this module builds plain values
from them (dict, list, str, int, float, bool, None) under the YAML 1.2 core
schema, and refuses at the event, with its line and column:

- anchors and aliases (`&a`, `*a`, `<<: *a`): a "billion laughs" file cannot expand;
- duplicate keys, and lists or mappings used as keys;
- tags outside the core schema (`!!python/...`, `!!binary`, `!local`), and a
  core tag whose value is not of its kind (`!!bool maybe`, `!!int ten`);
- nesting deeper than MAX_DEPTH levels and integers of more than MAX_INT_DIGITS digits.

Plain scalars resolve as the core schema says and nothing more: `true`/`false`
(three spellings) are booleans, `null`, `~` and nothing are null, decimal, `0o`
octal and `0x` hex integers and the core floats (`1.5`, `1e3`, `.inf`, `.nan`)
are numbers; everything else is text (`NO`, `yes`, `1:20.5`, `6_0_0`, dates).
Two deliberate additions: a decimal with a leading zero (`010`) stays text,
because YAML 1.1 readers take it for octal 8 and 1.2 readers for 10, so a count
written that way is refused rather than guessed; and an explicit `!!timestamp`
(ISO 8601) is read as a date, checked, so an impossible date is an error.

Lines are found on demand (`gpu_cli.positions.Lines`): a valid file pays
nothing for them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from gpu_cli.carets import yaml_problem
from gpu_cli.errors import ReadError
from gpu_cli.positions import Lines, parser_for

MAX_DEPTH = 64
MAX_INT_DIGITS = 40

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + name for name in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP, _TIMESTAMP = _CORE + "seq", _CORE + "map", _CORE + "timestamp"

_NULLS = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS: dict[str, Any] = {**_NULLS, **_BOOLS}
_NUMBER_START = frozenset("+-.0123456789")
_NUMBER = re.compile(
    r"(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<leading_zero>[-+]?0[0-9]+)"
    r"|(?P<oct>0o[0-7]+)"
    r"|(?P<hex>0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))"
    r"|(?P<nan>\.(?:nan|NaN|NAN))"
)
_NO_KEY: Any = object()  # a mapping waiting for its next key
_NOT_A_WORD: Any = object()


def load(text: str) -> tuple[Any, Lines]:
    """Parse one YAML document into plain values.

    Returns the data (None for an empty document) and a `Lines` for error
    messages. Raises ReadError("line L, column C: what is wrong") for anything
    libyaml or this reader refuses."""
    import yaml

    parser = parser_for(text)
    try:
        return _build(parser), Lines(text)
    except yaml.MarkedYAMLError as error:
        raise ReadError(*yaml_problem(error, text)) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ReadError(f"line {line}: character {error.character!r} is not allowed in YAML") from None
    except yaml.YAMLError as error:
        raise ReadError(str(error)) from None
    finally:
        parser.dispose()


def _build(parser: Any) -> Any:
    from yaml.events import StreamEndEvent

    get = parser.get_event
    get()  # stream start
    if type(get()) is StreamEndEvent:  # no document at all (empty, or only comments)
        return None
    value = _document(get)
    get()  # document end
    event = get()
    if type(event) is not StreamEndEvent:
        raise _error(event, "expected a single document in the stream, but found another document")
    return value


def _document(get: Any) -> Any:
    """Values of one document, built iteratively from its events (no recursion,
    so depth is a checked limit, not a stack overflow)."""
    from yaml.events import (
        AliasEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    stack: list[tuple[Any, Any, int]] = []  # enclosing (container, pending key, mapping line)
    container: Any = None  # the dict or list being filled; None at the top
    key: Any = _NO_KEY
    map_line = 0
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise _anchor(event)
            if event.tag is not None:
                value = _tagged(event)
            elif event.implicit[0]:  # plain
                value = _WORDS.get(event.value, _NOT_A_WORD)
                if value is _NOT_A_WORD:
                    value = _number(event) if event.value[0] in _NUMBER_START else event.value
            else:  # quoted or block: always text
                value = event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                raise _anchor(event)
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if kind is MappingStartEvent else _SEQ):
                raise _bad_collection_tag(event, kind is MappingStartEvent)
            if key is _NO_KEY and type(container) is dict:
                raise _error(event, "a key cannot be a list or mapping")
            if len(stack) >= MAX_DEPTH:
                raise _error(event, f"nested deeper than {MAX_DEPTH} levels")
            stack.append((container, key, map_line))
            if kind is MappingStartEvent:
                container, key, map_line = {}, _NO_KEY, event.start_mark.line + 1
            else:
                container = []
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = container
            container, key, map_line = stack.pop()
        elif kind is AliasEvent:
            raise _anchor(event)
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise _error(event, f"unexpected {kind.__name__}")
        if container is None:
            return value
        if type(container) is list:
            container.append(value)
        elif key is _NO_KEY:
            if value in container:
                raise _error(event, f"duplicate key {value!r} (in the mapping at line {map_line})")
            key = value
        else:
            container[key] = value
            key = _NO_KEY


def _number(event: Any) -> Any:
    """A plain scalar that starts like a number: a number if it is one in the core schema."""
    raw: str = event.value
    match = _NUMBER.fullmatch(raw)
    form = match.lastgroup if match is not None else None
    if form is None or form == "leading_zero":
        return raw
    return _int(event, form) if form in _INT_FORMS else _float(raw, form)


_INT_FORMS = ("int", "leading_zero", "oct", "hex")


def _int(event: Any, form: str) -> int:
    raw: str = event.value
    digits = len(raw) - (raw[0] in "+-")
    if digits > MAX_INT_DIGITS:
        raise _error(event, f"integer of {digits} digits is too large")
    return int(raw, 0) if form in ("oct", "hex") else int(raw)


def _float(raw: str, form: str) -> float:
    if form == "inf":
        return float("-inf") if raw[0] == "-" else float("inf")
    return float("nan") if form == "nan" else float(raw)


def _tagged(event: Any) -> Any:
    """A scalar with an explicit tag: the tag decides, and the value must fit it."""
    tag, raw = event.tag, event.value
    if tag == "!" or tag == _STR:
        return raw
    if tag == _NULL and raw in _NULLS:
        return None
    if tag == _BOOL and raw in _BOOLS:
        return _BOOLS[raw]
    if tag in (_INT, _FLOAT):
        match = _NUMBER.fullmatch(raw)
        form = match.lastgroup if match is not None else None
        if tag == _INT and form in _INT_FORMS:
            return _int(event, form)
        if tag == _FLOAT and form is not None and form not in ("oct", "hex"):
            return _float(raw, form) if form not in _INT_FORMS else float(_int(event, form))
    if tag == _TIMESTAMP:
        return _timestamp(event)
    if tag in (_NULL, _BOOL, _INT, _FLOAT):
        raise _error(event, f"{_shown(raw)} is not a valid {_short(tag)} ({_FORMS[tag]})")
    raise _error(event, f"could not determine a constructor for the tag {tag!r} ({_CORE_TAGS})")


_FORMS = {
    _NULL: "null, ~ or nothing",
    _BOOL: "true or false",
    _INT: "a decimal, 0o octal or 0x hex integer",
    _FLOAT: "a number such as 1.5, 1e3, .inf or .nan",
}
_CORE_TAGS = "the tags gpudeal reads: !!str, !!int, !!float, !!bool, !!null, !!seq, !!map (YAML 1.2 core), !!timestamp"


def _timestamp(event: Any) -> date:
    raw: str = event.value
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
    except ValueError as error:
        reason = "expected an ISO 8601 date" if "isoformat" in str(error) else str(error)
        raise _error(event, f"{_shown(raw)} is not a valid !!timestamp: {reason}") from None


def _bad_collection_tag(event: Any, mapping: bool) -> ReadError:
    if event.tag in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _SEQ, _MAP):
        return _error(event, f"a {'mapping' if mapping else 'list'} cannot be tagged {_short(event.tag)}")
    return _error(event, f"could not determine a constructor for the tag {event.tag!r} ({_CORE_TAGS})")


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 60 else raw[:57] + "...")


def _anchor(event: Any) -> ReadError:
    return _error(event, "anchors and aliases (&name, *name) are not allowed")


def _error(event: Any, problem: str) -> ReadError:
    mark = event.start_mark
    return ReadError(f"line {mark.line + 1}, column {mark.column + 1}: {problem}")
