"""Start-up and scale benchmark for gpudeal, with a verdict on each target of issue 12.

Start-up cases are timed as ratios against a baseline measured in the same run,
alternating case and baseline, because these machines are shared and noisy.
The baseline is a bare Typer app with two commands (one prints `[]`), run by
the same interpreter. The scale table runs `partners --format jsonl` over
generated facts files (the shipped partners repeated with every field, fresh
ids) in YAML and in JSON, and reports the median wall time and the peak
memory (the child's own maximum resident set, from wait4) of each size.
Nothing is cached between runs; files go to a temporary folder removed at the end.

    python benchmarks/bench.py                 # everything, a few minutes
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

# name, arguments, limit (ratio to the floor), uses the copy of the facts as YAML
STARTUP = [
    ("partners --json", ["partners", "--json"], 1.20),
    ("partners (table, piped)", ["partners"], 1.40),
    ("--help", ["--help"], 1.10),
    ("completion (complete_bash)", [], 1.10),
    ("--facts copy.yaml partners --json", ["partners", "--json", "--facts", "{copy}"], 1.25),
    ("--facts copy.yaml partners (table)", ["partners", "--facts", "{copy}"], 1.45),
]
SIZES = (0, 1_000, 10_000, 100_000)  # 0: the shipped facts, as a file of each format


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


def paired(
    case: list[str], base: list[str], runs: int, env: dict[str, str], case_env: dict[str, str], cwd: Path
) -> tuple[float, float, float]:
    """Median wall times of case and baseline, run alternately after one warm-up
    each, and the ratio of their median CPU times (steadier on a busy machine)."""
    measure(case, case_env, cwd), measure(base, env, cwd)
    case_runs, base_runs = [], []
    for _ in range(runs):
        case_runs.append(measure(case, case_env, cwd))
        base_runs.append(measure(base, env, cwd))
    cpu = statistics.median(r[3] for r in case_runs) / statistics.median(r[3] for r in base_runs)
    return statistics.median(r[0] for r in case_runs), statistics.median(r[0] for r in base_runs), cpu


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
    if fmt == "json":
        partners = [
            dict(templates[i % len(templates)], id=f"partner-{i}", name=f"Partner {i}", relations=[])
            for i in range(count)
        ]
        return json.dumps({**shipped, "partners": partners}, ensure_ascii=False, indent=2) + "\n"
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


def write_generated(count: int, fmt: str, path: Path) -> None:
    """In a child process, so this one stays small: a child's peak memory as the
    kernel reports it includes what its parent held when it was started."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); from bench import generated, Path; "
    code += "Path(sys.argv[4]).write_text(generated(int(sys.argv[2]), sys.argv[3]), encoding='utf-8')"
    subprocess.run([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(count), fmt, str(path)], check=True)


def run(work: Path, runs: int, scale_runs: int, quick: bool) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("GPUDEAL_FACTS", "NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    (work / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
    floor = [sys.executable, str(work / "floor.py"), "partners"]
    gpudeal = gpudeal_command()
    shipped_text = (ROOT / "facts.yaml").read_text(encoding="utf-8")
    copy = work / "copy.yaml"
    copy.write_text(shipped_text, encoding="utf-8")
    completion = {**env, "_GPUDEAL_COMPLETE": "complete_bash", "COMP_WORDS": "gpudeal pa", "COMP_CWORD": "1"}
    verdicts: Verdicts = []

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, {runs} runs")
    print("\nstart-up: median wall time against a bare two-command Typer app, alternating")
    print(f"  {'case':36} {'median':>9} {'floor':>9} {'ratio':>7} {'cpu':>6} {'target':>7}  verdict")
    for name, args, limit in STARTUP:
        argv = [*gpudeal, *(a.replace("{copy}", str(copy)) for a in args)]
        case_env = completion if name.startswith("completion") else env
        case_t, base_t, cpu = paired(argv, floor, runs, env, case_env, work)
        ratio = case_t / base_t
        verdicts.append((f"start-up {name} ≤ {limit}×", ratio <= limit))
        print(
            f"  {name:36} {case_t * 1000:7.1f}ms {base_t * 1000:7.1f}ms {ratio:7.3f} {cpu:6.3f} {limit:7.2f}  "
            + ("met" if ratio <= limit else "MISSED")
        )
    print("  (verdict on the wall-time ratio; cpu: the ratio of median CPU times, user + system)")
    if not quick:
        scale(work, gpudeal, env, scale_runs, verdicts)
    missed = [name for name, ok in verdicts if not ok]
    print(f"\n{len(verdicts) - len(missed)} of {len(verdicts)} targets met")
    for name in missed:
        print(f"  MISSED: {name}")
    return 1 if missed else 0


Verdicts = list[tuple[str, bool]]


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
    print()
    checks = [
        ("10,000 partners, YAML -> jsonl < 1.5 s", wall["yaml", 10_000], 1.5, "s"),
        ("100,000 partners, JSON -> jsonl < 4 s", wall["json", 100_000], 4.0, "s"),
        ("100,000 partners, JSON -> jsonl peak memory < 700 MB", peak["json", 100_000], 700, "MB"),
    ]
    for fmt in ("yaml", "json"):
        growth = (wall[fmt, 10_000] - wall[fmt, 0]) / max(wall[fmt, 1_000] - wall[fmt, 0], 1e-9)
        checks.append((f"{fmt.upper()}: (t10k - t0) / (t1k - t0) <= 13", growth, 13, ""))
    for name, value, limit, unit in checks:
        ok = value < limit if unit else value <= limit
        verdicts.append((name, ok))
        print(f"  {name:56} {value:8.2f}{unit:2}  {'met' if ok else 'MISSED'}")


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
