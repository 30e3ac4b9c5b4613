"""Tool bar split buttons' drop-down arrows, live: the observer shows each as a control of its own
("Paste arrow"); the inventory walk clicks them and reads their popups (``discover_arrows``); a
compiled plan through Paste's arrow pastes (its clipboard filled first), and the document shows it.
The box rule (``observe._arrow_box``) is checked on the sizes measured on LibreOffice 7.4."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import Compiler, Target
from lamkit.dataflow.help.execute import execute, help_task
from lamkit.dataflow.help.inventory import discover_arrows, load
from lamkit.schema import Source, TaskPlan


def test_only_a_button_wider_than_its_icon_has_an_arrow():
    from lamkit.envs.writer.observe import _arrow_box

    assert _arrow_box((958, 116, 44, 35)) == (991, 116, 11, 35)  # Character Highlighting Color
    assert _arrow_box((100, 116, 33, 35)) is None  # Bold


@pytest.mark.writer
def test_the_walk_reads_each_arrows_popup(sample_docx):
    from lamkit.envs.base import make_env

    with make_env("writer") as env:
        got = discover_arrows(env, str(sample_docx), log=lambda *_: None)
    assert got["Paste"][-1] == "Unformatted text"  # the copied text's formats; Paste is disabled on an empty clipboard
    assert got["Character Highlighting Color"][:2] == ["No Fill", "Character Highlighting Color"]
    assert "Yellow" in got["Character Highlighting Color"]  # the palette's colors, once its tree is walked
    assert "Undo" not in got  # nothing to undo: its arrow opens nothing
    assert set(got) <= set(load("writer").toolbars["Standard"] + load("writer").toolbars["Formatting"])


@pytest.mark.writer
def test_a_paste_through_the_arrow_adds_the_copied_text(sample_docx, tmp_path):
    tp = TaskPlan(id="0910712798a2d15f", app="writer", task="Paste clipboard contents using an icon menu",
                  source=Source(path="shared/guide/pasting.html"),
                  plan=["Click the arrow next to the Paste icon on the Standard Bar to open the menu.", "Select one of the options."])
    compiled = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew")).compile(tp)
    assert compiled.complete, compiled.failures
    compiled.steps[-2] = compiled.steps[-2].model_copy(update={"step": "Click Unformatted text", "control": "Unformatted text"})
    (rec,) = execute([(help_task(tp, compiled, str(sample_docx)), tp)], tmp_path)
    assert rec.executed_to_end, rec.why_not
    assert rec.steps[3].message.startswith("clicked the drop-down arrow of 'Paste'")
    assert rec.after.text.count("Sales") == rec.before.text.count("Sales") + 1
