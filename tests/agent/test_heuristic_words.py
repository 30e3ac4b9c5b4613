"""The heuristic expert's grounding of a box the plan names with words more or fewer than the
live dialog's entry (issue 14: the help names boxes as older dialogs labelled them). Only for
typing, only entries of a dialog, only one such name: else the step still fails."""

from __future__ import annotations

from lamkit.agent.heuristic import ground
from lamkit.schema import Control, Observation


def _obs(*controls: tuple[str, str, str]) -> Observation:
    return Observation(controls=[Control(label=str(i), role=r, name=n, path=p) for i, (r, n, p) in enumerate(controls, 1)])


FIND = _obs(("document text", "doc", "m0:1"), ("text", "Find", "w1:1"), ("text", "Replace", "w1:2"),
            ("push button", "Replace", "w1:3"), ("push button", "Replace All", "w1:4"))


def test_a_box_named_with_a_word_more():
    """"the Replace with box" -> the entry "Replace" (not its push button)."""
    c = ground("Replace with", "set_edit_text", FIND)
    assert c is not None and c.role == "text" and c.name == "Replace"


def test_a_box_named_with_words_fewer():
    obs = _obs(("text", "Abbreviations (no Subsequent Capital)", "w1:1"),
               ("scroll bar", "Words With TWo INitial CApitals or sMALL iNITIAL", "w1:2"),
               ("text", "Words With TWo INitial CApitals or sMALL iNITIAL", "w1:3"))
    c = ground("Words with TWo INitial CApitals", "set_edit_text", obs)
    assert c is not None and c.label == "3"
    sec = _obs(("check box", "Hide", "w1:1"), ("text", "With Condition", "w1:2"), ("text", "Section", "w1:3"))
    assert ground("Condition", "set_edit_text", sec).name == "With Condition"


def test_no_guess_when_ambiguous_outside_a_dialog_or_for_a_click():
    two = _obs(("text", "Replace", "w1:1"), ("text", "Replace with", "w1:2"), ("text", "Replace text", "w1:3"))
    assert ground("Replace", "set_edit_text", two).name == "Replace"  # the exact name first
    amb = _obs(("text", "Replace text", "w1:1"), ("text", "Replace all", "w1:2"))
    assert ground("Replace", "set_edit_text", amb) is None  # two names fit: no guess
    main = _obs(("text", "Font Name", "m0:1"))
    assert ground("Name", "set_edit_text", main) is None  # a toolbar box, not a dialog's entry
    assert ground("Replace with", "click_input", FIND) is None  # clicks are not read this way
