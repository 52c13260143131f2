"""Writing to stdout without tracebacks: a reader that stops early (`| head -1`)
or a full disk ends the command quietly, and nothing is left buffered to fail
again at interpreter shutdown ("Exception ignored ... BrokenPipeError")."""

from __future__ import annotations

import os
from typing import IO

from gpu_cli.errors import OutputError, PipeClosed


def emit(stream: IO[str], text: str) -> None:
    """Write a whole, finished answer at once: nothing half-done on stdout."""
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        silence(stream)
        raise PipeClosed() from None
    except OSError as error:
        silence(stream)
        raise OutputError(f"cannot write output: {error.strerror or error}") from None


def silence(stream: IO[str]) -> None:
    """Point the stream's descriptor at /dev/null so what is still buffered
    cannot fail again when Python flushes it on exit."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def flush_quietly(stream: IO[str]) -> None:
    """Flush what Click or Typer printed (help, usage errors) inside our boundary."""
    try:
        stream.flush()
    except OSError:
        silence(stream)
