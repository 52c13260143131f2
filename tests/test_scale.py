"""How gpudeal meets files far larger than a story's: one over the size limit is
refused up front, from its size alone, before any of it is read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from gpu_cli.loader import MAX_BYTES
from tests.conftest import clean_env


def test_a_file_over_the_limit_is_refused_before_it_is_read(gpudeal_bin: str, tmp_path: Path) -> None:
    path = tmp_path / "million.json"
    with open(path, "wb") as handle:
        handle.truncate(8 * MAX_BYTES)  # sparse: the size of a million partners, on no disk
    out, err = tmp_path / "out", tmp_path / "err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(
            [gpudeal_bin, "partners", "-f", "jsonl", "--facts", str(path)],
            stdout=stdout,
            stderr=stderr,
            env=clean_env(),
        )
        _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1 and out.read_bytes() == b""
    assert err.read_text() == f"gpudeal: invalid facts file {path}: larger than the 64 MiB limit\n"
    # Reading up to the limit first would take 64 MiB more than a start-up's own memory.
    assert usage.ru_maxrss * 1024 < MAX_BYTES
