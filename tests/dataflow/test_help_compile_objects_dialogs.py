"""Dialogs a blank document does not open (tenth batch, issue 14): the inventory found them on the
help's documents that hold objects and records what each needs (``DialogControls.needs``: "table",
"objects", "frame", "field", ...); a plan that opens one is ``needs_object`` on a document that
lacks it (so ``compile_first`` moves the procedure to one that has it), and puts the cursor where
the dialog opens when the help's steps put it nowhere before.

Sentences are verbatim from the installed Writer help (page in the comment). Grounded against the
cached UI inventory (lamkit/dataflow/help/writer_ui.json); no live Writer.
"""

from __future__ import annotations

import json

import pytest

from lamkit.dataflow.help.compile import Compiler, Target, compile_first
from lamkit.dataflow.help.inventory import INVENTORIES, DialogControls, UIInventory, load, object_places
from lamkit.dataflow.templates import build_help_objects, build_help_template

from help_cases import TABLE, box, click, key, plan, reasons, sel, steps


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """The benchmark's three documents by name: the table document's target, the list-and-table
    document, the objects document (templates of their own, built here)."""
    folder = tmp_path_factory.mktemp("docs")
    return {"table": TABLE, "list": Target.of(build_help_template(folder)), "objects": Target.of(build_help_objects(folder))}


@pytest.fixture(scope="module")
def comps(docs):
    inv = load("writer")
    return {name: Compiler(inv, target) for name, target in docs.items()}


def first(comps, p):
    """Where the benchmark compiles a procedure: the table document, then the list and objects documents."""
    return compile_first(p, ["table"], ["list", "objects"], lambda name: comps[name])


def test_the_inventory_records_where_each_dialog_opened():
    """Dialogs read on the blank document need nothing; the others name the place that enabled
    their menu entry (the cursor in a table cell, a document with a section, a frame, a field)."""
    inv = load("writer")
    assert inv.dialog(["Format", "Paragraph..."]).needs is None
    assert inv.dialog(["Table", "Properties..."]).needs == "table"
    assert inv.dialog(["Format", "Sections..."]).needs == "objects"
    assert inv.dialog(["Format", "Frame and Object", "Properties..."]).needs == "frame"
    assert inv.dialog(["Edit", "Fields..."]).needs == "field"
    # Table Properties is read page by page as the ninth batch reads tab dialogs
    assert "Color" in inv.dialog(["Table", "Properties..."]).on("Background").buttons


@pytest.mark.parametrize("last, control", [
    ("To convert a section into normal text, click Remove.", "Remove"),
    ("To hide a section, select the Hide check box in the Hide area.", "Hide"),
])
def test_a_section_dialog_moves_the_procedure_to_the_objects_document(comps, last, control):
    """swriter/guide/section_edit.html: Format - Sections is disabled on a document without a
    section (live, the dialog never opened and the episode stopped at "Remove"): needs_object on
    the table and list documents, complete on the objects document, which holds a section (the
    cursor anywhere: no step added)."""
    p = plan("Edit sections", ["Choose Format - Sections.", last], page="swriter/guide/section_edit.html")
    assert reasons(comps["table"].compile(p))[:1] == ["needs_object"]
    assert reasons(comps["list"].compile(p))[:1] == ["needs_object"]
    got, where = first(comps, p)
    assert where == "objects" and got.complete
    assert steps(got)[:3] == click("Format", "Sections...") + ([box(control)] if control == "Hide" else click(control))


def test_a_table_dialog_keeps_the_helps_own_cursor(comps):
    """swriter/guide/background.html "Apply a background to all or part of a table": the help puts
    the cursor in the table itself, so no second cursor step; the Background page of the now
    inventoried Table Properties has its Color button (the per-tab pages, ninth batch)."""
    p = plan("Apply a background to all or part of a table",
             ["Place the cursor in the table in your text document.", "Choose Table - Properties.",
              "On the Background tab page, select the background color or a background graphic."],
             page="swriter/guide/background.html")
    got, where = first(comps, p)
    assert where == "table" and got.complete
    assert steps(got)[:6] == [sel("Rent 1"), key("{END}")] + click("Table", "Properties...", "Background", "Color")
    # a document without a table: the dialog would not open
    assert reasons(Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew")).compile(p))[:1] == ["needs_object"]


def test_the_cursor_is_put_where_the_dialog_opens_when_the_help_puts_it_nowhere(comps):
    """swriter/guide/table_cellmerge.html "Choose Table - Split Cells." as the procedure's first
    step: the entry is disabled unless the cursor is in a table, so the plan puts it in the target's
    cell first, the way "Place the cursor in the cell" compiles; swriter/guide/references_modify.html
    "Choose Edit - Fields." alone: the objects document's field selected first."""
    got = comps["table"].compile(["Choose Table - Split Cells. A dialog allows you to split the cell into two or more cells, "
                                  "horizontally or vertically."])
    assert steps(got) == [sel("Rent 1"), key("{END}")] + click("Table", "Split Cells...")
    assert reasons(comps["table"].compile(["Choose Edit - Fields."])) == ["needs_object"]
    got = comps["objects"].compile(["Choose Edit - Fields."])
    assert steps(got) == [sel("Ada Lovelace")] + click("Edit", "Fields...")


def test_a_frame_the_procedure_made_itself_is_not_replaced_by_the_documents(comps):
    """swriter/guide/nonprintable_text.html: the procedure inserts its own frame and types in it
    before Format - Frame and Object - Properties; the dialog acts on that frame, so the plan stays
    on the table document without a step to the objects document's frame. "Select the frame (you
    see the eight handles)" (swriter/guide/text_frame.html) selects the document's frame as before."""
    p = plan("Create text that is not to be printed do the following",
             ["Choose Insert - Frame and click OK.", "Enter text in the frame and if you want, resize the frame.",
              "Choose Format - Frame and Object - Properties, and then click the Options tab."],
             page="swriter/guide/nonprintable_text.html")
    got, where = first(comps, p)
    assert where == "table" and got.complete
    assert [s[1] for s in steps(got)][:4] == ["Insert", "Frame", "Frame...", "OK"]
    assert not any(s[0] == "select_text" for s in steps(got))
    got, where = first(comps, plan("Hide text from printing", ["Select the frame (you see the eight handles).",
                                                               "Choose Format - Frame and Object - Properties - Options."],
                                   page="swriter/guide/text_frame.html"))
    assert where == "objects" and steps(got)[3:] == click("Format", "Frame and Object", "Properties...", "Options")


def test_an_old_cache_without_needs_loads_and_compiles_as_before():
    """A cache written before the tenth batch has no ``needs``: it loads (None everywhere), and a
    plan opening a table dialog compiles as it did then (no cursor step, no needs_object)."""
    raw = json.loads(INVENTORIES["writer"].read_text())
    for d in raw["dialogs"].values():
        d.pop("needs", None)
        for page in d.get("pages", {}).values():
            page.pop("needs", None)
    old = UIInventory.model_validate(raw)
    assert all(d.needs is None for d in old.dialogs.values())
    assert DialogControls.model_validate({"title": "Split Cells"}).needs is None
    got = Compiler(old, Target(word="Sales", paragraph="Sales grew")).compile(["Choose Table - Split Cells."])
    assert got.failures == [] and steps(got) == click("Table", "Split Cells...")


def test_discovery_places_the_cursor_with_the_compilers_steps(docs, tmp_path):
    """The places the inventory looks for the missing dialogs at, in order, plainer first (a
    dialog is recorded at the first that enables it), each with the compiler's own cursor steps
    (``Compiler.cursor_for``): a plan reaches the dialog the way the discovery did."""
    inv = load("writer")
    lst, obj = build_help_template(tmp_path), build_help_objects(tmp_path)
    places = object_places(inv, lst, obj)
    assert [k for k, _, _ in places][:5] == ["text", "selection", "list", "table", "objects"]
    assert [k for k, _, _ in places][5:] == list(obj.objects)
    frame = next(s for k, _, s in places if k == "frame")
    assert frame == Compiler(inv, Target.of(obj)).cursor_for("frame")
    assert [s.args.get("keys") for s in frame][-1] == "{ESC}"  # the frame selected whole
