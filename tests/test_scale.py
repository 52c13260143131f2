"""How gpudeal meets files far larger than a story's: one over the size limit is
refused up front, from its size alone, before any of it is read."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from gpu_cli.loader import MAX_BYTES
from tests.conftest import clean_env


def test_a_file_over_the_limit_is_refused_before_it_is_read(gpudeal_bin: str, tmp_path: Path) -> None:
    path = tmp_path / "million.json"
    with open(path, "wb") as handle:
        handle.truncate(8 * MAX_BYTES)  # sparse: the size of a million partners, on no disk
    # Run through a small interpreter of its own: a child forked straight from this
    # test's process would count the test process's memory in its peak (ru_maxrss).
    probe = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.stdout.write(repr((r.returncode, r.stdout, r.stderr.decode(), "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, gpudeal_bin, "partners", "-f", "jsonl", "--facts", str(path)],
        capture_output=True, text=True, env=clean_env(), check=True,
    )  # fmt: skip
    status, out, err, peak_kib = ast.literal_eval(run.stdout)
    assert status == 1 and out == b""
    assert err == f"gpudeal: invalid facts file {path}: larger than the 64 MiB limit\n"
    # Reading up to the limit first would take 64 MiB more than a start-up's own memory.
    assert peak_kib * 1024 < MAX_BYTES
