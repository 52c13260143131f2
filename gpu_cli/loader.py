"""Find the facts file, read it safely, and turn every way it can be wrong into
one FactsError naming the file, the line and the path into the data."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gpu_cli.diagnostics import describe, validation_problems, yaml_problem
from gpu_cli.errors import FactsError, FileError
from gpu_cli.models import Facts
from gpu_cli.text import visible

ENV_VAR = "GPUDEAL_FACTS"
MAX_BYTES = 64 * 1024 * 1024  # documented in the README; far above any real story
SHIPPED = Path(__file__).with_name("facts.yaml")
LineOf = Callable[[tuple[int | str, ...]], int | None]  # path into the data -> 1-based line


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
    return load_with_lines(path)[0]


def load_with_lines(path: Path) -> tuple[Facts, LineOf]:
    """The facts, and where each value stands in the file (`verify` names lines)."""
    text = read_text(path)
    # The cyclic GC finds no garbage in a freshly parsed tree, yet its full
    # collections make loading a large file quadratic: pause it meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_and_validate(text, path)
    finally:
        if was_enabled:
            gc.enable()


def _parse_and_validate(text: str, path: Path) -> tuple[Facts, LineOf]:
    import yaml  # deferred: `--help` and completion never parse YAML

    from gpu_cli import strict_yaml

    try:
        data, root = strict_yaml.load(text)
    except yaml.MarkedYAMLError as error:
        problem, excerpt = yaml_problem(error, text)
        raise FactsError(str(path), [problem], excerpt) from None
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
            [f"the top level must be a mapping with 'deal' and 'partners', got {describe(data)}"],
        )
    return validate(data, str(path), root), _line_finder(root)


def _line_finder(root: Any) -> LineOf:
    """The one place that asks the YAML layer for a line, whatever it keeps."""
    from gpu_cli import strict_yaml

    return lambda path: strict_yaml.line_of(root, path)


def validate(data: dict[str, Any], path: str, root: Any = None) -> Facts:
    from pydantic import ValidationError

    try:
        with _no_pydantic_plugins():
            return Facts.model_validate(data)
    except ValidationError as error:
        raise FactsError(path, validation_problems(error.errors(include_url=False), root)) from None


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


def read_text(path: Path, error: type[FileError] = FactsError) -> str:
    """A user's UTF-8 text file, whole: opened read-only, never blocking on a FIFO
    or device, at most MAX_BYTES, a BOM dropped. Every way it can fail raises
    `error(path, [problem])` (a FactsError by default, a SourceError for `verify`)."""
    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise error(str(path), ["not a regular file"])
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise error(str(path), ["no such file"]) from None
    except IsADirectoryError:
        raise error(str(path), ["is a directory"]) from None
    except PermissionError:
        raise error(str(path), ["permission denied"]) from None
    except OSError as err:
        raise error(str(path), [err.strerror or str(err)]) from None
    return _decoded(raw, str(path), error)


def read_stream(fd: int, name: str, error: type[FileError]) -> str:
    """All of an open descriptor (standard input), on the same terms as
    `read_text`. A non-blocking pipe is waited on, not mistaken for its end."""
    import select

    chunks: list[bytes] = []
    size = 0
    try:
        while size <= MAX_BYTES:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                select.select([fd], [], [])
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise error(name, [err.strerror or str(err)]) from None
    return _decoded(b"".join(chunks), name, error)


def _decoded(raw: bytes, name: str, error: type[FileError]) -> str:
    if len(raw) > MAX_BYTES:
        raise error(name, [f"larger than the {MAX_BYTES // 2**20} MiB limit"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise error(
            name, [f"line {line}: not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start})"]
        ) from None


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)
