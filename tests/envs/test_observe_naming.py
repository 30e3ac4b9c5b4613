"""How the observer names an unnamed dialog entry (lamkit.envs.writer.observe): the label left of
it, else the radio button left of it on its row, else a label above it. The boxes (x, y, width,
height) are illustrative numbers laid out as in the Print dialog: the page-range entry beside the
"Pages:" option, under the "Range and Copies" section's label (the live naming is checked by
tests/envs/test_print_live.py). Pure geometry: no Writer needed."""

from __future__ import annotations

from lamkit.envs.writer.observe import _label_near, _option_left

ENTRY = (520, 210, 180, 26)
OPTIONS = [((420, 212, 90, 22), "Pages:"), ((420, 180, 90, 22), "All Pages")]
LABELS = [((400, 185, 160, 20), "Range and Copies")]


def test_the_option_beside_an_entry_names_it_before_a_label_above():
    assert _label_near(LABELS, ENTRY, above=False) == ""
    assert _option_left(OPTIONS, ENTRY) == "Pages"
    assert _label_near(LABELS, ENTRY) == "Range and Copies"  # what named it before, now only the last resort


def test_no_option_on_the_row_no_name():
    assert _option_left(OPTIONS, (520, 300, 180, 26)) == ""
