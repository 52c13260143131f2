"""gpudeal export FILE.db: read back with sqlite3 and served by a real
Datasette (started on 127.0.0.1 by the test, on a free port, stopped by it)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.conftest import Run, clean_env


def test_every_number_keeps_its_qualifier_and_range(gpudeal_process: Run, tmp_path: Path) -> None:
    result = gpudeal_process("export", "deal.db")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "gpudeal: wrote deal.db\ngpudeal: wrote deal.db.metadata.json\n" and result.stdout == ""
    db = sqlite3.connect(tmp_path / "deal.db")
    rows = db.execute("select id, gpus, gpus_qualifier, gpus_low, gpus_high, gpus_low_included, gpus_high_included"
                      " from partners order by rowid").fetchall()  # fmt: skip
    assert rows[0] == ("ministry-science-ict", 50000, "more_than", 50001, None, 1, None)  # > 50,000: open above
    assert rows[2] == ("sk-group", None, None, None, None, None, None)  # not stated: null, never 0
    assert ("hyundai-motor-group", 50000, "exactly", 50000, 50000, 1, 1) in rows
    assert db.execute("select gpus, gpus_low, gpus_high from ranking where country = 'United States'").fetchone() == (
        20000000,
        15000000,
        25000000,
    )  # about: its width
    assert db.execute("select qualifier, high from derived where id = 'stock_before'").fetchone() == ("at_most", 39999)
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"partners", "ranking", "derived", "checks", "check_premises", "premises", "excerpts", "sources",
            "reports", "corroborations"} <= tables  # fmt: skip
    keys = {(row[2], row[3], row[4]) for row in db.execute("pragma foreign_key_list(reports)")}
    assert {("sources", "source", "id"), ("excerpts", "fact", "fact"), ("derived", "derived_id", "id")} <= keys
    assert db.execute("pragma foreign_key_check").fetchall() == []  # every reference lands
    premises = db.execute("select premise_id from check_premises join checks on checks.id = check_id"
                          " where checks.id = 'stock_before'").fetchall()  # fmt: skip
    assert ("total-includes-supply",) in premises
    assert db.execute("select count(*) from reports").fetchone()[0] > 20
    joints = {
        row[0]: row[1:]
        for row in db.execute(
            "select fact, joint, joint_low, joint_low_included, joint_high, joint_high_included from corroborations"
        )
    }
    assert joints["deal.inventory_growth.factor"] == ("> ×4", 4, 0, None, None)  # more than 4: 4 itself excluded
    assert joints["partners[naver-cloud].gpus"] == ("60,000", 60000, 1, 60000, 1)
    assert joints["deal.gpus"] == ("none", None, None, None, None)  # a conflict has no joint range
    columns = json.loads((tmp_path / "deal.db.metadata.json").read_text(encoding="utf-8"))["databases"]["deal"]
    described = columns["tables"]["corroborations"]["columns"]
    assert "joint_low itself" in described["joint_low_included"] and "joint_high" in described["joint_high_included"]


def test_a_file_that_is_not_ours_is_never_overwritten(gpudeal: Run, tmp_path: Path) -> None:
    (tmp_path / "mine.db").write_text("my notes\n")
    for args in (("export", "mine.db"), ("export", "mine.db", "--replace")):
        result = gpudeal(*args)
        assert result.returncode == 1 and result.stdout == ""
        assert (
            result.stderr
            == "gpudeal: cannot write mine.db: it exists and is not a database gpudeal wrote; it is left as it is\n"
        )
    assert (tmp_path / "mine.db").read_text() == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.db"]  # nothing left behind


def test_our_database_is_rebuilt_only_with_replace(gpudeal: Run, tmp_path: Path) -> None:
    assert gpudeal("export", "d.db").returncode == 0
    result = gpudeal("export", "d.db")
    assert result.returncode == 1 and "cannot write d.db.metadata.json" not in result.stderr
    assert "it exists; use --replace to rebuild it" in result.stderr
    assert gpudeal("export", "d.db", "--replace").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.db", "d.db.metadata.json"]


def test_each_database_has_its_own_metadata(gpudeal: Run, tmp_path: Path) -> None:
    for name in ("deal.db", "deal.sqlite"):  # one stem, two files: neither is refused for the other's metadata
        result = gpudeal("export", name)
        assert (result.returncode, result.stderr) == (
            0,
            f"gpudeal: wrote {name}\ngpudeal: wrote {name}.metadata.json\n",
        )
    names = ["deal.db", "deal.db.metadata.json", "deal.sqlite", "deal.sqlite.metadata.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    result = gpudeal("export", "deal.db")  # a refusal names the database, not its metadata
    assert result.stderr == "gpudeal: cannot write deal.db: it exists; use --replace to rebuild it\n"
    (tmp_path / "deal.db").unlink()
    result = gpudeal("export", "deal.db")  # the metadata alone is still ours: refused without --replace
    assert result.stderr == "gpudeal: cannot write deal.db.metadata.json: it exists; use --replace to rebuild it\n"
    assert not (tmp_path / "deal.db").exists() and len(list(tmp_path.iterdir())) == 3  # nothing half-done


def test_export_usage_and_output_errors(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("export", "deal")
    assert result.returncode == 2
    assert result.stderr.startswith("gpudeal: error: gpudeal export needs a file ending in .db, .sqlite, .sqlite3")
    (tmp_path / "dir.db").mkdir()
    assert gpudeal("export", "dir.db").stderr == "gpudeal: cannot write dir.db: is a directory\n"
    result = gpudeal("export", "none/d.db")
    assert result.returncode == 1 and result.stderr == "gpudeal: cannot write none/d.db: No such file or directory\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def test_datasette_serves_it_with_its_metadata(gpudeal: Run, tmp_path: Path) -> None:
    assert gpudeal("export", "deal.db").returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(tmp_path / "deal.db"), "--metadata",
         str(tmp_path / "deal.db.metadata.json"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env(),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "datasette did not start within 20 s"
                time.sleep(0.2)
        rows = _get(f"{base}/deal/partners.json?_shape=array&id=samsung")
        assert rows[0]["gpus"] == 50000 and rows[0]["gpus_qualifier"] == "more_than" and rows[0]["gpus_low"] == 50001
        meta = _get(f"{base}/-/metadata.json")
        assert meta["title"].startswith("Nvidia") and meta["license"] and meta["source_url"].startswith("https://")
        columns = meta["databases"]["deal"]["tables"]["partners"]["columns"]
        assert "open-ended" in columns["gpus_high"] and "count" in columns["gpus"]
        query = _get(f"{base}/deal.json?_shape=array&sql=select+count(*)+as+n+from+reports+where+qualifier='at_most'")
        assert query[0]["n"] >= 2
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_derived_rows_read_as_check_json_does(gpudeal: Run, tmp_path: Path) -> None:
    """Each derived number's value is the end its qualifier names, as in `check --json`."""
    assert gpudeal("export", str(tmp_path / "d.db")).returncode == 0
    rows = sqlite3.connect(tmp_path / "d.db").execute("select id, value, qualifier from derived").fetchall()
    records = json.loads(gpudeal("check", "--json").stdout)
    expected = {d["id"]: (d["value"], d["qualifier"]) for r in records for d in r["derived"]}
    assert {row[0]: (row[1], row[2]) for row in rows} == expected
    assert dict((row[0], row[1]) for row in rows)["remainder"] == 139_999
