"""Collection under injected faults (issue 16): nothing lost, nothing duplicated, nothing hidden, nothing leaked.

One command. It makes family tasks over the generated template catalogue (as `lamkit
instantiate` does) and runs the real `lamkit collect --workers 2` with the heuristic expert on
them twice, at the same time (so that both share the machine's load): once without faults,
once with a seeded injector that, at random times, picks a
live Writer stack of the run and

- ``soffice``: SIGKILLs soffice.bin;
- ``worker``: SIGKILLs the environment's AT-SPI worker (``lamkit.envs.writer.worker``, the
  process that talks AT-SPI and UNO to soffice);
- ``xvfb``: SIGKILLs Xvfb;
- ``stop``: SIGSTOPs soffice.bin for 20 s, then SIGCONTs it;
- ``collector``: SIGKILLs the `lamkit collect` process itself, then runs the same command
  again, which must resume.

Processes are found only through the stacks' own bookkeeping: each run gets a private TMPDIR,
every Writer work folder is created under it, and every process of a stack carries its work
folder in LAMKIT_WRITER_STACK (the reaper's command line names its owner). Nothing else on the
machine is ever signalled.

Then it checks, from the run folder alone:

- every planned episode is in exactly one of pass/fail/unsure (env errors are unsure, counted);
- no record is duplicated or truncated (every line is parsed and validated);
- no episode is a success after a fault interrupted it: each kill is matched to the episode
  it hit (same worker process, fired between the document being opened and the verdict), and
  any episode whose environment recorded a fault after opening its document must not pass;
- no process or temporary file is left: no process carries the run's TMPDIR, the TMPDIR is
  empty, and no X lock/socket or soffice pipe in /tmp seen during the run survives it.

Throughput (episodes/hour, relaunches included) with faults / without, and stalls per 1,000
document loads (loads and stalls are counted by the environment and kept in each record).
Writes benchmarks/results/faults.json and the ``faults`` section of RESULTS.md.

Run: .venv/bin/python benchmarks/faults_bench.py [--episodes 300] [--seed 0] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _results import write_section  # noqa: E402

from lamkit.dataflow.runner import VERDICT_FILES, ExecutionRecord  # noqa: E402
from lamkit.envs.writer.processes import REAPER_MODULE, STACK_ENV  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS_JSON = ROOT / "benchmarks" / "results" / "faults.json"
CMD = ".venv/bin/python benchmarks/faults_bench.py"
KINDS = ("soffice", "worker", "xvfb", "stop", "collector")
KILLS = ("soffice", "worker", "xvfb")  # faults that always interrupt the episode they hit
STOP_S = 20.0


# ----------------------------------------------------------------------------- the run's processes
@dataclass
class Stack:
    workdir: str
    owner: int | None = None  # the process owning the environment (its reaper's argument)
    pids: dict[str, int] = field(default_factory=dict)  # soffice / worker / xvfb -> pid


def _proc_env(pid: str) -> bytes:
    return (Path("/proc") / pid / "environ").read_bytes()


def run_processes(tmp: Path) -> list[tuple[int, str]]:
    """Live processes of this run: every descendant of `lamkit collect` has its TMPDIR, or a
    folder inside it (a Writer stack's own TMPDIR is inside its work folder)."""
    mark = f"TMPDIR={tmp}".encode()
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            env = b"\0" + _proc_env(d.name)
            if b"\0" + mark + b"\0" not in env and b"\0" + mark + b"/" not in env:
                continue
            if (d / "stat").read_text().split(") ", 1)[1][0] == "Z":
                continue
            out.append((int(d.name), (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:160]))
        except (OSError, IndexError):
            continue
    return out


def stacks(tmp: Path) -> dict[str, Stack]:
    """The run's Writer stacks, by work folder (LAMKIT_WRITER_STACK names one under ``tmp``)."""
    prefix = f"{STACK_ENV}={tmp}/".encode()
    reaper = REAPER_MODULE.encode()
    found: dict[str, Stack] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            argv = (d / "cmdline").read_bytes().split(b"\0")
            if (d / "stat").read_text().split(") ", 1)[1][0] == "Z":
                continue
            if reaper in argv:  # `python -m <reaper> <owner pid> <workdir> ...`
                i = argv.index(reaper)
                owner, workdir = int(argv[i + 1]), argv[i + 2].decode()
                if workdir.startswith(f"{tmp}/"):
                    found.setdefault(workdir, Stack(workdir)).owner = owner
                continue
            env = _proc_env(d.name)
            i = env.find(prefix)
            if i < 0:
                continue
            workdir = env[i + len(STACK_ENV) + 1: env.index(b"\0", i)].decode()
        except (OSError, ValueError, IndexError):
            continue
        s = found.setdefault(workdir, Stack(workdir))
        exe = Path(argv[0].decode(errors="replace")).name
        if b"lamkit.envs.writer.worker" in argv:
            s.pids["worker"] = int(d.name)
        elif exe == "soffice.bin":
            s.pids["soffice"] = int(d.name)
        elif exe == "Xvfb":
            s.pids["xvfb"] = int(d.name)
    return found


class Watcher(threading.Thread):
    """Notes, every second, the files in /tmp the run's stacks own (X lock and socket, soffice's
    pipe), so that the leak check after the run knows exactly which to look for."""

    def __init__(self, tmp: Path):
        super().__init__(daemon=True)
        self.tmp, self.files, self.halt = tmp, set(), threading.Event()

    def run(self) -> None:
        while not self.halt.wait(1.0):
            for s in stacks(self.tmp).values():
                if "xvfb" in s.pids:
                    try:
                        n = (Path("/proc") / str(s.pids["xvfb"]) / "cmdline").read_bytes().split(b"\0")[1].decode()
                    except (OSError, IndexError):
                        continue
                    if n.startswith(":"):
                        self.files |= {f"/tmp/.X{n[1:]}-lock", f"/tmp/.X11-unix/X{n[1:]}"}
                if "soffice" in s.pids:
                    self.files |= set(listening_sockets(_pgid(s.pids["soffice"]), "/tmp/OSL_PIPE_"))


def listening_sockets(pgid: int, prefix: str) -> list[str]:
    """Paths (starting with ``prefix``) of the Unix sockets the processes of group ``pgid`` hold,
    from /proc/<pid>/fd and /proc/net/unix: found independently of the environment's own list."""
    inodes: set[str] = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if int((d / "stat").read_text().split(") ", 1)[1].split()[2]) != pgid:
                continue
            for fd in (d / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (OSError, IndexError, ValueError):
            continue
    found = []
    try:
        for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
            parts = line.split()
            if len(parts) >= 8 and parts[6] in inodes and parts[7].startswith(prefix):
                found.append(parts[7])
    except OSError:
        pass
    return sorted(set(found))


def _pgid(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().split(") ", 1)[1].split()[2])
    except (OSError, IndexError, ValueError):
        return -1


# ----------------------------------------------------------------------------- the injector
class Injector(threading.Thread):
    """Fires faults at seeded random times (exponential gaps of mean ``gap_s``), the kinds in a
    seeded order that cycles through all five, so every kind is injected about as often."""

    def __init__(self, tmp: Path, collector, seed: int, gap_s: float):
        super().__init__(daemon=True)
        self.tmp, self.collector, self.rng, self.gap_s = tmp, collector, random.Random(seed), gap_s
        self.log: list[dict] = []
        self.skipped: list[str] = []  # kinds that found no target for a whole mean gap
        self.halt = threading.Event()

    def _kinds(self):
        while True:
            order = list(KINDS)
            self.rng.shuffle(order)
            yield from order

    def run(self) -> None:
        kinds = self._kinds()
        kind = next(kinds)
        wait, misses = self.rng.expovariate(1.0 / self.gap_s), 0
        while not self.halt.wait(wait):
            if self.fire(kind):
                kind, wait, misses = next(kinds), self.rng.expovariate(1.0 / self.gap_s), 0
            else:
                # no target right now (a stack restarting, a collector relaunching): soon again; a
                # kind with no target for a whole mean gap gives way to the next (counted)
                misses += 1
                wait = 1.0
                if misses >= max(self.gap_s, 5):
                    self.skipped.append(kind)
                    kind, misses = next(kinds), 0

    def fire(self, kind: str) -> bool:
        if kind == "collector":
            proc = self.collector()
            if proc is None or proc.poll() is not None:
                return False
            t = time.time()
            os.kill(proc.pid, signal.SIGKILL)
            self.log.append({"kind": kind, "at": t, "pid": proc.pid, "stack": None, "owner": None})
            return True
        target = "soffice" if kind == "stop" else kind
        live = [s for s in stacks(self.tmp).values() if s.owner and target in s.pids]
        if not live:
            return False
        s = self.rng.choice(sorted(live, key=lambda s: s.workdir))
        pid = s.pids[target]
        t = time.time()
        try:
            os.kill(pid, signal.SIGSTOP if kind == "stop" else signal.SIGKILL)
        except ProcessLookupError:
            return False
        self.log.append({"kind": kind, "at": t, "pid": pid, "stack": s.workdir, "owner": s.owner})
        if kind == "stop":
            self.halt.wait(STOP_S)
            try:
                os.kill(pid, signal.SIGCONT)  # the environment may have killed it meanwhile (a hang)
            except ProcessLookupError:
                pass
        return True


# ----------------------------------------------------------------------------- one run
def collect_command(run_dir: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "lamkit.cli", "collect", "--out", str(run_dir), "--workers", str(workers)]


def run_collection(run_dir: Path, tmp: Path, workers: int, inject: dict | None) -> dict:
    """Run `lamkit collect` until it finishes, relaunching the same command after each kill."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    box: dict = {"proc": None}
    injector = Injector(tmp, lambda: box["proc"], **inject) if inject else None
    watcher = Watcher(tmp)
    watcher.start()
    launches, t0 = 0, time.monotonic()
    if injector:
        injector.start()
    log = open(run_dir / "collect.log", "ab")
    try:
        while True:
            launches += 1
            box["proc"] = subprocess.Popen(collect_command(run_dir, workers), env=env, cwd=ROOT, stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
            rc = box["proc"].wait()
            if rc == 0:
                break
            if rc != -signal.SIGKILL:
                raise SystemExit(f"lamkit collect failed (exit {rc}); see {run_dir / 'collect.log'}")
            if launches > 200:
                raise SystemExit("lamkit collect was relaunched 200 times without finishing")
    finally:
        if injector:
            injector.halt.set()
            injector.join(STOP_S + 5)
        watcher.halt.set()
        watcher.join(5)
        log.close()
    seconds = time.monotonic() - t0
    # the last collect has exited; the stacks of killed ones are the reapers' (they poll every 0.5 s)
    end = time.monotonic() + 30
    while (left := run_processes(tmp)) and time.monotonic() < end:
        time.sleep(0.5)
    leftover_files = sorted(p.name for p in tmp.iterdir())
    outside = sorted(f for f in watcher.files if os.path.lexists(f))
    for pid, _ in left:  # reported as leaks, then removed so that they cannot disturb the next run
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"seconds": seconds, "launches": launches, "faults": injector.log if injector else [],
            "injector_skipped": injector.skipped if injector else [],
            "leaked_processes": [c for _, c in left], "leaked_temp": leftover_files, "leaked_outside": outside,
            "outside_seen": len(watcher.files)}


def verify(run_dir: Path, planned: list[str], faults: list[dict]) -> dict:
    """Read back every record and check the run against its plan and its faults."""
    recs: list[ExecutionRecord] = []
    where: dict[str, str] = {}
    truncated = 0
    for name in VERDICT_FILES:
        p = run_dir / "execution" / f"{name}.jsonl"
        if not p.exists():
            continue
        for line in p.read_bytes().split(b"\n"):
            if not line.strip():
                continue
            try:
                r = ExecutionRecord.model_validate(json.loads(line))
            except ValueError:
                truncated += 1
                continue
            recs.append(r)
            where.setdefault(r.task_id, name)
    ids = [r.task_id for r in recs]
    duplicated = len(ids) - len(set(ids))
    lost = sorted(set(planned) - set(ids))
    unplanned = sorted(set(ids) - set(planned))
    env_errors = sum(1 for r in recs if r.verdict.judge == "env_error")
    # match each fault to the episode it hit: same owner process, between the open document and the verdict
    hits, false_successes, absorbed = [], [], 0
    for f in faults:
        if f["kind"] == "collector":
            continue
        for r in recs:
            e = r.env
            if e is None or e.pid != f["owner"] or not (e.started_at <= f["at"] <= e.ended_at):
                continue
            if e.opened_at is None or f["at"] < e.opened_at:
                absorbed += 1  # hit the reset, which retried: the episode started afterwards on a fresh document
                continue
            outcome = where[r.task_id]
            hits.append({"kind": f["kind"], "at": round(f["at"], 3), "task": r.task_id, "outcome": outcome,
                         "reason": r.verdict.reason[:120]})
            if f["kind"] in KILLS and outcome == "pass":
                false_successes.append(r.task_id)
    # and from the environment's own record: a fault after the document opened voids the episode
    for r in recs:
        e = r.env
        if e and e.opened_at and any(x.at >= e.opened_at for x in e.faults) and where[r.task_id] == "pass":
            false_successes.append(r.task_id)
    loads = sum(r.env.loads for r in recs if r.env)
    stalls = sum(r.env.load_stalls for r in recs if r.env)
    counts = {n: sum(1 for v in where.values() if v == n) for n in VERDICT_FILES}
    return {"planned": len(planned), "recorded": len(set(ids)), **counts, "env_errors": env_errors,
            "lost": len(lost), "lost_ids": lost[:20], "unplanned": len(unplanned), "duplicated": duplicated,
            "truncated": truncated, "false_successes": sorted(set(false_successes)), "hits": hits,
            "absorbed_by_reset": absorbed, "loads": loads, "load_stalls": stalls,
            "restarts": sum(r.env.restarts for r in recs if r.env)}


# ----------------------------------------------------------------------------- main
def make_runs(root: Path, episodes: int, seed: int) -> list[str]:
    """Family tasks over the template catalogue, written as `lamkit instantiate` writes them, once
    per run folder (both runs collect the very same tasks)."""
    from lamkit.dataflow.instantiate import family_tasks, write_instantiation
    from lamkit.dataflow.templates import build_catalog

    catalog = build_catalog(root / "templates", per_kind=2 if episodes <= 40 else 6)
    recs = [r for r in family_tasks(episodes, catalog, seed=seed) if r.ok]
    for name in ("clean", "faults"):
        write_instantiation(recs, root / name)
    return [r.task.id for r in recs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--episodes", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="the injector's seed (times, kinds, targets)")
    ap.add_argument("--gap", type=float, default=45.0, help="mean seconds between faults")
    ap.add_argument("--out", type=Path, default=None, help="keep the run folders here (default: a temporary folder)")
    ap.add_argument("--quick", action="store_true", help="~24 episodes, a fault every ~12 s; prints, writes nothing")
    ap.add_argument("--no-write", action="store_true", help="print only")
    a = ap.parse_args()
    episodes, gap = (24, 12.0) if a.quick else (a.episodes, a.gap)
    # absolute: the stacks' work folders are absolute (tempfile makes TMPDIR absolute), and the
    # injector finds a run's processes by that prefix; a relative --out once matched none, and a
    # 300-episode "faulted" run went by with no fault injected
    root = (a.out or Path(tempfile.mkdtemp(prefix="lamkit-faults-"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    planned = make_runs(root, episodes, seed=1)
    print(f"{len(planned)} episodes planned, {a.workers} workers; run folders in {root}", flush=True)
    from concurrent.futures import ThreadPoolExecutor

    # Both runs at the same time, so that they share the machine's load (other work on the
    # machine comes and goes; run one after the other, the ratio measured the load, not the faults).
    plan = {"clean": None, "faults": {"seed": a.seed, "gap_s": gap}}
    with ThreadPoolExecutor(2) as ex:
        futures = {name: ex.submit(run_collection, root / name, root / f"tmp-{name}", a.workers, inject)
                   for name, inject in plan.items()}
        runs = {name: f.result() for name, f in futures.items()}
    for name, res in runs.items():
        res["check"] = verify(root / name, planned, res["faults"])
        res["episodes_per_hour"] = len(planned) / res["seconds"] * 3600
        c = res["check"]
        print(f"{name}: {res['seconds']:.0f} s, {res['episodes_per_hour']:.0f} episodes/h, {len(res['faults'])} faults, "
              f"{res['launches']} launches; pass {c['pass']} fail {c['fail']} unsure {c['unsure']} (env errors "
              f"{c['env_errors']}); lost {c['lost']} duplicated {c['duplicated']} truncated {c['truncated']} "
              f"false successes {len(c['false_successes'])}; leaked {len(res['leaked_processes'])} processes, "
              f"{len(res['leaked_temp'])} temp entries, {len(res['leaked_outside'])} /tmp files", flush=True)
    summary = summarise(runs, planned, a.seed, gap, a.workers)
    print(json.dumps({k: v for k, v in summary.items() if not isinstance(v, (dict, list))}, indent=1))
    fired, expected = len(runs["faults"]["faults"]), runs["faults"]["seconds"] / gap
    if fired < max(1, expected / 4):  # a faulted run without faults proves nothing: never written, never a pass
        raise SystemExit(f"faults bench: {fired} faults injected, expected about {expected:.0f} (mean gap {gap:g} s): "
                         f"the injector found no targets; nothing written")
    if not a.quick and not a.no_write:
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        tmp = RESULTS_JSON.with_suffix(".tmp")
        tmp.write_text(json.dumps(summary, indent=1))
        tmp.replace(RESULTS_JSON)
        cmd = f"{CMD} --episodes {episodes} --seed {a.seed}" + (f" --gap {gap:g}" if gap != 45.0 else "")
        write_section("faults", section(summary), cmd)
    if not a.out:
        shutil.rmtree(root, ignore_errors=True)
    bad = {k: summary[k] for k in ("lost", "duplicated", "truncated", "false_successes", "leaked_processes", "leaked_temp_files")
           if summary[k]}

    if bad:
        raise SystemExit(f"faults bench: targets missed: {bad}")
    print("faults bench: 0 lost, 0 duplicated, 0 false successes, 0 leaked")


def summarise(runs: dict, planned: list[str], seed: int, gap: float, workers: int) -> dict:
    c, f = runs["clean"]["check"], runs["faults"]["check"]
    kinds = {k: sum(1 for x in runs["faults"]["faults"] if x["kind"] == k) for k in KINDS}
    return {
        "episodes": len(planned),
        "lost": c["lost"] + f["lost"],
        "duplicated": c["duplicated"] + f["duplicated"],
        "truncated": c["truncated"] + f["truncated"],
        "false_successes": len(c["false_successes"]) + len(f["false_successes"]),
        "leaked_processes": len(runs["clean"]["leaked_processes"]) + len(runs["faults"]["leaked_processes"]),
        "leaked_temp_files": sum(len(r["leaked_temp"]) + len(r["leaked_outside"]) for r in runs.values()),
        "throughput_ratio": runs["faults"]["episodes_per_hour"] / runs["clean"]["episodes_per_hour"],
        # the machine's own stall rate: the run without faults (a SIGSTOP during a load makes a stall by design)
        "stalls_per_1000_loads": _per_1000(c["load_stalls"], c["loads"]),
        "stalls_per_1000_loads_by_run": {k: _per_1000(r["check"]["load_stalls"], r["check"]["loads"]) for k, r in runs.items()},
        "episodes_per_hour": {k: r["episodes_per_hour"] for k, r in runs.items()},
        "faults_injected": kinds,
        "env_errors": {k: r["check"]["env_errors"] for k, r in runs.items()},
        "loads": {k: r["check"]["loads"] for k, r in runs.items()},
        "load_stalls": {k: r["check"]["load_stalls"] for k, r in runs.items()},
        "seed": seed, "mean_gap_s": gap, "workers": workers,
        "runs": runs,
    }


def _per_1000(n: int, of: int) -> float:
    return 1000 * n / of if of else 0.0


def section(s: dict) -> str:
    f, c = s["runs"]["faults"]["check"], s["runs"]["clean"]["check"]
    hits = f["hits"]
    by_kind = {k: [h for h in hits if h["kind"] == k] for k in KINDS if k != "collector"}
    hit_line = "; ".join(f"{k} {len(v)} ({sum(h['outcome'] == 'unsure' for h in v)} unsure, "
                         f"{sum(h['outcome'] == 'fail' for h in v)} fail, {sum(h['outcome'] == 'pass' for h in v)} pass)"
                         for k, v in by_kind.items() if v) or "none"
    inj = ", ".join(f"{k} {n}" for k, n in s["faults_injected"].items())
    return f"""## Collection under injected faults (issue 16)

`lamkit collect --workers {s['workers']}` with the heuristic expert on {s['episodes']} family tasks, run twice at the same
time (so both share the machine's load; 2 × {s['workers']} Writers on this machine): without faults, and with a seeded injector (seed {s['seed']}, a fault every {s['mean_gap_s']:g} s on average): {inj}
(soffice: SIGKILL of soffice.bin; worker: SIGKILL of the environment's AT-SPI worker; xvfb: SIGKILL of Xvfb;
stop: SIGSTOP of soffice for {STOP_S:.0f} s; collector: SIGKILL of `lamkit collect`, then the same command again,
relaunched {s['runs']['faults']['launches'] - 1} time(s)).

| | without faults | with faults |
| --- | --- | --- |
| episodes planned / recorded | {c['planned']} / {c['recorded']} | {f['planned']} / {f['recorded']} |
| pass / fail / unsure (env errors) | {c['pass']} / {c['fail']} / {c['unsure']} ({c['env_errors']}) | {f['pass']} / {f['fail']} / {f['unsure']} ({f['env_errors']}) |
| lost / duplicated / truncated records | {c['lost']} / {c['duplicated']} / {c['truncated']} | {f['lost']} / {f['duplicated']} / {f['truncated']} |
| false successes | {len(c['false_successes'])} | {len(f['false_successes'])} |
| leaked processes / temp files | {len(s['runs']['clean']['leaked_processes'])} / {len(s['runs']['clean']['leaked_temp']) + len(s['runs']['clean']['leaked_outside'])} | {len(s['runs']['faults']['leaked_processes'])} / {len(s['runs']['faults']['leaked_temp']) + len(s['runs']['faults']['leaked_outside'])} |
| episodes/hour | {s['episodes_per_hour']['clean']:.0f} | {s['episodes_per_hour']['faults']:.0f} |
| document loads / stalls | {c['loads']} / {c['load_stalls']} | {f['loads']} / {f['load_stalls']} |

**Throughput under faults: {s['throughput_ratio']:.2f}× the fault-free run. Stalls: {s['stalls_per_1000_loads']:.1f} per
1,000 loads without faults** ({s['stalls_per_1000_loads_by_run']['faults']:.1f} with them, where a SIGSTOP during a load is a
stall by design; a stall is a load that did not finish within its timeout, counted by the environment). Faults that hit
an episode (fired in its worker between its document opening and its verdict): {hit_line}; {f['absorbed_by_reset']}
more hit a reset, which retried on a fresh document. Episodes hit by a kill that passed anyway (false successes):
{sum(1 for h in hits if h['kind'] in KILLS and h['outcome'] == 'pass')}. A stop that outlasts the step timeout is a hang
(env_error); a shorter one only delays the step.
"""


if __name__ == "__main__":
    main()
