"""The one place every byte gpudeal writes leaves the process.

`main()` calls `install()` first: `sys.stdout` and `sys.stderr` become a `Sink`
each, so our data, Typer's and rich's help, click's completion script and usage
errors, `--version` and our error messages all take the same road:

- UTF-8 whatever the locale (`LANG=C`, `PYTHONIOENCODING`), through our own
  buffer, so `PYTHONUNBUFFERED` changes nothing;
- `os.write` in a loop: partial writes are finished, a full non-blocking pipe
  (EAGAIN) is waited for with poll() instead of losing bytes;
- every failure becomes one exception of ours, never an `OSError` that click,
  rich or the interpreter's shutdown would turn into a traceback:
  `PipeClosed` (the reader left: exit 141, quietly) or `OutputError`
  (`cannot write output: No space left on device`, exit 1);
- a stream closed before we started (`>&-`) is held open on /dev/null, so no
  file opened later can take its descriptor and receive our output; writing to
  it fails with `standard output is closed`.

stderr never raises (there is nowhere left to report to); a failure there is
remembered, and `finish()` makes sure a run whose bytes were not all written
does not exit 0.

Files the user names (`--export`) are written by `write_file`, the one way a
file leaves gpudeal: atomically, through links, keeping the file's mode, and
never leaving a temporary file behind, whatever ends the run (an error,
Ctrl-C, SIGTERM, a hang-up)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import select
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import IO

from gpu_cli.errors import QUESTIONS, ExitStatus, GpudealError, OutputError, PipeClosed, Terminated, status_for

BUFFER_SIZE = 1 << 16  # stdout is written in pieces of this size: streamed, yet few system calls


class Sink(io.TextIOBase):
    """A text stream over one file descriptor (None: closed when we started)."""

    def __init__(self, fd: int | None, label: str, *, raises: bool = True, buffer_size: int = BUFFER_SIZE) -> None:
        super().__init__()
        self._fd = fd
        self.label = label  # "standard output": the words of the error message
        self._raises = raises
        self._buffer_size = buffer_size
        self._pending = bytearray()
        self.failure: GpudealError | None = None
        self.trim = False  # drop the spaces at the end of each line (help in a pipe)
        self._held = ""  # spaces at the end of a write, kept until we know what follows them

    encoding = "utf-8"  # whatever the locale says
    errors = "surrogateescape"  # see _encode

    @property
    def name(self) -> str:
        return f"<{self.label}>"

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._fd is None:
            raise io.UnsupportedOperation(f"{self.label} is closed")
        return self._fd

    def isatty(self) -> bool:
        return self._fd is not None and os.isatty(self._fd)

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.failure is not None:
            if self._raises:
                raise self.failure
            return len(text)
        size = len(text)
        if self.trim:
            text = re.sub(_TRAILING, "", self._held + text)
            kept = text.rstrip(" ")
            text, self._held = kept, text[len(kept) :]
        self._pending += _encode(text)
        if len(self._pending) >= self._buffer_size:
            self.flush()
        return size

    def flush(self) -> None:
        if not self._pending:
            return
        data, self._pending = bytes(self._pending), bytearray()
        try:
            if self._fd is None:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            _write_all(self._fd, data)
        except OSError as error:
            self.failure = _failure(error, self.label)
            if self._raises:
                raise self.failure from None

    def discard(self) -> None:
        """Forget what is buffered (after Ctrl-C: exit now, do not wait on a reader)."""
        self._pending.clear()

    def close(self) -> None:
        """The interpreter closes sys.stdout at exit: never fail there, never close the descriptor."""
        with contextlib.suppress(GpudealError):
            self.flush()
        self._pending.clear()
        super().close()


_TRAILING = r"(?<! ) +(?=\n)"  # each run of spaces tried once; compiled by `re` when help is piped


_NOT_ESCAPED_BYTES = "[\ud800-\udc7f\udd00-\udfff]"  # compiled by `re` when first needed


def _encode(text: str) -> bytes:
    """UTF-8. Lone surrogates are bytes Python could not decode (an argument or a
    file name under LANG=C): they go back out as those bytes where these form
    UTF-8 (`≈` typed in a C locale), else as visible `\\xNN` escapes, never as
    raw bytes a terminal might obey, and never as an encoding error."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    text = re.sub(_NOT_ESCAPED_BYTES, lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").encode("utf-8")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:  # a non-blocking pipe is full: wait until the reader makes room
            poller = select.poll()
            poller.register(fd, select.POLLOUT)
            poller.poll()
            continue
        view = view[written:]


def _failure(error: OSError, label: str) -> GpudealError:
    if isinstance(error, BrokenPipeError):
        return PipeClosed()
    if error.errno == errno.EBADF:
        return OutputError(f"cannot write output: {label} is closed")
    return OutputError(f"cannot write output: {error.strerror or error}")


def _claim(fd: int) -> int | None:
    """`fd` if it is open; else hold it on /dev/null and say it is closed (None)."""
    try:
        os.fstat(fd)
        return fd
    except OSError:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return None
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)
    return None


def install() -> None:
    """Route sys.stdout and sys.stderr through Sinks, and turn SIGTERM and SIGHUP
    into `Terminated`, so that they unwind the run as Ctrl-C does (by default
    they kill the process where it stands, temporary files and all).
    Called once, first thing in main()."""
    sys.stdout = Sink(_claim(1), "standard output")
    sys.stderr = Sink(_claim(2), "standard error", raises=False, buffer_size=0)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:  # an ignored hang-up (nohup) stays ignored
            signal.signal(signum, _terminate)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def die_of(stop: Terminated) -> None:
    """End the process by the signal that stopped it, as the caller expects
    (a shell reports 143 for SIGTERM), once everything on the way out has run."""
    discard()
    signal.signal(stop.signum, signal.SIG_DFL)
    os.kill(os.getpid(), stop.signum)


def write_file(path: Path, content: str | bytes) -> None:
    """Save `content` (text as UTF-8) as the file the user named, atomically: a
    temporary file beside the target, renamed over it only once complete, so
    a failure or a signal leaves the previous file as it was and no temporary
    file behind. What the user set up is kept: a symbolic link (a chain, or a
    dangling one) is written through, at its target; an existing file keeps its
    mode (and owner, where we may). A FIFO or a character device (`/dev/stdout`,
    `>(gzip > x.gz)`) is written as the stream it is, never replaced; a
    directory is refused. Every failure is one OutputError naming `path`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        try:
            existing: os.stat_result | None = os.stat(path)  # through links, /proc's to pipes too
        except FileNotFoundError:  # nothing there, or a dangling link
            existing = None
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise OutputError(f"cannot write {path}: is a directory")
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            _write_stream(path, data)
        else:  # the file the links lead to, dangling ones too, replaced where it is
            _replace_atomically(Path(os.path.realpath(path)), data, existing)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


# What became of each export of this run, by the path the user gave: written
# (None) or why not. The export and stdout are independent outputs: a failed
# export does not hold back the table, a failed stdout does not hide that the
# export was written; the command says what happened to each (`take_export`).
_EXPORTS: dict[str, OutputError | None] = {}


def build_file(path: Path, build: Callable[[Path], None], replaceable: Callable[[Path], str | None]) -> None:
    """A file another program writes (a SQLite database): `build` fills a
    temporary file beside the target, which is renamed over it only once
    complete; a failure or a signal leaves the previous file as it was and
    nothing behind. `replaceable(target)` says why an existing file must not be
    replaced (None: it may be). A link is built through, at its target; a
    directory, a FIFO or a device is refused (a database is no stream)."""
    try:
        try:
            existing: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            existing = None
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise OutputError(f"cannot write {path}: is a directory")
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            raise OutputError(f"cannot write {path}: not a regular file (a database cannot be streamed)")
        target = Path(os.path.realpath(path))
        refusal = replaceable(target) if existing is not None else None
        if refusal:
            raise OutputError(f"cannot write {path}: {refusal}")
        _replace_atomically(target, build, existing)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def save_export(path: Path, content: str | bytes) -> None:
    """`write_file`, its outcome kept for `take_export` instead of raised."""
    try:
        write_file(path, content)
        _EXPORTS[str(path)] = None
    except OutputError as error:
        _EXPORTS[str(path)] = error


def take_export(path: str) -> tuple[bool, OutputError | None]:
    """(whether the export was attempted, its failure if it failed)."""
    if path not in _EXPORTS:
        return False, None
    return True, _EXPORTS.pop(path)


def _write_stream(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_NOCTTY)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _replace_atomically(target: Path, data: bytes | Callable[[Path], None], existing: os.stat_result | None) -> None:
    """`data` written to a temporary file beside `target`, or a function that
    fills that file by its path, then renamed over `target`."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            if isinstance(data, bytes):
                _write_all(fd, data)
            else:
                data(Path(temp))
            if existing is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, existing.st_uid, existing.st_gid)
            os.fchmod(fd, existing.st_mode & 0o777 if existing is not None else 0o666 & ~_umask())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:  # an error, Ctrl-C, Terminated: nothing left behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def emit(stream: IO[str], chunks: str | Iterable[str]) -> None:
    """Write an answer, whole or piece by piece, then flush it. A stream that is
    not a Sink (a test's, an embedder's) gets the same error translation."""
    try:
        for chunk in (chunks,) if isinstance(chunks, str) else chunks:
            stream.write(chunk)
        stream.flush()
    except OSError as error:
        raise _failure(error, "standard output") from None


def report(stream: IO[str] | None, lines: Iterable[str], prefix: str = "gpudeal: ") -> None:
    """Lines for the user on stderr, each after `gpudeal: `, control characters
    shown as escapes. Best effort: with stderr closed, full or gone (None), the
    command's own outcome and exit status still stand."""
    from gpu_cli.text import visible

    if stream is None:
        return
    try:
        for line in lines:
            stream.write(f"{prefix}{visible(line)}\n")
        stream.flush()
    except (OSError, GpudealError):
        pass  # stderr is gone too; the exit status still says what happened


def discard() -> None:
    if isinstance(sys.stdout, Sink):
        sys.stdout.discard()


def finish(status: int, command: str | None = None) -> int:
    """Flush stdout at the end of a run; the status to exit with. A run that
    would exit 0 but did not write every byte (stdout or stderr) exits non-zero;
    a question (`command` in QUESTIONS) whose answer was not all written exits 2."""
    try:
        sys.stdout.flush()
    except GpudealError as error:
        report(sys.stderr, error.lines())
        failed = int(error.exit_status)
        status = status_for(command, failed) if command in QUESTIONS else status or failed
    if status == 0 and isinstance(sys.stderr, Sink) and sys.stderr.failure is not None:
        status = status_for(command, ExitStatus.FAILURE)
    return int(status)


def exit_status(code: object) -> int:
    """SystemExit's code as a number, as the interpreter would exit with it."""
    if code is None:
        return ExitStatus.OK
    return code if isinstance(code, int) else ExitStatus.FAILURE
