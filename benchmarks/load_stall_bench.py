"""How often does the first document load of a fresh Writer environment stall? (issue 16, 1b)

Each round starts a fresh :class:`WriterEnv` (new Xvfb, D-Bus, profile, soffice), loads
one document with a short load timeout and no retry, records the load time or the stall,
loads a second document in the same soffice (the warm case), and closes. On a stall it
keeps what soffice and the worker were doing (gdb thread backtraces of soffice.bin and
of the worker, their /proc wchan, the tail of the worker's debug log) in ``--diag``.

Run: .venv/bin/python benchmarks/load_stall_bench.py [--quick] [--rounds N] [--busy K]
``--busy K`` runs K background CPU burners (one core each) for the whole run, the way a
training or a second collector shares the machine. Writes its section of
benchmarks/RESULTS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import write_section  # noqa: E402


def _burn(stop) -> None:  # a background CPU load: one busy core
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


def _minimal_docx(path: Path) -> None:
    from docx import Document

    d = Document()
    for t in ("Quarterly report", "Sales grew by ten percent.", "Next quarter we focus on support."):
        d.add_paragraph(t)
    d.save(str(path))


def _docs(folder: Path) -> dict[str, list[Path]]:
    from lamkit.dataflow.templates import build_catalog

    cat = build_catalog(folder / "catalog", per_kind=2)
    mini = folder / "minimal.docx"
    _minimal_docx(mini)
    return {
        "template .docx": [Path(t.path) for t in cat if t.path.endswith(".docx")],
        "template .odt": [Path(t.path) for t in cat if t.path.endswith(".odt")],
        "minimal .docx": [mini],
    }


def _pids_named(name: str, needle: str) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if (d / "comm").read_text().strip() == name and needle.encode() in (d / "environ").read_bytes():
                out.append(int(d.name))
        except OSError:
            continue
    return out


def _diagnose(env, out: Path) -> str:
    """gdb backtraces (all threads) of soffice.bin and the worker while the load hangs."""
    lines = []
    wd = str(env.procs.workdir)
    targets = [("soffice.bin", p) for p in _pids_named("soffice.bin", wd)]
    if env.worker_pid is not None:
        targets.append(("worker", env.worker_pid))
    for name, pid in targets:
        try:
            wchan = Path(f"/proc/{pid}/wchan").read_text()
        except OSError:
            wchan = "?"
        lines.append(f"===== {name} pid {pid} wchan={wchan}")
        if shutil.which("gdb"):
            r = subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "thread apply all bt 25"],
                               capture_output=True, text=True, timeout=120)
            lines.append(r.stdout[-60000:])
    log = Path(wd) / "worker.log"
    if log.exists():
        lines.append("===== worker.log tail\n" + "\n".join(log.read_text(errors="replace").splitlines()[-40:]))
    out.write_text("\n".join(lines))
    return str(out)


def run(rounds: int, busy: int, load_timeout_s: float, diag: Path | None, kinds: list[str], main_thread: bool = True) -> dict:
    from lamkit.envs.base import make_env

    os.environ["LAMKIT_WORKER_DEBUG"] = "1"
    stop = mp.Event()
    burners = [mp.Process(target=_burn, args=(stop,), daemon=True) for _ in range(busy)]
    for b in burners:
        b.start()
    res: dict = {}
    try:
        with tempfile.TemporaryDirectory(prefix="lamkit-stall-") as tmp:
            docs = _docs(Path(tmp))
            for kind in kinds:
                r = res[kind] = {"stalls": 0, "warm_stalls": 0, "start_failures": 0, "first_s": [], "warm_s": [], "start_s": [], "diag": []}
                for i in range(rounds):
                    src = docs[kind][i % len(docs[kind])]
                    status = "ok"
                    env = make_env("writer")
                    try:
                        try:
                            env.start()
                        except Exception as e:  # noqa: BLE001 - not a load stall: counted apart
                            r["start_failures"] += 1
                            print(f"{kind} round {i}: START FAILED: {e}", flush=True)
                            continue
                        r["start_s"].append(env.start_s)
                        for k in range(2):
                            try:  # one raw load, no retry (WriterEnv.timed_load)
                                secs = env.timed_load(src, load_timeout_s, main_thread=main_thread)
                            except Exception as e:  # noqa: BLE001 - the stall we count
                                r["stalls" if k == 0 else "warm_stalls"] += 1
                                msg = f"{kind} round {i} load {k} ({src.name}): {type(e).__name__}: {e}"
                                print("STALL", msg, flush=True)
                                status = "STALL" if k == 0 else "warm stall"
                                if diag is not None:
                                    diag.mkdir(parents=True, exist_ok=True)
                                    p = _diagnose(env, diag / f"stall-{kind.replace(' ', '_')}-{i}-{k}.txt")
                                    r["diag"].append(p)
                                break
                            (r["first_s"] if k == 0 else r["warm_s"]).append(secs)
                            status += f", load {k}: {secs:.1f} s"
                    finally:
                        env.close()
                    print(f"{kind} round {i}: {status}; stalls so far {r['stalls']}", flush=True)
    finally:
        stop.set()
        for b in burners:
            b.join(2)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds per document kind")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--busy", type=int, default=0, help="background CPU burners (one core each)")
    ap.add_argument("--load-timeout", type=float, default=15.0)
    ap.add_argument("--kinds", default="template .docx,template .odt,minimal .docx")
    ap.add_argument("--diag", type=Path, default=None, help="folder for backtraces of stalled loads")
    ap.add_argument("--worker-thread", action="store_true",
                    help="load from a soffice worker thread (the old path that stalls) instead of its main thread")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    rounds = 3 if a.quick else a.rounds
    res = run(rounds, a.busy, a.load_timeout, a.diag, [k.strip() for k in a.kinds.split(",")], not a.worker_thread)
    rows = ["| document | rounds | first-load stalls | second-load stalls | start failures | first load median (s) "
            "| max (s) | second load median (s) |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind, r in res.items():
        med = lambda xs: f"{statistics.median(xs):.2f}" if xs else "-"  # noqa: E731
        rows.append(f"| {kind} | {rounds} | {r['stalls']} | {r['warm_stalls']} | {r['start_failures']} | "
                    f"{med(r['first_s'])} | {max(r['first_s']) if r['first_s'] else 0:.2f} | {med(r['warm_s'])} |")
    table = "\n".join(rows)
    print(table)
    if not a.no_write:
        cmd = f".venv/bin/python benchmarks/load_stall_bench.py{' --quick' if a.quick else f' --rounds {rounds}'} --busy {a.busy}"
        write_section("load_stall", f"## Fresh-environment first loads (issue 16, 1b)\n\n{a.busy} busy core(s), "
                      f"load timeout {a.load_timeout:.0f} s.\n\n{table}\n", cmd)


if __name__ == "__main__":
    main()
