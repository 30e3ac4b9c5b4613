"""The one split rule (lamkit/dataflow/split.py): held-out phrasings x held-out templates.

The split never puts a test phrasing or a test template into training, over thousands
of generated tasks of every family and compound; a quickstart-sized request yields ≥ 2
test tasks per family plus compound test tasks; the rule is recorded with the run."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from lamkit.dataflow.compound import phrasing_indices
from lamkit.dataflow.families import BY_NAME, FAMILIES
from lamkit.dataflow.instantiate import family_tasks, taskplan_tasks, write_instantiation
from lamkit.dataflow.phrasings import CONNECTIVES, cap, clause
from lamkit.dataflow.split import SPLIT, SplitRule
from lamkit.dataflow.templates import build_catalog
from lamkit.pipeline import PROFILES
from lamkit.schema import Source, TaskPlan


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("tpl"), per_kind=6)


@pytest.fixture(scope="module")
def many(catalog):
    """Thousands of tasks over every family and the compounds, from several seeds."""
    out = []
    for seed in range(3):
        out += [r.task for r in family_tasks(1200, catalog, seed=seed)]
    return out


def _phrasing_texts(task) -> list[tuple[str, str]]:
    """(partition, phrasing text) of every phrasing the task uses."""
    if task.params.get("compound"):
        a, b = task.params["families"]
        ia, ib = task.params["clauses"]
        ic = task.params["phrasing"]
        return [(SPLIT.phrasing(ic), CONNECTIVES[ic]), (SPLIT.phrasing(ia), BY_NAME[a].requests[ia]),
                (SPLIT.phrasing(ib), BY_NAME[b].requests[ib])]
    i = task.params["phrasing"]
    return [(SPLIT.phrasing(i), BY_NAME[task.family].requests[i])]


def test_the_rule_is_deterministic_and_drops_mixed_tasks(catalog):
    assert [SPLIT.phrasing(i) for i in range(8)] == ["train"] * 3 + ["test"] + ["train"] * 3 + ["test"]
    by_number = {t.number: SPLIT.template(t) for t in catalog if t.kind == "report"}
    assert by_number == {0: "train", 1: "test", 2: "train", 3: "train", 4: "test", 5: "train"}
    train_tpl = next(t for t in catalog if SPLIT.template(t) == "train")
    test_tpl = next(t for t in catalog if SPLIT.template(t) == "test")
    assert SPLIT.task_split([3], train_tpl) is None and SPLIT.task_split([0], test_tpl) is None
    assert SPLIT.task_split([3, 7], test_tpl) == "test" and SPLIT.task_split([0, 1], train_tpl) == "train"
    assert SPLIT.task_split([7, 0], test_tpl) is None  # a compound with one train clause is dropped too
    # both formats are held out: test templates of different kinds alternate .docx and .odt
    assert {t.path.rsplit(".", 1)[1] for t in catalog if SPLIT.template(t) == "test"} == {"docx", "odt"}


def test_no_test_phrasing_or_test_template_ever_reaches_training(catalog, many):
    tpl_split = {t.path: SPLIT.template(t) for t in catalog}
    test_texts = {(f.name, f.requests[i]) for f in FAMILIES for i in SPLIT.phrasings(len(f.requests), "test")}
    test_texts |= {("+", CONNECTIVES[i]) for i in SPLIT.phrasings(len(CONNECTIVES), "test")}
    assert len(many) > 3000
    fams = Counter(t.family for t in many)
    assert set(BY_NAME) <= set(fams) and sum(1 for f in fams if "+" in f) > 50
    for t in many:
        parts = {p for p, _ in _phrasing_texts(t)} | {tpl_split[t.template]}
        assert parts == {t.split}, (t.id, t.request, parts, t.split)
        if t.split == "train":
            names = t.family.split("+") if "+" in t.family else [t.family]
            used = _phrasing_texts(t)
            # by text too: a training request never uses a string that is a test phrasing anywhere
            assert not any((n, text) in test_texts for n in names + ["+"] for _, text in used), t.request
    # each task's recorded phrasing is the one its request was made from
    for t in many[:400]:
        p = t.params
        if p.get("compound"):
            a, b = p["families"]
            ca = clause(BY_NAME[a].requests[p["clauses"][0]]).format(**p["parts"][0])
            cb = clause(BY_NAME[b].requests[p["clauses"][1]]).format(**p["parts"][1])
            assert t.request == CONNECTIVES[p["phrasing"]].format(A=cap(ca), a=ca, b=cb)
        else:
            assert t.request == BY_NAME[t.family].requests[p["phrasing"]].format(**p)
            assert SPLIT.task_split(phrasing_indices(t), next(x for x in catalog if x.path == t.template)) == t.split


def test_quickstart_sized_runs_test_every_family_twice_plus_compounds(catalog):
    for name, at_least in (("quickstart", 30), ("standard", 80)):
        p = PROFILES[name]
        recs = family_tasks(p.tasks_per_family * len(FAMILIES), catalog, seed=p.seed,
                            test_per_family=p.test_per_family, compound=p.compound_share)
        test = [r.task for r in recs if r.ok and r.task.split == "test"]
        per_family = Counter(t.family for t in test if "+" not in t.family)
        assert set(per_family) == set(BY_NAME) and min(per_family.values()) >= 2, (name, per_family)
        assert sum(1 for t in test if t.params.get("compound")) >= 2
        assert len(test) >= at_least, (name, len(test))
        assert sum(1 for r in recs if r.task.split == "train") >= len(FAMILIES)  # every family still trains
    # a limit on test tasks (online evaluation takes the first N) still spans the families
    recs = family_tasks(136, catalog, seed=0)
    first30 = [r.task for r in recs if r.task.split == "test"][:30]
    assert len({t.family for t in first30}) >= 25


def test_fresh_tasks_are_training_only_and_harvested_tasks_follow_the_rule(catalog):
    fresh = family_tasks(60, catalog, seed=9, parts=("train",))
    assert len(fresh) == 60 and {r.task.split for r in fresh} == {"train"}
    tps = [TaskPlan(id=f"h{i}", app="writer", task=title, plan=["Select the text.", "Click the icon."], source=Source(path="a.html"))
           for i, title in enumerate(["Make text bold", "Underlining text", "Record a macro", "Inserting a page break"] * 6)]
    for r in taskplan_tasks(tps, catalog, seed=1):
        tpl = next(t for t in catalog if t.path == r.task.template)
        want = SPLIT.template(tpl)
        assert r.task.split == want
        if r.task.family:
            assert SPLIT.task_split(phrasing_indices(r.task), tpl) == want


def test_the_rule_is_recorded_with_the_instantiation(catalog, tmp_path):
    recs = family_tasks(80, catalog, seed=2)
    write_instantiation(recs, tmp_path)
    rec = json.loads((tmp_path / "instantiation" / "split.json").read_text())
    assert SplitRule.model_validate({k: rec[k] for k in SplitRule.model_fields}) == SPLIT
    assert "test iff" in rec["rule"] and rec["counts"]["test"] + rec["counts"]["train"] == 80
    assert rec["counts"]["test_compound"] >= 2
