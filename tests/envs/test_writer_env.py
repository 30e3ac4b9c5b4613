"""WriterEnv against the real LibreOffice Writer under Xvfb (no mocks)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from lamkit.envs.base import Environment
from lamkit.envs.writer.paths import is_dialog_path
from lamkit.envs.writer import WriterEnv
from lamkit.errors import LamkitError
from lamkit.schema import Action, Task
from tests.conftest import lamkit_writer_processes

pytestmark = pytest.mark.writer


@pytest.fixture(scope="module")
def env():
    e = WriterEnv()
    yield e
    e.close()


@pytest.fixture()
def fresh(env, sample_docx):
    obs = env.reset(Task(id="t", request="test", template=str(sample_docx)))
    return obs


def label_of(obs, name, role=None):
    for c in obs.controls:
        if c.name == name and (role is None or c.role == role):
            return c.label
    raise AssertionError(f"no control {name!r} ({role}) in {[c.name for c in obs.controls]}")


def doc_label(obs):
    return next(c.label for c in obs.controls if c.role == "document text")


def act(env, fn, **args):
    r = env.step(Action(function=fn, args=args))
    assert r.ok, r.message
    return r


def test_is_an_environment(env):
    assert isinstance(env, Environment)


def test_observation_lists_real_controls(env, fresh):
    obs = fresh
    names = {c.name for c in obs.controls}
    assert {"Bold", "Italic", "Center", "Format", "Font Size", "Font Name", "Paragraph Style"} <= names
    assert len({c.label for c in obs.controls}) == len(obs.controls)  # labels unique
    assert [c.name for c in obs.controls if c.role == "menu"].count("File") == 1  # hidden menubar deduplicated
    bold = obs.control(label_of(obs, "Bold"))
    assert bold.role == "toggle button" and bold.rect[2] > 0 and "enabled" in bold.states
    assert bold.rect[1] > 60  # below the menubar: the 25 px offset quirk is repaired
    assert "Quarterly report" in obs.document
    assert obs.window.endswith("LibreOffice Writer")
    assert obs.control(label_of(obs, "Font Size", "text")).value.startswith("11")


def test_type_select_bold_and_state(env, fresh):
    obs = fresh
    act(env, "keyboard_input", control_label="", keys="^{END}")
    act(env, "set_edit_text", control_label=doc_label(env.observe()), text=" Done.")
    assert env.state().paragraphs[-1].text.endswith("this quarter. Done.")
    obs = env.observe()
    act(env, "select_text", control_label=doc_label(obs), text="Sales")
    act(env, "click_input", control_label=label_of(env.observe(), "Bold"))
    runs = env.state().paragraphs[1].runs
    assert runs[0].text == "Sales" and runs[0].bold
    assert not any(r.bold for r in runs[1:])


def test_menu_dialog_open_and_close(env, fresh):
    obs = fresh
    act(env, "click_input", control_label=label_of(obs, "Format", "menu"))
    obs = env.observe()
    assert "Character..." in {c.name for c in obs.controls}  # the open menu's items are observed
    act(env, "click_input", control_label=label_of(obs, "Character..."))
    obs = env.observe()
    dialog = [c for c in obs.controls if c.path.startswith("w")]
    assert {"Font", "Font Effects", "Position"} <= {c.name for c in dialog if c.role == "page tab"}
    assert {"OK", "Cancel"} <= {c.name for c in dialog}
    assert all(is_dialog_path(c.path) for c in dialog) and not is_dialog_path(doc_label_path(obs))
    assert not act(env, "click_input", control_label=label_of(obs, "Font Effects", "page tab")).dialog_closed
    assert "selected" in env.observe().control(label_of(env.observe(), "Font Effects", "page tab")).states
    assert act(env, "click_input", control_label=label_of(env.observe(), "Cancel")).dialog_closed  # a structured fact
    obs = env.observe()
    assert not [c for c in obs.controls if c.path.startswith("w")]  # dialog gone
    assert not act(env, "click_input", control_label=label_of(obs, "Bold")).dialog_closed  # no dialog to close


def doc_label_path(obs):
    return next(c.path for c in obs.controls if c.role == "document text")


def test_click_on_a_dialog_tree_entry_moves_the_selection(env, fresh):
    """A click on an entry of a dialog's tree selects it and the dialog follows: Tools - Options
    leaves its first page (User Data). It used to "activate" the cell (GTK's row-activated),
    report success and leave the selection where it was. A collapsed category is expanded."""
    obs = fresh
    act(env, "click_input", control_label=label_of(obs, "Tools", "menu"))
    act(env, "click_input", control_label=label_of(env.observe(), "Options..."))
    obs = env.observe()
    assert "selected" in obs.control(label_of(obs, "User Data", "table cell")).states
    r = act(env, "click_input", control_label=label_of(obs, "Language Settings", "table cell"))
    assert "expanded" in r.message
    obs = env.observe()
    r = act(env, "click_input", control_label=label_of(obs, "Writing Aids", "table cell"))
    assert r.message.startswith("selected table cell 'Writing Aids'")
    obs = env.observe()
    assert "selected" in obs.control(label_of(obs, "Writing Aids", "table cell")).states
    assert "selected" not in obs.control(label_of(obs, "User Data", "table cell")).states
    names = {c.name for c in obs.controls if is_dialog_path(c.path)}
    assert "Get more dictionaries online..." in names and "Company" not in names  # the page changed
    assert act(env, "click_input", control_label=label_of(obs, "Cancel")).dialog_closed


def test_click_on_a_dialog_list_entry_moves_the_selection(env, fresh):
    """The Fields dialog's Type list: a click on "Date" selects it (and the Select list then
    offers "Date (fixed)"), where the first type used to stay selected."""
    obs = fresh
    act(env, "click_input", control_label=label_of(obs, "Insert", "menu"))
    act(env, "click_input", control_label=label_of(env.observe(), "Field", "menu"))
    act(env, "click_input", control_label=label_of(env.observe(), "More Fields..."))
    act(env, "click_input", control_label=label_of(env.observe(), "Document", "page tab"))
    obs = env.observe()
    act(env, "click_input", control_label=label_of(obs, "Date", "table cell"))
    obs = env.observe()
    assert "selected" in obs.control(label_of(obs, "Date", "table cell")).states  # the Type list's (first) "Date"
    assert "selected" not in obs.control(label_of(obs, "Author", "table cell")).states
    r = act(env, "click_input", control_label=label_of(obs, "Date (fixed)", "table cell"))
    assert r.message.startswith("selected table cell 'Date (fixed)'")
    obs = env.observe()
    assert "selected" in obs.control(label_of(obs, "Date (fixed)", "table cell")).states
    act(env, "click_input", control_label=label_of(obs, "Close", "push button"))


def test_a_click_that_destroys_its_control_succeeds(env, fresh):
    """A context menu's "Paragraph..." and the Paragraph dialog's page tabs are destroyed by
    their own click: reading the name afterwards failed ("Method Get ... could not be processed
    as object ... does not exist") although the dialog had opened or the page had changed."""
    obs = fresh
    act(env, "select_text", control_label=doc_label(obs), text="Sales")
    act(env, "keyboard_input", control_label=doc_label(obs), keys="+{F10}")
    obs = env.observe()
    act(env, "click_input", control_label=next(c.label for c in obs.controls if c.name == "Paragraph" and is_dialog_path(c.path)))
    obs = env.observe()
    r = act(env, "click_input", control_label=next(c.label for c in obs.controls if c.name == "Paragraph..." and is_dialog_path(c.path)))
    assert r.message == "clicked menu item 'Paragraph...'"
    for tab in ("Outline & List", "Text Flow"):
        assert act(env, "click_input", control_label=label_of(env.observe(), tab, "page tab")).message == f"selected page tab '{tab}'"
    assert act(env, "click_input", control_label=label_of(env.observe(), "Cancel")).dialog_closed


def test_enter_in_a_dialog_field_confirms_it_and_says_so(env, fresh):
    """Enter in Format > Paragraph's "Before text" box presses the dialog's default button:
    the result says so as a fact (``dialog_closed``), and the dialog is gone."""
    obs = fresh
    act(env, "click_input", control_label=label_of(obs, "Format", "menu"))
    act(env, "click_input", control_label=label_of(env.observe(), "Paragraph..."))
    act(env, "click_input", control_label=label_of(env.observe(), "Indents & Spacing", "page tab"))
    obs = env.observe()
    r = act(env, "set_edit_text", control_label=label_of(obs, "Before text"), text="1 cm")
    assert r.dialog_closed and "Enter confirmed the dialog" in r.message
    assert not [c for c in env.observe().controls if is_dialog_path(c.path)]
    indent = 0.0
    for _ in range(20):  # the closed dialog's change reaches the document model a moment later under load
        indent = env.state().paragraphs[0].left_indent_mm
        if abs(indent - 10.0) < 0.5:
            break
        time.sleep(0.1)
    assert abs(indent - 10.0) < 0.5  # the caret's paragraph, the first


def test_font_size_box_and_alignment(env, fresh):
    obs = fresh
    act(env, "select_text", control_label=doc_label(obs), text="Quarterly report")
    act(env, "set_edit_text", control_label=label_of(env.observe(), "Font Size", "text"), text="18")
    act(env, "click_input", control_label=label_of(env.observe(), "Center"))
    st = env.state()
    assert st.paragraphs[0].runs[0].font_size == 18.0
    assert st.paragraphs[0].alignment == "center"
    assert st.paragraphs[1].alignment == "left" and st.paragraphs[1].runs[0].font_size == 11.0


def test_read_functions_and_finish(env, fresh):
    obs = fresh
    par = next(c for c in obs.controls if c.role == "paragraph")
    r = act(env, "texts", control_label=par.label)
    assert r.output == "Quarterly report"
    assert act(env, "summary", text="three paragraphs").output == "three paragraphs"
    assert act(env, "finish").done


def test_bad_label_and_bad_action_are_clear_errors(env, fresh):
    obs = fresh
    r = env.step(Action(function="click_input", args={"control_label": "9999"}))
    assert not r.ok and not r.env_error and "9999" in r.message and "nearest valid labels" in r.message
    r = env.step(Action(function="click_input", args={"control_label": "Bold"}))
    assert not r.ok and "did you mean" in r.message and label_of(obs, "Bold") in r.message
    r = env.step(Action(function="teleport", args={}))
    assert not r.ok and "unknown function 'teleport'" in r.message
    r = env.step(Action(function="set_edit_text", args={"control_label": "1"}))
    assert not r.ok and "needs argument(s): text" in r.message
    r = env.step({"function": 42})
    assert not r.ok and "malformed action" in r.message
    r = env.step(Action(function="keyboard_input", args={"control_label": "", "keys": "{NOPE}"}))
    assert not r.ok and "NOPE" in r.message
    assert env.observe().controls  # still alive


def test_missing_template_is_a_clear_error(env, tmp_path):
    with pytest.raises(LamkitError, match="does not exist"):
        env.reset(Task(id="x", request="r", template=str(tmp_path / "nope.odt")))


def test_save_and_screenshot(env, fresh, tmp_path):
    out = env.save(tmp_path / "out.odt")
    assert out.stat().st_size > 1000
    shot = env.observe(screenshot=True).screenshot
    assert shot and open(shot, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_crash_is_detected_restarted_and_reported(sample_docx):
    with WriterEnv(step_timeout_s=5) as env:
        task = Task(id="c", request="r", template=str(sample_docx))
        obs = env.reset(task)
        before = env.restarts
        os.killpg(env.procs._soffice.pid, signal.SIGKILL)  # soffice crashes
        time.sleep(0.3)
        r = env.step(Action(function="click_input", args={"control_label": label_of(obs, "Bold")}))
        assert not r.ok and r.env_error and "restarted" in r.message
        assert env.restarts == before + 1
        # a hang: soffice stops answering
        obs = env.reset(task)
        before = env.restarts
        os.killpg(env.procs._soffice.pid, signal.SIGSTOP)
        t0 = time.monotonic()
        r = env.step(Action(function="click_input", args={"control_label": label_of(obs, "Bold")}))
        assert r.env_error and "hung" in r.message and time.monotonic() - t0 < 60
        assert env.restarts == before + 1
        assert "Bold" in {c.name for c in env.reset(task).controls}


def test_two_envs_side_by_side_and_nothing_leaks(sample_docx, tmp_path):
    other = tmp_path / "other.docx"
    from tests.conftest import make_sample_docx

    make_sample_docx(other, ["Second instance text"])
    a, b = WriterEnv(), WriterEnv()
    try:
        oa = a.reset(Task(id="a", request="r", template=str(sample_docx)))
        ob = b.reset(Task(id="b", request="r", template=str(other)))
        assert a.procs.display != b.procs.display
        assert "Quarterly" in oa.document and "Second instance" in ob.document
        act(a, "select_text", control_label=doc_label(oa), text="Quarterly")
        act(a, "click_input", control_label=label_of(a.observe(), "Bold"))
        assert a.state().paragraphs[0].runs[0].bold
        assert not any(r.bold for p in b.state().paragraphs for r in p.runs)
        pids = a.pids() + b.pids()
    finally:
        a.close()
        b.close()
    time.sleep(0.5)
    alive = [p for p in pids if os.path.exists(f"/proc/{p}") and not open(f"/proc/{p}/stat").read().split(") ")[1].startswith("Z")]
    assert not alive
    mine = [p for p, _ in lamkit_writer_processes() if p in pids]
    assert not mine


def test_timed_load_opens_a_document_once_without_an_episode(sample_docx, tmp_path):
    """The measurement hook of benchmarks/load_stall_bench.py: one raw load, timed and counted,
    on a started environment; refused on one that is not started."""
    from lamkit.envs.base import make_env

    with make_env("writer") as e:
        with pytest.raises(LamkitError, match="not running"):
            e.timed_load(sample_docx, 15)
        e.start()
        assert e.worker_pid is not None and e.worker_pid in e.pids()
        secs = e.timed_load(sample_docx, 15)
        assert 0 < secs < 15 and e.loads == 1 and e.load_stalls == 0
        texts = [p.text for p in e.state().paragraphs]
        assert "Quarterly report" in texts  # the document is open in soffice
        assert e.timed_load(sample_docx, 15) > 0 and e.loads == 2  # the same soffice loads again (the warm case)
        assert e.restarts == 0 and not e.faults
    assert e.worker_pid is None
