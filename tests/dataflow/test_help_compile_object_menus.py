"""The context menus of the objects of the help's object documents (issue 14): "right-click in
the table of contents", "Select the graphic, right-click", "right-click the image". The object is
reached by the compiler's own steps (``Compiler._reach``: the ones the inventory's walk took to
read its menu, ``inventory.discover_object_context_menus``), the menu opened with Shift+F10, and
the next clause's entry resolved in that object's inventoried menu. Where the document lacks the
object the clause stays ``needs_object``; where the entry is not in the menu, or the clause
leaves the choice open, it keeps that reason.

Sentences are verbatim from the installed Writer help (page in the docstring). Grounded against
the cached UI inventory (lamkit/dataflow/help/writer_ui.json); no live Writer.
"""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC, FINISH, Compiler, Target, compile_first
from lamkit.dataflow.help.inventory import CONTEXT_OBJECTS, find_child, load
from lamkit.dataflow.templates import HELP_OBJECTS, HELP_REFERENCES, build_help_objects, build_help_references
from lamkit.schema import Source, TaskPlan

MENU = ("keyboard_input", DOC, {"keys": "+{F10}"})
IMAGE = [("keyboard_input", DOC, {"keys": "^{HOME}"}), ("keyboard_input", DOC, {"keys": "+{F4}"})]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("objs")
    return build_help_objects(d), build_help_references(d)


@pytest.fixture(scope="module")
def objs(docs) -> Compiler:
    return Compiler(load("writer"), Target.of(docs[0]))


@pytest.fixture(scope="module")
def refs(docs) -> Compiler:
    return Compiler(load("writer"), Target.of(docs[1]))


def steps(got):
    assert got.steps[-1] == FINISH
    return [(s.function, s.control, s.args) for s in got.steps[:-1]]


def plan(task, sentences, page):
    return TaskPlan(id="t", app="writer", task=task, plan=sentences, source=Source(path=page))


def test_the_inventory_holds_the_objects_menus_beside_the_old_ones():
    """The walk's menus of each object (keyed as ``Target.objects`` names the kind), and the
    paragraph's, list's and table's still there: what the live Writer showed for each."""
    menus = load("writer").context_menus
    assert {"text", "list", "table", *CONTEXT_OBJECTS} <= set(menus)
    assert {"Update Index", "Edit index", "Delete index"} <= {n.name for n in menus["table of contents"]}
    assert "Properties..." in {n.name for n in menus["frame"]}
    assert find_child(find_child(menus["image"], "Wrap").children, "Edit Contour...") is not None
    assert "Update Index" not in {n.name for n in menus["text"]}


def test_update_a_table_of_contents_in_its_context_menu(refs, objs):
    """swriter/guide/indices_toc.html "Update a table of contents": "Right-click in the table of
    contents and choose Update Index or Table of Contents.": the cursor in the references
    document's table of contents (its title selected, End), Shift+F10, its Update Index entry
    (the help's "or Table of Contents" is the alternative name). On the objects document, which
    holds no table of contents, the clause is ``needs_object``."""
    p = plan("Update a table of contents", ["Right-click in the table of contents and choose Update Index or Table of Contents."],
             "swriter/guide/indices_toc.html")
    got = refs.compile(p)
    assert got.complete, got.failures
    toc = HELP_REFERENCES["table of contents"]
    assert steps(got) == [("select_text", DOC, {"text": toc}), ("keyboard_input", DOC, {"keys": "{END}"}), MENU,
                          ("click_input", "Update Index", {})]
    assert [f.reason for f in objs.compile(p).failures] == ["needs_object"]


def test_compile_first_takes_the_references_document_for_it(docs, tmp_path):
    """The catalogue-like first document lacks the table of contents (``needs_object``), so
    :func:`compile_first` goes on to the object documents and completes on the references one."""
    p = plan("Update a table of contents", ["Right-click in the table of contents and choose Update Index or Table of Contents."],
             "swriter/guide/indices_toc.html")
    inv = load("writer")
    first = build_help_objects(tmp_path)  # stands for a document without indexes
    got, tpl = compile_first(p, [first], list(docs), lambda t: Compiler(inv, Target.of(t)))
    assert got.complete and tpl is docs[1]


def test_a_purpose_before_the_right_click(refs):
    """swriter/guide/indices_index.html: "To update the index, right-click in the index, and then
    choose Update Index or Table of Contents.": the purpose changes no step; "the index" is the
    alphabetical index (its title selected, End)."""
    got = refs.compile(["To update the index, right-click in the index, and then choose Update Index or Table of Contents."])
    assert got.complete, got.failures
    assert steps(got) == [("select_text", DOC, {"text": HELP_REFERENCES["alphabetical index"]}),
                          ("keyboard_input", DOC, {"keys": "{END}"}), MENU, ("click_input", "Update Index", {})]


def test_select_the_graphic_then_its_menu(objs):
    """swriter/guide/wrap.html: "Select the graphic, right-click, and then choose Wrap - Edit
    Contour.": the image selected (Ctrl+Home, Shift+F4), its menu, then Wrap - Edit Contour...
    down it (the image's menu, not Format's)."""
    got = objs.compile(["Select the graphic, right-click, and then choose Wrap - Edit Contour."])
    assert got.complete, got.failures
    assert steps(got) == IMAGE + [MENU, ("click_input", "Wrap", {}), ("click_input", "Edit Contour...", {})]


def test_select_the_frame_then_an_open_choice(objs, refs):
    """swriter/guide/text_frame.html: "Select the frame, right-click, and then choose a
    formatting option.": the frame selected whole (its text, End, Esc) and its menu opened; "a
    formatting option" leaves the entry to the user (``open_choice``, as elsewhere). On the
    references document, which has no frame, the clause is ``needs_object``."""
    got = objs.compile(["Select the frame, right-click, and then choose a formatting option."])
    assert [f.reason for f in got.failures] == ["open_choice"]
    assert steps(got) == [("select_text", DOC, {"text": HELP_OBJECTS["frame"]}), ("keyboard_input", DOC, {"keys": "{END}"}),
                          ("keyboard_input", DOC, {"keys": "{ESC}"}), MENU]
    assert [f.reason for f in refs.compile(["Select the frame, right-click, and then choose Properties."]).failures] == ["needs_object"]


def test_an_entry_not_in_the_objects_menu_keeps_its_reason(objs):
    """shared/guide/insert_bitmap.html: "Right-click the image and choose Image from the submenu
    to open a properties dialog.": the image's menu opens, but it has no Image entry (live it
    has Properties...): the entry is not grounded."""
    got = objs.compile(["Right-click the image and choose Image from the submenu to open a properties dialog."])
    assert [f.reason for f in got.failures] == ["menu_not_in_inventory"]
    assert steps(got) == IMAGE + [MENU]


def test_in_a_frame_is_its_text_not_the_frame(objs):
    """Near sentence: "right-click in the frame" puts the pointer in the frame's text, whose menu
    is another than the selected frame's: not read as the frame's menu."""
    got = objs.compile(["Right-click in the frame and choose Properties."])
    assert got.failures
    assert MENU not in steps(got)
