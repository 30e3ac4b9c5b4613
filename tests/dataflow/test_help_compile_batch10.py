"""The step compiler's tenth batch (issue 14): procedures that failed on one or two clauses,
read by shapes of the help's phrasing, not by page:

- one quoted entry in two named lists under one plural noun ("select "Center" in the Horizontal
  and Vertical boxes"): the one-list clause for each list;
- a kind of setting named without a value inside the dialog the plan opened ("In the Size area,
  set the dimensions of the frame"): the dialog's current values, kept in ``defaults``, also when
  an area of the dialog says where; not when the request is about that setting.

Grounded against the cached UI inventory (lamkit/dataflow/help/writer_ui.json); every sentence is
quoted from the installed Writer help, the page named beside it.
"""

from __future__ import annotations

from help_cases import click, comp, entry, plan, reasons, sel, steps  # noqa: F401 (comp is a fixture)

FRAME = click("Insert", "Frame", "Frame...")


def test_one_entry_in_two_named_lists(comp):
    """swriter/guide/text_centervert.html: "In the Position area, select "Center" in the
    Horizontal and Vertical boxes.": the entry in each list, each noted with its list (the
    Frame dialog's drop-downs list their entries only once open)."""
    got = comp.compile(["Choose Insert - Frame.", 'In the Position area, select "Center" in the Horizontal and Vertical boxes.'])
    assert not got.failures, got.failures
    assert steps(got) == FRAME + [entry("Center", "Horizontal"), entry("Center", "Vertical")]


def test_two_lists_not_read_from_a_singular_or_a_description(comp):
    """Near sentences: a list named with its own noun before "and" ("the Horizontal box and
    Vertical boxes") is not split into a list called "Horizontal box"; an entry named only by
    its kind is no quoted entry."""
    got = comp.compile(["Choose Insert - Frame.", 'Select "Center" in the Horizontal box and Vertical boxes.'])
    assert reasons(got) == ["unrecognised"]
    got = comp.compile(["Choose Insert - Frame.", "Select the entry in the Horizontal and Vertical boxes."])
    assert got.failures


def test_center_text_with_a_frame(comp):
    """swriter/guide/text_centervert.html "Use a frame to center text on a page", whole: the
    frame's dimensions are the user's (the dialog's current ones), the position is centered on
    the page, then OK."""
    got = comp.compile(plan("Use a frame to center text on a page", [
        "Select the text that you want to center on the page.",
        "Choose Insert - Frame.",
        "In the Anchor area, select To page.",
        "In the Size area, set the dimensions of the frame.",
        'In the Position area, select "Center" in the Horizontal and Vertical boxes.',
        "Click OK."], page="swriter/guide/text_centervert.html"))
    assert got.complete, got.failures
    assert steps(got) == [sel("Sales")] + FRAME + click("To page") + [entry("Center", "Horizontal"),
                                                                      entry("Center", "Vertical")] + click("OK")
    assert got.defaults == ["set the dimensions of the frame"]


def test_dimensions_not_kept_where_they_are_the_task_or_given(comp):
    """Near sentences: where the request is about the size ("Resize a frame") the dimensions are
    the task, not a choice to leave; with a value ("to 5 cm") they are no open setting; outside a
    dialog the plan opened there is no current value to keep."""
    got = comp.compile(plan("Resize a frame", ["Choose Insert - Frame.", "In the Size area, set the dimensions of the frame."]))
    assert reasons(got) == ["unrecognised"]
    got = comp.compile(plan("Use a frame", ["Choose Insert - Frame.", "Set the dimensions of the frame to 5 cm."]))
    assert reasons(got) == ["unrecognised"]
    got = comp.compile(plan("Use a frame", ["Set the dimensions of the frame."]))
    assert reasons(got) == ["unrecognised"]
