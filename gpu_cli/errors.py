"""Every way gpudeal can fail, and the exit status each one maps to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILURE = 1  # unusable facts, nothing matched, a failed check, unwritable output
    USAGE = 2  # Click's own usage errors
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader closed the pipe (128 + SIGPIPE), as a shell reports it


class GpudealError(Exception):
    """An error the user can cause and fix: printed as a message, never a traceback."""

    exit_status = ExitStatus.FAILURE

    def lines(self) -> list[str]:
        return [str(self)]


class FileError(GpudealError):
    """A file the user named is unusable. Carries every problem found, not just the
    first: `problems` are the ones to show, `more` how many more were found but not
    kept (a generated file can have one per partner)."""

    def __init__(self, path: str, problems: list[str], excerpt: list[str] | None = None, more: int = 0) -> None:
        super().__init__(f"{path}: {problems[0] if problems else 'unusable'}")
        self.path = path
        self.problems = problems
        self.excerpt = excerpt or []  # the offending lines of the file, with a caret under the place
        self.more = more
        self.named_by: str | None = None  # where the path came from, when the user did not type it


class FactsError(FileError):
    """The facts file is unusable."""

    def lines(self) -> list[str]:
        where = self.path + (f" (named by {self.named_by})" if self.named_by else "")
        total = len(self.problems) + self.more
        if total == 1:
            return [f"invalid facts file {where}: {self.problems[0]}", *self.excerpt]
        head = f"invalid facts file {where}: {total:,} problems"
        tail = [f"  … and {self.more:,} more problem{'s' if self.more > 1 else ''}"] if self.more else []
        return [head, *(f"  {problem}" for problem in self.problems), *tail, *self.excerpt]


class SourceError(FileError):
    """The source text given to `gpudeal verify` cannot be read."""

    def lines(self) -> list[str]:
        where = "from standard input" if self.path in ("-", "<stdin>") else self.path
        return [f"cannot read the source {where}: {'; '.join(self.problems)}"]


class ReadError(ValueError):
    """A reader's refusal of a facts file's text, with its place ("line 3, column 5:
    duplicate key 'gpus'") and, where the reader has it, the offending line with
    a caret. Never reaches the user as such: the loader turns it into a
    FactsError naming the file."""

    def __init__(self, message: str, excerpt: list[str] | None = None) -> None:
        super().__init__(message)
        self.excerpt = excerpt or []


class NotFoundError(GpudealError):
    """The thing asked for is not in the facts."""


class UsageError(GpudealError):
    """A value only gpudeal can judge (a field name, a format for this view)."""

    exit_status = ExitStatus.USAGE


class OutputError(GpudealError):
    """stdout or an export file could not be written."""


class PipeClosed(GpudealError):
    """The reader went away (`| head -1`): not an error worth a message."""

    exit_status = ExitStatus.BROKEN_PIPE

    def lines(self) -> list[str]:
        return []


class DiffTrouble(GpudealError):
    """A file `diff` cannot compare. As with diff(1), trouble is 2, since 1 means "different"."""

    exit_status = ExitStatus.USAGE

    def __init__(self, cause: GpudealError) -> None:
        super().__init__(str(cause))
        self.cause = cause

    def lines(self) -> list[str]:
        return self.cause.lines()
