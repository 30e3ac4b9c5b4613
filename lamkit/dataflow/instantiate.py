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
``params.judge_only`` true). With :func:`help_tasks` (``lamkit instantiate
--help-tasks N``) the judge-only procedures that the step compiler
(:mod:`lamkit.dataflow.help.compile`) turns into a complete grounded plan become
**help-derived tasks** instead (``family`` :data:`HELP_FAMILY`, no checker,
``origin`` the TaskPlan id): the heuristic expert replays the compiled steps and
the state-diff judge decides (``lamkit collect --judge state-diff``).

Every task's split comes from the one rule in :mod:`lamkit.dataflow.split`
(held-out phrasings x held-out templates); ``write_instantiation`` records it in
``instantiation/split.json``.
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
from lamkit.dataflow.split import SPLIT, Part
from lamkit.dataflow.templates import Template
from lamkit.schema import PlanStep, Task, TaskPlan


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


def _spread(streams: list[list[InstantiationRecord]]) -> list[InstantiationRecord]:
    """Merge streams so that each is spread evenly over the result (a limit on the number of
    tasks, as online evaluation applies, still spans every family and the compounds)."""
    keyed = [((k + 0.5) / len(st), j, r) for j, st in enumerate(streams) for k, r in enumerate(st)]
    return [r for _, _, r in sorted(keyed, key=lambda x: (x[0], x[1]))]


def family_tasks(n: int, catalog: Sequence[Template], seed: int = 0, families: Iterable[str] | None = None,
                 inv: UIInventory | None = None, *, test_per_family: int = 2, compound: float = 0.2,
                 parts: Sequence[Part] = ("train", "test")) -> list[InstantiationRecord]:
    """``n`` tasks over the families and their compounds, split by the one rule (split.py).

    ``round(n * compound)`` of them are compound tasks (two families in one request, when the
    families allow a pair). Test tasks: ``test_per_family`` per family (fewer only when ``n`` is
    too small to leave every family a training task) plus a third of the compound tasks (at
    least 2), provided the catalogue has test templates; the rest are train. A test task is made
    on a test template with test phrasings, a train task on a train template with train
    phrasings; a task that mixes the two is dropped (none should: the guard is the rule's).
    ``parts=("train",)`` makes training tasks only (phase 3's fresh tasks).
    """
    from lamkit.dataflow.compound import pairs, phrasing_indices, sample_compound

    names = list(families) if families else [f.name for f in FAMILIES]
    fams = [BY_NAME[f] for f in names]
    rng = random.Random(seed)
    by_part = {part: [t for t in catalog if SPLIT.template(t) == part] for part in ("train", "test")}
    testing = "test" in parts and bool(by_part["test"])
    training = "train" in parts and bool(by_part["train"])
    n_comp = round(n * compound) if any(pairs(names).values()) and len(fams) > 1 else 0
    n_single = n - n_comp
    F = len(fams)
    test_single = (min(test_per_family * F, n_single - F) if n_single > F else n_single // 2) if testing else 0
    test_comp = min(n_comp, max(2, round(n_comp / 3))) if testing else 0
    if not training:
        test_single, test_comp = n_single, n_comp

    def record(task: Task | None, tpl: Template, t0: float, seen: set[str]) -> InstantiationRecord | None:
        if task is None or task.id in seen or SPLIT.task_split(phrasing_indices(task), tpl) != task.split:
            return None
        seen.add(task.id)
        why = prefill_check(task, tpl.kind, inv)
        return InstantiationRecord(task=task, ok=why is None, reason=why or "", template_score=1.0, seconds=time.monotonic() - t0)

    seen: set[str] = set()
    streams: dict[str, list[list[InstantiationRecord]]] = {"test": [], "train": []}
    for j, fam in enumerate(fams):
        n_fam = n_single // F + (j < n_single % F)
        n_test = min(n_fam, test_single // F + (j < test_single % F))
        for part, want in (("test", n_test), ("train", n_fam - n_test)):
            pool = [t for t in by_part[part] if fam.fits(t)]
            got: list[InstantiationRecord] = []
            for _ in range(want * 20 if pool else 0):
                if len(got) == want:
                    break
                t0 = time.monotonic()
                tpl = rng.choice(pool)
                r = record(fam.make_task(tpl, rng, part), tpl, t0, seen)
                if r is not None:
                    got.append(r)
            streams[part].append(got)
    for part, want in (("test", test_comp), ("train", n_comp - test_comp)):
        pool = [t for t in by_part[part] if t.kind != "table"]
        got = []
        for _ in range(want * 30 if pool else 0):
            if len(got) == want:
                break
            t0 = time.monotonic()
            tpl = rng.choice(pool)
            r = record(sample_compound(tpl, rng, names, part), tpl, t0, seen)
            if r is not None:
                got.append(r)
        streams[part].append(got)
    return _spread([s for s in streams["test"] if s]) + _spread([s for s in streams["train"] if s])


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
            tpl, score = choose_template(tp.task, [t for t in catalog if fam.fits(t)] or catalog, fam.needs, rng)
            task = fam.make_task(tpl, rng)  # the template's split, phrased from that split's phrasings
            task = task.model_copy(update={"origin": tp.id, "params": {**task.params, "harvested_task": tp.task}})
            why = prefill_check(task, tpl.kind, inv)
            out.append(InstantiationRecord(task=task, taskplan=tp, ok=why is None, reason=why or "", template_score=score,
                                             seconds=time.monotonic() - t0))
            continue
        tpl, score = choose_template(tp.task, catalog, None, rng)
        tid = hashlib.sha1(f"judge|{tp.id}|{tpl.name}".encode()).hexdigest()[:16]
        task = Task(id=tid, request=tp.task, template=tpl.path, plan=[PlanStep(step=s) for s in tp.plan], checker=None,
                    origin=tp.id, split=SPLIT.template(tpl), family=None, params={"judge_only": True})
        out.append(InstantiationRecord(task=task, taskplan=tp, ok=True, reason="judge-only: no family matches; a model judge decides",
                                       template_score=score, seconds=time.monotonic() - t0))
    return out


#: The family name that marks a help-derived task (a compiled help procedure judged by the
#: state-diff judge): not one of the hand-written families, so no checker and no rephrasings.
HELP_FAMILY = "help"


def is_help_task(task: Task) -> bool:
    """A help-derived task (:func:`help_tasks`)."""
    return task.family == HELP_FAMILY


def is_original(tp: TaskPlan) -> bool:
    """A procedure as the help states it, not an augmentation (a paraphrase of its request or a
    menu-path sub-task): a help task is compiled from the help's own plan and judged against
    its own heading."""
    return "subtask" not in tp.tags and not any(t.startswith("paraphrase") for t in tp.tags)


class HelpInstantiation(BaseModel):
    """What :func:`help_tasks` made: the task records, and why the other procedures were left."""

    records: list[InstantiationRecord] = Field(default_factory=list)
    procedures: int = 0  # original procedures of the app that map to no family (candidates)
    compiled: int = 0  # of them, compiled to a complete grounded plan within the step limit
    left_out: dict[str, int] = Field(default_factory=dict)  # reason -> procedures

    def taskplan_ids(self) -> set[str]:
        return {r.task.origin for r in self.records if r.task is not None and r.task.origin}


def help_tasks(pairs: Sequence[TaskPlan], catalog: Sequence[Template], n: int = 0, seed: int = 0, *,
               max_steps: int = 0, app: str = "writer") -> HelpInstantiation:
    """Help-derived tasks: the original harvested procedures of ``app`` that match no family
    (:func:`match_family`: those get a family's exact checker instead), compiled by the step
    compiler against the UI inventory and a template, each becoming a checker-free task whose
    plan is the compiled steps (``family`` :data:`HELP_FAMILY`, ``origin`` the TaskPlan id,
    ``params.help_page`` the source page).

    The split is the one rule's (:meth:`SplitRule.help_task_split`): the source page decides,
    and the template is drawn from the same partition, so a test page's procedures run on test
    templates and never train. The template is the one most similar to the request
    (:func:`choose_template`), else the partition's first table document (a selection or a
    table cell to act on), whichever the plan compiles against completely; a plan that on both
    needs an object they lack (a footnote, a frame, a field) is compiled against the partition's
    object document too (:func:`help_object_documents`, written beside the catalogue).

    ``max_steps`` (>0) leaves out plans longer than an episode's step limit (the expert could
    not finish them); ``n`` (>0) keeps a seeded sample of ``n`` tasks, test and train in the
    proportion of the pages. Deterministic for a seed."""
    from lamkit.dataflow.help.compile import Compiler, Target, compile_first
    from lamkit.dataflow.help.inventory import load

    inv = load(app)
    compilers: dict[str, Compiler] = {}

    def compiler_for(t: Template) -> Compiler:
        if t.path not in compilers:
            compilers[t.path] = Compiler(inv, Target.of(t))
        return compilers[t.path]

    out = HelpInstantiation()
    left: Counter = Counter()
    rng = random.Random(seed)
    by_part = {part: [t for t in catalog if SPLIT.template(t) == part] for part in ("train", "test")}
    objects = help_object_documents(Path(catalog[0].path).parent) if catalog else {}
    seen: set[str] = set()
    for tp in sorted(pairs, key=lambda x: x.id):
        if tp.id in seen or tp.app != app or not is_original(tp) or _other_app(tp) or match_family(tp)[0] is not None:
            continue
        seen.add(tp.id)
        out.procedures += 1
        t0 = time.monotonic()
        part = SPLIT.help_page(tp.source.path)
        pool = by_part[part]
        if not pool:
            left[f"no {part} template in the catalogue"] += 1
            continue
        first, score = choose_template(tp.task, pool, None, rng)
        tables = [t for t in pool if t.kind == "table" and t is not first][:1]
        compiled, tpl = compile_first(tp, [first, *tables], [objects[part]] if part in objects else [], compiler_for)
        if not compiled.complete:
            left[f"did not compile: {compiled.failures[0].reason}" if compiled.failures else "did not compile: no step"] += 1
            continue
        if max_steps and len(compiled.steps) > max_steps:
            left[f"compiled plan longer than the {max_steps}-step limit"] += 1
            continue
        split = SPLIT.help_task_split(tp.source.path, tpl)
        if split is None:  # cannot happen (the template is drawn from the page's partition): the rule's guard
            left["page and template in different partitions"] += 1
            continue
        out.compiled += 1
        tid = "help-" + hashlib.sha1(f"help|{tp.id}|{tpl.name}".encode()).hexdigest()[:16]
        task = Task(id=tid, app=tp.app, request=tp.task, template=tpl.path, plan=compiled.steps, checker=None, origin=tp.id,
                    split=split, family=HELP_FAMILY,
                    params={"help_page": tp.source.path, "help_section": tp.source.section, "values": compiled.params,
                            "defaults_kept": compiled.defaults})
        out.records.append(InstantiationRecord(task=task, taskplan=tp, ok=True, reason="help-derived: judged by the state-diff judge",
                                               template_score=score, seconds=time.monotonic() - t0))
    if n and len(out.records) > n:
        sample = random.Random(f"{seed}|help").sample(out.records, n)
        keep = {id(r) for r in sample}
        out.records = [r for r in out.records if id(r) in keep]
    out.left_out = dict(left.most_common())
    return out


def help_object_documents(folder: Path) -> dict[str, Template]:
    """The help's object document (:func:`lamkit.dataflow.templates.build_help_objects`) for each
    partition, numbered so the split rule puts it there: a test page's procedures run on the test
    one, as on the catalogue's test documents."""
    from lamkit.dataflow.templates import build_help_objects

    out: dict[str, Template] = {}
    for k in range(SPLIT.template_period):
        part = SPLIT.template_number(k)
        if part not in out:
            out[part] = build_help_objects(folder, number=k)
    return out


def with_help_tasks(records: Sequence[InstantiationRecord], helped: HelpInstantiation) -> list[InstantiationRecord]:
    """``records`` with the judge-only tasks of the procedures that became help tasks replaced by
    them (one task per procedure, never both)."""
    ids = helped.taskplan_ids()
    kept = [r for r in records if not (r.task is not None and r.task.params.get("judge_only") and r.task.origin in ids)]
    return kept + list(helped.records)


def split_counts(records: Sequence[InstantiationRecord]) -> dict[str, int]:
    """Tasks per split among the records that passed, and how many test tasks are compound."""
    tasks = [r.task for r in records if r.ok and r.task is not None]
    out = Counter(t.split for t in tasks)
    out["test_compound"] = sum(1 for t in tasks if t.split == "test" and t.params.get("compound"))
    out["test_checkable"] = sum(1 for t in tasks if t.split == "test" and t.checker is not None)
    helps = [t for t in tasks if is_help_task(t)]
    if helps:  # help-derived tasks, split by source page: how many pages each side holds
        for part in ("train", "test"):
            out[f"help_{part}"] = sum(1 for t in helps if t.split == part)
            out[f"help_{part}_pages"] = len({t.params.get("help_page") for t in helps if t.split == part})
    return dict(out)


def write_instantiation(records: Sequence[InstantiationRecord], out_dir: Path) -> tuple[int, int]:
    """pass.jsonl / fail.jsonl, and split.json: the split rule with its parameters and counts."""
    from lamkit.jsonl import write_jsonl

    d = out_dir / "instantiation"
    ok = [r for r in records if r.ok]
    bad = [r for r in records if not r.ok]
    write_jsonl(d / "pass.jsonl", ok)
    write_jsonl(d / "fail.jsonl", bad)
    SPLIT.write(out_dir, split_counts(records))
    return len(ok), len(bad)


def template_choice_accuracy(catalog: Sequence[Template], n: int = 300, seed: int = 0) -> dict[str, float]:
    """How well ``choose_template`` finds a template for a request.

    Each probe is a family request generated on a known template; the chooser
    sees the whole catalogue (within the family's kind constraint). Reported:
    ``exact`` (the very template; templates of one kind share sentences, so
    this is ambiguous by design), ``kind`` (same kind of document; a request
    that names its target by position or not at all says nothing of the kind)
    and, for requests that quote the document, ``fits`` (the chosen template
    contains the quoted words, i.e. the task can be done on it: what matters)
    and ``kind_quoting``.
    """
    rng = random.Random(seed)
    exact = same_kind = fits = quoting = kind_quoting = 0
    for i in range(n):
        fam = FAMILIES[i % len(FAMILIES)]
        pool = [t for t in catalog if fam.fits(t)]
        truth = rng.choice(pool)
        task = fam.make_task(truth, rng)
        chosen, _ = choose_template(task.request, catalog, fam.needs, rng)
        exact += chosen.path == truth.path
        same_kind += chosen.kind == truth.kind
        word = task.params.get("word")
        # only a request that quotes the document names its document ("the second paragraph" does not)
        if fam.target != "none" and word and re.search(rf'"{re.escape(word)}"', task.request):
            quoting += 1
            kind_quoting += chosen.kind == truth.kind
            fits += bool(re.search(rf"\b{re.escape(word)}\b", "\n".join(chosen.paragraphs)))
    return {"probes": n, "exact": exact / n, "kind": same_kind / n, "quoting": quoting, "fits": fits / max(quoting, 1),
            "kind_quoting": kind_quoting / max(quoting, 1)}
