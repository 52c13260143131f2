"""Output that cannot be written, and interruptions: one line on stderr at
most, the right exit status, never a traceback. PYTHONUNBUFFERED is unset by
clean_env on purpose: buffering is what hides these bugs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gpu_cli.cli import app
from tests.conftest import clean_env


def test_closed_pipe_small_output(gpudeal_bin: str, tmp_path: Path) -> None:
    """The reader is gone before we write: still no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [gpudeal_bin, "rank", "--json"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
            cwd=tmp_path,
        )
    finally:
        os.close(write)
    assert result.returncode in (0, 141) and result.stderr == ""


def test_ctrl_c_exits_130_quietly(gpudeal_bin: str, big_facts: Path, tmp_path: Path) -> None:
    interrupted = 0
    for delay in (0.15, 0.4, 0.8):
        process = subprocess.Popen(
            [gpudeal_bin, "partners", "--facts", str(big_facts)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
            cwd=tmp_path,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        if process.returncode == 0:
            continue  # finished before the signal landed; a later delay cannot help, an earlier one did
        # 130 from our handler, or -SIGINT if it landed before Python set its handler (a shell shows 130 too).
        assert process.returncode in (130, -signal.SIGINT), err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert out == ""
        interrupted += 1
    assert interrupted, "every run finished before Ctrl-C landed"


def test_unexpected_error_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import gpu_cli.queries

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something odd")

    monkeypatch.setattr(gpu_cli.queries, "partner_records", boom)
    result = CliRunner().invoke(app, ["partners"], env={"GPUDEAL_DEBUG": ""})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "gpudeal: unexpected error: RuntimeError: something odd",
        "gpudeal: run again with GPUDEAL_DEBUG=1 for the full traceback",
    ]
    debug = CliRunner().invoke(app, ["partners"], env={"GPUDEAL_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)
