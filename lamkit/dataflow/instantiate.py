"""Instantiation: (task, plan) -> a concrete Task on a template, with a prefilled plan, filtered.

Three stages, as in the published dataflow, with its gaps closed:

1. **Template choice** by the similarity of the request to each template's
   description (bag-of-words cosine; the chosen score is recorded). A family
   constrains the kind it needs (a table task needs a template with a table).
2. **Prefill**: the plan names functions and controls; every control the
   first step needs must exist in that template's real UI (observed once per
   template kind in live Writer); the rest are checked as execution reaches them.
3. **Filter** that gates execution: tasks whose controls are missing, or whose
   harvested procedure maps to no checkable family and names no known control,
   are written to ``instantiation/fail.jsonl`` with the reason.

Harvested help TaskPlans that map onto a family (by keywords) get that
family's checker; the rest become judge-only tasks (``checker`` None,
``params.judge_only`` true).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from lamkit.dataflow.families import BY_NAME, DOC, FAMILIES, Family
from lamkit.dataflow.templates import Template
from lamkit.schema import PlanStep, Task, TaskPlan


def split_of(task_id: str, val: float = 0.1, test: float = 0.1) -> str:
    """Deterministic split from the id, so reruns and resumes agree."""
    h = int(hashlib.sha1(task_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test else ("val" if h < test + val else "train")


def _bag(s: str) -> Counter:
    return Counter(w for w in re.findall(r"[a-z]{3,}", s.lower()))


def cosine(a: Counter, b: Counter) -> float:
    dot = sum(a[k] * b[k] for k in a)
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def choose_template(request: str, catalog: Sequence[Template], kind: str | None = None, rng: random.Random | None = None) -> tuple[Template, float]:
    """The template whose description (and text) is most similar to the request; ties broken at random."""
    pool = [t for t in catalog if kind is None or (t.kind == "table") == (kind == "table")] or list(catalog)
    q = _bag(request)
    scored = [(cosine(q, _bag(t.description + " " + " ".join(t.paragraphs))), t) for t in pool]
    best = max(s for s, _ in scored)
    top = [t for s, t in scored if s >= best - 1e-9]
    t = (rng or random).choice(top)
    return t, best


class InstantiationRecord(BaseModel):
    """One line of instantiation/{pass,fail}.jsonl."""

    task: Task | None = None
    taskplan: TaskPlan | None = None
    ok: bool
    reason: str = ""
    template_score: float = 0.0
    seconds: float = 0.0


class UIInventory(BaseModel):
    """Control names on screen right after opening a template (per template kind)."""

    names: dict[str, list[str]] = Field(default_factory=dict)

    def has(self, kind: str, name: str) -> bool:
        return name == DOC or name in self.names.get(kind, [])


def observe_inventory(catalog: Sequence[Template], env) -> UIInventory:
    from lamkit.schema import Task as _T

    inv = UIInventory()
    for kind in sorted({t.kind for t in catalog}):
        t = next(x for x in catalog if x.kind == kind)
        obs = env.reset(_T(id=f"inventory-{kind}", request="", template=t.path))
        inv.names[kind] = sorted({c.name for c in obs.controls if c.name})
    return inv


def prefill_check(task: Task, kind: str, inv: UIInventory | None) -> str | None:
    """Reason the task cannot start on this template's UI, or None."""
    if inv is None or not task.plan:
        return None
    first = task.plan[0]
    if first.control is not None and not inv.has(kind, first.control):
        return f"the first step's control {first.control!r} is not in the {kind} template's UI"
    return None


def family_tasks(n: int, catalog: Sequence[Template], seed: int = 0, families: Iterable[str] | None = None,
                 inv: UIInventory | None = None) -> list[InstantiationRecord]:
    """``n`` tasks, round robin over families, random templates and parameters."""
    fams = [BY_NAME[f] for f in families] if families else FAMILIES
    rng = random.Random(seed)
    out, seen = [], set()
    tries = 0
    while len(out) < n and tries < n * 20:
        fam = fams[tries % len(fams)]
        tries += 1
        pool = [t for t in catalog if (t.kind == "table") == (fam.needs == "table")]
        tpl = rng.choice(pool)
        task = fam.make_task(tpl, rng)
        if task.id in seen:
            continue
        seen.add(task.id)
        task.split = split_of(task.id)  # type: ignore[assignment]
        why = prefill_check(task, tpl.kind, inv)
        out.append(InstantiationRecord(task=task, ok=why is None, reason=why or "", template_score=1.0))
    return out


def match_family(tp: TaskPlan) -> tuple[Family | None, int]:
    text = (tp.task + " " + " ".join(tp.plan)).lower()
    best, score = None, 0
    for f in FAMILIES:
        s = sum(3 if k in tp.task.lower() else (1 if k in text else 0) for k in f.keywords)
        if s > score:
            best, score = f, s
    return (best, score) if score >= 3 else (None, score)


_OTHER_APPS = re.compile(r"\b(Calc|spreadsheets?|Impress|slides?|presentations?|Draw|Base|database|Math formula|Basic IDE)\b")


def _other_app(tp: TaskPlan) -> str:
    if tp.app not in ("writer", "shared"):
        return f"harvested for {tp.app}"
    m = _OTHER_APPS.search(tp.task + " " + " ".join(tp.plan))
    return f"mentions {m.group(1)}" if m else ""


def taskplan_tasks(pairs: Sequence[TaskPlan], catalog: Sequence[Template], seed: int = 0,
                   inv: UIInventory | None = None) -> list[InstantiationRecord]:
    """Harvested pairs -> family tasks with checkers, or judge-only tasks."""
    rng = random.Random(seed)
    out = []
    for tp in pairs:
        other = _other_app(tp)
        if other:
            out.append(InstantiationRecord(taskplan=tp, ok=False, reason=f"not a Writer task: {other}"))
            continue
        fam, _ = match_family(tp)
        if fam is not None:
            tpl, score = choose_template(tp.task, catalog, fam.needs, rng)
            task = fam.make_task(tpl, rng)
            task = task.model_copy(update={"origin": tp.id, "params": {**task.params, "harvested_task": tp.task}})
            task.split = split_of(task.id)  # type: ignore[assignment]
            why = prefill_check(task, tpl.kind, inv)
            out.append(InstantiationRecord(task=task, taskplan=tp, ok=why is None, reason=why or "", template_score=score))
            continue
        tpl, score = choose_template(tp.task, catalog, None, rng)
        tid = hashlib.sha1(f"judge|{tp.id}|{tpl.name}".encode()).hexdigest()[:16]
        task = Task(id=tid, request=tp.task, template=tpl.path, plan=[PlanStep(step=s) for s in tp.plan], checker=None,
                    origin=tp.id, split=split_of(tid), family=None, params={"judge_only": True})
        out.append(InstantiationRecord(task=task, taskplan=tp, ok=True, reason="judge-only: no family matches; a model judge decides",
                                       template_score=score))
    return out


def write_instantiation(records: Sequence[InstantiationRecord], out_dir: Path) -> tuple[int, int]:
    from lamkit.jsonl import write_jsonl

    d = out_dir / "instantiation"
    ok = [r for r in records if r.ok]
    bad = [r for r in records if not r.ok]
    write_jsonl(d / "pass.jsonl", ok)
    write_jsonl(d / "fail.jsonl", bad)
    return len(ok), len(bad)
