"""The help's object document (templates.build_help_objects) and the compiler's object rules
(issue 14): a procedure that clicks in, selects or deletes an object the document holds (a
footnote, a header, a frame, the image, a field, a section) compiles to the steps a keyboard user
takes to reach it; an object the document does not hold, or one no rule reaches (a code of a
dialog's structure line, a drawing object), stays ``needs_object``.

Sentences are verbatim from the installed Writer help (page in the comment). Grounded against the
cached UI inventory (lamkit/dataflow/help/writer_ui.json); no live Writer.
"""

from __future__ import annotations

import re
import xml.dom.minidom

import pytest

from lamkit.dataflow.help.compile import DOC, FINISH, Compiler, Target
from lamkit.dataflow.help.inventory import load
from lamkit.dataflow.templates import HELP_BOOKMARK, HELP_OBJECTS, build_catalog, build_help_objects


@pytest.fixture(scope="module")
def tpl(tmp_path_factory):
    return build_help_objects(tmp_path_factory.mktemp("objects"))


@pytest.fixture(scope="module")
def comp(tpl) -> Compiler:
    return Compiler(load("writer"), Target.of(tpl))


def steps(got):
    assert got.steps[-1] == FINISH
    return [(s.function, s.control, s.args) for s in got.steps[:-1]]


def key(k):
    return ("keyboard_input", DOC, {"keys": k})


def sel(text):
    return ("select_text", DOC, {"text": text})


def click(*names):
    return [("click_input", n, {}) for n in names]


def test_the_document_is_deterministic_and_holds_the_objects_it_claims(tpl, tmp_path):
    """Built twice, the same bytes; its XML holds each object its metadata names, with that text;
    the body paragraphs are the metadata's; the catalogue the families use has no such kind."""
    again = build_help_objects(tmp_path)
    assert open(again.path, "rb").read() == open(tpl.path, "rb").read() and again.objects == tpl.objects
    xml_text = open(tpl.path, encoding="utf-8").read()
    dom = xml.dom.minidom.parseString(xml_text)  # well-formed
    assert set(tpl.objects) == set(HELP_OBJECTS)
    tags = {"header": "style:header", "footer": "style:footer", "frame": "draw:text-box", "section": "text:section",
            "field": "text:author-name"}
    for kind, tag in tags.items():
        (el,) = dom.getElementsByTagName(tag)
        assert tpl.objects[kind] in el.toxml(), kind
    notes = {n.getAttribute("text:note-class"): n.toxml() for n in dom.getElementsByTagName("text:note")}
    assert tpl.objects["footnote"] in notes["footnote"] and tpl.objects["endnote"] in notes["endnote"]
    assert dom.getElementsByTagName("draw:image")[0].getElementsByTagName("office:binary-data")
    frames = [f.getAttribute("draw:style-name") for f in dom.getElementsByTagName("draw:frame")]
    assert len(frames) == 2  # a text frame and the image, each with a graphic style whose parent makes it a Writer frame
    assert re.search(r'style:name="fr1"[^>]*style:parent-style-name="Frame"', xml_text)
    assert dom.getElementsByTagName("text:bookmark-start")[0].getAttribute("text:name") == HELP_BOOKMARK
    # the footnote's anchor ends the paragraph its metadata names
    first = next(p for p in dom.getElementsByTagName("text:p") if p.getElementsByTagName("text:note"))
    assert first.lastChild.tagName == "text:note"
    assert "".join(n.data for n in first.childNodes if n.nodeType == n.TEXT_NODE).startswith(tpl.objects["footnote anchor"])
    # the body text the metadata lists, in order: the section's and the field's paragraphs among them
    assert tpl.objects["section"] in tpl.paragraphs and any(tpl.objects["field"] in p for p in tpl.paragraphs)
    assert tpl.objects["bookmark"] == tpl.paragraphs[-1]
    assert "help_objects" not in {t.kind for t in build_catalog(tmp_path / "cat", per_kind=1)}


def test_target_knows_the_objects_from_the_metadata(tpl):
    tg = Target.of(tpl)
    assert tg.reach("footnote") == HELP_OBJECTS["footnote"] and tg.reach("image") == ""
    assert Target(word="Sales", paragraph="Sales grew").reach("footnote") is None  # a catalogue document holds none


def test_object_sentences_compile_to_the_steps_that_reach_the_object(comp, tpl):
    ob = tpl.objects
    cases = [
        # swriter/guide/footnote_usage.html
        (["Delete the footnote anchor in the text."],
         [sel(ob["footnote anchor"]), key("{END}"), key("+{LEFT}"), key("{DELETE}")]),
        # swriter/guide/footnote_with_line.html: "or endnote" is another of the same use
        (["Click in a footnote or endnote."], [sel(ob["footnote"]), key("{END}")]),
        # swriter/guide/text_frame.html: the frame itself selected (Esc in its text)
        (["Select the frame (you see the eight handles).", "Choose Format - Frame and Object - Properties - Options."],
         [sel(ob["frame"]), key("{END}"), key("{ESC}"), *click("Format", "Frame and Object", "Properties...", "Options")]),
        # swriter/guide/wrap.html: an object of the Frame and Object menu: the frame
        (["Select the object.", "Choose Format - Frame and Object - Properties, and then click the Wrap tab."],
         [sel(ob["frame"]), key("{END}"), key("{ESC}"), *click("Format", "Frame and Object", "Properties...", "Wrap")]),
        # shared/guide/scripting.html
        (["Select the graphic in your document."], [key("^{HOME}"), key("+{F4}")]),
        # swriter/guide/field_convert.html: the field's text selected is the field
        (["Select the field and choose Edit - Cut."], [sel(ob["field"]), *click("Edit", "Cut")]),
        # swriter/guide/header_with_chapter.html: the first of two of the same use
        (["Click in the header or footer."], [sel(ob["header"]), key("{END}")]),
        # swriter/guide/footer_nextpage.html
        (["Place the cursor in the footer and choose Insert - Field - More Fields."],
         [sel(ob["footer"]), key("{END}"), *click("Insert", "Field", "More Fields...")]),
    ]
    for sentences, want in cases:
        got = comp.compile(sentences)
        assert got.complete and not got.failures, (sentences, got.failures)
        assert steps(got) == want, sentences


def test_objects_the_document_lacks_or_no_rule_reaches_stay_needs_object(comp):
    table_doc = Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew", cell="Rent 1"))
    for sentence in ("Click in the footnote.", "Select the frame (you see the eight handles).", "Select the field"):
        assert [f.reason for f in table_doc.compile([sentence]).failures] == ["needs_object"], sentence
    # swriter/01/04120221.html: a code of the Entries tab's structure line, not of the document
    # swriter/guide/text_animation.html, references_modify.html: objects the document does not hold
    for sentence in ("Click the code, and then press the Delete key.",
                     "Select the drawing object containing the text that you want to animate.",
                     "Click in front of the cross-reference that you want to modify."):
        assert comp.compile([sentence]).failures[0].reason == "needs_object", sentence
