"""Instantiation: (task, plan) -> a concrete Task on a template, with a prefilled plan, filtered.

Three stages, as in the published dataflow, with its gaps closed:

1. **Template choice** by the similarity of the request to each template's
   description and text (TF-IDF cosine, plus a point per quoted phrase the
   template contains; the chosen score is recorded). A family
   constrains the kind it needs (a table task needs a template with a table).
2. **Prefill**: the plan names functions and controls; every control the
   first step needs must exist in that template's real UI (observed once per
   template kind in live Writer); the rest are checked as execution reaches them.
3. **Filter** that gates execution: tasks whose controls are missing, or whose
   harvested procedure maps to no checkable family and names no known control,
   are written to ``instantiation/fail.jsonl`` with the reason.

Harvested help TaskPlans whose title names one family's action get that
family's checker; the rest become judge-only tasks (``checker`` None,
``params.judge_only`` true).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import time
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


def _tfidf(bags: list[Counter], q: Counter) -> tuple[list[dict[str, float]], dict[str, float]]:
    """Weight words by inverse document frequency over the catalogue, so that the
    words a request shares with one template count, not "paragraph" or "make"."""
    n = len(bags)
    df = Counter(w for b in bags for w in b)
    idf = {w: math.log((1 + n) / (1 + df[w])) + 1.0 for w in set(df) | set(q)}
    weigh = lambda b: {w: c * idf[w] for w, c in b.items()}  # noqa: E731
    return [weigh(b) for b in bags], weigh(q)


def _wcos(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def choose_template(request: str, catalog: Sequence[Template], kind: str | None = None, rng: random.Random | None = None) -> tuple[Template, float]:
    """The template most similar to the request: TF-IDF cosine against each template's
    description and text, plus 1 for every quoted phrase of the request the template
    contains (a request that quotes the document names its document). Ties at random."""
    pool = [t for t in catalog if kind is None or (t.kind == "table") == (kind == "table")] or list(catalog)
    texts = [t.description + " " + " ".join(t.paragraphs) for t in pool]
    docs, q = _tfidf([_bag(x) for x in texts], _bag(request))
    quoted = [x for x in re.findall(r'"([^"]{2,})"', request)]
    scored = [(_wcos(q, d) + sum(1.0 for x in quoted if re.search(rf"\b{re.escape(x)}\b", "\n".join(t.paragraphs))), t)
              for d, t in zip(docs, pool)]
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
        t0 = time.monotonic()
        pool = [t for t in catalog if (t.kind == "table") == (fam.needs == "table")]
        tpl = rng.choice(pool)
        task = fam.make_task(tpl, rng)
        if task.id in seen:
            continue
        seen.add(task.id)
        task.split = split_of(task.id)  # type: ignore[assignment]
        why = prefill_check(task, tpl.kind, inv)
        out.append(InstantiationRecord(task=task, ok=why is None, reason=why or "", template_score=1.0, seconds=time.monotonic() - t0))
    return out


# A harvested task maps onto a family only when its title says exactly that
# family's action: precision matters more than recall here, because a wrong
# match would attach a checker that tests something else. Titles about
# neighbouring features (tables of contents, page styles, borders, fields in
# general...) stay judge-only. Measured in benchmarks/dataflow_bench.py.
_FAMILY_PATTERNS: dict[str, str] = {
    "bold": r"\bbold", "italic": r"\bitalic", "underline": r"\bunderlin", "strikethrough": r"strike ?(through|out)",
    "highlight": r"\bhighlight", "font_color": r"\b(font|text) colou?r", "font_size": r"\b(font|text|character) size|\bsize of (the )?(font|text)",
    "font_name": r"\b(change|select|set|choose) (the |a )?(font|typeface)s?\b(?! size| colou?r| effect)",
    "uppercase": r"upper ?case|all capitals|\bcapitali[sz]", "align_center": r"\bcent(er|re)(ing)? (the )?(text|paragraph|line)",
    "align_right": r"\bright[- ]align|align\w* .*\bright\b", "justify": r"\bjustif",
    "line_spacing": r"\bline spacing", "indent": r"\bindent", "bullets": r"\bbullet",
    "numbering": r"\bnumbered lists?\b|\b(add|apply|start)\w* numbering\b",
    "heading1": r"\bheading 1\b", "heading2": r"\bheading 2\b", "heading3": r"\bheading 3\b", "title_style": r"\btitle style\b",
    "insert_table": r"\b(insert|add|create)\w* (a |new |text )?tables?\b(?! of contents)", "fill_cell": r"\b(enter|type|fill)\w* .*\bcells?\b",
    "find_replace": r"\b(find|search)\w* and replac|\breplac\w* (text|words?)\b",
    "orientation": r"\blandscape|\bportrait|\borientation", "margin_left": r"\bpage margins?|\bmargins? of (the )?page|\bchang\w* .*\bmargins?",
    "header_text": r"\b(insert|add|create|edit)\w* (a |the )?headers?\b", "footer_text": r"\b(insert|add|create|edit)\w* (a |the )?footers?\b",
    "page_break": r"\b(insert|add)\w* (a |manual )?page break", "comment": r"\b(insert|add)\w* (a )?comments?\b",
    "special_character": r"\bspecial characters?\b|\binsert\w* (a )?symbols?\b", "date_field": r"\b(insert|add)\w* (the |a |current )*date\b",
    "delete_word": r"\bdelet\w* (a |the )?words?\b", "replace_word": r"\breplac\w* (a |the )?word\b",
}
_NOT_A_FAMILY = re.compile(
    r"table of contents|\bindex|\bindexes|master document|envelope|dictionar|autocorrect|\btemplate|\bmacro|\bform\b|\bframe|"
    r"\bchart|drawing|\bimage|picture|graphic|hyperlink|mail merge|\bsection|footnote|endnote|bookmark|track\w* changes|"
    r"cross-reference|\bborder|page style|character style|paragraph style|\bcolumns?\b|\brows?\b|chapter|outline|caption|"
    r"\bstop|\bremov|\bmov(e|ing)\b|\benabl|\bdisabl|automatic|another|into a table|of the table|while you type|list level|"
    r"only for some|\bformat\b",
    re.I,
)


def match_family(tp: TaskPlan) -> tuple[Family | None, int]:
    """The family whose action the harvested task's title names (or None), with a score."""
    title = tp.task.lower()
    if _NOT_A_FAMILY.search(title):
        return None, 0
    hits = [BY_NAME[name] for name, pat in _FAMILY_PATTERNS.items() if name in BY_NAME and re.search(pat, title)]
    if len(hits) != 1:  # none, or ambiguous ("bold and italic"): keep it judge-only
        return None, len(hits)
    return hits[0], 1


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
        t0 = time.monotonic()
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
            out.append(InstantiationRecord(task=task, taskplan=tp, ok=why is None, reason=why or "", template_score=score,
                                             seconds=time.monotonic() - t0))
            continue
        tpl, score = choose_template(tp.task, catalog, None, rng)
        tid = hashlib.sha1(f"judge|{tp.id}|{tpl.name}".encode()).hexdigest()[:16]
        task = Task(id=tid, request=tp.task, template=tpl.path, plan=[PlanStep(step=s) for s in tp.plan], checker=None,
                    origin=tp.id, split=split_of(tid), family=None, params={"judge_only": True})
        out.append(InstantiationRecord(task=task, taskplan=tp, ok=True, reason="judge-only: no family matches; a model judge decides",
                                       template_score=score, seconds=time.monotonic() - t0))
    return out


def write_instantiation(records: Sequence[InstantiationRecord], out_dir: Path) -> tuple[int, int]:
    from lamkit.jsonl import write_jsonl

    d = out_dir / "instantiation"
    ok = [r for r in records if r.ok]
    bad = [r for r in records if not r.ok]
    write_jsonl(d / "pass.jsonl", ok)
    write_jsonl(d / "fail.jsonl", bad)
    return len(ok), len(bad)


def template_choice_accuracy(catalog: Sequence[Template], n: int = 300, seed: int = 0) -> dict[str, float]:
    """How well ``choose_template`` finds a template for a request.

    Each probe is a family request generated on a known template; the chooser
    sees the whole catalogue (within the family's kind constraint). Reported:
    ``exact`` (the very template; templates of one kind share sentences, so
    this is ambiguous by design), ``kind`` (same kind of document) and, for
    requests that quote the document, ``fits`` (the chosen template contains
    the quoted words, i.e. the task can be done on it: what matters).
    """
    rng = random.Random(seed)
    exact = same_kind = fits = quoting = 0
    for i in range(n):
        fam = FAMILIES[i % len(FAMILIES)]
        pool = [t for t in catalog if (t.kind == "table") == (fam.needs == "table")]
        truth = rng.choice(pool)
        task = fam.make_task(truth, rng)
        chosen, _ = choose_template(task.request, catalog, fam.needs, rng)
        exact += chosen.path == truth.path
        same_kind += chosen.kind == truth.kind
        word = task.params.get("word")
        if fam.target != "none" and word:
            quoting += 1
            fits += bool(re.search(rf"\b{re.escape(word)}\b", "\n".join(chosen.paragraphs)))
    return {"probes": n, "exact": exact / n, "kind": same_kind / n, "quoting": quoting, "fits": fits / max(quoting, 1)}
