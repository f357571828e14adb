"""Benchmark: the whole workflow from a clean clone and the mirror, as a user runs it.

Usage::

    python benchmarks/bench_pipeline.py [--cores 2] [--mirror DIR] [--quick | --skip-200 --skip-1000]
                                        [--skip-change] [--cow] [--keep] [--json out.json]

Clones the committed state of this checkout (``git clone``: uncommitted changes are not
measured, a warning says so) into a temporary folder and runs there, in order:

1. ``full``: the default target (``snakemake --cores N``): fetch from the mirror, clean, panels,
   every named and grid fit, tables, figures, report;
2. ``noop``: the same command again, with nothing to do;
3. ``change``: one key changed in ``models.defaults`` (``drop_ongoing: false``, an overlay
   configfile): every fit and the report rerun, nothing upstream;
4. ``grid200``: ``snakemake grid`` with ``config/multiverse.yaml`` (200 specifications);
5. ``grid1000``: ``snakemake grid`` with a generated 1,000-specification multiverse (the 200
   crossed with five control sets).

Each step is one Snakemake process, timed from start to exit (its start-up included). Memory:
``peak RSS, one process`` is the largest resident set of any single process of the step (from
``wait4``: Snakemake and every job it ran); ``peak RSS, all`` is the largest sum over the
step's processes alive at once, sampled every 0.1 s with psutil (what the machine must hold).
CPU is user + system time of all the step's processes. The rules run the clone's package
(``PYTHONPATH=<clone>/src``) in the current Python environment. Targets are those of issue 13
(2 cores). Not a test: the numbers depend on the machine and its load (printed with them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = {"full": 45.0, "noop": 3.0, "grid200": 60.0, "grid1000": 300.0}
TARGET_PEAK_MB = 2048.0
ONE_KEY_CHANGE = {"models": {"defaults": {"drop_ongoing": False}}}
ONE_KEY_LABEL = "models.defaults.drop_ongoing: false"
# Five control sets: the default and four leave-one-out sets (multiverse x 5 = 1,000 specs).
CONTROL_SETS = [
    ["contig_any", "cap_ratio_log", "major_either", "joint_democracy"],
    ["cap_ratio_log", "major_either", "joint_democracy"],
    ["contig_any", "major_either", "joint_democracy"],
    ["contig_any", "cap_ratio_log", "joint_democracy"],
    ["contig_any", "cap_ratio_log", "major_either"],
]


@dataclass
class Step:
    name: str
    what: str
    seconds: float
    cpu_seconds: float
    peak_rss_one_mb: float
    peak_rss_all_mb: float
    returncode: int
    jobs_run: int | None


def _default_mirror() -> Path:
    env = os.environ.get("ALLIANCEWAR_MIRROR")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def measure(name: str, what: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> Step:
    """Run ``cmd`` to its end; wall and CPU time, peak RSS of one process and of all at once."""
    peak_all = 0
    done = threading.Event()
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        ps = psutil.Process(proc.pid)

        def sample() -> None:
            nonlocal peak_all
            while not done.is_set():
                try:
                    peak_all = max(peak_all, _tree_rss(ps))
                except psutil.NoSuchProcess:
                    return
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    jobs = text.count("Finished jobid:") if "Nothing to be done" not in text else 0
    return Step(name, what, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                peak_all / 2**20, proc.returncode, jobs)


def clone(dest: Path) -> str:
    """``git clone`` this checkout into ``dest``; return the commit (and warn about local edits)."""
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=True).stdout.strip()
    if dirty:
        print("warning: uncommitted changes in the checkout are not benchmarked (git clone takes HEAD)",
              file=sys.stderr)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    return subprocess.run(["git", "-C", str(dest), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()


def write_configs(repo: Path) -> dict[str, Path]:
    """The overlay configfiles: the one-key change and the 1,000-specification multiverse."""
    change = repo / "bench_one_key_change.yaml"
    change.write_text(yaml.safe_dump(ONE_KEY_CHANGE), encoding="utf-8")
    multiverse = yaml.safe_load((repo / "config" / "multiverse.yaml").read_text(encoding="utf-8"))
    multiverse["models"]["grid"]["vary"]["controls"] = CONTROL_SETS
    big = repo / "bench_multiverse_1000.yaml"
    big.write_text(yaml.safe_dump(multiverse, sort_keys=False), encoding="utf-8")
    return {"change": change, "grid1000": big}


def n_specs(configfile: Path) -> int:
    vary = yaml.safe_load(configfile.read_text(encoding="utf-8"))["models"]["grid"]["vary"]
    n = 1
    for values in vary.values():
        n *= len(values)
    return n


def table(steps: list[Step]) -> str:
    head = ("step", "what", "wall s", "target s", "CPU s", "peak RSS one MB", "peak RSS all MB", "jobs", "ok")
    rows = []
    for s in steps:
        target = TARGET_S.get(s.name)
        meets = s.returncode == 0 and (target is None or s.seconds <= target) and s.peak_rss_all_mb <= TARGET_PEAK_MB
        rows.append((s.name, s.what, f"{s.seconds:.1f}", f"{target:.0f}" if target else "-", f"{s.cpu_seconds:.1f}",
                     f"{s.peak_rss_one_mb:.0f}", f"{s.peak_rss_all_mb:.0f}", str(s.jobs_run),
                     ("yes" if meets else "NO") if s.returncode == 0 else f"FAILED ({s.returncode})"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--mirror", type=Path, default=_default_mirror())
    parser.add_argument("--cow", action="store_true", help="also use COW alliances (<mirror>/cow_alliances_v4.1)")
    parser.add_argument("--quick", action="store_true", help="skip both grids (full, no-op and change only)")
    parser.add_argument("--skip-change", action="store_true")
    parser.add_argument("--skip-200", action="store_true")
    parser.add_argument("--skip-1000", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone (its path is printed)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not (args.mirror / "MANIFEST.md").is_file():
        parser.error(f"--mirror {args.mirror}: not a mirror (no MANIFEST.md); set it or ALLIANCEWAR_MIRROR")

    tmp = Path(tempfile.mkdtemp(prefix="alliancewar-bench-"))
    repo = tmp / "alliancewar"
    commit = clone(repo)
    extra = write_configs(repo)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(repo / "src"), os.environ.get("PYTHONPATH", "")]),
               ALLIANCEWAR_MIRROR=str(args.mirror), MPLBACKEND="Agg")
    config = [f"mirror={args.mirror}"] + ([f"cow_alliances_dir={args.mirror / 'cow_alliances_v4.1'}"] if args.cow else [])
    base = [sys.executable, "-m", "snakemake", "--cores", str(args.cores)]
    main_cfg = ["--configfile", "config/config.yaml"]
    plan = [("full", "default target, clean clone", [*base, "--config", *config]),
            ("noop", "default target again", [*base, "--config", *config])]
    if not args.skip_change:
        plan.append(("change", ONE_KEY_LABEL, [*base, *main_cfg, str(extra["change"]), "--config", *config]))
    if not (args.quick or args.skip_200):
        mv = repo / "config" / "multiverse.yaml"
        plan.append(("grid200", f"grid target, {n_specs(mv)} specs", [*base, "grid", *main_cfg, str(mv), "--config", *config]))
    if not (args.quick or args.skip_1000):
        plan.append(("grid1000", f"grid target, {n_specs(extra['grid1000'])} specs",
                     [*base, "grid", *main_cfg, str(extra["grid1000"]), "--config", *config]))

    load = os.getloadavg()
    print(f"alliancewar {commit} in {repo}; {args.cores} cores; {psutil.cpu_count()} CPUs, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB; load before: {load[0]:.2f}; mirror {args.mirror}")
    steps = []
    for name, what, cmd in plan:
        step = measure(name, what, cmd, repo, env, tmp / f"{name}.log")
        steps.append(step)
        print(f"  {name}: {step.seconds:.1f} s (exit {step.returncode}; log {tmp / f'{name}.log'})", flush=True)
        if step.returncode != 0:
            print((tmp / f"{name}.log").read_text()[-3000:], file=sys.stderr)
            break
    print()
    print(table(steps))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}; peak memory target {TARGET_PEAK_MB:.0f} MB (all processes)")
    if args.json:
        args.json.write_text(json.dumps({"commit": commit, "cores": args.cores, "host": platform.node(),
                                         "steps": [asdict(s) for s in steps]}, indent=2) + "\n")
    failed = any(s.returncode != 0 for s in steps)
    if args.keep or failed:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, onerror=_writable_and_retry)  # onexc needs Python 3.12
    sys.exit(1 if failed else 0)


def _writable_and_retry(func, path: str, _exc_info: object) -> None:
    """rmtree helper: raw files are write-protected (Snakemake's protected()); unprotect and retry."""
    os.chmod(os.path.dirname(path), stat.S_IRWXU)
    os.chmod(path, stat.S_IRWXU)
    func(path)


if __name__ == "__main__":
    main()
