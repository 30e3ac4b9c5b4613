"""The state-diff judge (lamkit/dataflow/state_diff.py).

Two parts: the diff and the decision rules on hand-made states (each kind of change the
document state shows), and the judge on the before/after states recorded from live Writer for
the hand-labelled help episodes in tests/data/help_labels/ (their labels written by reading
the request, the plan and the states; README.md there says how).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lamkit.dataflow import state_diff
from lamkit.dataflow.help.execute import HelpRecord
from lamkit.schema import DocState, FieldState, ObjectState, PageState, ParagraphState, PlanStep, RunState, TableState

LABELS = Path(__file__).resolve().parents[1] / "data" / "help_labels"


def doc(*texts: str, **kw) -> DocState:
    paras = [ParagraphState(text=t, runs=[RunState(text=t)]) for t in texts]
    return DocState(paragraphs=paras, text="\n".join(texts), **kw)


BEFORE = doc("Cost breakdown", "Costs remained stable.")


def kinds(after: DocState) -> set[str]:
    return {c.kind for c in state_diff.diff(BEFORE.model_copy(update={"reader": after.reader}), after)}


def test_no_change_is_no_change():
    assert state_diff.diff(BEFORE, BEFORE.model_copy(deep=True)) == []


def test_each_kind_of_change_is_named():
    bold = BEFORE.model_copy(deep=True)
    bold.paragraphs[1].runs = [RunState(text="Costs", bold=True), RunState(text=" remained stable.")]
    assert kinds(bold) == {"character"}
    upper = doc("Cost breakdown", "COSTS remained stable.")
    assert kinds(upper) == {"case"}
    typed = doc("Cost breakdown", "Costs remained stable. Orion note 12")
    assert kinds(typed) == {"text"}
    centred = BEFORE.model_copy(deep=True)
    centred.paragraphs[0].alignment = "center"
    assert kinds(centred) == {"paragraph"}
    styled = BEFORE.model_copy(deep=True)
    styled.paragraphs[0].style = "Heading 1"
    assert kinds(styled) == {"style"}
    listed = BEFORE.model_copy(deep=True)
    listed.paragraphs[1].list_type = "number"
    assert kinds(listed) == {"list"}
    broken = BEFORE.model_copy(deep=True)
    broken.paragraphs[1].page_break_before, broken.page_count = True, 2
    assert kinds(broken) == {"break"}
    field = BEFORE.model_copy(update={"text_fields": [FieldState(kind="DateTime", paragraph=1)]})
    assert kinds(field) == {"field"}
    page = BEFORE.model_copy(update={"page": PageState(orientation="landscape")})
    assert kinds(page) == {"page"}
    footer = BEFORE.model_copy(update={"page": PageState(footer_on=True)})
    assert kinds(footer) == {"header_footer"}
    table = BEFORE.model_copy(update={"tables": [TableState(rows=2, cols=2, cells=[["a", "b"], ["c", "d"]])]})
    assert kinds(table) == {"table"}
    image = BEFORE.model_copy(update={"objects": [ObjectState(kind="image", paragraph=1)]})
    assert kinds(image) == {"object"}


def test_named_kinds_read_the_request_and_the_plans_menu_entries():
    assert state_diff.named_kinds("Insert a date field") >= {"field", "text"}
    assert "page" in state_diff.named_kinds("Change the page orientation for all pages")
    assert "table" not in state_diff.named_kinds("Update a table of contents")
    steps = [PlanStep(step="Click UPPERCASE", function="click_input", control="UPPERCASE")]
    assert "case" in state_diff.named_kinds("Capitalize text", steps)


def test_decisions():
    bold = BEFORE.model_copy(deep=True)
    bold.paragraphs[1].runs = [RunState(text="Costs", bold=True), RunState(text=" remained stable.")]
    v = state_diff.judge("Make text bold", [], BEFORE, bold, True)
    assert state_diff.decision(v) == "success" and "character" in v.reason
    # a step that did not execute: failure, whatever changed
    assert state_diff.decision(state_diff.judge("Make text bold", [], BEFORE, bold, False, "no control")) == "failure"
    # nothing changed although the request names what the state shows: failure
    assert state_diff.decision(state_diff.judge("Make text bold", [], BEFORE, BEFORE, True)) == "failure"
    # a request to look at something: an unchanged document is what it asks for
    assert state_diff.decision(state_diff.judge("View a repertoire of all characters", [], BEFORE, BEFORE, True)) == "success"
    # a request that only starts with a looking verb but asks for more is not
    assert state_diff.decision(state_diff.judge("Define index entries", [], BEFORE, BEFORE, True)) == "unsure"
    # changed, but not the kind named: never success
    typed = doc("Cost breakdown", "Costs remained stable. Orion note 12")
    assert state_diff.decision(state_diff.judge("Insert a date field", [], BEFORE, typed, True)) == "unsure"
    # a setting switched through steps that all ran: success; through a dialog left without OK: unsure
    click = lambda *names: [PlanStep(step=n, function="click_input", control=n) for n in names]  # noqa: E731
    assert state_diff.decision(state_diff.judge("Enable automatic spellcheck", click("Tools", "Automatic Spell Checking"),
                                                BEFORE, BEFORE, True)) == "success"
    opened = click("Tools", "AutoCorrect Options...", "Enable word completion")
    assert state_diff.decision(state_diff.judge("Switch off the word completion", opened, BEFORE, BEFORE, True)) == "unsure"
    assert state_diff.decision(state_diff.judge("Switch off the word completion", opened + click("OK"), BEFORE, BEFORE, True)) == "success"
    # the request names nothing the state shows, and nothing changed
    assert state_diff.decision(state_diff.judge("Use a custom paragraph style as a heading", [], BEFORE, BEFORE, True)) == "unsure"


def test_a_field_of_another_type_is_not_the_named_field():
    author = BEFORE.model_copy(update={"text_fields": [FieldState(kind="Author", paragraph=1)]})
    date = BEFORE.model_copy(update={"text_fields": [FieldState(kind="DateTime", paragraph=1)]})
    assert state_diff.decision(state_diff.judge("Insert a fixed or variable date field", [], BEFORE, author, True)) != "success"
    assert state_diff.decision(state_diff.judge("Insert a fixed or variable date field", [], BEFORE, date, True)) == "success"


def test_a_field_taken_out_as_asked():
    # "Convert a field into text" (swriter/guide/field_convert.html): the field is gone, its words stay
    author = BEFORE.model_copy(update={"text_fields": [FieldState(kind="Author", paragraph=1)]})
    judged = lambda req, before, after: state_diff.decision(state_diff.judge(req, [], before, after, True))  # noqa: E731
    assert judged("Convert a field into text", author, BEFORE) == "success"
    assert judged("Delete the date field", author, BEFORE) == "success"
    # the field went with its words: not converted into text
    cut = doc("Cost breakdown", "remained stable.")
    assert judged("Convert a field into text", author, cut) != "success"
    # a field removed where the request inserts one is no success
    assert judged("Insert a fixed or variable date field", author, BEFORE) != "success"


def test_a_bibliography_entry_is_its_indexs_entry():
    # "Insert bibliography entries from the bibliography database" (swriter/guide/indices_literature.html,
    # runs/help-bench-s33): Writer keeps the entry as a field of kind Bibliography, not an index mark
    entry = R2.model_copy(update={"text_fields": [FieldState(kind="Bibliography", paragraph=1)]})
    author = R2.model_copy(update={"text_fields": [FieldState(kind="Author", paragraph=1)]})
    judged = lambda req, after: state_diff.decision(state_diff.judge(req, [], R2, after, True))  # noqa: E731
    assert judged("Insert bibliography entries from the bibliography database", entry) == "success"
    # another field is not a bibliography entry, and a bibliography entry is not a table of contents
    assert judged("Insert bibliography entries from the bibliography database", author) != "success"
    assert judged("Insert a table of contents", entry) != "success"


def test_highlighting_is_the_background_of_characters_only():
    lit = R2.model_copy(deep=True)
    lit.paragraphs[1].runs = [RunState(text="Costs", highlight="#ffff00"), RunState(text=" remained stable.")]
    judged = lambda req: state_diff.decision(state_diff.judge(req, [], R2, lit, True))  # noqa: E731
    assert judged("Apply a background to text characters") == "success"
    # a paragraph's background is its area, which highlighting its characters does not change
    assert judged("Apply a background to a paragraph") != "success"


def test_a_named_change_that_overwrote_text_is_not_a_success():
    typed_over = doc("Cost breakdown", "Orion note 62 remained stable.")
    typed_over.paragraphs[1].runs = [RunState(text="Orion note 62", bold=True), RunState(text=" remained stable.")]
    v = state_diff.judge("Apply bold formatting", [], BEFORE, typed_over, True)
    assert state_diff.decision(v) == "unsure" and "lost" in v.reason


R2 = BEFORE.model_copy(update={"reader": 2})


def test_reader_2_facets_are_kinds_of_their_own():
    def changed(**kw) -> set[str]:
        after = R2.model_copy(deep=True)
        for path, value in kw.items():
            obj, *attrs = path.split("__")
            target = getattr(after, obj) if obj != "p1" else after.paragraphs[1]
            for a in attrs[:-1]:
                target = getattr(target, a)
            setattr(target, attrs[-1], value)
        return {c.kind for c in state_diff.diff(R2, after)}

    assert changed(settings__record_changes=True) == {"track_changes"}
    assert changed(settings__line_numbering=True) == {"line_numbering"}
    assert changed(settings__title="Quartz43") == {"properties"}
    assert kinds(R2.model_copy(update={"reference_marks": ["Summit30"]})) == {"reference"}
    assert kinds(R2.model_copy(update={"bookmarks": ["Mark1"]})) == {"bookmark"}
    assert kinds(R2.model_copy(update={"index_marks": 1})) == {"index"}
    assert kinds(R2.model_copy(update={"sections": ["Part1"]})) == {"section"}
    assert kinds(R2.model_copy(update={"footnotes": 1})) == {"footnote"}
    assert changed(page__columns=2) == {"columns"}
    assert changed(page__background="#00ff00") == {"background"}
    assert changed(page__borders=True) == {"border"}
    assert changed(p1__hyphenation=True) == {"hyphenation"}
    assert changed(p1__space_above_mm=5.0) == {"paragraph"}
    assert changed(p1__borders=True) == {"border"}
    assert changed(p1__list_start=3) == {"list"}
    german = R2.model_copy(deep=True)
    german.paragraphs[1].runs = [RunState(text="Costs", language="de-DE"), RunState(text=" remained stable.")]
    assert {c.kind for c in state_diff.diff(R2, german)} == {"language"}
    joined = doc("Cost breakdown", "Costs\u2060remained stable.").model_copy(update={"reader": 2})
    assert {c.kind for c in state_diff.diff(R2, joined)} == {"text", "hyphenation"}
    table = TableState(rows=1, cols=2, cells=[["a", "b"]], cell_backgrounds=[[None, None]])
    t0 = R2.model_copy(update={"tables": [table]})
    styled = t0.model_copy(update={"tables": [table.model_copy(update={"template": "Default Table Style"})]})
    shaded = t0.model_copy(update={"tables": [table.model_copy(update={"cell_backgrounds": [[None, "#ff0000"]]})]})
    assert {c.kind for c in state_diff.diff(t0, styled)} == {"table"}
    assert {c.kind for c in state_diff.diff(t0, shaded)} == {"background"}


def test_a_named_fine_kind_needs_its_own_change():
    click = lambda *names: [PlanStep(step=n, function="click_input", control=n) for n in names]  # noqa: E731
    lines = R2.model_copy(update={"settings": R2.settings.model_copy(update={"line_numbering": True})})
    steps = click("Tools", "Line Numbering...", "Show numbering", "OK")
    assert state_diff.decision(state_diff.judge("Add line numbers to an entire document", steps, R2, lines, True)) == "success"
    assert state_diff.decision(state_diff.judge("Add line numbers to an entire document", steps, R2, R2, True)) == "failure"
    target = R2.model_copy(update={"reference_marks": ["Summit30"]})
    steps = click("Insert", "Cross-reference...", "Set Reference", "Insert")
    assert state_diff.decision(state_diff.judge("Insert a target", steps, R2, target, True)) == "success"
    # a border request: a paragraph change beside it does not confirm it
    centred = R2.model_copy(deep=True)
    centred.paragraphs[1].alignment = "center"
    assert state_diff.decision(state_diff.judge("Add a border to a paragraph", [], R2, centred, True)) != "success"
    bordered = centred.model_copy(deep=True)
    bordered.paragraphs[1].borders = True
    assert state_diff.decision(state_diff.judge("Add a border to a paragraph", [], R2, bordered, True)) == "success"
    # a setting request naming a fine kind that did not change is not "switched"
    assert state_diff.decision(state_diff.judge("Turn on automatic hyphenation", click("OK"), R2, R2, True)) == "failure"
    # a table's columns are the table's: "columns" of a table need the table to change
    wider = R2.model_copy(update={"tables": [TableState(rows=1, cols=2, cells=[["a", "b"]], column_separators=[3000])]})
    narrow = R2.model_copy(update={"tables": [TableState(rows=1, cols=2, cells=[["a", "b"]], column_separators=[5000])]})
    assert state_diff.decision(state_diff.judge("Resize table columns", [], narrow, wider, True)) == "success"


def test_a_column_of_the_table_the_plan_is_in_is_the_tables():
    """"Resize a column" (swriter/01/05090201.html: the cursor in a cell, Alt+Left) names no table,
    but the plan puts the cursor in a table cell: the column is the table's, not the page's text
    columns. Only the table's shape or layout confirms it: typed cell text does not, nor does a
    table change on reader-1 states (which read no widths or column separators)."""
    table = lambda seps, width=152.4, cells=(("Item", "Q1"), ("Rent 1", "96")): TableState(  # noqa: E731
        rows=2, cols=2, cells=[list(r) for r in cells], column_separators=list(seps), width_mm=width)
    before = R2.model_copy(update={"tables": [table([3333, 6666])]})
    resized = R2.model_copy(update={"tables": [table([3107, 6553], 147.41)]})  # as recorded after Alt+Left
    in_cell = [PlanStep(step='Select "Rent 1" in the table', function="select_text", control="<document>", args={"text": "Rent 1"}),
               PlanStep(step="Press End", function="keyboard_input", control="<document>", args={"keys": "{END}"}),
               PlanStep(step="Hold down Alt and press Left", function="keyboard_input", control="<document>", args={"keys": "%{LEFT}"})]
    v = state_diff.judge("Resize a column", in_cell, before, resized, True)
    assert state_diff.decision(v) == "success" and "table" in v.reason
    # outside a table "column" stays the page's text columns: a table change does not confirm it
    in_text = [in_cell[0].model_copy(update={"args": {"text": "Costs"}})] + in_cell[1:]
    assert state_diff.decision(state_diff.judge("Resize a column", in_text, before, resized, True)) == "unsure"
    # text typed into the cell changes the table's cells, not its columns
    typed = R2.model_copy(update={"tables": [table([3333, 6666], cells=(("Item", "Q1"), ("Rent 1x", "96")))]})
    assert state_diff.decision(state_diff.judge("Insert a column", in_cell, before, typed, True)) != "success"
    # a column added is the table's shape
    wider = R2.model_copy(update={"tables": [TableState(rows=2, cols=3, cells=[["Item", "Q1", ""], ["Rent 1", "96", ""]])]})
    assert state_diff.decision(state_diff.judge("Insert a column", in_cell, before, wider, True)) == "success"
    # nothing changed: the named table refutes it
    assert state_diff.decision(state_diff.judge("Delete a column", in_cell, before, before, True)) == "failure"
    # reader-1 states do not show a table's widths: unsure, not failure
    old = lambda d: d.model_copy(update={"reader": 1})  # noqa: E731
    v = state_diff.judge("Resize a column", in_cell, old(before), old(before), True)
    assert state_diff.decision(v) == "unsure" and "reader 1" in v.reason


def test_resize_a_column_on_its_recorded_states():
    """The recorded episode (runs/help-bench-r2, help-10adf3a6f0c6cfc9, reader 2; its states are in
    tests/data/help_labels/reader2): Alt+Left in the cell "Rent 1" moved the column separators
    3333 -> 3107 and narrowed the table; unsure before the rule above, a success after."""
    rec = next(HelpRecord.model_validate_json(line) for line in (LABELS / "reader2" / "records.jsonl").read_text().splitlines()
               if '"help-10adf3a6f0c6cfc9"' in line)
    assert rec.before.tables[0].column_separators != rec.after.tables[0].column_separators
    v = state_diff.judge(rec.request, rec.task.plan, rec.before, rec.after, rec.executed_to_end, rec.why_not)
    assert state_diff.decision(v) == "success"


def test_fine_kinds_on_states_of_reader_1_are_unsure():
    """The recorded episodes read by reader 1 lack the new facets: their defaults on both sides
    are no evidence of "unchanged"."""
    v = state_diff.judge("Add line numbers to an entire document", [], BEFORE, BEFORE, True)
    assert state_diff.decision(v) == "unsure" and "reader 1" in v.reason


def test_a_request_naming_what_the_state_cannot_show_is_never_a_success():
    broken = BEFORE.model_copy(deep=True)
    broken.paragraphs[1].page_break_before, broken.page_count = True, 2
    steps = [PlanStep(step="Click Manual Break...", function="click_input", control="Manual Break...")]
    assert state_diff.decision(state_diff.judge("Insert a page break with style", steps, BEFORE, broken, True)) == "success"
    v = state_diff.judge("Use different page backgrounds in the same document", steps, BEFORE, broken, True)
    assert state_diff.decision(v) == "unsure" and "background" in v.reason


def recorded() -> list[tuple[HelpRecord, str]]:
    labels = {r["task_id"]: r["label"] for r in map(json.loads, (LABELS / "labels.jsonl").read_text().splitlines()) if r}
    recs = [HelpRecord.model_validate_json(line) for line in (LABELS / "records.jsonl").read_text().splitlines() if line.strip()]
    return [(r, labels[r.task_id]) for r in recs if r.task_id in labels]


def test_the_labelled_set_is_there():
    got = recorded()
    assert len(got) >= 80 and {lab for _, lab in got} == {"success", "failure"}


def test_judge_on_recorded_states_meets_the_precision_target():
    """Re-judged from the recorded states (not the verdict stored in the record), so a change to
    the judge is measured here."""
    pairs = [(state_diff.decision(state_diff.judge(r.request, r.task.plan, r.before or DocState(), r.after,
                                                   r.executed_to_end, r.why_not)), lab) for r, lab in recorded()]
    judged = [lab for d, lab in pairs if d == "success"]
    assert len(judged) >= 10
    assert sum(lab == "success" for lab in judged) / len(judged) >= 0.9
    # every episode that did not execute to the end is a failure for both
    assert all(d == "failure" for (d, _), (r, _) in zip(pairs, recorded(), strict=True) if not r.executed_to_end)


@pytest.mark.parametrize("kind", sorted(state_diff.KINDS))
def test_every_kind_has_words(kind):
    assert kind in state_diff.KIND_WORDS


def test_judge_on_states_read_by_reader_2():
    """Labelled episodes executed again with DocState reader 2 (tests/data/help_labels/reader2):
    the 18 development episodes re-checked by hand, and the episodes whose new execution was the
    same as the labelled one (labels carried, benchmarks/help_bench.py --carry-labels). The six
    successes the old states could not show (line numbering, change recording, the document
    title, a reference mark, a table style, a word joiner) are judged successes; no labelled
    development failure is judged a success; on the held-out labels precision meets the issue's
    0.9 (the one false success there, a content index for "a user-defined index", is reported,
    not fixed: held-out labels never change the judge)."""
    d = LABELS / "reader2"
    rows = [r for r in map(json.loads, (d / "labels.jsonl").read_text().splitlines()) if r]
    recs = {r.task_id: r for r in (HelpRecord.model_validate_json(line)
                                   for line in (d / "records.jsonl").read_text().splitlines() if line.strip())}
    assert recs and all(r.before is not None and r.before.reader == 2 for r in recs.values())
    assert set(recs) == {r["task_id"] for r in rows}

    def decided(task_id: str) -> str:
        r = recs[task_id]
        return state_diff.decision(state_diff.judge(r.request, r.task.plan, r.before, r.after, r.executed_to_end, r.why_not))

    six = ["help-05894dbb3743be83", "help-27942d091f986707", "help-4fe7c5f9933fdf04", "help-d3f0cb632b22cb66",
           "help-5ba25bf3a13103b6", "help-74487558dd06f024"]
    assert all(decided(t) == "success" for t in six)
    dev = [(decided(r["task_id"]), r["label"]) for r in rows if r.get("set", "development") == "development"]
    assert not [1 for dec, lab in dev if dec == "success" and lab != "success"]
    held = [(decided(r["task_id"]), r["label"]) for r in rows if r.get("set") == "heldout"]
    judged = [lab for dec, lab in held if dec == "success"]
    assert judged and judged.count("success") / len(judged) >= 0.9


def test_a_field_showing_an_error_is_no_field_asked_for():
    """swriter/guide/calculate.html, labelled failure: "=10000/12" typed after F2 (which already
    put "=" in the Formula bar) inserted a formula field showing "** Expression is faulty **"; a
    cross-reference to nothing shows "Error: Reference source not found"."""
    judged = lambda req, after: state_diff.decision(state_diff.judge(req, [], R2, after, True))  # noqa: E731
    faulty = R2.model_copy(update={"text_fields": [FieldState(kind="GetExpression", paragraph=1, text="** Expression is faulty **")]})
    worked = R2.model_copy(update={"text_fields": [FieldState(kind="GetExpression", paragraph=1, text="833.33")]})
    dangling = R2.model_copy(update={"text_fields": [FieldState(kind="GetReference", paragraph=1,
                                                                text="Error: Reference source not found")]})
    assert judged("Calculate in text documents", faulty) != "success"
    assert judged("Calculate in text documents", worked) == "success"  # a calculation in the text is a formula field
    assert judged("Insert a cross-reference", dangling) != "success"


def test_protecting_the_recorded_changes_is_seen():
    """shared/guide/redlining_protect.html "Protect changes": reader 2 reads the protection
    (the document's RedlineProtectionKey); recording switched on without it is not the task.
    Other protection (a section, cells) stays a thing the state does not show."""
    judged = lambda req, after: state_diff.decision(state_diff.judge(req, [], R2, after, True))  # noqa: E731
    on = R2.model_copy(deep=True)
    on.settings.record_changes = True
    protected = on.model_copy(deep=True)
    protected.settings.protect_changes = True
    assert judged("Protect changes", protected) == "success"
    assert judged("Protect changes", on) != "success"
    assert state_diff.named_kinds("Protect the tracked changes", []) == {"track_changes"}
    assert state_diff._UNSEEN.search("Protect a section") and not state_diff._UNSEEN.search("Protect changes")


def test_centring_with_an_object_needs_the_object_centred():
    """swriter/guide/text_centervert.html "Use a frame to center text on a page": a frame added
    at the dialog's default place is not the task; one centred across and down its area is.
    States read before the orientation was (None) do not show it either way."""
    judged = lambda req, after: state_diff.decision(state_diff.judge(req, [], R2, after, True))  # noqa: E731
    centred = R2.model_copy(update={"objects": [ObjectState(kind="frame", h_orient="center", v_orient="center")]})
    placed = R2.model_copy(update={"objects": [ObjectState(kind="frame", h_orient="left", v_orient="top")]})
    unread = R2.model_copy(update={"objects": [ObjectState(kind="frame")]})
    assert judged("Use a frame to center text on a page", centred) == "success"
    assert judged("Use a frame to center text on a page", placed) != "success"
    assert judged("Use a frame to center text on a page", unread) != "success"
    assert judged("Insert a frame", placed) == "success"  # no centring asked: any frame added
    # an existing frame centred since is a change of its own
    before = R2.model_copy(update={"objects": [ObjectState(kind="frame", h_orient="left", v_orient="top")]})
    assert {c.kind for c in state_diff.diff(before, centred)} == {"object"}
