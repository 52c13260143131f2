"""Find the facts file, read it safely, and turn every way it can be wrong into
one FactsError naming the file, the line and the path into the data."""

from __future__ import annotations

import gc
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpu_cli.errors import FactsError, FileError, ReadError
from gpu_cli.models import Facts, trusted

if TYPE_CHECKING:
    from gpu_cli.positions import Lines

ENV_VAR = "GPUDEAL_FACTS"
STDIN = Path("-")  # `--facts -`, told apart by identity: `--facts ./-` is a file named "-"
STDIN_NAME = "<stdin>"
MAX_BYTES = 64 * 1024 * 1024  # documented in the README; far above any real story
SHIPPED = Path(__file__).with_name("facts.yaml")
LineOf = Callable[[tuple[int | str, ...]], int | None]  # path into the data -> 1-based line
# The same facts as JSON, generated from facts.yaml when the wheel is built
# (hatch_build.py): reading it needs neither PyYAML nor its import time.
SHIPPED_JSON = SHIPPED.with_suffix(".json")


def locate(explicit: str | None, environ: Mapping[str, str]) -> Path:
    """--facts, else $GPUDEAL_FACTS (an empty one counts as unset), else the
    copy shipped in the package. `-` is standard input (STDIN)."""
    chosen = explicit or environ.get(ENV_VAR)
    if chosen:
        return STDIN if chosen == "-" else Path(chosen)
    if SHIPPED_JSON.is_file():
        return SHIPPED_JSON
    if SHIPPED.is_file():
        return SHIPPED
    # A source checkout (editable install): the top-level facts.yaml beside the package.
    return SHIPPED.parent.parent / "facts.yaml"


def reads_stdin(spec: str | Path) -> bool:
    """`-`, or a name for the pipe or terminal on standard input (`/dev/stdin`,
    `/dev/fd/0`): two inputs that both read it would see one stream between them."""
    if spec is STDIN or str(spec) == "-":
        return True
    try:
        named, stdin = os.stat(spec), os.fstat(0)
    except (OSError, ValueError):
        return False
    shared = stat.S_ISFIFO(stdin.st_mode) or stat.S_ISCHR(stdin.st_mode) or stat.S_ISSOCK(stdin.st_mode)
    return shared and (named.st_dev, named.st_ino) == (stdin.st_dev, stdin.st_ino)


def load_facts(path: Path) -> Facts:
    """Read, parse and validate one facts file (YAML or JSON; STDIN for `-`).
    Raises FactsError with every problem found (the first ones, and a count)."""
    if path == SHIPPED_JSON:
        return _shipped()
    name = STDIN_NAME if path is STDIN else str(path)
    return load_bytes(read_bytes(path), name, path)[0]


def load_with_lines(path: Path) -> tuple[Facts, LineOf]:
    """The facts, and where each value stands in the file (`verify` names lines).
    For the shipped facts, the lines of facts.yaml, which people read and edit,
    not of its generated JSON twin."""
    if path == SHIPPED_JSON and SHIPPED.is_file():
        from gpu_cli.positions import Lines

        return _shipped(), Lines(read_text(SHIPPED)).line
    name = STDIN_NAME if path is STDIN else str(path)
    return load_bytes(read_bytes(path), name, path)


def _shipped() -> Facts:
    """The shipped facts, from their JSON twin, made without validating them
    again (`models.trusted`): hatch_build.py validated them with `validate`
    when it built the wheel."""
    import orjson

    return trusted(Facts, orjson.loads(read_bytes(SHIPPED_JSON)))


def load_bytes(raw: bytes, name: str, path: Path = STDIN) -> tuple[Facts, LineOf]:
    """Decode, parse and validate the bytes of a facts file; `name` is for messages,
    `path` tells JSON from YAML by its suffix (see `is_json`), else the content does."""
    if _json_at_first_sight(path, raw):
        quick = _quick_json(raw)
        if quick is not None:
            return quick
    text = decode(raw, name)
    del raw  # a large file is not kept twice
    # The cyclic GC finds no garbage in a freshly parsed tree, yet its full
    # collections make loading a large file quadratic: pause it meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_and_validate(text, name, is_json(path, text))
    finally:
        if was_enabled:
            gc.enable()


def is_json(path: Path, text: str) -> bool:
    """JSON by the `.json` suffix; YAML by `.yaml` or `.yml`; otherwise (stdin,
    any other name) JSON if the text starts with `{`, as a JSON object does."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        return suffix == ".json"
    for char in text:
        if not char.isspace():
            return char == "{"
    return False


def _json_at_first_sight(path: Path, raw: bytes) -> bool:
    """`is_json` on the bytes, before decoding: by the suffix, else a `{` first
    (after a BOM and ASCII spaces). Only decides whether to try the quick reader;
    what it cannot read goes the strict way, which decides again on the text."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        return suffix == ".json"
    return raw.removeprefix(b"\xef\xbb\xbf")[:4096].lstrip(b" \t\r\n")[:1] == b"{"


def _quick_json(raw: bytes) -> tuple[Facts, LineOf] | None:
    """A valid JSON file through pydantic's JSON validation (`fast_json`); None
    when the strict reader must look at it. Lines are found only if asked for."""
    from gpu_cli import fast_json

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with _no_pydantic_plugins():
            facts = fast_json.load(raw)
    finally:
        if was_enabled:
            gc.enable()
    if facts is None:
        return None

    def line_of(loc: tuple[int | str, ...]) -> int | None:
        from gpu_cli.positions import Lines

        if not found:
            found.append(Lines(decode(raw, STDIN_NAME)))
        return found[0].line(loc)

    found: list[Lines] = []
    return facts, line_of


_EMPTY = "the file is empty; expected a mapping with 'deal' and 'partners'"


def _parse_and_validate(text: str, name: str, as_json: bool) -> tuple[Facts, LineOf]:
    from gpu_cli.positions import Lines

    if not text or text.isspace():
        raise FactsError(name, [_EMPTY])
    try:
        if as_json:
            from gpu_cli import strict_json

            data, root = strict_json.load(text), Lines(text)
        else:
            from gpu_cli import strict_yaml

            data, root = strict_yaml.load(text)
    except ReadError as error:
        raise FactsError(name, [str(error)], error.excerpt) from None
    if data is None:  # only comments, or a lone null
        raise FactsError(name, [_EMPTY])
    if not isinstance(data, dict):
        from gpu_cli.diagnostics import describe

        raise FactsError(name, [f"the top level must be a mapping with 'deal' and 'partners', got {describe(data)}"])
    return validate(data, name, root), root.line


def validate(data: dict[str, Any], path: str, root: Lines | None = None) -> Facts:
    """Plain data -> Facts, or a FactsError listing what is wrong where
    (`root` gives lines; without it, paths alone)."""
    from pydantic import ValidationError

    try:
        with _no_pydantic_plugins():
            facts = Facts.model_validate(data)
    except ValidationError as error:
        from gpu_cli.diagnostics import validation_problems

        shown, more = validation_problems(error.errors(include_url=False), root)
        raise FactsError(path, shown, more=more) from None
    if facts.sources or facts.reports:
        from gpu_cli.sources import reference_problems

        problems = reference_problems(facts)
        if problems:
            from gpu_cli.diagnostics import located_problems

            shown, more = located_problems(problems, root)
            raise FactsError(path, shown, more=more)
    return facts


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


def read_bytes(path: Path, error: type[FileError] = FactsError) -> bytes:
    """A user's file (or STDIN), whole, at most MAX_BYTES. A FIFO or a
    character device (`<(sed … facts.yaml)`, `/dev/stdin`, a named pipe) is
    read as the stream it is, to its end, as diff(1) and cat do; a directory,
    a socket or a block device is refused. Opening never blocks (a FIFO with
    no writer yet). Every way it can fail raises `error(path, [problem])`
    (a FactsError by default, a SourceError for `verify`)."""
    if path is STDIN:
        return read_stdin(STDIN_NAME, error)
    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode):
                return _read_pipe(path, error)
            if not stat.S_ISREG(status.st_mode):
                raise error(str(path), ["is a directory" if stat.S_ISDIR(status.st_mode) else "not a file or a pipe"])
            if status.st_size > MAX_BYTES:  # refused up front: nothing read, nothing held
                raise error(str(path), [_TOO_LARGE])
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise error(str(path), ["no such file"]) from None
    except IsADirectoryError:
        raise error(str(path), ["is a directory"]) from None
    except PermissionError:
        raise error(str(path), ["permission denied"]) from None
    except OSError as err:
        raise error(str(path), [err.strerror or str(err)]) from None
    _check_size(raw, str(path), error)
    return raw


def _read_pipe(path: Path, error: type[FileError]) -> bytes:
    """A FIFO or device opened again, blocking: a named pipe's writer may not
    have opened its end yet, and its data, not an empty read, is what is meant."""
    fd = os.open(path, os.O_RDONLY | os.O_NOCTTY)
    try:
        return read_stream(fd, str(path), error)
    finally:
        os.close(fd)


def read_text(path: Path, error: type[FileError] = FactsError) -> str:
    """`read_bytes`, decoded as UTF-8 (a BOM dropped)."""
    return decode(read_bytes(path, error), STDIN_NAME if path is STDIN else str(path), error)


def read_stdin(name: str, error: type[FileError] = FactsError) -> bytes:
    """All of standard input, up to the size limit; a non-blocking pipe is
    waited on, not mistaken for its end; a closed one is said to be closed."""
    stream = sys.stdin
    try:
        fd = stream.fileno() if stream is not None else -1
        os.fstat(fd)
    except io.UnsupportedOperation:  # no descriptor: an embedder's or a test's stream (`main(argv, env)`)
        raw = stream.buffer.read(MAX_BYTES + 1)
        _check_size(raw, name, error)
        return bytes(raw)
    except (AttributeError, OSError, ValueError):
        raise error(name, ["standard input is closed"]) from None
    return read_stream(fd, name, error)


def read_stream(fd: int, name: str, error: type[FileError] = FactsError) -> bytes:
    """A stream to its end, refused past MAX_BYTES (`/dev/zero` has no end)."""
    import select

    chunks, size = [], 0
    while size <= MAX_BYTES:
        try:
            chunk = os.read(fd, 1 << 20)
        except BlockingIOError:
            select.select([fd], [], [])
            continue
        except OSError as err:
            raise error(name, [err.strerror or str(err)]) from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    raw = b"".join(chunks)
    _check_size(raw, name, error)
    return raw


def _check_size(raw: bytes, name: str, error: type[FileError]) -> None:
    if len(raw) > MAX_BYTES:
        raise error(name, [_TOO_LARGE])


_TOO_LARGE = f"larger than the {MAX_BYTES // 2**20} MiB limit"


def decode(raw: bytes, name: str, error: type[FileError] = FactsError) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        from gpu_cli.carets import JSON_BREAKS, place

        line = place(raw[: err.start].decode("utf-8"), err.start, JSON_BREAKS)[0] + 1  # CR, LF or CR LF
        raise error(
            name, [f"line {line}: not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start})"]
        ) from None


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)
