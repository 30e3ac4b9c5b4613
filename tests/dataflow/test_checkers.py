"""The declarative checker format (version 2, and version 1 read by translation) on hand-built document states.

Each test names the issue-12 defect or the feature it guards; real Writer filling
these states is tested in tests/envs (H2) and tests/dataflow/test_families_writer.py.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from lamkit.dataflow import colors
from lamkit.dataflow.checkers import CheckerError, combine, evaluate, normalize, upgrade_v1, validate
from lamkit.dataflow.families import BY_NAME
from lamkit.dataflow.templates import Template
from lamkit.schema import (
    CommentState,
    DocState,
    FieldState,
    ObjectState,
    PageState,
    ParagraphState,
    RunState,
    TableState,
    TabStop,
)


def R(text: str, **kw) -> RunState:
    return RunState(text=text, **kw)


def P(*runs: RunState, **kw) -> ParagraphState:
    return ParagraphState(text="".join(r.text for r in runs), runs=list(runs), **kw)


def doc(*paras: ParagraphState, **kw) -> DocState:
    return DocState(paragraphs=list(paras), text="\n".join(p.text for p in paras), **kw)


def state() -> DocState:
    p0 = P(R("Quarterly", bold=True, font_size=18), R(" report", font_size=18), alignment="center", style="Title")
    p1 = P(R("Sales grew.", font_size=11), list_type="bullet")
    return doc(p0, p1, tables=[TableState(rows=2, cols=3, cells=[["a", "b", "c"], ["d", "e", "42"]])],
               page=PageState(orientation="landscape", margin_left_mm=25.0, header_on=True, header_text="Draft"),
               comments=["Check this"], fields=["DateTime"], page_count=2)


def v2(*conds, **groups) -> dict:
    return {"version": 2, "all": list(conds), **groups}


def holds(cond: dict, s: DocState) -> bool:
    return evaluate(v2(cond), s).success


# --------------------------------------------------------------------------- version 1 still reads
def test_version1_conditions_pass_and_fail_with_reasons():
    s = state()
    ok = {"version": 1, "all": [
        {"check": "run", "text": "Quarterly", "attr": "bold", "equals": True},
        {"check": "run", "text": "report", "attr": "font_size", "approx": 18, "tol": 0.1},
        {"check": "paragraph", "contains": "Quarterly", "attr": "alignment", "equals": "Center"},  # v1: case-blind
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
    assert v.success and v.judge == "checker", v.reason
    assert v.sub_scores["all[4]"] == 1.0 and "all[4].all[1]:table" in v.sub_scores  # rows+cols became a group
    v = evaluate({"all": [{"check": "run", "text": "report", "attr": "bold", "equals": True}]}, s)
    assert not v.success and "all[0]:run failed" in v.reason and "bold is False" in v.reason
    assert not evaluate({"all": [{"check": "run", "text": "Missing", "attr": "bold", "equals": True}]}, s).success
    assert evaluate({"any": [{"check": "text", "contains": "nope"}, {"check": "text", "contains": "Sales"}]}, s).success
    assert not evaluate({"none": [{"check": "text", "contains": "Sales"}]}, s).success


def test_version1_translation_keeps_meaning():
    up = upgrade_v1({"all": [{"check": "paragraph", "contains": "Sales", "attr": "style", "equals": "title"},
                             {"check": "table", "index": 1},
                             {"check": "text", "where": "footer", "equals": " x "}]})
    assert up == {"version": 2, "all": [
        {"check": "paragraph", "where": {"contains": "Sales"}, "attr": "style", "equals": "title", "ignore_case": True, "ignore_space": True},
        {"check": "count", "what": "tables", "at_least": 2},
        {"check": "text", "scope": "footer", "equals": " x ", "ignore_space": True}]}
    assert normalize(up) is up  # a v2 checker passes through


@pytest.mark.parametrize("cond, msg", [
    # defect 1: contains taken as the selector, then index wins: the check became "non-empty"
    ({"check": "paragraph", "index": 1, "attr": "text", "contains": "color"}, "index and contains together are ambiguous"),
    ({"check": "paragraph", "contains": "Sales", "attr": "alignment"}, "no comparison"),
    ({"check": "text"}, "no comparison"),
    ({"check": "cell", "row": 0, "col": 0}, "no comparison"),
    ({"check": "count", "what": "pages", "at_least": 1, "at_most": 3}, "ambiguous comparison"),
    ({"check": "run", "text": "x"}, "run needs attr"),
    ({"check": "colour"}, "'check' must be one of"),
    ({"check": "run", "where": {"text": "x"}, "attr": "bold", "equals": True}, r"version 2 syntax: add version: 2"),
])
def test_version1_ambiguous_forms_are_refused(cond, msg):
    with pytest.raises(CheckerError, match=msg):
        validate({"all": [cond]})


def test_defect1_paragraph_contains_is_a_comparison_in_version2():
    s = doc(P(R("Title")), P(R("No colour word here.")))
    cond = {"check": "paragraph", "where": {"index": 1}, "attr": "text", "contains": "color"}
    assert not holds(cond, s)  # v1 passed this on any non-empty paragraph
    assert holds(cond, doc(P(R("Title")), P(R("Pick a color."))))


# --------------------------------------------------------------------------- quantifiers
def test_first_occurrence_all_occurrences_and_count():
    s = doc(P(R("profit", bold=True), R(" rose; profit fell; "), R("profit", bold=True)))
    first = {"check": "run", "where": {"text": "profit"}, "attr": "bold", "equals": True}
    assert holds(first, s)
    v = evaluate(v2({**first, "all_occurrences": True}), s)
    assert not v.success and "1 of 3 run(s)" in v.reason and "'profit' in paragraph 0" in v.reason
    assert holds({"check": "run", "where": {"text": "profit"}, "count": {"equals": 3}}, s)
    assert holds({**first, "count": {"equals": 2}}, s)
    assert not holds({**first, "count": {"at_least": 3}}, s)
    assert holds({"check": "run", "where": {"text": "profit"}, "count": {"at_least": 2, "at_most": 3}}, s)
    bold_all = doc(P(R("profit rose; profit fell", bold=True)))
    assert holds({**first, "all_occurrences": True}, bold_all)


def test_every_run_and_every_paragraph_including_tables():
    times = dict(font_name="Times New Roman")
    s = doc(P(R("One ", **times), R("two", **times)), P(R("Three", **times)),
            tables=[TableState(rows=1, cols=2, cells=[["x", ""]], cell_runs=[[[R("x", **times)], []]])])
    every = {"check": "run", "every": True, "attr": "font_name", "equals": "Times New Roman"}
    assert holds(every, s)
    s.tables[0].cell_runs[0][0][0].font_name = "Arial"
    v = evaluate(v2(every), s)
    assert not v.success and "table 0 cell (0, 0)" in v.reason
    assert holds({**every, "scope": "body"}, s)
    s.tables[0].cell_runs = []  # a state read without cell runs cannot prove "every run"
    v = evaluate(v2(every), s)
    assert not v.success and "were not read" in v.reason
    heads = doc(P(R("A"), style="Heading 1"), P(R("b")), P(R("C"), style="Heading 1", alignment="center"))
    assert holds({"check": "paragraph", "where": {"style": "Heading 1"}, "count": {"equals": 2}}, heads)
    assert not holds({"check": "paragraph", "where": {"style": "Heading 1"}, "every": True, "attr": "alignment", "equals": "center"}, heads)
    assert holds({"check": "paragraph", "where": {"style": "Heading 1"}, "attr": "alignment", "equals": "left"}, heads)  # the first
    assert holds({"check": "paragraph", "attr": "alignment", "equals": "center", "count": {"equals": 1}}, heads)


def test_selector_matching_nothing_is_named_and_every_needs_a_match():
    s = doc(P(R("Sales")))
    v = evaluate(v2({"check": "paragraph", "where": {"contains": "x"}, "attr": "alignment", "equals": "left"}), s)
    assert not v.success and "no paragraph where contains='x'" in v.reason
    assert not holds({"check": "paragraph", "where": {"style": "Heading 1"}, "every": True, "attr": "bold" if False else "alignment", "equals": "left"}, s)
    assert holds({"check": "paragraph", "where": {"style": "Heading 1"}, "count": {"equals": 0}}, s)


# --------------------------------------------------------------------------- groups
def test_nested_groups_to_any_depth_with_paths():
    s = state()
    spec = v2({"any": [{"check": "text", "contains": "nope"},
                       {"all": [{"check": "text", "contains": "Sales"},
                                {"none": [{"check": "page", "attr": "orientation", "equals": "portrait"}]}]}]})
    v = evaluate(spec, s)
    assert v.success, v.reason
    assert v.sub_scores == {"all[0].any[0]:text": 0.0, "all[0].any[1].all[0]:text": 1.0,
                            "all[0].any[1].all[1].none[0]:page": 0.0, "all[0].any[1].all[1]": 1.0,
                            "all[0].any[1]": 1.0, "all[0]": 1.0}
    spec["all"][0]["any"][1]["all"][1]["none"][0]["equals"] = "landscape"
    v = evaluate(spec, s)
    assert not v.success
    assert "all[0].any: none holds" in v.reason and "all[0].any[1].all[1].none[0]:page holds but must not" in v.reason


# --------------------------------------------------------------------------- defect 2: what makes the claim true
def _template(tmp_path: Path, paragraphs: list[str], styles: list[str] | None = None, table=None) -> Template:
    return Template(name="t", path=str(tmp_path / "t.odt"), kind="report", description="d", paragraphs=paragraphs,
                    styles=styles or [], roles=["title"] + ["body"] * (len(paragraphs) - 1), table=table or [])


def _task(family: str, tpl: Template, **params):
    f = BY_NAME[family]
    rng = random.Random(0)
    p = {**f.sample(tpl, rng), **params}
    return f.make_task(tpl, rng, p=p)


PARAS = ["Quarterly report", "Sales grew by five percent.", "Costs remained stable."]


def _paras(**target) -> DocState:
    return doc(*[P(R(t), **(target if "Sales" in t else {})) for t in PARAS])


def test_family_line_spacing_pins_the_mode(tmp_path):
    t = _task("line_spacing", _template(tmp_path, PARAS), spacing=(1.5, "Line Spacing: 1.5", "1.5"))
    word = t.params["word"]
    assert evaluate(t.checker, doc(*[P(R(x), **({"line_spacing": 1.5} if word in x else {})) for x in PARAS])).success
    v = evaluate(t.checker, doc(*[P(R(x), **({"line_spacing": 1.5, "line_spacing_mode": "fixed"} if word in x else {}))
                                   for x in PARAS]))
    assert not v.success and "line_spacing_mode is 'fixed'" in v.reason  # "fixed 1.5 mm" is not 1.5 lines
    assert not evaluate(t.checker, doc(*[P(R(x), line_spacing=1.5) for x in PARAS])).success  # every paragraph


def test_family_page_break_needs_a_break_before_the_target(tmp_path):
    tpl = _template(tmp_path, PARAS)
    t = _task("page_break", tpl)
    word = t.params["word"]
    src = next(x for x in PARAS if word in x)
    good = doc(*[P(R(x), page_break_before=x == src) for x in PARAS], page_count=2)
    assert evaluate(t.checker, good).success
    assert not evaluate(t.checker, doc(*[P(R(x)) for x in PARAS], page_count=2)).success  # two pages, no break
    other = next(x for x in PARAS if x != src)
    assert not evaluate(t.checker, doc(*[P(R(x), page_break_before=x == other) for x in PARAS], page_count=2)).success
    split = [*(P(R(x)) for x in PARAS if x != src), P(R(src[:5])), P(R(src[5:]), page_break_before=True)]
    assert not evaluate(t.checker, doc(*split, page_count=2)).success  # a break inside the paragraph


def test_family_date_field_in_the_last_paragraph(tmp_path):
    t = _task("date_field", _template(tmp_path, PARAS))
    s = doc(*[P(R(x)) for x in PARAS], text_fields=[FieldState(kind="DateTime", paragraph=2, subtype="date")])
    assert evaluate(t.checker, s).success
    s.text_fields = [FieldState(kind="DateTime", paragraph=0, subtype="date")]
    assert not evaluate(t.checker, s).success
    s.text_fields = [FieldState(kind="PageNumber", paragraph=2)]
    assert not evaluate(t.checker, s).success
    old = doc(*[P(R(x)) for x in PARAS], fields=["DateTime"])  # a state without positions cannot prove "at the end"
    v = evaluate(t.checker, old)
    assert not v.success and "paragraph is None" in v.reason


def test_family_character_checks_pin_the_attribute_and_the_rest(tmp_path):
    tpl = _template(tmp_path, PARAS)
    t = _task("highlight", tpl, word="five")
    assert evaluate(t.checker, doc(P(R(PARAS[0])), P(R("Sales grew by "), R("five", highlight="#ffff00"), R(" percent.")),
                                   P(R(PARAS[2])))).success
    v = evaluate(t.checker, doc(P(R(PARAS[0])), P(R("Sales grew by "), R("five", color="#ffff00"), R(" percent.")), P(R(PARAS[2]))))
    assert not v.success  # a yellow font is not a highlight
    everything = doc(P(R(PARAS[0])), P(R(PARAS[1], highlight="#ffff00")), P(R(PARAS[2])))
    v = evaluate(t.checker, everything)
    assert not v.success and "outside_text" in v.reason  # the whole paragraph highlighted
    b = _task("bold", tpl, word="five")
    assert not evaluate(b.checker, doc(P(R(PARAS[0])), P(R("Sales grew by fi"), R("ve percent.", bold=True)), P(R(PARAS[2])))).success


def test_family_edit_checks_pin_the_edited_paragraph(tmp_path):
    tpl = _template(tmp_path, PARAS)
    up = _task("uppercase", tpl, word="stable")
    assert evaluate(up.checker, doc(P(R(PARAS[0])), P(R(PARAS[1])), P(R("Costs remained STABLE.")))).success
    assert not evaluate(up.checker, doc(*[P(R(x.upper())) for x in PARAS])).success  # everything upper-cased
    dl = _task("delete_word", tpl, word="stable")
    assert evaluate(dl.checker, doc(P(R(PARAS[0])), P(R(PARAS[1])), P(R("Costs remained .")))).success
    assert not evaluate(dl.checker, doc(P(R(PARAS[0])), P(R(PARAS[1])))).success  # the whole paragraph deleted


# --------------------------------------------------------------------------- defect 4: tables
def test_text_scopes_include_tables_and_cells_have_runs():
    s = doc(P(R("Intro")), tables=[TableState(rows=1, cols=2, cells=[["Rent", "x2"]],
                                              cell_runs=[[[R("Rent", bold=True)], [R("x"), R("2", superscript=True)]]])])
    assert holds({"check": "text", "contains": "Rent"}, s)  # default scope: body + tables
    assert not holds({"check": "text", "scope": "body", "contains": "Rent"}, s)
    assert holds({"check": "text", "scope": "tables", "not_contains": "Intro"}, s)
    assert holds({"check": "run", "where": {"text": "Rent"}, "attr": "bold", "equals": True}, s)
    assert holds({"check": "run", "where": {"text": "2", "cell": {"row": 0, "col": 1}}, "attr": "superscript", "equals": True}, s)
    assert not holds({"check": "run", "where": {"text": "x", "cell": {"col": 1}}, "attr": "superscript", "equals": True}, s)
    assert not holds({"check": "run", "where": {"text": "Rent"}, "scope": "body", "attr": "bold", "equals": True}, s)


# --------------------------------------------------------------------------- defect 5: one comparison semantics, colours
def test_equals_is_exact_everywhere_with_opt_in_ignore_case_and_space():
    s = doc(P(R("Sales  Grew", font_name="Arial")), tables=[TableState(rows=1, cols=1, cells=[["Total"]], cell_runs=[[[R("Total")]]])])
    for cond in ({"check": "paragraph", "where": {"index": 0}, "attr": "text", "equals": "sales grew"},
                 {"check": "run", "where": {"text": "Sales"}, "attr": "font_name", "equals": "arial"},
                 {"check": "cell", "where": {"row": 0, "col": 0}, "equals": "total"},
                 {"check": "text", "scope": "body", "equals": "sales grew"}):
        assert not holds(cond, s), cond
        assert holds({**cond, "ignore_case": True, "ignore_space": True}, s), cond
    assert not holds({"check": "text", "scope": "body", "equals": "Sales Grew"}, s)
    assert holds({"check": "text", "scope": "body", "equals": "Sales Grew", "ignore_space": True}, s)
    assert holds({"check": "paragraph", "where": {"index": 0}, "attr": "text", "matches": r"^sales\s+grew$", "ignore_case": True}, s)
    assert holds({"check": "paragraph", "where": {"index": 0}, "attr": "style", "one_of": ["", "Body Text"]}, s)


def test_colours_named_and_with_tolerance():
    s = doc(P(R("red", color="#c9211e"), R(" hi", highlight="#ffff00"), R(" auto")))
    col = {"check": "run", "where": {"text": "red"}, "attr": "color"}
    assert holds({**col, "equals": "#C9211E"}, s)
    assert holds({**col, "equals": "Dark Red 2"}, s)
    assert holds({**col, "equals": "dark red"}, s)  # a shade family: Dark Red 1-4
    assert not holds({**col, "equals": "red"}, s)
    assert not holds({**col, "equals": "dark red 1"}, s)
    assert not holds({**col, "equals": "#c5211e"}, s)  # exact by default
    assert holds({**col, "equals": "#c5211e", "tol": 4}, s)
    assert holds({**col, "not_equals": "red"}, s)
    assert holds({"check": "run", "where": {"text": "hi"}, "attr": "highlight", "equals": "yellow"}, s)
    assert holds({"check": "run", "where": {"text": "auto"}, "attr": "color", "equals": None}, s)
    assert not holds({"check": "run", "where": {"text": "auto"}, "attr": "highlight", "one_of": ["yellow", "light yellow"]}, s)
    assert colors.resolve("grey") == ["#808080"] and colors.resolve("no such colour") is None


def test_palette_is_libreoffice_standard_palette():
    soc = Path("/usr/lib/libreoffice/share/palette/standard.soc")
    if not soc.exists():
        pytest.skip("LibreOffice's palette file is not installed here")
    found = dict(re.findall(r'draw:name="([^"]+)" draw:color="(#[0-9a-fA-F]{6})"', soc.read_text()))
    assert {k.lower(): v.lower() for k, v in found.items()} == colors.PALETTE
    assert colors.PALETTE["dark red 2"] == "#c9211e" and colors.PALETTE["yellow"] == "#ffff00"


# --------------------------------------------------------------------------- validation: one message per kind of bad input
@pytest.mark.parametrize("spec, msg", [
    ({"version": 3, "all": [{"check": "text", "contains": "x"}]}, r"^checker: checker version 3 is newer than this lamkit reads"),
    ({"version": "2", "all": []}, "unsupported checker version"),
    (v2(), r"^checker: no conditions"),
    ({"version": 2, "all": [{"check": "text", "contains": "x"}], "extra": 1}, "unknown key"),
    (v2({"check": "text", "contains": "x"}, {"any": [{"check": "paragraph", "where": {"index": 0}, "attr": "text", "contain": "x"}]}),
     re.escape("checker.all[1].any[0]: paragraph: unknown field 'contain' (did you mean 'contains'?)")),
    (v2({"check": "colour"}), re.escape("checker.all[0]: unknown check 'colour'")),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "alignment"}), "paragraph: attr 'alignment' has no comparison"),
    (v2({"check": "paragraph", "where": {"index": 0}}), "paragraph: no comparison"),
    (v2({"check": "text", "scope": "body"}), "text: no comparison"),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "colour", "equals": "red"}), "unknown attr 'colour'"),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "text", "equals": "a", "contains": "b"}), "ambiguous comparison"),
    (v2({"check": "paragraph", "index": 0, "attr": "text", "equals": "a"}), r"unknown field 'index' \(a selector: write where"),
    (v2({"check": "paragraph", "where": {"contain": "x"}, "attr": "text", "equals": "a"}), "unknown selector 'contain'"),
    (v2({"check": "paragraph", "where": {"index": "1"}, "attr": "text", "equals": "a"}), r"where\.index: must be an integer"),
    (v2({"check": "paragraph", "attr": "text", "equals": "a"}), "say which one"),
    (v2({"check": "paragraph", "every": True, "count": {"equals": 1}, "attr": "text", "equals": "a"}), "ambiguous quantifier"),
    (v2({"check": "run", "where": {"text": "x"}, "every": True, "attr": "bold", "equals": True}), "write all_occurrences"),
    (v2({"check": "paragraph", "where": {"index": 0}, "all_occurrences": True, "attr": "text", "equals": "a"}), "unknown field 'all_occurrences'"),
    (v2({"check": "paragraph", "where": {"index": 0}, "count": {"exactly": 1}}), "count: unknown comparison 'exactly'"),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "alignment", "equals": "centre"}), "must be one of left, right, center, justify"),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "alignment", "contains": "cen"}), "contains does not apply to alignment"),
    (v2({"check": "run", "where": {"text": "x"}, "attr": "bold", "equals": "yes"}), "must be true or false"),
    (v2({"check": "run", "where": {"text": "x"}, "attr": "bold", "equals": True, "ignore_case": True}), "ignore_case applies to text"),
    (v2({"check": "run", "where": {"text": "x"}, "attr": "color", "equals": "reddish"}), "not a colour"),
    (v2({"check": "run", "where": {"text": "x"}, "attr": "italic", "equals": True, "tol": 1}), "tol applies to approx and colours"),
    (v2({"check": "text", "scope": "margin", "contains": "x"}), "scope must be one of"),
    (v2({"check": "run", "where": {"text": "x", "paragraph": {"index": 0}}, "scope": "header", "attr": "bold", "equals": True}),
     "where.paragraph selects body paragraphs"),
    (v2({"check": "count", "what": "pages", "equals": 1}), "what must be one of"),
    (v2({"check": "paragraph", "where": {"index": 0}, "attr": "text", "matches": "(["}), "not a regular expression"),
    (v2({"all": [{"check": "text", "contains": "x"}], "check_all": 1}), "a group has only all/any/none"),
])
def test_malformed_specs_are_named(spec, msg):
    with pytest.raises(CheckerError, match=msg):
        validate(spec)


# --------------------------------------------------------------------------- the new DocState attributes
def test_new_docstate_attributes():
    s = doc(P(R("E = mc"), R("2", superscript=True), R(" H"), R("2", subscript=True), R("O"),
              tab_stops=[TabStop(position_mm=50, alignment="right")]),
            P(R("Chart below")),
            objects=[ObjectState(kind="image", name="Logo", paragraph=1), ObjectState(kind="shape")],
            text_fields=[FieldState(kind="GetReference", paragraph=1, target="fig1", text="Figure 1")],
            annotations=[CommentState(text="Check the formula", author="Ann", paragraph=0, anchor_text="mc")],
            page=PageState(header_on=True, header_text="Draft", header_paragraphs=[P(R("Draft"), alignment="right")]))
    assert holds({"check": "run", "where": {"text": "2"}, "attr": "superscript", "equals": True}, s)
    assert holds({"check": "run", "where": {"text": "2"}, "attr": "superscript", "equals": True, "count": {"equals": 1}}, s)
    assert holds({"check": "run", "where": {"text": "2"}, "attr": "subscript", "equals": True, "count": {"equals": 1}}, s)
    assert not holds({"check": "run", "where": {"text": "2O"}, "attr": "subscript", "equals": True}, s)  # "O" is not
    assert holds({"check": "tab_stop", "where": {"paragraph": {"contains": "mc"}}, "attr": "position_mm", "approx": 50, "tol": 0.5}, s)
    assert holds({"check": "tab_stop", "where": {"paragraph": 0, "alignment": "right"}, "count": {"equals": 1}}, s)
    assert not holds({"check": "tab_stop", "where": {"paragraph": 1}, "count": {"at_least": 1}}, s)
    assert holds({"check": "object", "where": {"kind": "image"}, "attr": "paragraph", "equals": -1}, s)
    assert holds({"check": "object", "where": {"paragraph": {"contains": "Chart"}}, "attr": "name", "equals": "Logo"}, s)
    assert holds({"check": "count", "what": "objects", "equals": 2}, s)
    assert holds({"check": "field", "where": {"kind": "GetReference"}, "attr": "target", "equals": "fig1"}, s)
    assert holds({"check": "field", "where": {"target": "fig1"}, "attr": "paragraph", "equals": 1}, s)
    assert holds({"check": "comment", "where": {"contains": "formula"}, "attr": "anchor_text", "equals": "mc"}, s)
    assert holds({"check": "comment", "where": {"author": "Ann", "paragraph": 0}, "count": {"equals": 1}}, s)
    assert holds({"check": "paragraph", "scope": "header", "where": {"contains": "Draft"}, "attr": "alignment", "equals": "right"}, s)
    assert not holds({"check": "paragraph", "scope": "footer", "where": {"contains": "Draft"}, "attr": "alignment", "equals": "right"}, s)
    s.page.header_paragraphs = []  # header text without its paragraphs: alignment unknown, not assumed
    v = evaluate(v2({"check": "paragraph", "scope": "header", "where": {"index": 0}, "attr": "alignment", "equals": "left"}), s)
    assert not v.success and "were not read" in v.reason


# --------------------------------------------------------------------------- combine
def test_combine_makes_one_checker_that_needs_every_part():
    bold = {"version": 1, "all": [{"check": "run", "text": "Quarterly", "attr": "bold", "equals": True}]}
    centre = v2({"check": "paragraph", "where": {"index": 0}, "attr": "alignment", "equals": "center"},
                none=[{"check": "text", "contains": "Costs"}])
    both = combine(bold, centre)
    validate(both)
    assert both["version"] == 2 and both["all"][0]["check"] == "run" and "none" in both["all"][1]
    s = state()
    assert evaluate(both, s).success
    s.paragraphs[0].alignment = "left"  # half of the compound task
    v = evaluate(both, s)
    assert not v.success and "all[1].all[0]:paragraph failed" in v.reason
    with pytest.raises(CheckerError, match=r"combine\[1\]"):
        combine(bold, {"version": 2, "all": [{"check": "nope"}]})


# --------------------------------------------------------------------------- suite files


# --------------------------------------------------------------------------- issue 12: the last false successes
def test_character_check_pins_the_rest_of_a_styled_paragraph(tmp_path):
    """font_color on a word of the Title: the rest of the Title must keep its colour too (the
    rule used to apply only to unstyled paragraphs)."""
    tpl = _template(tmp_path, PARAS, styles=["Title", "", ""])
    t = _task("font_color", tpl, word="Quarterly")
    red = "#c9211e"
    good = doc(P(R("Quarterly", color=red), R(" report", color="#17365d"),
                 style="Title"), P(R(PARAS[1])), P(R(PARAS[2])))
    assert evaluate(t.checker, good).success
    whole = doc(P(R(PARAS[0], color=red), style="Title"), P(R(PARAS[1])), P(R(PARAS[2])))
    v = evaluate(t.checker, whole)
    assert not v.success and "outside_text" in v.reason


def test_indent_is_not_a_hanging_indent(tmp_path):
    t = _task("indent", _template(tmp_path, PARAS), cm="2")
    word = t.params["word"]
    assert evaluate(t.checker, doc(*[P(R(x), **({"left_indent_mm": 20.0} if word in x else {})) for x in PARAS])).success
    hanging = doc(*[P(R(x), **({"left_indent_mm": 20.0, "first_line_indent_mm": -20.0} if word in x else {})) for x in PARAS])
    v = evaluate(t.checker, hanging)
    assert not v.success and "first_line_indent_mm" in v.reason


def test_insert_table_at_the_end_and_the_text_kept(tmp_path):
    t = _task("insert_table", _template(tmp_path, PARAS), rows=3, cols=2)
    table = TableState(rows=3, cols=2, cells=[[""] * 2] * 3, paragraph=3)
    body = [P(R(x)) for x in PARAS]
    assert evaluate(t.checker, doc(*body, P(), tables=[table])).success  # Writer adds an empty paragraph after it
    at_start = doc(*body, tables=[table.model_copy(update={"paragraph": 0})])
    v = evaluate(t.checker, at_start)
    assert not v.success and "paragraph is 0" in v.reason
    replaced = doc(P(), tables=[table.model_copy(update={"paragraph": 0})])  # the text deleted, a table in its place
    assert not evaluate(t.checker, replaced).success
    replaced_at_end = doc(P(R("x")), P(R("y")), P(R("z")), P(), tables=[table])
    v = evaluate(t.checker, replaced_at_end)
    assert not v.success and "Quarterly report" in v.reason


def test_margin_left_keeps_the_other_margins_of_the_template(tmp_path):
    from docx import Document
    from docx.shared import Mm

    path = tmp_path / "m.docx"
    d = Document()
    d.add_paragraph(PARAS[0])
    sec = d.sections[0]
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Mm(31.75), Mm(31.75), Mm(25.4), Mm(25.4)
    d.save(str(path))
    tpl = Template(name="m", path=str(path), kind="report", description="d", paragraphs=PARAS)
    t = _task("margin_left", tpl, cm="2.5")
    kept = dict(margin_right_mm=31.75, margin_top_mm=25.4, margin_bottom_mm=25.4)
    assert evaluate(t.checker, doc(*[P(R(x)) for x in PARAS], page=PageState(margin_left_mm=25.0, **kept))).success
    every = PageState(margin_left_mm=25.0, margin_right_mm=25.0, margin_top_mm=25.0, margin_bottom_mm=25.0)
    v = evaluate(t.checker, doc(*[P(R(x)) for x in PARAS], page=every))
    assert not v.success and "margin_right_mm" in v.reason
    # an .odt that sets no page layout: LibreOffice's 20 mm on every side
    from lamkit.dataflow.families import _margins_of
    odt = tmp_path / "plain.odt"
    from odf.opendocument import OpenDocumentText
    OpenDocumentText().save(str(odt))
    assert _margins_of(str(odt)) == {"left": 20.0, "right": 20.0, "top": 20.0, "bottom": 20.0}


@pytest.mark.parametrize("which, other", [("header", "footer"), ("footer", "header")])
def test_header_or_footer_text_only_there(tmp_path, which, other):
    t = _task(f"{which}_text", _template(tmp_path, PARAS), text="Confidential")
    body = [P(R(x)) for x in PARAS]
    good = PageState(**{f"{which}_on": True, f"{which}_text": "Confidential"})
    assert evaluate(t.checker, doc(*body, page=good)).success
    both = PageState(header_on=True, footer_on=True, header_text="Confidential", footer_text="Confidential")
    v = evaluate(t.checker, doc(*body, page=both))
    assert not v.success and f"{other} text" in v.reason


def test_text_at_the_end_keeps_every_other_paragraph(tmp_path):
    t = _task("special_character", _template(tmp_path, PARAS), sym=("©", "copyright"))
    assert evaluate(t.checker, doc(P(R(PARAS[0])), P(R(PARAS[1])), P(R(PARAS[2] + "©")))).success
    every = doc(*[P(R(x + "©")) for x in PARAS])
    v = evaluate(t.checker, every)
    assert not v.success and "paragraph 0 'Quarterly report©'" in v.reason


def test_date_field_is_a_date_not_a_time(tmp_path):
    t = _task("date_field", _template(tmp_path, PARAS))
    body = [P(R(x)) for x in PARAS]
    assert evaluate(t.checker, doc(*body, text_fields=[FieldState(kind="DateTime", paragraph=2, subtype="date")])).success
    v = evaluate(t.checker, doc(*body, text_fields=[FieldState(kind="DateTime", paragraph=2, subtype="time")]))
    assert not v.success and "subtype is 'time'" in v.reason
