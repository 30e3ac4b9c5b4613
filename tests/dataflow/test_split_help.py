"""The split of help-derived tasks (lamkit/dataflow/split.py): by source page, so a held-out
page's procedures never train, on 112 real harvested procedures (the hand-labelled set's)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from lamkit.dataflow.instantiate import (HELP_FAMILY, help_object_documents, help_tasks, match_family, split_counts,
                                         taskplan_tasks, with_help_tasks)
from lamkit.dataflow.split import SPLIT
from lamkit.dataflow.templates import build_catalog
from lamkit.jsonl import read_jsonl
from lamkit.schema import Source, TaskPlan

RECORDS = Path(__file__).resolve().parents[1] / "data" / "help_labels" / "records.jsonl"


@pytest.fixture(scope="module")
def procedures() -> list[TaskPlan]:
    """The harvested procedures behind the hand-labelled help episodes, as TaskPlans."""
    out = {}
    for r in read_jsonl(RECORDS):
        tid = r["task_id"].removeprefix("help-")
        out[tid] = TaskPlan(id=tid, app="writer", task=r["request"], plan=r["plan"], source=Source(path=r["page"]))
    return list(out.values())


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("tpl"), per_kind=3)


def test_a_test_pages_procedures_never_train(procedures, catalog):
    made = help_tasks(procedures, catalog, seed=0)
    tasks = [r.task for r in made.records]
    assert len(tasks) >= 60 and all(t.family == HELP_FAMILY and t.checker is None for t in tasks)
    sides = defaultdict(set)
    # a procedure that needs an object the catalogue's documents lack (a footnote, a frame) runs on
    # its partition's object document, written beside the catalogue
    documents = {c.path: c for c in catalog} | {o.path: o for o in help_object_documents(Path(catalog[0].path).parent).values()}
    for t in tasks:
        page = t.params["help_page"]
        assert t.split == SPLIT.help_page(page)  # the page decides
        tpl = documents[t.template]
        assert SPLIT.template(tpl) == t.split  # on a template of the same side
        sides[page].add(t.split)
    assert all(len(s) == 1 for s in sides.values())  # every procedure of a page on one side
    test_pages = {p for p, s in sides.items() if s == {"test"}}
    train_pages = set(sides) - test_pages
    assert test_pages and train_pages and 0.2 < len(test_pages) / len(sides) < 0.5
    # the same pages are held out for any seed, sample size and template catalogue
    for seed, n in ((1, 0), (2, 25)):
        other = help_tasks(procedures, catalog, n, seed=seed)
        assert len(other.records) == (n or len(tasks))
        assert all((r.task.params["help_page"] in test_pages) == (r.task.split == "test") for r in other.records)
    counts = split_counts(made.records)
    assert counts["help_test"] + counts["help_train"] == len(tasks)
    assert counts["help_test_pages"] == len(test_pages) and counts["help_train_pages"] == len(train_pages)
    assert "help page" in SPLIT.describe()


def test_help_tasks_replace_their_judge_only_tasks_and_skip_family_matches(procedures, catalog):
    family = TaskPlan(id="bold", app="writer", task="Make text bold", plan=["Select the text.", "Click the Bold icon."],
                      source=Source(path="swriter/guide/text_emphasize.html"))
    pairs = [*procedures, family]
    recs = taskplan_tasks(pairs, catalog)
    made = help_tasks(pairs, catalog)
    assert "bold" not in made.taskplan_ids()  # a family's exact checker wins over the judge
    unmapped = [p for p in procedures if match_family(p)[0] is None]
    assert 0 < made.procedures <= len(unmapped) < len(procedures) and made.compiled == len(made.records)
    assert sum(made.left_out.values()) == made.procedures - made.compiled
    merged = with_help_tasks(recs, made)
    origins = [r.task.origin for r in merged if r.task is not None]
    assert len(origins) == len(set(origins))  # one task per procedure, never a judge-only twin
    assert sum(1 for r in merged if r.task and r.task.family == HELP_FAMILY) == len(made.records)


def test_step_limit_leaves_long_plans_out(procedures, catalog):
    short = help_tasks(procedures, catalog, max_steps=4)
    assert short.records and all(len(r.task.plan) <= 4 for r in short.records)
    assert short.left_out.get("compiled plan longer than the 4-step limit", 0) > 0


def test_held_out_help_items_and_the_with_without_profiles(procedures, catalog, tmp_path):
    from lamkit.dataflow.help_eval import help_test_items
    from lamkit.dataflow.instantiate import family_tasks, write_instantiation
    from lamkit.pipeline import PROFILES

    made = help_tasks(procedures, catalog, 20, seed=0)
    write_instantiation(family_tasks(6, catalog, families=["bold", "italic"]) + made.records, tmp_path)
    items = help_test_items(tmp_path / "instantiation" / "pass.jsonl")
    want = sorted(r.task.id for r in made.records if r.task.split == "test")
    assert want and sorted(t.id for t, _ in items) == want  # only held-out help tasks, no family task
    qs, nohelp = PROFILES["quickstart"], PROFILES["quickstart-nohelp"]
    assert qs.help_tasks > 0 and qs.help_training and not nohelp.help_training
    # the "without" run differs in nothing else: the same tasks, the same held-out help tasks
    assert nohelp.model_dump(exclude={"name", "help_training"}) == qs.model_dump(exclude={"name", "help_training"})
    assert PROFILES["standard"].help_tasks == -1 and PROFILES["smoke"].help_tasks == 0
