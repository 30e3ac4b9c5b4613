"""Rebuild tests/agent/data/recorded_steps.jsonl.gz: held-out recorded trajectories for the
ranker and renderer tests (kept small: one successful trajectory per family, test and
validation splits only, so none was seen when the packaged ranker was fitted).

    .venv/bin/python tests/agent/make_recorded_steps.py /tmp/h5a-run
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path


def main(run: str) -> None:
    seen, out = set(), []
    for line in open(Path(run) / "execution" / "pass.jsonl"):
        r = json.loads(line)
        t = r.get("trajectory")
        if not t or t["task"]["split"] == "train" or not r["verdict"]["success"]:
            continue
        fam = t["task"].get("family")
        if fam in seen:
            continue
        seen.add(fam)
        for s in t["steps"]:
            s["observation"]["screenshot"] = None
        out.append(json.dumps(t, ensure_ascii=False))
    dst = Path(__file__).with_name("data") / "recorded_steps.jsonl.gz"
    with gzip.open(dst, "wt", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(out)} trajectories -> {dst} ({dst.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
