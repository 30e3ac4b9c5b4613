"""Hand-written task suites (lamkit/dataflow/suites.py): loading, validation, generated
documents, and the example suite run through the real commands in live Writer."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lamkit.cli import app, main
from lamkit.dataflow.runner import load_items
from lamkit.dataflow.suites import REPORT_FILE, SuiteDocument, document_path, load_suite, write_document
from lamkit.errors import DataError

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
EXAMPLE = EXAMPLES / "suite.yaml"
EXAMPLE_IDS = ["bold-lakeside", "center-lunch", "heading-laptop", "emphasise-friday", "comment-budget",
               "landscape-notice", "footer-draft", "fill-q2", "table-3x2", "replace-spring"]
GOOD = {"id": "good", "request": "Make it bold.", "document": ["Sales grew."],
        "checker": {"version": 2, "all": [{"check": "run", "where": {"text": "Sales"}, "attr": "bold", "equals": True}]}}


def _suite(tmp_path: Path, *tasks, name: str = "suite.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump({"tasks": list(tasks)}, sort_keys=False) if name.endswith(".yaml") else json.dumps(list(tasks)))
    return p


def _bad(tmp_path: Path, task: dict) -> str:
    """Load a suite of one good task and ``task``; the bad one is skipped: return its reason."""
    loaded = load_suite(_suite(tmp_path, GOOD, task), docs_dir=tmp_path / "docs")
    assert [t.id for t in loaded.tasks] == ["good"], "the good task still loads"
    assert len(loaded.skipped) == 1 and loaded.skipped[0].index == 2
    reason = loaded.skipped[0].reason
    assert "\n" not in reason and reason.startswith(f"{tmp_path / 'suite.yaml'}: task 2")
    return reason


# ----------------------------------------------------------------------------- the example suite
def test_example_suite_loads_ten_valid_tasks_with_documents(tmp_path):
    loaded = load_suite(EXAMPLE, docs_dir=tmp_path / "docs")
    assert loaded.skipped == [] and loaded.total == 10
    assert [t.id for t in loaded.tasks] == EXAMPLE_IDS
    for t in loaded.tasks:
        assert t.split == "test" and t.family is None and t.checker and t.plan, t.id
        assert Path(t.template).is_file(), t.id
    by_id = {t.id: t for t in loaded.tasks}
    assert by_id["bold-lakeside"].template == str(EXAMPLES / "memo.fodt")  # relative to the suite's folder
    assert [s.function for s in by_id["bold-lakeside"].plan] == ["select_text", "click_input"]
    assert by_id["bold-lakeside"].plan[0].control == "<document>" and by_id["bold-lakeside"].plan[0].args == {"text": "lakeside"}
    generated = sorted({Path(t.template) for t in loaded.tasks if Path(t.template).parent == tmp_path / "docs"})
    assert {p.suffix for p in generated} == {".docx", ".odt"} and len(generated) == 5
    assert all(zipfile.is_zipfile(p) for p in generated)
    # deterministic names, reused on reload (what resume relies on): same paths, files not rewritten
    mtimes = {p: p.stat().st_mtime_ns for p in generated}
    again = load_suite(EXAMPLE, docs_dir=tmp_path / "docs")
    assert [t.template for t in again.tasks] == [t.template for t in loaded.tasks]
    assert {p: p.stat().st_mtime_ns for p in generated} == mtimes


def test_inline_documents_carry_styles_and_tables(tmp_path):
    from docx import Document

    doc = SuiteDocument.model_validate({"paragraphs": [{"text": "Plan", "style": "Title"}, {"text": "Intro", "style": "Heading 1"}, "Body."],
                                        "table": [["a", "b"], ["1", "2"]]})
    p = write_document(doc, tmp_path)
    assert p == document_path(doc, tmp_path) and p.suffix == ".docx"
    d = Document(str(p))
    assert [(x.text, x.style.name) for x in d.paragraphs] == [("Plan", "Title"), ("Intro", "Heading 1"), ("Body.", "Normal")]
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == [["a", "b"], ["1", "2"]]
    odt = write_document(doc.model_copy(update={"format": "odt"}), tmp_path)
    content = zipfile.ZipFile(odt).read("content.xml").decode()
    styles = zipfile.ZipFile(odt).read("styles.xml").decode()
    assert 'text:style-name="Heading_20_1"' in content and 'style:display-name="Heading 1"' in styles
    assert "<table:table " in content and "Title" in content
    # another document, another file; a plain list is the paragraphs
    other = SuiteDocument.model_validate({"paragraphs": ["Body!"]})
    assert document_path(other, tmp_path) != p


def test_json_suite_and_defaults(tmp_path):
    t = {"request": "Make it bold.", "document": ["Sales grew."], "split": "train", "family": "bold",
         "checker": {"all": [{"check": "run", "text": "Sales", "attr": "bold", "equals": True}]},  # version 1 is still read
         "plan": [{"function": "select_text", "control": "<document>", "args": {"text": "Sales"}}]}
    loaded = load_suite(_suite(tmp_path, t, name="s.json"), docs_dir=tmp_path / "d")
    (task,) = loaded.tasks
    assert task.split == "train" and task.family == "bold" and task.id.startswith("s-")  # a stable id from the content
    assert task.plan[0].step  # a step text is made up when none is given
    assert load_suite(tmp_path / "s.json", docs_dir=tmp_path / "d").tasks[0].id == task.id


# ----------------------------------------------------------------------------- bad tasks: skipped, one line each
@pytest.mark.parametrize("task, expected", [
    ({**GOOD, "id": "center-title", "checker": {"version": 2, "all": [{"check": "paragraph", "contain": "Sales", "attr": "alignment", "equals": "center"}]}},
     r"task 2 \('center-title'\)\.checker\.all\[0\]: paragraph: unknown field 'contain'"),
    ({**GOOD, "id": "k", "checker": {"version": 2, "all": [{"check": "bolded", "where": {"text": "Sales"}}]}},
     r"task 2 \('k'\)\.checker\.all\[0\]: unknown check 'bolded'"),
    ({**GOOD, "id": "a", "checker": {"version": 2, "all": [{"check": "run", "where": {"text": "Sales"}, "attr": "boldness", "equals": True}]}},
     r"task 2 \('a'\)\.checker\.all\[0\]: run: unknown attr 'boldness'"),
    ({**GOOD, "id": "c", "checker": {"version": 2, "all": [{"check": "page", "attr": "margin_left_mm", "greater_than": 20}]}},
     r"task 2 \('c'\)\.checker\.all\[0\]: page: unknown field 'greater_than'"),
    ({**GOOD, "id": "v", "checker": {"version": 9, "all": [{"check": "text", "contains": "x"}]}},
     r"task 2 \('v'\)\.checker: checker version 9 is newer"),
    ({**GOOD, "id": "f", "familly": "bold"}, r"task 2 \('f'\): unknown field 'familly' \(did you mean 'family'\?\)"),
    ({k: v for k, v in GOOD.items() if k != "request"} | {"id": "r"}, r"task 2 \('r'\)\.request: missing \(required\)"),
    ({**GOOD, "id": "s", "split": "testing"}, r"task 2 \('s'\)\.split: Input should be 'train', 'val' or 'test'"),
    ({**GOOD, "id": "d", "document": [{"text": "T", "style": "Heding 1"}]},
     r"task 2 \('d'\)\.document\.paragraphs\[0\]\.style: unknown paragraph style 'Heding 1' \(did you mean 'Heading 1'\?"),
    ({**GOOD, "id": "t", "document": {"paragraphs": ["x"], "table": [["a", "b"], ["c"]]}},
     r"task 2 \('t'\)\.document\.table: row 1 has 1 cells, row 0 has 2"),
    ({**GOOD, "id": "two", "template": "x.docx"}, r"task 2 \('two'\): give exactly one of 'template'"),
    ({**GOOD, "id": "p", "plan": [{"function": "clik_input", "control": "Bold"}]},
     r"task 2 \('p'\)\.plan\[0\]: unknown function 'clik_input' \(did you mean 'click_input'\?"),
    ({**GOOD, "id": "p2", "plan": [{"function": "select_text", "control": "<document>"}]}, r"task 2 \('p2'\)\.plan\[0\]: select_text needs args\.text"),
    ({**GOOD, "id": "p3", "plan": [{"function": "click_input"}]}, r"task 2 \('p3'\)\.plan\[0\]: click_input needs a control"),
    ({**GOOD}, r"task 2 \('good'\)\.id: 'good' is already used by task 1"),
    ("just a string", r"task 2: expected a mapping with 'request' and 'checker', found str"),
])
def test_bad_task_is_skipped_with_a_one_line_reason(tmp_path, task, expected):
    reason = _bad(tmp_path, task)
    assert re.search(expected, reason), reason


def test_bad_templates_are_skipped(tmp_path):
    base = {k: v for k, v in GOOD.items() if k != "document"}
    assert _bad(tmp_path, {**base, "id": "m", "template": "nope.docx"}).endswith(f".template: {tmp_path / 'nope.docx'} does not exist")
    (tmp_path / "fake.docx").write_text("not a document")
    assert _bad(tmp_path, {**base, "id": "z", "template": "fake.docx"}).endswith("fake.docx is not a .docx document (not a zip archive)")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert "is not a document Writer opens" in _bad(tmp_path, {**base, "id": "pdf", "template": "notes.pdf"})
    (tmp_path / "sub").mkdir()
    assert _bad(tmp_path, {**base, "id": "dir", "template": "sub"}).endswith("sub is not a file")
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.odt"
        shutil.copy(write_document(SuiteDocument(paragraphs=["x"], format="odt"), tmp_path / "d"), locked)
        locked.chmod(0)
        try:
            assert "locked.odt cannot be read (Permission denied)" in _bad(tmp_path, {**base, "id": "l", "template": "locked.odt"})
        finally:
            locked.chmod(0o644)


# ----------------------------------------------------------------------------- bad files: refused whole
@pytest.mark.parametrize("name, text, expected", [
    ("s.yaml", "tasks:\n  - request: a\n   checker: {}\n", r"s\.yaml:3:\d+: YAML syntax error"),
    ("s.json", '[{"request": "a",}]', r"s\.json:1:\d+: JSON syntax error"),
    ("s.yaml", "request: a\n", r"unknown top-level key 'request'"),
    ("s.yaml", "version: 2\ntasks: []\n", r"suite version 2 is not supported"),
    ("s.yaml", "tasks: []\n", r"the suite has no tasks"),
    ("s.yaml", "just text\n", r"expected a list of tasks .* found str"),
])
def test_unusable_files_are_refused(tmp_path, name, text, expected):
    (tmp_path / name).write_text(text)
    with pytest.raises(DataError, match=expected):
        load_suite(tmp_path / name)
    with pytest.raises(DataError, match="no such file"):
        load_suite(tmp_path / "missing.yaml")


def test_commands_report_bad_suites_in_one_line(tmp_path, capsys):
    bad = _suite(tmp_path, {**GOOD, "checker": {"version": 2, "all": [{"check": "bolded"}]}})
    # nothing runnable: a one-line error, no Writer started
    assert main(["collect", "--tasks", str(bad), "--out", str(tmp_path / "run")]) == 2
    out, err = capsys.readouterr()
    assert "unknown check 'bolded'" in out and err.count("\n") == 1 and "no task to run (all 1 skipped as invalid" in err
    report = json.loads((tmp_path / "run" / REPORT_FILE).read_text())
    assert report["loaded"] == 0 and report["skipped"][0]["id"] == "good" and "unknown check 'bolded'" in report["skipped"][0]["reason"]
    assert main(["evaluate", "online", "--tasks", str(bad), "--out", str(tmp_path / "ev")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no checkable tasks in the 'test' split (1 task(s) skipped as invalid" in err
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text("tasks: [\n")
    assert main(["collect", "--tasks", str(syntax), "--out", str(tmp_path / "run2")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YAML syntax error" in err
    # `lamkit tasks check` lists every problem and exits 1; a good suite exits 0
    r = CliRunner().invoke(app, ["tasks", "check", str(_suite(tmp_path, GOOD, {**GOOD, "id": "x", "split": "nope"}))])
    assert r.exit_code == 1 and "1 of 2 tasks valid" in r.output and "task 2 ('x').split:" in r.output
    r = CliRunner().invoke(app, ["tasks", "check", str(EXAMPLE)])
    assert r.exit_code == 0 and "10 of 10 tasks valid" in r.output


def test_a_selector_that_matches_nothing_fails_at_evaluation(tmp_path):
    from lamkit.dataflow.checkers import evaluate
    from lamkit.schema import DocState, ParagraphState

    t = {**GOOD, "checker": {"version": 2, "all": [{"check": "paragraph", "where": {"contains": "Profit"}, "attr": "alignment", "equals": "center"}]}}
    loaded = load_suite(_suite(tmp_path, t), docs_dir=tmp_path / "d")
    assert not loaded.skipped  # valid as written: whether it matches is known only on the document
    v = evaluate(loaded.tasks[0].checker, DocState(paragraphs=[ParagraphState(text="Sales grew.", alignment="center")]))
    assert not v.success and "no paragraph" in v.reason and "Profit" in v.reason


def test_load_items_still_reads_task_jsonl(tmp_path):
    loaded = load_suite(_suite(tmp_path, GOOD), docs_dir=tmp_path / "d")
    p = tmp_path / "tasks.jsonl"
    p.write_text(loaded.tasks[0].model_dump_json() + "\n")
    skipped: list = []
    assert [t.id for t, _ in load_items(p, run_dir=tmp_path / "run", skipped=skipped)] == ["good"]
    assert skipped == [] and not (tmp_path / "run" / REPORT_FILE).exists()


# ----------------------------------------------------------------------------- live: the commands in real Writer
@pytest.mark.writer
def test_example_suite_runs_through_the_commands_in_live_writer(tmp_path, capsys):
    """The ten example tasks through `lamkit evaluate online` (2 workers, heuristic expert), with a
    bad task and a task for another split added: the ten run and pass, the bad one is reported.
    Then `lamkit collect` on the same suite and run folder resumes: nothing runs again."""
    shutil.copy(EXAMPLES / "memo.fodt", tmp_path / "memo.fodt")
    suite = tmp_path / "suite.yaml"
    extra = yaml.safe_dump([
        {"id": "broken", "request": "Bold it.", "template": "memo.fodt",
         "checker": {"version": 2, "all": [{"check": "run", "where": {"text": "venue"}, "attr": "bold", "equal": True}]}},
        {"id": "for-training", "request": "Bold it.", "template": "memo.fodt", "split": "train",
         "checker": {"version": 2, "all": [{"check": "run", "where": {"text": "venue"}, "attr": "bold", "equals": True}]}},
    ], sort_keys=False)
    suite.write_text(EXAMPLE.read_text() + "".join(f"  {line}\n" for line in extra.splitlines()))
    out = tmp_path / "eval"
    argv = ["evaluate", "online", "--tasks", str(suite), "--out", str(out), "--workers", "2"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "skipped 1 invalid task(s)" in printed and "task 11 ('broken').checker.all[0]: run: unknown field 'equal'" in printed
    unsure = out / "heuristic" / "execution" / "unsure.jsonl"
    if unsure.exists():
        # An environment error (Writer stalled loading a document on this loaded machine: seen
        # 2 in ~60 episodes here) is not a verdict. Drop those records and rerun: the command
        # resumes, running only them.
        print("environment errors, rerun:", [json.loads(line)["verdict"]["reason"] for line in unsure.read_text().splitlines()])
        unsure.unlink()
        assert main(argv) == 0
        capsys.readouterr()

    recs = {}
    for name in ("pass", "fail", "unsure"):
        p = out / "heuristic" / "execution" / f"{name}.jsonl"
        for line in (p.read_text().splitlines() if p.exists() else []):
            r = json.loads(line)
            recs[r["task_id"]] = r
    assert sorted(recs) == sorted(EXAMPLE_IDS)  # not the bad one, not the train-split one
    failed = {i: r["verdict"]["reason"] for i, r in recs.items() if not r["verdict"]["success"]}
    assert not failed, failed
    online = json.loads((out / "online.json").read_text())["heuristic"]
    assert online["tasks"] == 10 and online["task_success_rate"] == 1.0
    report = json.loads((out / REPORT_FILE).read_text())
    assert report["total"] == 12 and report["loaded"] == 11
    assert [(s["index"], s["id"]) for s in report["skipped"]] == [(11, "broken")]

    # the same command again resumes: nothing runs, the generated documents are reused as they are
    docs = sorted((out / "suite-docs").iterdir())
    assert len(docs) == 5
    mtimes = [p.stat().st_mtime_ns for p in docs]
    assert main(["evaluate", "online", "--tasks", str(suite), "--out", str(out), "--workers", "2"]) == 0
    capsys.readouterr()
    assert sum(len(p.read_text().splitlines()) for p in (out / "heuristic" / "execution").glob("*.jsonl")) == 10
    assert [p.stat().st_mtime_ns for p in sorted((out / "suite-docs").iterdir())] == mtimes

    # `lamkit collect` takes every split: in the same run folder only the train-split task is new
    run = out / "heuristic"
    r = CliRunner().invoke(app, ["collect", "--tasks", str(suite), "--out", str(run), "--workers", "1"])
    assert r.exit_code == 0, r.output
    summary = json.loads((run / "summary.json").read_text())
    assert (summary["skipped_done"], summary["run"], summary["passed"], summary["failed"]) == (10, 1, 0, 1)  # no plan: nothing bolded
    assert "task 11 ('broken')" in r.output


# ----------------------------------------------------------------------------- the probe suite
@pytest.mark.parametrize("suite, mix", [
    ("probe.yaml", {"pos": 8, "desc": 4, "two-same": 6, "two-diff": 6}),
    ("probe_b.yaml", {"pos": 8, "desc": 4, "two-same": 6, "two-diff": 6}),
    ("probe_c.yaml", {"pos": 6, "desc": 6, "two-same": 12, "two-diff": 6}),
])
def test_probe_suite_loads_checkable_tasks_of_the_four_kinds(tmp_path, suite, mix):
    """benchmarks/suites/probe.yaml, probe_b.yaml (the held-back second suite) and probe_c.yaml
    (stop 32's development probe), all run by benchmarks/probe_bench.py, stay loadable: test
    tasks each with a plan for the expert and a checker, of the kinds their headers list. The
    expert passes every task of each live (benchmarks/RESULTS.md, "probe", "probe_b", "probe_c")."""
    probe = Path(__file__).resolve().parents[2] / "benchmarks" / "suites" / suite
    loaded = load_suite(probe, docs_dir=tmp_path / "docs")
    assert loaded.skipped == [] and loaded.total == sum(mix.values())
    kinds = {}
    for t in loaded.tasks:
        assert t.split == "test" and t.checker and t.plan, t.id
        kind = next(k for k in ("two-same", "two-diff", "pos", "desc") if t.id.startswith(k + "-"))
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == mix
