"""A list entry the inventory never saw (a closed drop-down list shows its entries only once
opened) is compiled with its list named for the expert (``args["list"]``); an entry the
inventory lists, and one outside a dialog the plan opened, keep the plain click, so plans
that ran before are unchanged. Grounded against the cached UI inventory."""

from __future__ import annotations

from help_cases import click, comp, entry, steps  # noqa: F401 (comp is a fixture)

TOC = ["Choose Insert - Table of Contents and Index - Table of Contents, Index or Bibliography."]
OPENS_TOC = click("Insert", "Table of Contents and Index", "Table of Contents, Index or Bibliography...")


def test_an_entry_of_a_closed_drop_down_names_its_list(comp):
    """swriter/01/04120250.html: the Type box is a drop-down list; its entries are not inventoried."""
    got = comp.compile([*TOC, 'Select "Alphabetical Index" in the Type box.', "Click OK."])
    assert got.failures == []
    assert steps(got) == OPENS_TOC + [entry("Alphabetical Index", "Type")] + click("OK")


def test_an_inventoried_entry_keeps_the_plain_click(comp):
    """The Styles page's Paragraph Styles list showed its entries when inventoried."""
    got = comp.compile([*TOC, "Click the Styles tab.", 'Click "Heading 1" in the Paragraph Styles list.', "Click OK."])
    assert got.failures == []
    assert steps(got) == OPENS_TOC + click("Styles", "Heading 1", "OK")


def test_two_entries_in_two_lists_each_name_their_list(comp):
    """swriter/guide/footer_nextpage.html's sentence shape, in the Fields dialog (its lists are not inventoried)."""
    got = comp.compile(["Choose Insert - Field - More Fields.", "Click the Document tab.",
                        "Click 'Date' in the Type list and 'Date (fixed)' in the Select list."])
    assert got.failures == []
    assert steps(got)[-2:] == [entry("Date", "Type"), entry("Date (fixed)", "Select")]


def test_outside_a_dialog_the_step_is_unchanged(comp):
    got = comp.compile(['Click "Number range" in the Type list.'])
    assert steps(got) == click("Number range")
