"""The step renderer: the document outline, stable names, the action space, the token budget.

The live tests drive the real LibreOffice (fixtures in tests/conftest.py); the others
use hand-built outlines and the fixed recorded steps of test_candidates.py.
"""

from __future__ import annotations

import json
import statistics

import pytest

from lamkit.agent.prompting import (ModelAnswer, RenderSettings, format_answer, parse_answer, render_outline,
                                    render_step)
from lamkit.schema import Action, Control, Observation, OutlineParagraph, Task
from tests.agent.test_candidates import recorded


def long_outline(n: int = 40) -> list[OutlineParagraph]:
    out = [OutlineParagraph(text="Annual plan", style="Title", alignment="center", marks=["bold"])]
    out += [OutlineParagraph(text=f"Paragraph number {i} talks about topic {i} at some length, "
                                  "long enough that it must be cut short in the prompt.") for i in range(2, n)]
    out.append(OutlineParagraph(text="Signed, the board.", alignment="right"))
    return out


def user_text(request: str, outline: list[OutlineParagraph], settings: RenderSettings | None = None) -> str:
    obs = Observation(controls=[Control(label="1", role="document text", name="x.odt", states=["enabled"])],
                      outline=outline)
    return render_step(request, obs, [], None, settings).messages[1]["content"]


def test_the_renderer_shows_a_positional_references_paragraph():
    out = render_outline(long_outline(), "Center the second paragraph.", RenderSettings())
    lines = out.splitlines()
    assert lines[0] == "1 [Title, center; bold] Annual plan"
    assert lines[1].startswith("2 Paragraph number 2 talks")  # "the second paragraph" is line 2
    assert lines[-1] == "40 [right] Signed, the board."  # "the last line" is always shown
    assert "…" in lines and len(out) <= RenderSettings().outline_chars  # the middle is cut to the budget
    assert all(len(ln) <= RenderSettings().paragraph_chars + 30 for ln in lines)


def test_a_quoted_words_paragraph_is_kept_and_the_word_shown_past_the_cut():
    ol = long_outline()
    ol[24] = OutlineParagraph(text="This paragraph is long and only near its very end does it mention the "
                                   "word Budget once.", list_type="bullet", marks=['bold "Budget"'])
    out = render_outline(ol, 'Make "Budget" italic.', RenderSettings())
    line = next(ln for ln in out.splitlines() if ln.startswith("25 "))
    assert line.startswith('25 [bullet list; bold "Budget"] This paragraph') and "Budget" in line.split("]", 1)[1]


def test_tables_are_compact_rows_that_take_no_paragraph_number():
    ol = [OutlineParagraph(text="Intro"), OutlineParagraph(text="Region | Q1", in_table=True),
          OutlineParagraph(text="North | 12", in_table=True), OutlineParagraph(text="")]
    assert render_outline(ol, "x", RenderSettings()).splitlines() == ["1 Intro", "T1.1 Region | Q1", "T1.2 North | 12",
                                                                      "2 (empty)"]


def test_render_step_space_and_label_map_agree_with_the_prompt():
    t = recorded()[0]
    r = render_step(t.task.request, t.steps[0].observation, [], None, RenderSettings())
    user = r.messages[1]["content"]
    controls = user.split("Controls:\n", 1)[1].splitlines()
    assert [ln.split(" (", 1)[0] for ln in controls] == r.space.controls
    assert len(r.space.controls) <= 20 and "Document" in r.space.controls
    obs = t.steps[0].observation
    assert all(obs.control(lab) is not None for lab in r.label_of.values())
    assert not any(ln.split(" (", 1)[0].isdigit() for ln in controls)  # no numeric labels to copy
    assert r.space.fields == ["function", "args", "status"] and "Plan:" not in user


def test_layout_version_2_menus_on_one_line_and_a_shorter_system_message():
    """Version 2 (what training fits now) puts plain top-level menus on one ``Menus:`` line and
    shortens the system message; the answers allowed are the same; version 1, what settings
    saved without the field load as, renders exactly as before."""
    from lamkit.agent.prompting import RENDER_VERSION, current_layout, system_prompt

    t = recorded()[0]
    obs = t.steps[0].observation
    v1 = render_step(t.task.request, obs, [], None, RenderSettings())
    v2 = render_step(t.task.request, obs, [], None, RenderSettings(version=2))
    assert sorted(v1.space.controls) == sorted(v2.space.controls) and v1.label_of == v2.label_of
    menus = [ln.split(" (", 1)[0] for ln in v1.messages[1]["content"].split("Controls:\n", 1)[1].splitlines()
             if ln.endswith(" (menu)")]
    assert menus and f"Menus: {', '.join(menus)}" in v2.messages[1]["content"]
    assert " (menu)" not in v2.messages[1]["content"]
    assert len(system_prompt(RenderSettings(version=2))) < 0.8 * len(system_prompt(RenderSettings()))
    assert RenderSettings.model_validate_json(RenderSettings().model_dump_json(exclude={"version"})).version == 1
    assert current_layout(RenderSettings()).version == RENDER_VERSION == 2
    assert current_layout(RenderSettings(version=1)).version == 1  # a config that pins a layout keeps it


def test_answer_fields_follow_the_settings():
    s = RenderSettings(fields=["thought", "function", "args", "status", "plan"])
    t = recorded()[0]
    r = render_step(t.task.request, t.steps[1].observation, t.steps[:1], ["Click Bold"], s)
    assert "Plan:\n- Click Bold" in r.messages[1]["content"] and '"plan": [str]' in r.messages[0]["content"]
    a = ModelAnswer(thought="t", function="click_input", args={"control_label": "Bold"}, plan=["x"])
    assert json.loads(format_answer(a, s.fields)).keys() == {"thought", "function", "args", "status", "plan"}
    assert json.loads(format_answer(a, RenderSettings().fields)).keys() == {"function", "args", "status"}
    assert parse_answer(format_answer(a, RenderSettings().fields)).args == {"control_label": "Bold"}
    with pytest.raises(ValueError, match="answer fields"):
        RenderSettings(fields=["args"])


def test_expert_answers_fall_inside_the_rendered_action_space():
    from lamkit.train.data import step_answer, step_render

    inside = total = 0
    for t in recorded():
        for i, s in enumerate(t.steps):
            r = step_render(t, i)
            a = parse_answer(step_answer(s))
            total += 1
            inside += r.space.violation(a.function, a.args, a.status) is None
    assert inside / total >= 0.95


def test_median_prompt_is_within_450_smollm2_tokens():
    from lamkit.models.backbone import smollm2_tokenizer
    from lamkit.train.data import step_prompt

    tok = smollm2_tokenizer()
    lens = [len(tok(tok.apply_chat_template(step_prompt(t, i), tokenize=False, add_generation_prompt=True),
                    add_special_tokens=False)["input_ids"]) for t in recorded() for i in range(len(t.steps))]
    assert statistics.median(lens) <= 450, statistics.median(lens)


# --------------------------------------------------------------------------- live Writer
def formatted_docx(path):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    d.add_paragraph("Quarterly report", style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = d.add_paragraph("Revenue: ")
    p.add_run("Sales").bold = True
    p.add_run(" grew by ten percent.")
    d.add_paragraph("First point", style="List Bullet")
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["Region", "Q1"], ["North", "12"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_paragraph("The end.")
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def test_live_outline_and_stable_names_across_episodes(tmp_path, sample_docx):
    from lamkit.agent.grounding import ground_action
    from lamkit.envs.writer import WriterEnv

    doc = formatted_docx(tmp_path / "formatted.docx")
    with WriterEnv() as env:
        obs = env.reset(Task(id="t1", request="x", template=str(doc)))
        ol = obs.outline
        assert (ol[0].text, ol[0].style, ol[0].alignment) == ("Quarterly report", "Title", "center")
        assert 'bold "Sales"' in ol[1].marks and ol[2].list_type == "bullet"
        assert [p.text for p in ol if p.in_table] == ["Region | Q1", "North | 12"]
        r1 = render_step('Make "Sales" italic.', obs, [], None, RenderSettings())
        user = r1.messages[1]["content"]
        assert "\n1 [Title, center" in user and "] Quarterly report" in user  # (+ the Title style's colour)
        assert '2 [bold "Sales"] Revenue: Sales grew by ten percent.' in user
        assert "3 [List Bullet, bullet list] First point" in user and "T1.2 North | 12" in user and "4 The end." in user
        line1 = next(ln for ln in user.splitlines() if ln.startswith("Italic ("))

        obs2 = env.reset(Task(id="t2", request="x", template=str(sample_docx)))
        r2 = render_step('Make "Sales" italic.', obs2, [], None, RenderSettings())
        line2 = next(ln for ln in r2.messages[1]["content"].splitlines() if ln.startswith("Italic ("))
        assert line1 == line2 and "Document" in r2.space.controls
        doc_names = {c.name for o in (obs, obs2) for c in o.controls if c.role == "document text"}
        assert len(doc_names) == 2  # the accessible names differ per episode; the rendered one does not

        # the model's answers name controls; grounding maps them to this screen's labels
        sel = ground_action(Action(function="select_text", args={"control_label": "Document", "text": "Sales"}), obs2)
        assert env.step(sel).ok
        obs3 = env.observe()
        it = ground_action(Action(function="click_input", args={"control_label": "Italic"}), obs3)
        assert obs3.control(it.args["control_label"]).name == "Italic" and env.step(it).ok
        runs = [r for r in env.state().paragraphs[1].runs if "Sales" in r.text]
        assert runs and runs[0].italic
        assert 'italic "Sales"' in env.observe().outline[1].marks


def test_history_shows_the_last_history_steps_and_counts_the_rest():
    """`render_history(history, history_steps)`: a history length (RenderSettings.history_steps,
    default HISTORY_STEPS), shown in the prompt's "Previous actions"."""
    from lamkit.agent.prompting import HISTORY_STEPS, render_history

    hist = [{"function": "click_input", "args": {"control_label": f"C{i}"}, "index": i, "ok": i != 5} for i in range(7)]
    assert render_history([]) == "(none)"
    lines = render_history(hist, history_steps=2).splitlines()
    assert lines == ["(5 earlier)", "6. click_input C5 -> failed", "7. click_input C6"]
    assert len(render_history(hist).splitlines()) == 1 + HISTORY_STEPS == 1 + RenderSettings().history_steps
    assert render_history(hist, history_steps=0) == "(7 earlier)"
    t = next(t for t in recorded() if len(t.steps) >= 5)  # a recorded episode's real steps
    last = t.steps[-1]
    for n in (1, 2):  # the prompt shows as many of them as the settings say
        text = render_step(t.task.request, last.observation, t.steps[:-1], None, RenderSettings(history_steps=n)).messages[1]["content"]
        shown = text.split("Previous actions:\n", 1)[1].splitlines()
        assert shown[0] == f"({len(t.steps) - 1 - n} earlier)" and shown[n].startswith(f"{len(t.steps) - 1}. ")


def test_fitted_optional_args_leave_the_click_modifiers_out_of_the_space_but_not_the_prompt():
    """``RenderSettings.optional_args`` (fitted from the training answers) restricts what the
    decoder may write; required arguments stay, and the prompt text is the same."""
    t = recorded()[0]
    obs = t.steps[0].observation
    every = render_step(t.task.request, obs, [], None, RenderSettings())
    fitted = render_step(t.task.request, obs, [], None,
                         RenderSettings(optional_args={"keyboard_input": ["control_label"]}))
    assert every.space.functions["click_input"] == ["control_label", "button", "double"]
    assert fitted.space.functions["click_input"] == ["control_label"]
    assert fitted.space.functions["keyboard_input"] == ["control_label", "keys"]
    assert fitted.space.functions["set_edit_text"] == ["control_label", "text"]  # both required
    assert fitted.messages == every.messages
    assert fitted.space.violation("click_input", {"control_label": "Document", "button": "right"}, "CONTINUE")
    assert every.space.violation("click_input", {"control_label": "Document", "button": "right"}, "CONTINUE") is None
