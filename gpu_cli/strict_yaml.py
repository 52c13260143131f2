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

Lines are found on demand (`Lines`): a valid file pays nothing for them, and
the same finder serves JSON text, which is YAML flow syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from gpu_cli.errors import ReadError

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

    parser = _parser(text)
    try:
        return _build(parser), Lines(text)
    except yaml.MarkedYAMLError as error:
        raise ReadError(_marked_problem(error)) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ReadError(f"line {line}: character {error.character!r} is not allowed in YAML") from None
    except yaml.YAMLError as error:
        raise ReadError(str(error)) from None
    finally:
        parser.dispose()


def _parser(text: str) -> Any:
    """libyaml's parser (PyYAML's C extension); PyYAML's own Python parser, which
    yields the same events, only where PyYAML was installed without libyaml."""
    import yaml

    if yaml.__with_libyaml__:
        from yaml._yaml import CParser

        return CParser(text)
    return yaml.SafeLoader(text)


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


def _marked_problem(error: Any) -> str:
    """libyaml's own refusal (a syntax error), worded as ours are."""
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.context_mark and error.problem_mark:
        problem += f" ({error.context} at line {error.context_mark.line + 1})"
    return where + problem


Path = tuple[int | str, ...]


class Lines:
    """Where the values of one parsed document stand, found when first asked.

    A valid file never pays for them. `find` scans the text's events once for
    a batch of paths (and their parents, where a path does not exist) and
    stops as soon as each is found or known to be absent, so the first
    problems of a huge file cost only the scan up to them. Works on YAML and
    on JSON text alike."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[tuple[str, ...], tuple[int, int]] = {}
        self._asked: set[tuple[str, ...]] = set()

    def find(self, paths: Iterable[Path]) -> None:
        """Look up a batch of paths at once, ahead of `line` calls for them."""
        wanted = {_steps(path)[:end] for path in paths for end in range(len(path) + 1)} - self._asked
        if wanted:
            self._asked |= wanted
            self._found.update(_scan(self._text, wanted))

    def line(self, path: Path, key: bool = False) -> int | None:
        """The 1-based line of the value at `path` (or of its key), if it can be
        found; where the path does not exist, the line of its deepest part that does."""
        self.find([path])
        steps = _steps(path)
        for end in range(len(steps), -1, -1):
            where = self._found.get(steps[:end])
            if where is not None:
                return where[0] if key and end == len(steps) else where[1]
        return None


def line_of(root: Lines | None, path: Path, key: bool = False) -> int | None:
    """The 1-based line of the value at `path` (or of its key, `key=True`) in
    the document `load` read, if it can be found."""
    return root.line(path, key=key) if root is not None else None


def _steps(path: Path) -> tuple[str, ...]:
    return tuple(str(step) for step in path)


def _scan(text: str, wanted: set[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[int, int]]:
    """(key line, value line) of each wanted path that exists. Collections that
    hold no wanted path are skipped by counting their events. Text that does not
    parse to the end (never the case for a file that loaded) yields what came before."""
    import yaml
    from yaml.events import MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent

    found: dict[tuple[str, ...], tuple[int, int]] = {}
    absent: set[tuple[str, ...]] = set()
    inside: dict[tuple[str, ...], list[tuple[str, ...]]] = {}  # a collection -> wanted paths within it
    for steps in wanted:
        for end in range(len(steps)):
            inside.setdefault(steps[:end], []).append(steps)
    path: list[str] = []  # steps to the innermost open collection
    frames: list[list[Any]] = []  # per open collection: [is a mapping, step, awaiting a key, key line]
    parser = _parser(text)
    get = parser.get_event
    try:
        while len(found) + len(absent) < len(wanted):
            event = get()
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                absent.update(steps for steps in inside.get(tuple(path), ()) if steps not in found)
                frames.pop()
                if not frames:
                    break
                path.pop()
                _advance(frames[-1])
                continue
            start = kind is MappingStartEvent or kind is SequenceStartEvent
            if not start and kind is not ScalarEvent:
                continue  # stream and document events (aliases never reach a loaded file)
            line = _line(event)
            frame = frames[-1] if frames else None
            if frame is not None and frame[2]:  # a mapping's key
                if start:
                    break  # a list or mapping as a key: refused on loading, never in a loaded file
                frame[1], frame[2], frame[3] = event.value, False, line
                continue
            steps = (*path, str(frame[1])) if frame is not None else ()
            if steps in wanted:
                found[steps] = (frame[3] if frame is not None and frame[0] else line, line)
            if start and steps in inside:
                if frame is not None:
                    path.append(steps[-1])
                mapping = kind is MappingStartEvent
                frames.append([mapping, None if mapping else 0, mapping, line])
                continue
            if start:
                _skip(get)
            absent.update(s for s in inside.get(steps, ()) if s not in found)  # paths through a scalar
            if frame is None:
                break
            _advance(frame)
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return found


def _skip(get: Any) -> None:
    """Consume the rest of a collection whose start event was just read."""
    from yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent

    depth = 1
    while depth:
        kind = type(get())
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1


def _line(event: Any) -> int:
    line: int = event.start_mark.line + 1
    return line


def _advance(frame: list[Any]) -> None:
    """On to the next item of a list, or the next key of a mapping."""
    if frame[0]:
        frame[2] = True
    else:
        frame[1] += 1


def first_plain(text: str, value: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the first unquoted scalar `value` in the text."""
    import yaml
    from yaml.events import ScalarEvent

    parser = _parser(text)
    try:
        while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
            if isinstance(event, ScalarEvent) and event.implicit[0] and event.value == value:
                mark: Any = event.start_mark
                return mark.line + 1, mark.column + 1
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return None
