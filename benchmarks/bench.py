"""Start-up and scale benchmark for gpudeal: every figure a ratio against a
reference run alternately with it, in the same process tree (issue 21).

- Start-up: each view against a bare two-command Typer app (one command prints
  `[]`), run by the same interpreter.
- The JSON job: `partners -f jsonl --facts` 100,000 partners in JSON against
  `jq -c '.partners[]'` on the same file.
- The YAML job: 10,000 partners in YAML against `yq -c '.partners[]'` (Debian's
  yq: PyYAML, then jq), or, where no yq is installed, a naive PyYAML loop
  (`yaml.load` with the C loader, `json.dumps` a partner a line).
- Scale: the median wall time and peak memory of each size, and how they grow.

Each ratio compares medians of the case and its reference run in turn, after one
warm-up each; the peak memory is the child's own maximum resident set (wait4).
Nothing is cached between runs; files go to a temporary folder removed at the end.

    python benchmarks/bench.py                 # everything, several minutes
    python benchmarks/bench.py --runs 31       # steadier start-up medians
    python benchmarks/bench.py --quick         # start-up only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent

FLOOR_APP = """
import typer

app = typer.Typer()


@app.command()
def partners() -> None:
    print("[]")


@app.command()
def rank() -> None:
    print("[]")


app()
"""

ARTICLE = ROOT.parent / "shared" / "source" / "000_79a6f3813e1da244.txt"

# name, arguments, limit (ratio to the floor); {copy}: the shipped facts as YAML, {article}: the article
STARTUP = [
    ("partners (table, piped)", ["partners"], 1.25),
    ("rank (table)", ["rank"], 1.25),
    ("check (table)", ["check"], 1.25),
    ("summary (table)", ["summary"], 1.25),
    ("show samsung (table)", ["show", "samsung"], 1.25),
    ("partners --json", ["partners", "--json"], 1.10),
    ("rank --json", ["rank", "--json"], 1.10),
    ("check --json", ["check", "--json"], 1.10),
    ("summary --json", ["summary", "--json"], 1.10),
    ("show samsung --json", ["show", "samsung", "--json"], 1.10),
    ("verify ARTICLE", ["verify", "{article}"], 1.35),
    ("--help", ["--help"], 1.05),
    ("completion (complete_bash)", [], 1.05),
    ("--facts copy.yaml partners --json", ["partners", "--json", "--facts", "{copy}"], 1.25),
]
SIZES = (0, 1_000, 10_000, 100_000)  # 0: the shipped facts, as a file of each format
HUGE = 1_000_000  # JSON only: refused up front by the size limit (see the README)
PEERS_RUNS = 3  # alternating runs of the JSON and YAML jobs and their references


def gpudeal_command() -> list[str]:
    script = Path(sys.executable).with_name("gpudeal")
    if not script.exists():
        sys.exit("bench: install gpudeal into this interpreter's environment first (pip install .)")
    return [str(script)]


def measure(argv: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int, float]:
    """Wall seconds, peak resident MB, exit status and CPU seconds (user + system) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


class Pair(NamedTuple):
    """A case and its reference run, alternately: median wall times, the ratio
    of median CPU times (steadier on a busy machine), highest peak memory (MB)."""

    case: float
    base: float
    cpu: float
    case_peak: float
    base_peak: float
    failed: bool  # the case exited non-zero at least once

    @property
    def ratio(self) -> float:
        return self.case / self.base

    @property
    def peak_ratio(self) -> float:
        return self.case_peak / self.base_peak


def paired(
    case: list[str],
    base: list[str],
    runs: int,
    env: dict[str, str],
    case_env: dict[str, str],
    cwd: Path,
    warm_up: bool = True,
) -> Pair:
    """The case and its reference run alternately, after one warm-up each."""
    if warm_up:
        measure(case, case_env, cwd), measure(base, env, cwd)
    case_runs, base_runs = [], []
    for _ in range(runs):
        case_runs.append(measure(case, case_env, cwd))
        base_runs.append(measure(base, env, cwd))
    return Pair(
        statistics.median(r[0] for r in case_runs),
        statistics.median(r[0] for r in base_runs),
        statistics.median(r[3] for r in case_runs) / statistics.median(r[3] for r in base_runs),
        max(r[1] for r in case_runs),
        max(r[1] for r in base_runs),
        any(r[2] != 0 for r in case_runs),
    )


def generated(count: int, fmt: str) -> str:
    """The shipped facts with `count` partners like the shipped ones (every field
    kept, fresh ids and names, no relations: they would point at the wrong ids);
    `count` 0 is the shipped facts themselves."""
    import yaml

    text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    shipped = yaml.safe_load(text)
    if count == 0:
        return text if fmt == "yaml" else json.dumps(shipped, ensure_ascii=False, indent=2) + "\n"
    templates = shipped["partners"]
    shipped["deal"].pop("collaborators", None)  # it names the shipped ids, which are renamed here
    shipped.pop("reports", None)  # so do the other sources' reports
    if fmt == "json":
        return "".join(json_pieces(shipped, templates, count))
    # YAML: each template written once by PyYAML, then repeated with its id and name.
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    blocks = [
        yaml.dump([dict(t, id="@ID@", name="@NAME@", relations=[])], Dumper=dumper, allow_unicode=True, sort_keys=False)
        for t in templates
    ]
    head = yaml.dump({k: v for k, v in shipped.items() if k != "partners"}, Dumper=dumper, allow_unicode=True)
    body = "".join(
        blocks[i % len(blocks)].replace("@ID@", f"partner-{i}").replace("@NAME@", f"Partner {i}") for i in range(count)
    )
    return head + "partners:\n" + body


def json_pieces(shipped: dict[str, Any], templates: list[dict[str, Any]], count: int) -> Iterator[str]:
    """The text of `json.dumps(facts, indent=2)` with `count` partners, in pieces:
    a million partners are written without being held."""
    marker = "@PARTNERS@"
    head, tail = json.dumps({**shipped, "partners": [marker]}, ensure_ascii=False, indent=2).split(f'"{marker}"')
    yield head
    for i in range(count):
        partner = dict(templates[i % len(templates)], id=f"partner-{i}", name=f"Partner {i}", relations=[])
        yield ("" if i == 0 else ",\n    ") + json.dumps(partner, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    yield tail + "\n"


def write_generated(count: int, fmt: str, path: Path) -> None:
    """In a child process, so this one stays small: a child's peak memory as the
    kernel reports it includes what its parent held when it was started."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); from bench import write_here; write_here(*sys.argv[2:])"
    subprocess.run([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(count), fmt, str(path)], check=True)


def write_here(count: str, fmt: str, path: str) -> None:
    """`generated`, written as it is made (JSON) so that a large file is never held."""
    if fmt != "json" or int(count) == 0:
        Path(path).write_text(generated(int(count), fmt), encoding="utf-8")
        return
    import yaml

    shipped = yaml.safe_load((ROOT / "facts.yaml").read_text(encoding="utf-8"))
    shipped["deal"].pop("collaborators", None)
    shipped.pop("reports", None)
    with open(path, "w", encoding="utf-8") as out:
        for piece in json_pieces(shipped, shipped["partners"], int(count)):
            out.write(piece)


def run(work: Path, runs: int, scale_runs: int, quick: bool) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("GPUDEAL_FACTS", "NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    (work / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
    floor = [sys.executable, str(work / "floor.py"), "partners"]
    gpudeal = gpudeal_command()
    copy = work / "copy.yaml"
    copy.write_text((ROOT / "facts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    completion = {**env, "_GPUDEAL_COMPLETE": "complete_bash", "COMP_WORDS": "gpudeal pa", "COMP_CWORD": "1"}
    verdicts: Verdicts = []

    load = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {runs} runs")
    print(f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
    print("\nstart-up: median wall time against a bare two-command Typer app, alternating")
    columns = ("median", 9), ("floor", 9), ("ratio", 7), ("cpu", 6), ("peak", 6), ("floor", 6), ("target", 7)
    print(f"  {'case':36} " + " ".join(f"{name:>{width}}" for name, width in columns) + "  verdict")
    for name, args, limit in STARTUP:
        if "{article}" in args and not ARTICLE.is_file():
            print(f"  {name:36} skipped: no article at {ARTICLE}")
            continue
        argv = [*gpudeal, *(a.replace("{copy}", str(copy)).replace("{article}", str(ARTICLE)) for a in args)]
        pair = paired(argv, floor, runs, env, completion if name.startswith("completion") else env, work)
        ok = pair.ratio <= limit and not (pair.failed and not name.startswith("verify"))
        verdicts.append((f"start-up {name} ≤ {limit}×", ok))
        print(
            f"  {name:36} {pair.case * 1000:7.1f}ms {pair.base * 1000:7.1f}ms {pair.ratio:7.3f} {pair.cpu:6.3f} "
            f"{pair.case_peak:4.0f}MB {pair.base_peak:4.0f}MB {limit:7.2f}  " + ("met" if ok else "MISSED")
        )
    print("  (verdict on the wall-time ratio; cpu: the ratio of median CPU times, user + system; peak: resident)")
    if not quick:
        peers(work, gpudeal, env, verdicts)
        scale(work, gpudeal, env, scale_runs, verdicts)
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    missed = [name for name, ok in verdicts if not ok]
    print(f"{len(verdicts) - len(missed)} of {len(verdicts)} targets met")
    for name in missed:
        print(f"  MISSED: {name}")
    return 1 if missed else 0


Verdicts = list[tuple[str, bool]]

NAIVE_YAML = """
import json, sys, yaml
data = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
out = sys.stdout
for partner in data["partners"]:
    out.write(json.dumps(partner, ensure_ascii=False, separators=(",", ":")) + "\\n")
"""


def peers(work: Path, gpudeal: list[str], env: dict[str, str], verdicts: Verdicts) -> None:
    """The JSON and YAML jobs against the tools people would use instead."""
    print(f"\npeers: partners -f jsonl --facts FILE against a reference, alternating, {PEERS_RUNS} runs each")
    print(f"  {'job':38} {'gpudeal':>8} {'ref':>8} {'ratio':>6} {'peak':>7} {'ref':>7} {'ratio':>6}  verdict")
    jobs: list[tuple[str, str, int, list[str], float, float]] = []
    jq = shutil.which("jq")
    if jq:
        jobs.append(("100,000 JSON vs jq -c '.partners[]'", "json", 100_000, [jq, "-c", ".partners[]"], 1.0, 1.0))
    else:
        print("  JSON job skipped: no jq on PATH (apt-get install jq)")
    yq = shutil.which("yq")
    (work / "naive.py").write_text(NAIVE_YAML, encoding="utf-8")
    if yq:
        jobs.append(("10,000 YAML vs yq -c '.partners[]'", "yaml", 10_000, [yq, "-c", ".partners[]"], 1.0, 0))
    else:
        print("  no yq on PATH (apt-get install yq): the YAML job runs against a naive PyYAML loop")
        naive = [sys.executable, str(work / "naive.py")]
        jobs.append(("10,000 YAML vs a naive PyYAML loop", "yaml", 10_000, naive, 1.0, 0))
    for name, fmt, count, reference, limit, peak_limit in jobs:
        path = work / f"peer-{count}.{fmt}"
        write_generated(count, fmt, path)
        case = [*gpudeal, "partners", "-f", "jsonl", "--facts", str(path)]
        pair = paired(case, [*reference, str(path)], PEERS_RUNS, env, env, work, warm_up=False)
        path.unlink()
        ok = pair.ratio <= limit and not pair.failed
        verdicts.append((f"{name}: wall ≤ {limit}×", ok))
        if peak_limit:
            verdicts.append((f"{name}: peak memory ≤ {peak_limit}×", pair.peak_ratio <= peak_limit))
            ok = ok and pair.peak_ratio <= peak_limit
        print(
            f"  {name:38} {pair.case:7.2f}s {pair.base:7.2f}s {pair.ratio:6.2f} {pair.case_peak:5.0f}MB "
            f"{pair.base_peak:5.0f}MB {pair.peak_ratio:6.2f}  " + ("met" if ok else "MISSED")
        )
    print(
        "  (targets: the JSON job ≤ 1.0× jq in wall time and in peak memory; the YAML job ≤ 1.0× its reference"
        " in wall time)"
    )


def scale(work: Path, gpudeal: list[str], env: dict[str, str], scale_runs: int, verdicts: Verdicts) -> None:
    print("\nscale: partners --format jsonl --facts FILE (median wall, highest peak memory)")
    print(f"  {'partners':>9} {'format':>6} {'size':>9} {'wall':>8} {'peak':>8}  runs")
    wall: dict[tuple[str, int], float] = {}
    peak: dict[tuple[str, int], float] = {}
    for fmt in ("yaml", "json"):
        for count in SIZES:
            path = work / f"facts-{count}.{fmt}"
            write_generated(count, fmt, path)
            argv = [*gpudeal, "partners", "-f", "jsonl", "--facts", str(path)]
            # The growth ratio divides by t1k - t0, some 30 ms: the small files, cheap to
            # run, get four times the runs so that their medians do not decide it by noise.
            small, large = count <= 1_000, count >= 100_000
            times = max(1, scale_runs * 4 if small else (scale_runs + 1) // 2 if large else scale_runs)
            results = [measure(argv, env, work) for _ in range(times)]
            if any(r[2] != 0 for r in results):
                verdicts.append((f"{count:,} partners as {fmt} exit 0", False))
            wall[fmt, count] = statistics.median(r[0] for r in results)
            peak[fmt, count] = max(r[1] for r in results)
            size = path.stat().st_size / 1e6
            label = f"{count:,}" if count else "shipped"
            print(f"  {label:>9} {fmt:>6} {size:7.2f}MB {wall[fmt, count]:7.3f}s {peak[fmt, count]:6.0f}MB  {times}")
            path.unlink()
    huge = work / f"facts-{HUGE}.json"
    write_generated(HUGE, "json", huge)
    argv = [*gpudeal, "partners", "-f", "jsonl", "--facts", str(huge)]
    refused = [measure(argv, env, work) for _ in range(3)]
    size = huge.stat().st_size / 1e6
    huge.unlink()
    refused_wall, refused_peak = statistics.median(r[0] for r in refused), max(r[1] for r in refused)
    print(f"  {HUGE:>9,} {'json':>6} {size:7.2f}MB {refused_wall:7.3f}s {refused_peak:6.0f}MB  3  refused (size limit)")
    print()
    checks = [
        ("1,000,000 partners JSON refused up front: exit 1", float(all(r[2] == 1 for r in refused)), 1, "="),
        ("1,000,000 refused: wall / shipped JSON's wall", refused_wall / wall["json", 0], 1.5, "x"),
        ("1,000,000 refused: peak / shipped JSON's peak", refused_peak / peak["json", 0], 1.5, "x"),
    ]
    for fmt in ("yaml", "json"):
        growth = (wall[fmt, 10_000] - wall[fmt, 0]) / max(wall[fmt, 1_000] - wall[fmt, 0], 1e-9)
        checks.append((f"{fmt.upper()}: (t10k - t0) / (t1k - t0) <= 13", growth, 13, "x"))
    growth = (wall["json", 100_000] - wall["json", 0]) / max(wall["json", 10_000] - wall["json", 0], 1e-9)
    checks.append(("JSON: (t100k - t0) / (t10k - t0) <= 11", growth, 11, "x"))
    for name, value, limit, kind in checks:
        ok = value == limit if kind == "=" else value <= limit
        verdicts.append((name, ok))
        print(f"  {name:56} {value:8.2f}  {'met' if ok else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="timed runs per start-up case (default 21)")
    parser.add_argument(
        "--scale-runs", type=int, default=5, help="timed runs per scale case (default 5; 20 up to 1k, 3 at 100k)"
    )
    parser.add_argument("--quick", action="store_true", help="start-up cases only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gpudeal-bench-"))
    try:
        return run(work, args.runs, args.scale_runs, args.quick)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
