"""Where each value of a YAML or JSON text stands: lines for error messages.

Looked up only when a file has problems, by a second pass over libyaml's
events (JSON is YAML flow syntax, so one finder serves both readers). It
stops as soon as every path asked for is found or known to be absent, and
skips collections that hold none of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def parser_for(text: str) -> Any:
    """libyaml's parser (PyYAML's C extension); PyYAML's own Python parser, which
    yields the same events, only where PyYAML was installed without libyaml."""
    import yaml

    if yaml.__with_libyaml__:
        from yaml._yaml import CParser

        return CParser(text)
    return yaml.SafeLoader(text)


DataPath = tuple[int | str, ...]  # ('partners', 3, 'gpus'): a place in the facts data, as parsed


def path_text(path: DataPath) -> str:
    """('partners', 3, 'gpus') -> 'partners[3].gpus'."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


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

    def find(self, paths: Iterable[DataPath]) -> None:
        """Look up a batch of paths at once, ahead of `line` calls for them."""
        wanted = {_steps(path)[:end] for path in paths for end in range(len(path) + 1)} - self._asked
        if wanted:
            self._asked |= wanted
            self._found.update(_scan(self._text, wanted))

    def line(self, path: DataPath, key: bool = False) -> int | None:
        """The 1-based line of the value at `path` (or of its key), if it can be
        found; where the path does not exist, the line of its deepest part that does."""
        self.find([path])
        steps = _steps(path)
        for end in range(len(steps), -1, -1):
            where = self._found.get(steps[:end])
            if where is not None:
                return where[0] if key and end == len(steps) else where[1]
        return None


def _steps(path: DataPath) -> tuple[str, ...]:
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
    parser = parser_for(text)
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

    parser = parser_for(text)
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
