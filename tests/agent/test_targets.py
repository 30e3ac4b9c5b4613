"""Target resolution (lamkit.agent.targets): the text a request is about, offered as options.

Documents here are hand-written outlines in the shapes Writer observations have (title,
headings, body, a letter's greeting and closing, a table); requests name their targets
in the ways docs/agent.md lists. Each test pins the FIRST option, the one a model that
always took the top would select, plus what must not be offered.
"""

from __future__ import annotations

from lamkit.agent.prompting import RenderSettings, render_step
from lamkit.agent.targets import anchor, parse_reference, resolve_targets
from lamkit.schema import Control, Observation, OutlineParagraph as P

MINUTES = [P(text="Project board minutes", style="Title"), P(text="Action items", style="Heading 1"),
           P(text="The next meeting is planned for Friday."),
           P(text="Chen presented the results of the customer survey."),
           P(text="Decisions", style="Heading 1"), P(text="Costs remained stable despite higher prices."),
           P(text="Attendees: Anna, Brian, Chen and Dora.")]
LETTER = [P(text="Cover letter", style="Title"), P(text="Dear Hiring Manager,"),
          P(text="I am fluent in English and German."), P(text="My degree prepared me for this role."),
          P(text="With best regards, Tom Hale")]
#: A screen with just the document control, so that answers naming "Document" are valid.
DOC = [Control(label="1", role="document text", name="memo.odt", states=["enabled", "editable", "focused"])]
BUDGET = [P(text="Budget overview", style="Title"), P(text="The figures are in thousands."),
          P(text="Item | Q1 | Q2", in_table=True), P(text="Hardware 1 | 20 | TBD", in_table=True)]


def first(request: str, outline=MINUTES, **kw) -> str:
    opts = resolve_targets(request, outline, **kw)
    assert opts, request
    return opts[0].text


def test_quoted_and_unquoted_words_come_first_as_words():
    assert first('Bold "survey".') == "survey"
    assert first("Resize the word Friday to 14 pt.") == "Friday"
    assert first('Change the word "Costs" to uppercase.') == "Costs"


def test_positions_count_body_paragraphs_only():
    # Title and headings are not "paragraphs": the second paragraph is Chen's line.
    assert first("Center the second paragraph.") == "Chen presented"
    assert first("Justify the last paragraph.") == "Attendees"
    assert first("Right-align the penultimate paragraph.") == "Costs"
    assert first("Apply heading 2 to the opening paragraph.") == "The next"
    assert first("Give the second heading 1.5 line spacing.") == "Decisions"


def test_word_positions_and_roles():
    assert first("Bold the last word of the second paragraph.") == "survey"
    assert first("Italicize the first word of the title.") == "Project"
    assert first("Center the title.") == "Project"
    assert first("Apply the Title style to the salutation.", LETTER) == "Dear"
    assert first("Italicise the sign-off.", LETTER) == "With best regards, Tom Hale"


def test_an_indefinite_line_is_what_the_edit_draws_not_the_target():
    # "a line" is the underline or strike being drawn; the quoted word is the target.
    assert first('Draw a line beneath "survey".') == "survey"
    assert first('Run a line through "Costs", please.') == "Costs"
    assert not parse_reference('Draw a line beneath "survey".').wants_paragraph
    # A definite line or paragraph is still the target.
    assert parse_reference('Draw a line under the line with "survey".').wants_paragraph
    assert first("Draw a line under the last paragraph.") == "Attendees: Anna, Brian, Chen and Dora."


def test_positions_said_other_ways():
    # Not the generator's wordings: "top"/"bottom", "paragraph 2", "last but one", "heading number two".
    assert first("Center the top paragraph.") == "The next"
    assert first("Underline the bottom paragraph.") == "Attendees: Anna, Brian, Chen and Dora."
    assert first("Make paragraph 2 bold.") == "Chen presented the results of the customer survey."
    assert first("Make paragraph two italic.") == "Chen presented the results of the customer survey."
    assert first("Justify the second-last paragraph.") == "Costs"
    assert first("Justify the last but one paragraph.") == "Costs"
    assert first("Italicize heading number two.") == "Decisions"
    # A number that is a value is not a position; "Heading 2" is a style.
    assert parse_reference("Give the paragraph 2 cm of indent.").ordinal is None
    assert parse_reference("Set paragraph spacing to 2 lines.").ordinal is None
    assert parse_reference("Apply Heading 2 to the third paragraph.").ordinal == ("paragraph", 2)
    # A memo has no sign-off: its closing paragraph is its last.
    assert first("Make the closing paragraph bold.") == "Attendees: Anna, Brian, Chen and Dora."


def test_two_targets_in_one_request_are_both_offered_the_first_named_first():
    opts = [t.text for t in resolve_targets("Make the second paragraph italic, then underline the last paragraph.", MINUTES)]
    assert opts[0] == "Chen presented the results of the customer survey."
    assert "Attendees: Anna, Brian, Chen and Dora." in opts


def test_the_paragraph_under_a_heading_is_the_one_after_it():
    assert first("Justify the paragraph under Decisions.") == "Costs"
    assert first('Justify the paragraph below the "Decisions" heading.') == "Costs"
    assert first("Bold the text under the first heading.") == "The next meeting is planned for Friday."
    assert first("Center the paragraph following the last heading.") == "Costs"
    # The title keeps its own rule, and a line drawn under the title is the title's. "The line
    # under the title" is a paragraph to centre, selected by its anchor as paragraph edits are
    # (before stop 25 "line under" alone counted as drawing a line: the whole text came first).
    assert first("Center the line under the title.") == "Action"
    assert first("Put a line under the title.") == "Project board minutes"


def test_descriptions_match_word_forms():
    assert first("Justify the paragraph about costs.") == "Costs"
    assert first("Add numbering to the paragraph that mentions the survey.") == "Chen presented"


def test_a_description_by_a_word_only_its_paragraph_has():
    # "the advice for when the cloud rolls in": no "about", no "paragraph"; one word ("cloud")
    # that one paragraph alone has names it (before: too weak to be offered at all)
    walk = [P(text="Walking the Ridge Path", style="Title"), P(text="Start early and carry water."),
            P(text="If cloud comes down, turn back at the stone shelter."), P(text="The descent path is steep after rain.")]
    assert first("What I'm after: the advice for when the cloud rolls in, set in italics.", walk).startswith("If cloud")
    # a request that needs no target is not given one by a word it shares with a heading
    assert resolve_targets("Insert a new section.", [P(text="New features", style="Heading 1"), P(text="Fixes.")]) == []


def test_the_paragraph_right_under_the_title():
    assert first("Put the paragraph right under the title in bold.", LETTER) == "Dear Hiring Manager,"
    assert first("Center the text directly below the title.", LETTER) == "Dear"


def test_a_paragraph_counted_within_a_section():
    # MINUTES: "Action items" (The next ..., Chen ...), then "Decisions" (Costs ..., Attendees ...)
    assert first("Justify the last paragraph of the first section.") == "Chen presented"
    assert first("Justify the first paragraph of the second section.") == "Costs"
    assert first("Bold the second paragraph in the Decisions section.") == "Attendees: Anna, Brian, Chen and Dora."
    assert first("Center the second paragraph under the Decisions heading.") == "Attendees"
    # without a count, "under the heading" is still the paragraph right after it; without a section, the document's
    assert first("Center the paragraph under the Decisions heading.") == "Costs"
    assert first("Justify the last paragraph.") == "Attendees"


def test_character_formatting_selects_a_whole_paragraph_paragraph_formatting_its_anchor():
    assert first("Italicize the second paragraph.") == "Chen presented the results of the customer survey."
    assert first("Center the paragraph with the word survey.") == "Chen presented"
    assert first('Put the line with "Friday" in bold.') == "The next meeting is planned for Friday."


def test_a_restyled_target_stays_on_offer_through_the_history():
    # After "make the opening paragraph a heading", it is no longer the first paragraph.
    restyled = [MINUTES[0], MINUTES[1], P(text="The next meeting is planned for Friday.", style="Heading 2")] + MINUTES[3:]
    opts = [t.text for t in resolve_targets("Apply heading 2 to the opening paragraph and center it.", restyled,
                                            previous=["The next"])]
    assert "The next" in opts


def test_table_cells_offer_the_named_word_and_page_requests_offer_nothing():
    assert first("Type 98 into the TBD cell of row 1.", BUDGET) == "TBD"
    assert resolve_targets("Set the page to landscape.", MINUTES) == []
    assert "STYLE" not in str(parse_reference("Apply the Heading 1 style to the title."))


def test_anchor_is_the_shortest_unique_prefix():
    assert anchor(MINUTES, 2) == "The next"
    assert anchor(MINUTES, 6) == "Attendees"


def test_render_step_shows_targets_and_restricts_select_text_to_them():
    obs = Observation(outline=MINUTES, controls=DOC)
    r = render_step("Bold the last word of the second paragraph.", obs, settings=RenderSettings(ranker="rules"))
    text = r.messages[1]["content"]
    assert 'Targets:\n"survey" (word, line 4)' in text
    assert r.space.targets[0] == "survey"
    assert r.space.violation("select_text", {"control_label": "Document", "text": "survey"}) is None
    assert "not among the targets" in r.space.violation("select_text", {"control_label": "Document", "text": "Friday"})
    off = render_step("Bold the last word of the second paragraph.", obs,
                      settings=RenderSettings(ranker="rules", max_targets=0))
    assert "Targets:" not in off.messages[1]["content"] and off.space.targets == []


def test_values_are_read_from_the_request_as_writers_boxes_want_them():
    from lamkit.agent.values import measure_values, request_values

    assert measure_values("indent it 10 mm from the left") == ["1 cm"]
    assert measure_values("indent the opening paragraph 2.5cm, then 25 millimetres") == ["2.5 cm"]
    assert request_values("Set the page's left margin to 15 mm.") == ["1.5 cm"]
    assert request_values("Resize the word printer to 14 pt.") == ["14"]
    assert request_values("Use the DejaVu Sans font for the last word") == ["DejaVu Sans"]
    assert request_values("Make the second paragraph a level-two heading") == ["Heading 2"]
    assert request_values("heading 3 on the third paragraph")[0] == "Heading 3"
    assert request_values("Style the line with \"Dear\" as the document title.") == ["Dear", "Title"]
    assert request_values("table 2x3 at end") == ["2", "3"]
    assert request_values("find local, replace with zulu") == ["local", "zulu"]
    assert request_values('Type "See the appendix." after the last sentence.') == ["See the appendix."]
    assert request_values("Bold the word twenty.") == []
    assert request_values("header: Company report") == ["Company report"]
    assert request_values("comment the last word of the third paragraph: Source needed") == ["Source needed"]
    assert request_values('heading 2: the line with "Support"') == ["Support", "Heading 2"]
    assert request_values("Add the euro sign at the end of the document.") == ["€"]
    assert request_values("degree symbol at end") == ["°"]
    assert request_values("Create a table of two rows and four columns at the end.") == ["2", "4"]
    assert request_values("Make it one-and-a-half spaced.") == []


def test_values_are_shown_and_typing_is_limited_to_them():
    r = render_step("Set the page's left margin to 15 mm.", Observation(outline=MINUTES, controls=DOC),
                    settings=RenderSettings(ranker="rules"))
    assert 'Values: "1.5 cm"' in r.messages[1]["content"]
    assert r.space.violation("set_edit_text", {"control_label": "Document", "text": "1.5 cm"}) is None
    assert "values" in r.space.violation("set_edit_text", {"control_label": "Document", "text": "15"})
    assert r.space.violation("keyboard_input", {"control_label": "Document", "keys": "{ENTER}"}) is None
    # a box is filled with a value, never with a key chord or a value learned in training
    assert "values" in r.space.violation("set_edit_text", {"control_label": "Document", "text": "{ENTER}"})
    learned = render_step("Set the page's left margin to 15 mm.", Observation(outline=MINUTES, controls=DOC),
                          settings=RenderSettings(ranker="rules", typed_values=["2.5 cm"]))
    assert learned.space.violation("keyboard_input", {"control_label": "Document", "keys": "2.5 cm"}) is not None
    unnamed = render_step("Make the second paragraph one-and-a-half spaced.", Observation(outline=MINUTES, controls=DOC),
                          settings=RenderSettings(ranker="rules", typed_values=["1.5 Lines"]))
    assert unnamed.space.violation("set_edit_text", {"control_label": "Document", "text": "1.5 Lines"}) is None
    typed = render_step('Type "See the appendix." after the last sentence.', Observation(outline=MINUTES, controls=DOC),
                        settings=RenderSettings(ranker="rules"))
    assert typed.space.violation("set_edit_text", {"control_label": "Document", "text": " See the appendix."}) is None
    free = render_step("Set the page's left margin to 15 mm.", Observation(outline=MINUTES, controls=DOC),
                       settings=RenderSettings(ranker="rules", values=False))
    assert "Values:" not in free.messages[1]["content"]
    assert free.space.violation("set_edit_text", {"control_label": "Document", "text": "15"}) is None


def test_a_typed_value_is_remembered_by_its_kind_and_rank_and_recalled_for_another_request():
    from lamkit.agent.values import recall_value, request_value_kinds, value_ref

    assert request_value_kinds('Replace all occurrences of "Dear" with "zulu".') == [("Dear", "quoted"), ("zulu", "quoted")]
    assert request_value_kinds("table 2x3 at end") == [("2", "grid"), ("3", "grid")]
    # the second quoted value stays the second (the replacement, not the word found)
    ref = value_ref("zulu", 'Replace "Dear" with "zulu".', ["{HOME}"])
    assert (ref.kind, ref.rank) == ("quoted", 1)
    assert recall_value(ref, 'Swap every "cat" for "dog".', ()) == "dog"
    # a length in another request; a chord as it is; a value from no rule is a literal
    assert recall_value(value_ref("1.5 cm", "Indent it 15 mm.", []), "Make the margin 25 mm and bold it", ()) == "2.5 cm"
    assert recall_value(value_ref("{HOME}", "x", ["{HOME}"]), "anything", ()) == "{HOME}"
    lit = value_ref("Heading 1", "Make it a main heading.", [])
    assert lit.kind == "literal" and recall_value(lit, "Turn it into a main heading", ()) == "Heading 1"
    # text typed after a sentence keeps its leading space; a request without such a value gives none
    typed = value_ref(' All done.', 'Write "All done." at the end.', [])
    assert recall_value(typed, 'Add "See you." at the end.', ()) == " See you."
    assert recall_value(value_ref("14", "Resize it to 14 pt.", []), "Bold the title.", ()) is None
    assert recall_value(value_ref("14", "Resize it to 14 pt.", []), "Resize it to 16 pt.", ["12"]) is None  # not allowed


def test_a_recalled_value_is_the_one_whose_words_around_it_match_the_exemplars():
    """A rank says nothing across wordings: the exemplar's comment text was its first quotation,
    this request's first quotation is the word to comment on; the exemplar's columns came first,
    this request's come second, and written in words."""
    from lamkit.agent.values import recall_value, value_cue, value_ref

    src = 'Insert a comment saying "Update next week" on the word "valid". + Put a header "Page notes" on the page.'
    req = ('Annotate the word "board" with the comment "Check this figure" and add a page header reading '
           '"Company report".')
    assert value_cue(req, "Check this figure", "quoted")["comment"] == 1.0
    assert recall_value(value_ref("Update next week", src, []), req, (), source=src) == "Check this figure"
    assert recall_value(value_ref("Page notes", src, []), req, (), source=src) == "Company report"
    assert recall_value(value_ref("Update next week", src, []), req, ()) == "board"  # by rank alone: the target word
    src = "Please add a table with 4 columns and 5 rows at the bottom."
    req = "Create a table of five rows and four columns at the end."
    assert value_cue(req, "4", "count")["column"] == 1.0
    assert recall_value(value_ref("4", src, []), req, (), source=src) == "4"
    assert recall_value(value_ref("5", src, []), req, (), source=src) == "5"
    # a grid's numbers have no words of their own: a grid answers a grid, by rank, and nothing else
    src = "Add a 4 by 2 table after the last paragraph."
    assert [recall_value(value_ref(v, src, []), "table 4x2 at end", (), source=src) for v in ("4", "2")] == ["4", "2"]
    src = "Insert a table with 5 rows and 3 columns at the end."
    assert recall_value(value_ref("3", src, []), "table 5x3 at end", (), source=src) is None
    # words that match no value, or match two equally, leave it to the rank
    src = 'Replace "Dear" with "zulu".'
    assert recall_value(value_ref("zulu", src, []), 'Swap every "cat" for "dog".', (), source=src) == "dog"


def test_two_edits_on_two_targets_offer_each_clauses_target_in_turn():
    """Read whole, "Bold \"survey\", then centre the last paragraph" lost the quoted word under
    the positional paragraph's score; clause by clause, the first edit's target comes first,
    and once a step selected it, the second edit's."""
    from lamkit.agent.targets import resolve_clause_targets

    request = 'Bold "survey", then centre the last paragraph.'
    assert "survey" not in [t.text for t in resolve_targets(request, MINUTES)]  # why the clause reading exists
    opts = [t.text for t in resolve_clause_targets(request, MINUTES)]
    assert opts[0] == "survey" and "Attendees" in opts
    after = [t.text for t in resolve_clause_targets(request, MINUTES, previous=["survey"])]
    assert after[0] == "Attendees" and "survey" in after  # what was selected stays on offer, behind
    # positional, then descriptive: the order of the request
    opts = [t.text for t in resolve_clause_targets("Italicize the second paragraph and justify the paragraph about costs.",
                                                   MINUTES)]
    assert opts[0].startswith("Chen") and any(o.startswith("Costs") for o in opts)
    # "it": read whole, as before; one target said twice: the same options
    r = 'Make "survey" bold and centre it.'
    assert resolve_clause_targets(r, MINUTES) == resolve_targets(r, MINUTES)
    r = "Bold the title and also centre the title."
    assert [t.text for t in resolve_clause_targets(r, MINUTES)][:2] == [t.text for t in resolve_targets(r, MINUTES)][:2]


def test_a_layout_1_run_can_read_targets_clause_by_clause_and_keeps_its_layout():
    """``clause_targets`` puts the second edit's target first at its selection (the decoder's
    target hint) for a run trained on layout 1, whose prompt otherwise stays as trained."""
    request = 'Bold "survey", then centre the last paragraph.'
    history = [{"function": "select_text", "args": {"text": "survey"}}, {"function": "click_input", "args": {}}]
    obs = Observation(outline=MINUTES, controls=DOC)
    whole = render_step(request, obs, history, settings=RenderSettings(ranker="rules", version=1))
    by_clause = render_step(request, obs, history,
                            settings=RenderSettings(ranker="rules", version=1, clause_targets=True))
    assert whole.space.hints["target"] != "Attendees" and by_clause.space.hints["target"] == "Attendees"
    assert by_clause.messages[0] == whole.messages[0] and "Menus:" not in by_clause.messages[1]["content"]
    v2 = RenderSettings(ranker="rules", version=2)
    assert render_step(request, obs, history, settings=v2).space.hints["target"] == "Attendees"
    off = v2.model_copy(update={"clause_targets": False})
    assert render_step(request, obs, history, settings=off).space.hints["target"] == whole.space.hints["target"]


def test_a_word_named_before_an_article_is_still_named():
    """"the word should an underline": the word is "should" (a lookahead on the next word used
    to drop it); "the word of"/"in"/"that" still name no word."""
    assert parse_reference("Give the word presented an underline.").named_words == ["presented"]
    assert parse_reference("Bold the last word of the title.").named_words == []


def test_a_bare_word_found_in_one_paragraph_is_the_target():
    """"Italicise phenolphthalein": no quotes, no "the word"; a 5+ letter content word found in
    exactly one paragraph is the target, but only when the request names nothing else, and
    never a word about the application ("dialog") or one in several paragraphs ("Chen")."""
    assert first("Underline presented.") == "presented"
    two = 'Italicise presented, then add a footer that says "Draft".'
    from lamkit.agent.targets import resolve_clause_targets

    assert resolve_clause_targets(two, MINUTES)[0].text == "presented"
    from lamkit.agent.targets import bare_words

    doc = MINUTES + [P(text="The dialog opens.")]
    assert bare_words(parse_reference("Open the dialog."), doc) == []  # the application's word
    assert bare_words(parse_reference("Underline results."), doc) == ["results"]
    assert bare_words(parse_reference("Underline meeting."), doc + [P(text="Another meeting follows.")]) == []  # two
    assert bare_words(parse_reference("Underline Costs now."), doc) == []  # capitalised: the verbatim rule's
    assert bare_words(parse_reference("Bold the second paragraph, presented."), doc) == []  # another reference: kept


#: A document with a list between two paragraphs and a signed closing line.
CLUB = [P(text="Minutes of the Garden Club", style="Title"),
        P(text="Members agreed to repaint the greenhouse before April."),
        P(text="Order seeds", list_type="bullet"), P(text="Fix the fence", list_type="bullet"),
        P(text="Plan the spring fair", list_type="bullet"),
        P(text="The treasurer reported a small surplus."), P(text="Signed, Margaret")]


def test_the_paragraph_before_or_after_a_list_a_role_or_a_heading():
    """Relative references name what the target is next to, on either side: the list (its last
    item for "after", its first for "before"), the closing or greeting, a heading by words."""
    assert first("Bold the paragraph after the list.", CLUB) == "The treasurer reported a small surplus."
    assert first("Underline the paragraph just before the bulleted list.", CLUB) == \
        "Members agreed to repaint the greenhouse before April."
    assert first("Italicise the paragraph right before the sign-off.", CLUB) == "The treasurer reported a small surplus."
    assert first("Indent the paragraph above the closing.", LETTER) == "My degree"
    assert first("Justify the paragraph before Decisions.") == "Chen presented"
    assert first("Center the paragraph following the greeting.", LETTER) == "I am"
    # the heading side is unchanged: "under" / "below" / "after" a heading is the paragraph after it
    assert first("Justify the paragraph under Decisions.") == "Costs"
    # a line drawn above a paragraph is a border on it, not the paragraph before it
    assert parse_reference("Draw a line above the paragraph about costs.").next_to is None


def test_a_signature_is_the_closing_and_a_possessive_names_its_word():
    assert first("Make the signature italic.", CLUB) == "Signed, Margaret"
    assert first("Bold the treasurer's report.", CLUB) == "The treasurer reported a small surplus."
    assert parse_reference("Bold the treasurer's report.").role is None


def test_numbers_written_in_words_before_a_unit_are_values_as_digits_are():
    """"three centimetres" was read as the count 3 and "fourteen points" as nothing, so the box
    could not be filled with what the request asks; they read as "3 cm" and "14" now, of the
    same kinds as "3 cm" and "14 pt" (an exemplar's typed value is recalled by kind)."""
    from lamkit.agent.values import request_value_kinds, request_values

    assert request_value_kinds("Please indent the second paragraph by three centimetres.") == [("3 cm", "measure")]
    assert request_value_kinds("Please make the word \"week\" fourteen points.") == [("week", "quoted"), ("14", "number")]
    assert request_values("Indent it by twenty-five millimetres") == ["2.5 cm"]
    assert request_values("Please use a left margin of one centimetre.") == ["1 cm"]
    assert request_values("Set a left margin of two and a half centimetres.") == ["2.5 cm"]
    assert request_values("Create a table of two rows and four columns at the end.") == ["2", "4"]  # counts stay counts
    assert request_values("Bold the second one") == []


def test_single_quotes_are_read_as_quotes_and_apostrophes_are_not():
    from lamkit.agent.quotes import double_quotes

    assert double_quotes("Replace 'cat' with 'dog'") == 'Replace "cat" with "dog"'
    assert double_quotes("Make ‘Friday’ bold") == 'Make "Friday" bold'
    for kept in ("Bold the treasurer's report", "Italicise the members' list", "the '90s", "Don't centre it"):
        assert double_quotes(kept) == kept
    assert double_quotes("Don't bold 'Chen', underline it") == 'Don\'t bold "Chen", underline it'
    # through the renderer: the target, the value and the model's request line all see the quote
    r = render_step("Put 'Friday' in italics.", Observation(outline=MINUTES, controls=DOC),
                    settings=RenderSettings(ranker="rules"))
    assert r.space.targets[0] == "Friday"
    assert 'Request: Put "Friday" in italics.' in r.messages[1]["content"]
    v = render_step("Set the page's left margin to 'Orion'.", Observation(outline=MINUTES, controls=DOC),
                    settings=RenderSettings(ranker="rules"))
    assert 'Values: "Orion"' in v.messages[1]["content"]


def test_embolden_is_character_formatting():
    """"Embolden" changes characters as "bold" does, so the whole paragraph is the first option
    (its anchor alone would bold one word)."""
    assert first("Embolden the paragraph about costs.") == "Costs remained stable despite higher prices."
    assert parse_reference("Could you embolden the line about the tram?").char_format


RECIPE = [P(text="Ginger Lemonade", style="Title"), P(text="Ingredients", style="Heading 1"),
          P(text="Two lemons, a thumb of ginger and a spoonful of sugar."), P(text="Steps", style="Heading 1"),
          P(text="Grate the ginger and squeeze the lemons into a jug."),
          P(text="Strain the juice, add cold water and stir in the sugar."),
          P(text="Chill for an hour and serve over ice, since it should be cold.")]


def test_a_step_is_a_paragraph_named_by_position_or_by_its_words():
    from lamkit.agent.targets import mask_reference

    # "the first step" counts body paragraphs as "the first paragraph" does (not the title)
    assert first("Embolden the first step.", RECIPE).startswith("Two lemons")
    assert first("Underline the last step.", RECIPE).startswith("Chill")
    # "the straining step": its words, not the "Steps" heading that shares the noun
    assert first("The straining step needs double line spacing.", RECIPE).startswith("Strain")
    assert mask_reference("Embolden the step that mentions the ginger and centre it.") == "Embolden it and centre it."


def test_the_paragraph_that_mentions_the_x_is_masked_whole():
    from lamkit.agent.targets import mask_reference

    assert mask_reference("Format the paragraph that mentions the committee as Heading 3.") == "Format it as Heading 3."
    assert mask_reference("Justify the paragraph about an interview.") == "Justify it."
    # what names a paragraph by its place or by a relative clause is masked whole too (stop 32)
    assert mask_reference("Make the paragraph just above the Next steps heading a bullet point.") == "Make it a bullet point."
    assert mask_reference("Put the paragraph right under the title in bold.") == "Put it in bold."
    assert mask_reference("Move the letter's final line over to the right-hand side.") == "Move it over to the right-hand side."
    assert mask_reference("Justify the last paragraph of the first section.") == "Justify it."
    assert mask_reference("Cross out the paragraph that gives them.") == "Cross out it."
    # "a line under the title" drawn by the edit is no place; "is" starts no naming clause
    assert mask_reference("Put a line under the title.") == "Put a line under the title."
    assert mask_reference("Bold the line that is empty.") == "Bold the line that is empty."


def test_a_clause_that_points_back_with_it_names_no_word_of_its_own():
    from lamkit.agent.targets import resolve_clause_targets

    opts = [t.text for t in resolve_clause_targets("Underline the word ginger; it should also be dark red.", RECIPE)]
    assert opts[0] == "ginger" and "should" not in opts
    # "with yellow" in such a clause is how, not which: the paragraph the first clause named stays first
    opts = resolve_clause_targets("The paragraph on the juice: justify it and mark it with yellow highlighter.", RECIPE)
    assert opts[0].text == "Strain the juice, add cold water and stir in the sugar."  # highlighting: the whole paragraph


def test_a_colon_after_a_named_part_introduces_the_instruction_not_text_to_type():
    from lamkit.agent.values import request_values

    assert request_values("The paragraph on the juice: justify it and mark it with yellow highlighter.") == []
    assert request_values("The sentence with the sugar: italic, please.") == []
    assert request_values("header: Draft version") == ["Draft version"]
    assert request_values("comment the last word of the third paragraph: Source needed") == ["Source needed"]


def test_an_earlier_selection_left_inside_a_longer_word_is_not_offered():
    """Found online (the standard run's zero-shot row): "1 cm" was selected, typed over twice, and
    stayed on offer though the paragraph now read "1 cm1 cm"; the decoder wrote it and the action
    space refused it, the one invalid answer of that evaluation."""
    from lamkit.agent.prompting import step_targets
    from lamkit.schema import Action, Step

    outline = [P(text="Where is my invoice?"), P(text="1 cm1 cm")]
    history = [Step(index=0, observation=Observation(controls=DOC), action=Action(function="select_text",
                                                                                 args={"control_label": "1", "text": "1 cm"}))]
    settings = RenderSettings()
    assert "1 cm" not in [t.text for t in step_targets("Indent the last paragraph 10 mm.", outline, history, settings)]
    obs = Observation(controls=DOC, outline=outline)
    space = render_step("Indent the last paragraph 10 mm.", obs, history, [], settings).space
    assert space.targets and all(space.violation("select_text", {"control_label": "Document", "text": t}) is None for t in space.targets)
