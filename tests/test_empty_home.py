"""An empty HOME is not `/`: `--install-completion` with no usable home
refuses in one line and writes nothing. Run in a throwaway root: a
sitecustomize hook refuses (and records) every write outside a temporary
folder, so even a regression cannot touch the real `/`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import clean_env

GUARD = """
import builtins, io, os
_root = os.path.realpath(os.environ["GUARD_ROOT"])
_log = os.environ["GUARD_LOG"]
def _check(path, writing):
    if writing and not os.path.realpath(os.fspath(path)).startswith(_root + os.sep):
        with _open(_log, "a") as log:
            log.write(f"{path}\\n")
        raise PermissionError(13, "refused by the test's guard", os.fspath(path))
_open, _os_open, _mkdir = builtins.open, os.open, os.mkdir
def open(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, bytes, os.PathLike)):
        _check(file, any(c in mode for c in "wax+"))
    return _open(file, mode, *args, **kwargs)
def os_open(path, flags, *args, **kwargs):
    _check(path, flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
    return _os_open(path, flags, *args, **kwargs)
def mkdir(path, *args, **kwargs):
    _check(path, True)
    return _mkdir(path, *args, **kwargs)
builtins.open, io.open, os.open, os.mkdir = open, open, os_open, mkdir  # pathlib opens by io.open
"""


@pytest.fixture
def guarded(gpudeal_bin: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    log = tmp_path / "refused.log"

    def run(home: str | None, shell: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
        env = clean_env(PYTHONPATH=str(hooks), GUARD_ROOT=str(root), GUARD_LOG=str(log), SHELL=f"/bin/{shell}")
        env.pop("HOME", None)
        if home is not None:
            env["HOME"] = home
        result = subprocess.run(
            [gpudeal_bin, "--install-completion", shell], capture_output=True, text=True, cwd=root, env=env, timeout=60
        )
        return result, log.read_text(encoding="utf-8").split("\n")[:-1] if log.exists() else []

    return run, root


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("home", ["", None, "relative/home", "/"])
def test_no_usable_home_is_refused_and_nothing_written(guarded, shell: str, home: str | None) -> None:  # type: ignore[no-untyped-def]
    run, root = guarded
    result, refused = run(home, shell)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("gpudeal: cannot install completion: $HOME")
    assert refused == [] and list(root.iterdir()) == []  # nothing attempted, nothing written
    assert "Traceback" not in result.stderr


def test_a_real_home_gets_the_completion(guarded) -> None:  # type: ignore[no-untyped-def]
    run, root = guarded
    home = root / "home"
    home.mkdir()
    result, refused = run(str(home), "bash")
    assert result.returncode == 0 and refused == [], result.stderr
    assert "gpudeal" in (home / ".bashrc").read_text(encoding="utf-8")
