"""Exemplars (lamkit.agent.exemplars): the closest training request and its expert's next step.

Real parts: the packaged all-MiniLM-L6-v2 encoder, the renderer, the training data path
(fit_render). Steps are written as the index stores them (``function control``).
"""

from __future__ import annotations

from lamkit.agent.exemplars import build_index, render_exemplar, step_text
from lamkit.agent.prompting import RenderSettings, render_step
from lamkit.schema import Control, Observation, OutlineParagraph

def steps(*pairs):
    return [step_text(f, c) for f, c in pairs]


INDEX = build_index([
    ("Make the word \"profit\" bold.", "t-bold", steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
    ("Apply Heading 1 to the opening paragraph.", "t-h1",
     steps(("select_text", "Document"), ("set_edit_text", "Paragraph Style"), ("finish", None))),
    ("Switch the page to landscape.", "t-land",
     steps(("click_input", "Format"), ("click_input", "Page Style..."), ("click_input", "Page"),
           ("click_input", "Landscape"), ("click_input", "OK"), ("finish", None))),
])


def test_a_new_wording_finds_the_task_that_means_the_same():
    assert INDEX.nearest("heading 1 for the first paragraph").task_id == "t-h1"
    assert INDEX.nearest("Please turn the page sideways into landscape orientation").task_id == "t-land"
    assert INDEX.nearest("Set \"costs\" in bold type").task_id == "t-bold"
    # a task never sees itself: the next closest one instead
    assert INDEX.nearest("Make the word \"profit\" bold.", exclude="t-bold").task_id != "t-bold"


def test_the_exemplar_step_follows_the_episodes_position():
    ex = INDEX.nearest("Switch the page to landscape.")
    assert render_exemplar(ex, 0).endswith('Its next step: click_input "Format"')
    assert render_exemplar(ex, 3).endswith('Its next step: click_input "Landscape"')
    assert render_exemplar(ex, 9).endswith("Its next step: finish")
    assert render_exemplar(None, 0) is None
    assert len(build_index([("a", "1", ["finish"]), ("a", "2", ["finish"]), ("b", "3", [])]).entries) == 1


def test_render_step_shows_the_exemplar_and_never_the_task_itself():
    obs = Observation(outline=[OutlineParagraph(text="Profit rose.")],
                      controls=[Control(label="1", role="document text", name="d.odt")])
    settings = RenderSettings(ranker="rules", exemplars=INDEX)
    text = render_step("Bold the word profit.", obs, settings=settings).messages[1]["content"]
    assert 'Similar task: "Make the word \\"profit\\" bold."\nIts next step: select_text "Document"' in text
    own = render_step("Make the word \"profit\" bold.", obs, settings=settings, task_id="t-bold").messages[1]["content"]
    assert "Similar task: \"Make the word \\\"profit\\\" bold.\"" not in own and "Similar task:" in own
    assert "Similar task" not in render_step("Bold the word profit.", obs,
                                             settings=RenderSettings(ranker="rules")).messages[1]["content"]


def test_fit_render_indexes_training_successes_only(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "train"))
    from train_fixtures import writer_trajectories

    from lamkit.train.data import fit_render

    trajs = writer_trajectories(12)
    test = trajs[0].model_copy(update={"task": trajs[0].task.model_copy(update={"split": "test", "id": "held-out",
                                                                                   "request": "a held-out request"})})
    settings, info = fit_render(trajs + [test], RenderSettings(ranker="rules"), ranker=False, typed=False, exemplars=True)
    reqs = {e.request for e in settings.exemplars.entries}
    assert "a held-out request" not in reqs
    assert reqs == {t.task.request for t in trajs if t.verdict.success and t.task.split == "train"}
    assert info["exemplars"] == len(reqs)
    # the settings travel in a checkpoint's JSON and come back with their index
    again = RenderSettings.model_validate_json(settings.model_dump_json())
    assert again.exemplars.entries == settings.exemplars.entries


def test_the_targets_name_is_masked_so_the_match_is_on_what_is_done():
    from lamkit.agent.targets import mask_reference

    assert mask_reference('Centre the paragraph with "Software".') == "Centre it."
    assert mask_reference("Italicize the last word of the fifth paragraph.") == "Italicize it."
    assert mask_reference("Align the paragraph that mentions marketing to both margins.") == "Align it to both margins."
    assert mask_reference("heading 3 on the third paragraph") == "heading 3 on it"
    assert mask_reference("Put a line under the word with.") == "Put a line under it."
    assert mask_reference("Switch the page to landscape.") == "Switch the page to landscape."
    index = build_index([
        ('Please centre the paragraph that contains "Software".', "t-centre",
         steps(("select_text", "Document"), ("click_input", "Center"), ("finish", None))),
        ('Give the paragraph with "Software" double line spacing.', "t-spacing",
         steps(("select_text", "Document"), ("click_input", "Format"), ("finish", None))),
    ])
    assert index.version == 2
    assert index.nearest('Please centre the paragraph that contains "costs".').task_id == "t-centre"


def test_a_terse_requests_typed_text_is_masked_too_and_the_better_key_wins():
    """"header: Draft version" is about a header, not about its words ("the version"); "Note:
    bold the title" is about its words, which the colon rule also reads as typed text."""
    from lamkit.agent.values import mask_typed_text

    assert mask_typed_text("header: Draft version") == "header: it"
    assert mask_typed_text('heading 2: the line with "Support"') == 'heading 2: the line with "Support"'
    index = build_index([
        ('Could you put a header "Company report" on the page?', "t-header",
         steps(("click_input", "Insert"), ("click_input", "Header and Footer"), ("finish", None))),
        ("The paragraph that mentions the version should use the Heading 1 style.", "t-h1",
         steps(("select_text", "Document"), ("set_edit_text", "Paragraph Style"), ("finish", None))),
        ("Please make the first word of the title bold.", "t-bold",
         steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
    ])
    assert index.nearest("header: Draft version").task_id == "t-header"
    assert index.nearest("Note: bold the title").task_id == "t-bold"


def test_a_two_clause_request_gets_both_edits_in_order_then_finish():
    from lamkit.agent.exemplars import split_clauses

    assert split_clauses("Italicize the last word of the fifth paragraph and also set it in bold.") == [
        "Italicize the last word of the fifth paragraph", "set it in bold"]
    assert split_clauses("First make the title bold, then centre it.") == ["First make the title bold", "centre it"]
    assert split_clauses("Set a left margin of two and a half centimetres.") == [
        "Set a left margin of two and a half centimetres."]
    # other ways to join two edits: "as well as", "plus", "&", and a sentence's end
    assert split_clauses('Bold "x" as well as underline "y".') == ['Bold "x"', 'underline "y"']
    assert split_clauses("Bold the title plus centre the second paragraph") == ["Bold the title", "centre the second paragraph"]
    assert split_clauses("Bold the title & centre it") == ["Bold the title", "centre it"]
    assert split_clauses("Make the title bold. Centre the last paragraph.") == ["Make the title bold",
                                                                                "Centre the last paragraph"]
    assert split_clauses("Indent it by 1.5 cm. Then bold it.") == ["Indent it by 1.5 cm", "bold it"]
    # a full stop that ends no sentence joins nothing: a title, a decimal, an abbreviation
    for one in ("Make Dear Mr. Okafor bold.", "Indent it by 1.5 cm.", "Use e.g. Arial for it."):
        assert split_clauses(one) == [one]
    # "and" before a count joins the counts of one thing ("two rows and four columns"), not two edits
    assert split_clauses("Format the fourth paragraph as a title and also create a table of two rows and four "
                         "columns at the end.") == ["Format the fourth paragraph as a title",
                                                    "create a table of two rows and four columns at the end"]
    assert split_clauses("Insert a table with 3 rows and 2 columns and bold the title") == [
        "Insert a table with 3 rows and 2 columns", "bold the title"]
    index = build_index([
        ('Italicize "profit".', "t-it", steps(("select_text", "Document"), ("click_input", "Italic"), ("finish", None))),
        ('Make "costs" bold.', "t-bold", steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
        ("Switch the page to landscape.", "t-land", steps(("click_input", "Format"), ("click_input", "Landscape"),
                                                           ("finish", None))),
    ])
    ex = index.exemplar("Italicize the word report and also make it bold.")
    assert ex.steps == steps(("select_text", "Document"), ("click_input", "Italic"), ("select_text", "Document"),
                             ("click_input", "Bold"), ("finish", None))
    assert render_exemplar(ex, 2).endswith('Its next step: select_text "Document"')
    assert render_exemplar(ex, 4).endswith("Its next step: finish")
    # a clause is matched to one edit, never to another compound that shares its words
    with_compound = build_index([
        *[(e.request, e.task_id, e.steps) for e in index.entries],
        ('Underline "costs" and make it bold.', "t-ub", steps(("select_text", "Document"), ("click_input", "Underline"),
                                                              ("select_text", "Document"), ("click_input", "Bold"),
                                                              ("finish", None)))])
    assert with_compound.exemplar("Italicize the word report, then make it bold.").steps == ex.steps
    # one edit worded with "and" keeps its one match: both clauses find the same thing
    assert index.exemplar("Italicize the word report and the word profit.").task_id == "t-it"
    # an index fitted before composition (version 1) answers as it did
    from lamkit.agent.exemplars import ExemplarIndex

    old = ExemplarIndex.model_validate({"entries": [e.model_dump() for e in index.entries]})
    assert old.version == 1
    assert old.exemplar("Italicize the word report and also make it bold.").task_id in {"t-it", "t-bold"}


def test_complements_joined_by_and_are_edits_only_when_they_read_as_one():
    from lamkit.agent.clauses import coordinated_complements

    # one verb, one target, two complements: the left-out verb and target said again by "it"
    assert coordinated_complements("Make the closing line bold and italic.") == ["Make the closing line bold",
                                                                                 "make it italic"]
    assert coordinated_complements("I'd like the second paragraph centred and double-spaced.") == [
        "I'd like the second paragraph centred", "make it double-spaced"]
    # not this shape: two clauses of their own, a quotation, no connective
    for other in ("Make the title bold and centre it.", 'Bold "salt and pepper".', "Set the warning in 16 pt red."):
        assert coordinated_complements(other) is None
    index = build_index([
        ('Italicize "profit".', "t-it", steps(("select_text", "Document"), ("click_input", "Italic"), ("finish", None))),
        ('Make "costs" bold.', "t-bold", steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
        ("Make the word dinner italic.", "t-it2", steps(("select_text", "Document"), ("click_input", "Italic"),
                                                       ("finish", None))),
    ])
    ex = index.exemplar("Make the closing line bold and italic.")
    assert ex.steps == steps(("select_text", "Document"), ("click_input", "Bold"), ("select_text", "Document"),
                             ("click_input", "Italic"), ("finish", None))
    # "and" joining the words of one target: the noun is like no edit seen, so one edit
    assert index.exemplar("Bold the words apples and pears.").task_id == "t-bold"


def test_a_lead_in_before_the_instruction_is_searched_without_it_too():
    from lamkit.agent.clauses import main_clause

    assert main_clause("Since the coach times have changed, cross out the paragraph that gives them.") == \
        "cross out the paragraph that gives them."
    assert main_clause("What I'm after: the advice for the cloud, set in italics.") == "the advice for the cloud, set in italics."
    # a colon before the text to type, or before fewer than three words, leads into nothing
    for none in ("header: Draft version", "Bold the title.", 'Type "Note: call back" at the end.'):
        assert main_clause(none) is None
    index = build_index([
        ('Cross out "profit".', "t-strike", steps(("select_text", "Document"), ("click_input", "Strikethrough"), ("finish", None))),
        ("Since the meeting moved, set the title style.", "t-title", steps(("select_text", "Document"),
                                                                            ("set_edit_text", "Paragraph Style"), ("finish", None))),
    ])
    assert index.exemplar("Since the coach times have changed, cross out the paragraph that gives them.").task_id == "t-strike"


def test_the_value_hint_is_the_exemplars_kind_of_value_said_of_the_new_request():
    """An exemplar step records what it typed relative to its request (a key chord, "the
    request's first length"); the hint is the new request's value of that kind, or the chord,
    and there is none at a step that types nothing (it used to be the first value, always)."""
    from lamkit.agent.exemplars import compose, next_value
    from lamkit.agent.prompting import KEY_CHORDS, value_hint
    from lamkit.agent.values import value_ref

    indent_req = "Indent the first paragraph 30 mm from the left."
    indent = build_index([(indent_req, "t-ind",
                           steps(("select_text", "Document"), ("click_input", "Format"), ("set_edit_text", "Before text"),
                                 ("finish", None)),
                           [None, None, value_ref("3 cm", indent_req, KEY_CHORDS), None])]).entries[0]
    style_req = "Apply Heading 1 to the opening paragraph."
    style = build_index([(style_req, "t-h1", steps(("select_text", "Document"), ("set_edit_text", "Paragraph Style"),
                                                   ("finish", None)),
                          [None, value_ref("Heading 1", style_req, KEY_CHORDS), None])]).entries[0]
    brk_req = "Add a page break before the closing line."
    brk = build_index([(brk_req, "t-brk", steps(("select_text", "Document"), ("keyboard_input", "Document"),
                                                ("keyboard_input", "Document"), ("finish", None)),
                        [None, value_ref("{HOME}", brk_req, KEY_CHORDS), value_ref("^{ENTER}", brk_req, KEY_CHORDS),
                         None])]).entries[0]
    assert next_value(indent, 2).kind == "measure" and next_value(indent, 0) is None
    request = "Turn the opening paragraph into a Heading 3 and also indent it 20 mm from the left."
    both = compose([style, indent])  # the composed exemplar keeps each step's value
    assert [value_hint(both, i, request, ["2 cm", "Heading 3"]) for i in range(len(both.steps))] == \
        [None, "Heading 3", None, None, "2 cm", None]
    assert value_hint(brk, 1, request, ["2 cm", "Heading 3"]) == "{HOME}"
    assert value_hint(brk, 2, request, []) == "^{ENTER}"
    assert value_hint(None, 0, request, ["2 cm", "Heading 3"]) == "2 cm"  # no exemplar: the first value
    old = build_index([(style_req, "t-h1", style.steps)]).entries[0]  # an index fitted before values
    assert value_hint(old, 1, request, ["2 cm", "Heading 3"]) is None


def test_fitted_exemplars_record_what_each_step_typed():
    """fit_render's index, from real recorded trajectories: each typing step's value is a chord,
    a request value of some kind, or a literal, and the other steps record none."""
    import gzip
    import json
    from pathlib import Path

    from lamkit.schema import Trajectory
    from lamkit.train.data import exemplar_index

    path = Path(__file__).parent / "data" / "recorded_steps.jsonl.gz"
    with gzip.open(path, "rt") as f:
        trajs = [Trajectory.model_validate(json.loads(line)) for line in f if line.strip()]
    index = exemplar_index(trajs)
    assert len(index.entries) >= 15
    kinds = {}
    for e in index.entries:
        assert len(e.values) == len(e.steps)
        for s, v in zip(e.steps, e.values):
            assert (v is not None) == s.startswith(("set_edit_text", "keyboard_input"))
            if v is not None:
                kinds[v.kind] = e.request
    assert {"chord", "quoted", "measure", "style"} <= set(kinds), kinds
    font = next(e for e in index.entries if e.request == 'Change the font of "project" to DejaVu Sans.')
    assert [v.kind for v in font.values if v] == ["name"]


def test_a_ui_name_joined_by_and_is_neither_two_clauses_nor_a_value():
    """"Use Find and Replace to change ..." was split at "and" (its exemplar composed of two other
    tasks) and read "and" and "change" as values to type; a two-edit request still splits."""
    from lamkit.agent.clauses import split_clauses
    from lamkit.agent.values import request_values

    one = 'Use Find and Replace to change "prices" into "omega".'
    assert split_clauses(one) == [one]
    assert request_values(one) == ["prices", "omega"]
    assert split_clauses("Open Indents & Spacing and set the indent to 2 cm") == [
        "Open Indents & Spacing", "set the indent to 2 cm"]
    assert split_clauses('Open Header and Footer and add a header "Draft".') == [
        "Open Header and Footer", 'add a header "Draft"']
    assert split_clauses("Bold the title and centre it.") == ["Bold the title", "centre it"]
    assert request_values("Find local and replace it with zulu") == ["local", "zulu"]


def test_two_keyboard_edits_that_press_different_chords_are_different_edits():
    """Numbering (F12) and a table at the end (Ctrl+End first) both have a key step
    ``keyboard_input "Document"``; told apart by the chord, a request doing both gets both."""
    from lamkit.agent.exemplars import edit_steps
    from lamkit.agent.values import ValueRef

    def chord(k):
        return ValueRef(kind="chord", text=k)

    table = ("Insert a table with 2 rows and 4 columns at the end.", "t-table",
             steps(("keyboard_input", "Document"), ("click_input", "Table"), ("click_input", "Insert Table..."),
                   ("finish", None)), [chord("^{END}"), None, None, None])
    numbered = ("The paragraph with the word Shipping should be numbered.", "t-num",
                steps(("select_text", "Document"), ("keyboard_input", "Document"), ("finish", None)),
                [None, chord("{F12}"), None])
    index = build_index([table, numbered])
    assert edit_steps(index.entries[1]) == ['keyboard_input "Document" {F12}']
    ex = index.exemplar("Add numbering to the paragraph that mentions results and also create a table of two rows "
                        "and four columns at the end.")
    assert ex.task_id == "t-num+t-table"
    assert [v.text if v else None for v in ex.values][:3] == [None, "{F12}", "^{END}"]


def test_entries_with_the_same_key_tie_exactly_and_the_first_indexed_wins():
    index = build_index([
        ('Bold the word "alpha".', "t-a", steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
        ('Switch the page to landscape.', "t-land", steps(("click_input", "Format"), ("finish", None))),
        ('Bold the word "omega".', "t-o", steps(("select_text", "Document"), ("click_input", "Bold"), ("finish", None))),
    ])
    # both bold requests mask to "Bold it.": one vector, an exact tie, taken in index order
    assert index.nearest('Bold the word "zeta".').task_id == "t-a"
    assert index.nearest('Bold the word "zeta".', exclude="t-a").task_id == "t-o"
