"""The help's references document (templates.build_help_references) and the compiler's rules for
its objects (issue 14): a numbered heading, an index entry, a cross-reference, a formula typed as
text, a table of contents. A procedure that puts the cursor in front of one, in one, or selects
the formula compiles to the steps a keyboard user takes; on a document without it the clause
stays ``needs_object``, so :func:`compile_first` tries this document only after the others.

Sentences are verbatim from the installed Writer help (page in the comment). Grounded against the
cached UI inventory (lamkit/dataflow/help/writer_ui.json); no live Writer.
"""

from __future__ import annotations

import xml.dom.minidom

import pytest

from lamkit.dataflow.help.compile import Compiler, Target, compile_first
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.templates import HELP_REFERENCE_MARK, HELP_REFERENCES, build_help_objects, build_help_references
from lamkit.schema import Source, TaskPlan

from help_cases import click, key, sel, steps  # noqa: E402


@pytest.fixture(scope="module")
def tpl(tmp_path_factory):
    return build_help_references(tmp_path_factory.mktemp("refs"))


@pytest.fixture(scope="module")
def comp(tpl) -> Compiler:
    return Compiler(load("writer"), Target.of(tpl))


def test_the_document_holds_the_objects_it_claims(tpl, tmp_path):
    """Built twice, the same bytes; its XML holds a numbered heading with the reference mark, a
    cross-reference to it, an index mark, both indexes; each object's text is found first where
    the object is (the indexes, which repeat the heading and the entry, come after)."""
    again = build_help_references(tmp_path)
    assert open(again.path, "rb").read() == open(tpl.path, "rb").read() and again.objects == tpl.objects
    dom = xml.dom.minidom.parseString(open(tpl.path, encoding="utf-8").read())
    for tag in ("text:h", "text:reference-mark-start", "text:reference-ref", "text:alphabetical-index-mark-start",
                "text:table-of-content", "text:alphabetical-index", "text:outline-level-style"):
        assert dom.getElementsByTagName(tag), tag
    assert dom.getElementsByTagName("text:reference-ref")[0].getAttribute("text:ref-name") == HELP_REFERENCE_MARK
    assert set(HELP_REFERENCES) | {"cross-reference"} == set(tpl.objects)
    heading = tpl.paragraphs.index(HELP_REFERENCES["heading"])
    assert tpl.roles[heading] == "heading"
    for kind in ("index entry", "cross-reference", "formula"):
        first = next(i for i, p in enumerate(tpl.paragraphs) if tpl.objects[kind] in p)
        assert tpl.roles[first] == "body", kind
    assert tpl.objects["index entry"] == "Costs remained" and tpl.objects["cross-reference"] == "Summary of costs lists"


def test_reference_sentences_compile_to_the_steps_that_reach_the_object(comp, tpl):
    ob = tpl.objects
    cases = [
        # swriter/guide/indices_delete.html
        (["Place the cursor immediately in front of the index entry in your document.", "Choose Edit - Reference - Index Entry..."],
         [sel(ob["index entry"]), key("{HOME}"), *click("Edit", "Reference", "Index Entry...")]),
        # swriter/guide/references_modify.html
        (["Click in front of the cross-reference that you want to modify.", "Choose Edit - Fields."],
         [sel(ob["cross-reference"]), key("{HOME}"), *click("Edit", "Fields...")]),
        # swriter/guide/chapter_numbering.html: Home in a numbered heading stops after the number
        (["Click at the beginning of the text in the heading paragraph, after the number.", "Press the Backspace key to delete the number."],
         [sel(ob["heading"]), key("{HOME}"), key("{BACKSPACE}")]),
        # swriter/guide/calculate_clipboard.html
        (["Select the formula in the text.", "Choose Tools - Calculate, or press Ctrl+Plus Sign (+)."],
         [sel("12+24*2"), *click("Tools", "Calculate")]),
        # swriter/guide/indices_edit.html: the first of the two the document holds
        (["Place the cursor in the index or table of contents."], [sel(ob["table of contents"]), key("{END}")]),
    ]
    for sentences, want in cases:
        got = comp.compile(sentences)
        assert got.complete and not got.failures, (sentences, got.failures)
        assert steps(got) == want, sentences


def test_on_documents_without_them_the_clauses_stay_needs_object(tmp_path):
    """The first object document and a table document hold none of these: ``needs_object``."""
    first = Compiler(load("writer"), Target.of(build_help_objects(tmp_path)))
    table_doc = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1"))
    for sentence in ("Place the cursor immediately in front of the index entry in your document.",
                     "Click in front of the cross-reference that you want to modify.",
                     "Click at the beginning of the text in the heading paragraph, after the number.",
                     "Select the formula in the text."):
        for c in (first, table_doc):
            assert [f.reason for f in c.compile([sentence]).failures] == ["needs_object"], sentence


def test_compile_first_takes_the_references_document_after_the_first_object_document(tpl, tmp_path):
    objects = build_help_objects(tmp_path)
    inv = load("writer")
    comps = {id(t): Compiler(inv, Target.of(t)) for t in (objects, tpl)}
    tp = TaskPlan(id="x", app="writer", task="Remove automatic chapter numbering from a heading paragraph",
                  source=Source(path="swriter/guide/chapter_numbering.html"),
                  plan=["Click at the beginning of the text in the heading paragraph, after the number.",
                        "Press the Backspace key to delete the number."])
    got, on = compile_first(tp, [objects], [tpl], lambda t: comps[id(t)])
    assert got.complete and on is tpl
    # a procedure the first object document completes stays on it (swriter/guide/footnote_usage.html)
    tp2 = tp.model_copy(update={"task": "Edit a footnote", "plan": ["Click in the footnote.", "Type the text."]})
    got2, on2 = compile_first(tp2, [objects], [objects, tpl], lambda t: comps[id(t)])
    assert on2 is objects


def test_the_highlighted_text_is_the_word_with_highlighting(tpl, comp, tmp_path):
    """shared/02/02160000.html "Remove highlighting": "Select the highlighted text." selects the
    one word the document highlights (its span carries a background colour, once in the body);
    on a document with no highlighting the clause names an object it lacks, not any word."""
    word = HELP_REFERENCES["highlighted text"]
    text = open(tpl.path, encoding="utf-8").read()
    assert text.count(word) == 1 and f'<text:span text:style-name="T1">{word}</text:span>' in text
    assert 'style:name="T1" style:family="text"><style:text-properties fo:background-color="#ffff00"' in text
    assert steps(comp.compile(["Select the highlighted text."])) == [sel(word)]
    plain = Compiler(load("writer"), Target.of(build_help_objects(tmp_path)))
    got = plain.compile(["Select the highlighted text."])
    assert not got.complete and [f.reason for f in got.failures] == ["needs_object"]
