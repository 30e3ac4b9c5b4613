"""The declarative checker format on hand-built document states."""

from __future__ import annotations

import json

import pytest

from lamkit.dataflow.checkers import CheckerError, evaluate, load_suite, validate
from lamkit.errors import DataError
from lamkit.schema import DocState, PageState, ParagraphState, RunState, TableState


def state() -> DocState:
    p0 = ParagraphState(text="Quarterly report", alignment="center", style="Title",
                        runs=[RunState(text="Quarterly", bold=True, font_size=18), RunState(text=" report", font_size=18)])
    p1 = ParagraphState(text="Sales grew.", runs=[RunState(text="Sales grew.", font_size=11)], list_type="bullet")
    return DocState(paragraphs=[p0, p1], tables=[TableState(rows=2, cols=3, cells=[["a", "b", "c"], ["d", "e", "42"]])],
                    page=PageState(orientation="landscape", margin_left_mm=25.0, header_on=True, header_text="Draft"),
                    comments=["Check this"], fields=["DateTime"], page_count=2, text="Quarterly report\nSales grew.")


def test_conditions_pass_and_fail_with_reasons():
    s = state()
    ok = {"version": 1, "all": [
        {"check": "run", "text": "Quarterly", "attr": "bold", "equals": True},
        {"check": "run", "text": "report", "attr": "font_size", "approx": 18, "tol": 0.1},
        {"check": "paragraph", "contains": "Quarterly", "attr": "alignment", "equals": "center"},
        {"check": "paragraph", "index": 1, "attr": "list_type", "equals": "bullet"},
        {"check": "table", "index": 0, "rows": 2, "cols": 3},
        {"check": "cell", "table": 0, "row": 1, "col": 2, "equals": "42"},
        {"check": "page", "attr": "orientation", "equals": "landscape"},
        {"check": "page", "attr": "margin_left_mm", "approx": 25, "tol": 0.5},
        {"check": "text", "where": "header", "contains": "Draft"},
        {"check": "comment", "contains": "check"},
        {"check": "field", "kind": "DateTime"},
        {"check": "count", "what": "page_count", "at_least": 2},
    ], "none": [{"check": "text", "contains": "Costs"}]}
    v = evaluate(ok, s)
    assert v.success and v.judge == "checker" and len(v.sub_scores) == 13
    bad = {"all": [{"check": "run", "text": "report", "attr": "bold", "equals": True}]}
    v = evaluate(bad, s)
    assert not v.success and "bold of 'report'" in v.reason
    assert not evaluate({"all": [{"check": "run", "text": "Missing", "attr": "bold", "equals": True}]}, s).success
    assert evaluate({"any": [{"check": "text", "contains": "nope"}, {"check": "text", "contains": "Sales"}]}, s).success
    assert not evaluate({"none": [{"check": "text", "contains": "Sales"}]}, s).success


@pytest.mark.parametrize("spec, msg", [
    ({"version": 2, "all": [{"check": "text", "contains": "x"}]}, "unsupported checker version"),
    ({"all": [{"check": "colour"}]}, "'check' must be one of"),
    ({"all": [{"check": "run", "text": "x"}]}, "run needs attr"),
    ({"all": [{"check": "page", "attr": "orientation"}]}, "give a comparison"),
    ({"all": []}, "no conditions"),
    ({"all": [{"check": "text", "contains": "x"}], "extra": 1}, "unknown key"),
])
def test_malformed_specs_are_named(spec, msg):
    with pytest.raises(CheckerError, match=msg):
        validate(spec)


def test_suite_files_json_and_yaml(tmp_path):
    good = [{"id": "t1", "request": "Bold it", "checker": {"all": [{"check": "run", "text": "a", "attr": "bold", "equals": True}]}}]
    (tmp_path / "s.json").write_text(json.dumps(good))
    assert load_suite(tmp_path / "s.json")[0]["id"] == "t1"
    (tmp_path / "s.yaml").write_text(
        "tasks:\n  - request: Center the title\n    checker:\n      all:\n        - {check: paragraph, index: 0, attr: alignment, equals: center}\n"
        "  - request: Broken\n    checker:\n      all:\n        - {check: run, text: x}\n")
    with pytest.raises(DataError, match=r"task 1 \('Broken'\)\.checker\.all\[0\]: run needs attr"):
        load_suite(tmp_path / "s.yaml")
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(DataError, match="cannot parse"):
        load_suite(tmp_path / "bad.json")
