"""Near misses: wrong outcomes every family's checker must fail, produced in live Writer.

Why: a checker tested only with "do nothing fails, gold passes" can still pass
a wrong result: bold applied to the whole document, fixed 1.5 mm line spacing
for "1.5 lines", a comment on the wrong word. Each family has named near misses
beside it, each a UNO script with the same conventions as
:attr:`Family.solution` (a function of the task's params returning code run
with ``doc`` bound, after :data:`UNO_PRELUDE` and this module's
:data:`NEAR_PRELUDE`). The kinds (``KINDS``) follow issue 12: the right change
on the wrong target, the change applied to everything, a lookalike change,
half of a two-part task, plus the right kind of change with the wrong value.

Every near miss here is produced by Writer itself; none is a hand-built
``DocState``. :func:`judge_outcomes` runs a family's gold, do-nothing and near
misses on one task and reports each verdict; the test suite runs a few
families, ``benchmarks/checkers_bench.py`` all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from lamkit.dataflow.families import BY_NAME, FAMILIES, UNO_PRELUDE
from lamkit.errors import LamkitError

Kind = Literal["wrong_target", "everything", "lookalike", "half", "wrong_value"]
KINDS: tuple[str, ...] = ("wrong_target", "everything", "lookalike", "half", "wrong_value")
MIN_PER_FAMILY = 3  # issue 12: at least three near misses per family

# UNO helpers for near-miss scripts (run after UNO_PRELUDE, ``doc`` bound). Why in
# Writer and not in Python on the parent side: the target's neighbours are only
# known once the template is open, and the scripts must stay plain code strings.
NEAR_PRELUDE = '''
import re as _re
def _paras():
    out, e = [], doc.Text.createEnumeration()
    while e.hasMoreElements():
        p = e.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph") and p.getString().strip():
            out.append(p)
    return out
def _para_of(t):
    for p in _paras():
        if t in p.getString():
            return p
    raise AssertionError("no paragraph contains " + t)
def _other_para(t, skip=lambda p: False):
    # the nearest other paragraph, the next one first, skipping those ``skip`` accepts
    # (ones that already have the change, where applying it would change nothing)
    ps = _paras()
    i = next(k for k, p in enumerate(ps) if t in p.getString())
    order = [j for d in range(1, len(ps)) for j in (i + d, i - d) if 0 <= j < len(ps)]
    return next((ps[j] for j in order if not skip(ps[j])), ps[order[0]])
def _span(p, a, b):
    c = p.Text.createTextCursorByRange(p.getStart()); c.goRight(a, False); c.goRight(b - a, True)
    return c
def _whole(p):
    return _span(p, 0, len(p.getString()))
def _first_word(p):
    m = _re.search(r"[A-Za-z]{2,}", p.getString())
    return _span(p, m.start(), m.end())
def _neighbour(t):
    p = _para_of(t); s = p.getString(); i = s.index(t)
    spans = [m.span() for m in _re.finditer(r"[A-Za-z]{2,}", s) if not (m.start() <= i < m.end())]
    if not spans:
        return _first_word(_other_para(t))
    after = [x for x in spans if x[0] >= i + len(t)]
    a, b = after[0] if after else spans[-1]
    return _span(p, a, b)
def _part(t):
    r = _find(t); c = r.Text.createTextCursorByRange(r.getStart()); c.goRight(len(t) // 2, True)
    return c
def _start():
    return doc.Text.getStart()
def _other_page_style():
    used = _page().Name
    return next(doc.StyleFamilies.getByName("PageStyles").getByName(n)
                for n in doc.StyleFamilies.getByName("PageStyles").getElementNames() if n != used)
def _field(kind, **props):
    f = doc.createInstance("com.sun.star.text.textfield." + kind)
    for k, v in props.items():
        setattr(f, k, v)
    return f
'''


@dataclass(frozen=True)
class NearMiss:
    """One wrong outcome of a family's task, produced by a UNO script in Writer."""

    name: str  # unique within its family
    kind: Kind
    what: str  # the outcome in words (shown in the benchmark's report)
    script: Callable[[dict[str, Any]], str]  # task params -> UNO code

    def code(self, params: dict[str, Any]) -> str:
        return UNO_PRELUDE + NEAR_PRELUDE + self.script(params)


_nm = NearMiss  # short, for the tables below


# ----------------------------------------------------------------------------- character
# A setter is one line of UNO applied to the range ``r``; the shared near misses put it on
# the wrong word, half the word, the word's paragraph and every paragraph.
Setter = Callable[[dict[str, Any]], str]


def _on_word(setter: Setter, lookalikes: list[NearMiss]) -> list[NearMiss]:
    w = lambda p: repr(p["word"])  # noqa: E731
    return [
        _nm("neighbour_word", "wrong_target", "the change on the next word of the same paragraph",
            lambda p: f"r = _neighbour({w(p)}); {setter(p)}"),
        _nm("half_of_word", "wrong_target", "the change on the first half of the word only",
            lambda p: f"r = _part({w(p)}); {setter(p)}"),
        _nm("whole_paragraph", "everything", "the change on the word's whole paragraph",
            lambda p: f"r = _whole(_para_of({w(p)})); {setter(p)}"),
        _nm("everything", "everything", "the change on every paragraph of the document",
            lambda p: f"for r in _paras(): {setter(p)}"),
        *lookalikes,
    ]


def _set(line: str) -> Setter:
    return lambda p: line


def _on_found(name: str, kind: Kind, what: str, setter: Setter) -> NearMiss:
    """A lookalike change on the right word."""
    return _nm(name, kind, what, lambda p: f"r = _find({p['word']!r}); {setter(p)}")


BOLD = _set("r.CharWeight = 150.0")
ITALIC = _set("r.CharPosture = uno.Enum('com.sun.star.awt.FontSlant', 'ITALIC')")
UNDERLINE = _set("r.CharUnderline = 1")
STRIKE = _set("r.CharStrikeout = 1")
_FONTS = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Liberation Sans", "Liberation Serif"]


def _other_font(font: str) -> str:
    return _FONTS[(_FONTS.index(font) + 1) % len(_FONTS)] if font in _FONTS else "DejaVu Sans"


CHARACTER: dict[str, list[NearMiss]] = {
    "bold": _on_word(BOLD, [
        _on_found("semibold", "lookalike", "semibold weight (110), not bold", _set("r.CharWeight = 110.0")),
        _on_found("italic_instead", "lookalike", "italic, the button next to Bold", ITALIC),
    ]),
    "italic": _on_word(ITALIC, [
        _on_found("bold_instead", "lookalike", "bold, the button next to Italic", BOLD),
        _on_found("underline_instead", "lookalike", "underlined instead of italic", UNDERLINE),
    ]),
    "underline": _on_word(UNDERLINE, [
        _on_found("overline", "lookalike", "a line above the word (overline)", _set("r.CharOverline = 1")),
        _on_found("strikethrough_instead", "lookalike", "struck through instead of underlined", STRIKE),
        _nm("paragraph_border", "lookalike", "a bottom border under the word's paragraph",
            lambda p: (f"pp = _para_of({p['word']!r}); b = uno.createUnoStruct('com.sun.star.table.BorderLine2'); "
                       "b.OuterLineWidth = 26; pp.BottomBorder = b")),
    ]),
    "strikethrough": _on_word(STRIKE, [
        _on_found("underline_instead", "lookalike", "underlined instead of struck through", UNDERLINE),
        _on_found("overline", "lookalike", "a line above the word (overline)", _set("r.CharOverline = 1")),
    ]),
    "highlight": _on_word(_set("r.CharBackColor = 0xFFFF00"), [
        _on_found("yellow_text", "lookalike", "yellow text colour instead of a highlight", _set("r.CharColor = 0xFFFF00")),
        _on_found("green_highlight", "wrong_value", "a green highlight, not yellow", _set("r.CharBackColor = 0x00FF00")),
        _nm("paragraph_background", "lookalike", "a yellow background on the whole paragraph (Paragraph > Area)",
            lambda p: f"_para_of({p['word']!r}).ParaBackColor = 0xFFFF00"),
    ]),
    "font_color": _on_word(_set("r.CharColor = 0xC9211E"), [
        _on_found("highlight_instead", "lookalike", "a dark red highlight instead of dark red text", _set("r.CharBackColor = 0xC9211E")),
        _on_found("bright_red", "wrong_value", "bright red (#ff0000), not dark red", _set("r.CharColor = 0xFF0000")),
    ]),
    "font_size": _on_word(lambda p: f"r.CharHeight = {float(p['size'])}", [
        _on_found("other_size", "wrong_value", "2 pt more than asked", lambda p: f"r.CharHeight = {float(p['size']) + 2}"),
        _on_found("scaled_width", "lookalike", "the characters stretched wider (scale width) at the old size",
                  lambda p: "r.CharScaleWidth = 150"),
    ]),
    "font_name": _on_word(lambda p: f"r.CharFontName = {p['font']!r}", [
        _on_found("other_font", "wrong_value", "a similar font of the list, not the one asked",
                  lambda p: f"r.CharFontName = {_other_font(p['font'])!r}"),
        _on_found("asian_font_box", "lookalike", "the font set in the Asian text font box (no effect on Latin text)",
                  lambda p: f"r.CharFontNameAsian = {p['font']!r}"),
    ]),
    "uppercase": _on_word(_set("r.setString(r.getString().upper())"), [
        _on_found("small_capitals", "lookalike", "small capitals (a display effect), text unchanged", _set("r.CharCaseMap = 3")),
        _nm("uppercase_copy_beside", "half", "the uppercase word typed beside the original, which stays",
            lambda p: f"r = _find({p['word']!r}); r.getText().insertString(r.getStart(), {p['word'].upper() + ' '!r}, False)"),
    ]),
}


# ----------------------------------------------------------------------------- paragraph
def _on_paragraph(setter: Setter, lookalikes: list[NearMiss], has: str = "lambda q: False") -> list[NearMiss]:
    """``has``: UNO-side test of a paragraph that already has the change (never the wrong target)."""
    return [
        _nm("neighbour_paragraph", "wrong_target", "the change on the nearest other paragraph that lacks it (the next one first)",
            lambda p: f"r = _other_para({p['word']!r}, {has}); {setter(p)}"),
        _nm("everything", "everything", "the change on every paragraph of the document",
            lambda p: f"for r in _paras(): {setter(p)}"),
        *lookalikes,
    ]


def _on_para(name: str, kind: Kind, what: str, setter: Setter) -> NearMiss:
    """A lookalike change on the right paragraph."""
    return _nm(name, kind, what, lambda p: f"r = _para_of({p['word']!r}); {setter(p)}")


_ADJ = {"left": 0, "right": 1, "justify": 2, "center": 3}


def _spacing(mode: int, height: Callable[[dict[str, Any]], int]) -> Setter:
    return lambda p: (f"ls = uno.createUnoStruct('com.sun.star.style.LineSpacing'); ls.Mode = {mode}; "
                      f"ls.Height = {height(p)}; r.ParaLineSpacing = ls")


_PCT = lambda p: int(p["spacing"][0] * 100)  # noqa: E731 - proportional percent; the same number as 1/100 mm
_CM = lambda p: int(float(p["cm"]) * 1000)  # noqa: E731 - cm -> 1/100 mm
_HEADING_SIZE = {"heading1": 18.0, "heading2": 16.0, "heading3": 14.0, "title_style": 28.0}

_IN_LIST = "lambda q: bool(q.NumberingIsNumber and q.NumberingRules is not None and (q.ListId or q.NumberingStyleName))"


def _adjusted(value: int) -> str:
    return f"lambda q: int(q.ParaAdjust) == {value}"


PARAGRAPH: dict[str, list[NearMiss]] = {
    "align_center": _on_paragraph(_set("r.ParaAdjust = 3"), [
        _on_para("right_instead", "lookalike", "right-aligned, the button next to Center", _set("r.ParaAdjust = 1")),
        _on_para("justified_last_line_centred", "lookalike", "justified with the last line centred (one-line paragraphs look centred)",
                 _set("r.ParaAdjust = 2; r.ParaLastLineAdjust = 3")),
    ], _adjusted(3)),
    "align_right": _on_paragraph(_set("r.ParaAdjust = 1"), [
        _on_para("center_instead", "lookalike", "centred, the button next to Right", _set("r.ParaAdjust = 3")),
        _on_para("pushed_by_indent", "lookalike", "left-aligned but pushed right by a 9 cm left indent", _set("r.ParaLeftMargin = 9000")),
    ], _adjusted(1)),
    "justify": _on_paragraph(_set("r.ParaAdjust = 2"), [
        _on_para("center_instead", "lookalike", "centred instead of justified", _set("r.ParaAdjust = 3")),
        _on_para("last_line_only", "lookalike", "left-aligned with only the 'last line: justified' option set",
                 _set("r.ParaLastLineAdjust = 2")),
    ], _adjusted(2)),
    "line_spacing": _on_paragraph(_spacing(0, _PCT), [
        _on_para("fixed_mode", "lookalike", "fixed line spacing of the same number in mm (1.5 mm), not proportional", _spacing(3, _PCT)),
        _on_para("at_least_mode", "lookalike", "'at least' line spacing of the same number in mm", _spacing(1, _PCT)),
        _on_para("other_amount", "wrong_value", "the other proportional amount (double for 1.5, 1.5 for double)",
                 _spacing(0, lambda p: 150 if p["spacing"][0] != 1.5 else 200)),
        _on_para("paragraph_spacing", "lookalike", "space below the paragraph instead of line spacing", _set("r.ParaBottomMargin = 500")),
    ]),
    "indent": _on_paragraph(lambda p: f"r.ParaLeftMargin = {_CM(p)}", [
        _on_para("first_line_only", "lookalike", "a first-line indent of that size, not a left indent",
                 lambda p: f"r.ParaFirstLineIndent = {_CM(p)}"),
        _on_para("right_indent", "lookalike", "a right indent (after text) instead of a left one",
                 lambda p: f"r.ParaRightMargin = {_CM(p)}"),
        _on_para("hanging", "lookalike", "a hanging indent: left indent with the first line pulled back to the margin",
                 lambda p: f"r.ParaLeftMargin = {_CM(p)}; r.ParaFirstLineIndent = {-_CM(p)}"),
        _nm("page_margin", "lookalike", "the page's left margin widened by that much instead of the paragraph's indent",
            lambda p: f"ps = _page(); ps.LeftMargin = ps.LeftMargin + {_CM(p)}"),
    ]),
    "bullets": _on_paragraph(_set("r.NumberingStyleName = 'List 1'"), [
        _on_para("numbered_instead", "lookalike", "a numbered list instead of bullets", _set("r.NumberingStyleName = 'Numbering 123'")),
        _on_para("typed_bullet", "lookalike", "a bullet character typed at the start of the paragraph",
                 _set("r.getText().insertString(r.getStart(), '\\u2022 ', False)")),
    ], _IN_LIST),
    "numbering": _on_paragraph(_set("r.NumberingStyleName = 'Numbering 123'"), [
        _on_para("bullets_instead", "lookalike", "a bulleted list instead of numbering", _set("r.NumberingStyleName = 'List 1'")),
        _on_para("typed_number", "lookalike", "'1. ' typed at the start of the paragraph",
                 _set("r.getText().insertString(r.getStart(), '1. ', False)")),
    ], _IN_LIST),
}


def _heading(family: str, style: str, neighbours: tuple[str, str], outline: int | None) -> list[NearMiss]:
    size = _HEADING_SIZE[family]
    looks = [
        # the second neighbour when the paragraph already has the first (a heading 2 asked to be a heading 1)
        _on_para("neighbour_style", "lookalike", f"the {neighbours[0]} style instead ({neighbours[1]} where it is one already)",
                 _set(f"r.ParaStyleName = next(s for s in {neighbours!r} if s != r.ParaStyleName)")),
        _on_para("direct_formatting", "lookalike", f"bold {size:g} pt by direct formatting, style unchanged",
                 _set(f"r.CharWeight = 150.0; r.CharHeight = {size}")),
    ]
    if outline is not None:
        looks.append(_on_para("outline_level_only", "lookalike", f"outline level {outline} set, style unchanged",
                              _set(f"r.OutlineLevel = {outline}")))
    return _on_paragraph(_set(f"r.ParaStyleName = {style!r}"), looks, f"lambda q: q.ParaStyleName == {style!r}")


PARAGRAPH.update({
    "heading1": _heading("heading1", "Heading 1", ("Heading 2", "Heading 3"), 1),
    "heading2": _heading("heading2", "Heading 2", ("Heading 3", "Heading 1"), 2),
    "heading3": _heading("heading3", "Heading 3", ("Heading 2", "Heading 4"), 3),
    "title_style": _heading("title_style", "Title", ("Subtitle", "Heading"), None),
})


# ----------------------------------------------------------------------------- the rest
def _table(rows: str, cols: str, where: str) -> str:
    return (f"t = doc.createInstance('com.sun.star.text.TextTable'); t.initialize({rows}, {cols}); "
            f"doc.Text.insertTextContent({where}, t, False)")


def _hf(which: str, other: str) -> list[NearMiss]:
    t = lambda p: repr(p["text"])  # noqa: E731
    return [
        _nm(f"in_{other.lower()}", "wrong_target", f"the text in the {other.lower()} instead",
            lambda p: f"ps = _page(); ps.{other}IsOn = True; ps.{other}Text.setString({t(p)})"),
        _nm("in_body", "lookalike", "the text typed at the top of the body",
            lambda p: f"doc.Text.insertString(_start(), {p['text'] + ' '!r}, False)"),
        _nm("empty", "half", f"the {which.lower()} turned on but left empty", lambda p: f"_page().{which}IsOn = True"),
        _nm(f"{which.lower()}_and_{other.lower()}", "everything", f"the text in both the {which.lower()} and the {other.lower()}",
            lambda p: f"ps = _page(); ps.{which}IsOn = True; ps.{which}Text.setString({t(p)}); ps.{other}IsOn = True; ps.{other}Text.setString({t(p)})"),
        _nm("unused_page_style", "wrong_target", f"the {which.lower()} set on a page style the document does not use",
            lambda p: f"ps = _other_page_style(); ps.{which}IsOn = True; ps.{which}Text.setString({t(p)})"),
        _nm("half_text", "half", "only the first half of the text",
            lambda p: f"ps = _page(); ps.{which}IsOn = True; ps.{which}Text.setString({p['text'][: len(p['text']) // 2]!r})"),
    ]


_ASCII = {"©": "(c)", "®": "(R)", "€": "EUR", "°": "deg"}
_GLYPH = {"©": "\u24b8", "®": "\u24c7", "€": "\u20a0", "°": "\u00ba"}  # circled C, circled R, euro-currency sign, ordinal o
_END_PARA = "for pp in _paras(): pp.getText().insertString(pp.getEnd(), {s}, False)"
_DATE = "_field('DateTime', IsDate=True)"

OTHER: dict[str, list[NearMiss]] = {
    "insert_table": [
        _nm("wrong_shape", "wrong_value", "rows and columns swapped (one column more when square)",
            lambda p: _table(str(p["cols"]), str(p["rows"] if p["rows"] != p["cols"] else p["cols"] + 1), "_end()")),
        _nm("one_row_short", "wrong_value", "one row fewer than asked", lambda p: _table(str(p["rows"] - 1), str(p["cols"]), "_end()")),
        _nm("at_start", "wrong_target", "the table inserted at the start of the document, not the end",
            lambda p: _table(str(p["rows"]), str(p["cols"]), "_start()")),
        _nm("tab_grid", "lookalike", "a grid of tab-separated lines instead of a table",
            lambda p: "".join(f"doc.Text.insertControlCharacter(_end(), 0, False); doc.Text.insertString(_end(), {chr(9).join(['x'] * p['cols'])!r}, False); "
                              for _ in range(p["rows"]))),
        _nm("document_replaced", "everything", "the document's text deleted and the table put in its place",
            lambda p: "doc.Text.setString(''); " + _table(str(p["rows"]), str(p["cols"]), "_end()")),
    ],
    "fill_cell": [
        _nm("other_row", "wrong_target", "the value in the other row's Q2 cell",
            lambda p: f"doc.TextTables.getByIndex(0).getCellByPosition(2, {3 - p['row']}).setString({p['value']!r})"),
        _nm("q1_column", "wrong_target", "the value in the row's Q1 cell",
            lambda p: f"doc.TextTables.getByIndex(0).getCellByPosition(1, {p['row']}).setString({p['value']!r})"),
        _nm("every_tbd", "everything", "the value in every TBD cell",
            lambda p: f"t = doc.TextTables.getByIndex(0)\nfor i in (1, 2): t.getCellByPosition(2, i).setString({p['value']!r})"),
        _nm("tbd_kept", "half", "the value typed after TBD, which stays",
            lambda p: f"c = doc.TextTables.getByIndex(0).getCellByPosition(2, {p['row']}); c.setString('TBD ' + {p['value']!r})"),
        _nm("below_table", "lookalike", "the value typed in the paragraph after the table",
            lambda p: f"doc.Text.insertString(_end(), {' ' + p['value']!r}, False)"),
    ],
    "find_replace": [
        _nm("neighbour_replaced", "wrong_target", "the next word replaced instead",
            lambda p: f"_neighbour({p['word']!r}).setString({p['new']!r})"),
        _nm("deleted_and_typed_at_end", "wrong_target", "the word deleted and the replacement typed at the end of the document",
            lambda p: f"_find({p['word']!r}).setString(''); doc.Text.insertString(_end(), {' ' + p['new']!r}, False)"),
        _nm("paragraph_replaced", "everything", "the word's whole paragraph replaced by the new word",
            lambda p: f"_whole(_para_of({p['word']!r})).setString({p['new']!r})"),
        _nm("inserted_beside", "half", "the new word typed before the old one, which stays",
            lambda p: f"r = _find({p['word']!r}); r.getText().insertString(r.getStart(), {p['new'] + ' '!r}, False)"),
        _nm("deleted_only", "half", "the word deleted, nothing typed", lambda p: f"_find({p['word']!r}).setString('')"),
    ],
    "orientation": [
        _nm("flag_only", "lookalike", "the landscape flag set but the page's width and height not swapped",
            lambda p: "_page().IsLandscape = True"),
        _nm("later_pages_only", "wrong_target", "a landscape page style from the second paragraph on; the first page stays portrait",
            lambda p: ("ps = doc.createInstance('com.sun.star.style.PageStyle'); doc.StyleFamilies.getByName('PageStyles').insertByName('NearMissWide', ps); "
                       "b = _page(); ps.IsLandscape = True; ps.Width = max(b.Width, b.Height); ps.Height = min(b.Width, b.Height); "
                       "_paras()[1].PageDescName = 'NearMissWide'")),
        _nm("text_rotated", "lookalike", "every paragraph's text rotated 90 degrees on a portrait page",
            lambda p: "for r in _paras(): r.CharRotation = 900"),
        _nm("landscape_a5", "everything", "landscape, but the paper size changed to A5 as well",
            lambda p: "ps = _page(); ps.IsLandscape = True; ps.Width = 21000; ps.Height = 14800"),
    ],
    "margin_left": [
        _nm("right_margin", "wrong_target", "the right margin set instead of the left", lambda p: f"_page().RightMargin = {_CM(p)}"),
        _nm("all_margins", "everything", "all four margins set to that size",
            lambda p: f"ps = _page(); ps.LeftMargin = {_CM(p)}; ps.RightMargin = {_CM(p)}; ps.TopMargin = {_CM(p)}; ps.BottomMargin = {_CM(p)}"),
        _nm("paragraph_indents", "lookalike", "every paragraph indented by that size, page margin unchanged",
            lambda p: f"for r in _paras(): r.ParaLeftMargin = {_CM(p)}"),
        _nm("unused_page_style", "wrong_target", "the margin set on a page style the document does not use",
            lambda p: f"_other_page_style().LeftMargin = {_CM(p)}"),
        _nm("inches", "wrong_value", "the number taken as inches, not cm", lambda p: f"_page().LeftMargin = {int(_CM(p) * 2.54)}"),
    ],
    "header_text": _hf("Header", "Footer"),
    "footer_text": _hf("Footer", "Header"),
    "page_break": [
        _nm("neighbour_paragraph", "wrong_target", "the page break before the nearest other paragraph (not the first: a break there makes no page)",
            lambda p: (f"_other_para({p['word']!r}, lambda q: q.getString() == _paras()[0].getString())"
                       ".BreakType = uno.Enum('com.sun.star.style.BreakType', 'PAGE_BEFORE')")),
        _nm("every_paragraph", "everything", "a page break before every paragraph but the first",
            lambda p: "for r in _paras()[1:]: r.BreakType = uno.Enum('com.sun.star.style.BreakType', 'PAGE_BEFORE')"),
        _nm("empty_paragraphs", "lookalike", "empty paragraphs typed until the paragraph moves to the next page",
            lambda p: f"r = _para_of({p['word']!r})\nfor _ in range(60): r.getText().insertControlCharacter(r.getStart(), 0, False)"),
        _nm("line_break", "lookalike", "a line break (Shift+Enter) before the paragraph's text, no page break",
            lambda p: f"r = _para_of({p['word']!r}); r.getText().insertControlCharacter(r.getStart(), 1, False)"),
    ],
    "comment": [
        _nm("neighbour_word", "wrong_target", "the comment on the next word",
            lambda p: f"r = _neighbour({p['word']!r}); r.getText().insertTextContent(r, _field('Annotation', Content={p['text']!r}), True)"),
        _nm("whole_paragraph", "everything", "the comment on the word's whole paragraph",
            lambda p: f"r = _whole(_para_of({p['word']!r})); r.getText().insertTextContent(r, _field('Annotation', Content={p['text']!r}), True)"),
        _nm("in_body", "lookalike", "the comment's text typed into the body after the word",
            lambda p: f"r = _find({p['word']!r}); r.getText().insertString(r.getEnd(), {' (' + p['text'] + ')'!r}, False)"),
        _nm("empty_comment", "half", "an empty comment on the word",
            lambda p: f"r = _find({p['word']!r}); r.getText().insertTextContent(r, _field('Annotation'), True)"),
        _nm("footnote", "lookalike", "a footnote with the text at the word instead of a comment",
            lambda p: (f"r = _find({p['word']!r}); fn = doc.createInstance('com.sun.star.text.Footnote'); "
                       f"r.getText().insertTextContent(r.getEnd(), fn, False); fn.setString({p['text']!r})")),
    ],
    "special_character": [
        _nm("ascii_stand_in", "lookalike", "an ASCII stand-in such as (c) or EUR",
            lambda p: f"doc.Text.insertString(_end(), {_ASCII[p['sym'][0]]!r}, False)"),
        _nm("similar_glyph", "lookalike", "a similar-looking character (circled C, euro-currency sign, ordinal o)",
            lambda p: f"doc.Text.insertString(_end(), {_GLYPH[p['sym'][0]]!r}, False)"),
        _nm("at_start", "wrong_target", "the sign at the start of the document", lambda p: f"doc.Text.insertString(_start(), {p['sym'][0]!r}, False)"),
        _nm("every_paragraph", "everything", "the sign at the end of every paragraph", lambda p: _END_PARA.format(s=repr(p["sym"][0]))),
    ],
    "date_field": [
        _nm("typed_date", "lookalike", "today's date typed as plain text",
            lambda p: "import datetime; doc.Text.insertString(_end(), datetime.date.today().strftime('%m/%d/%y'), False)"),
        _nm("time_field", "lookalike", "a time field (Insert > Field > Time) instead of a date",
            lambda p: "doc.Text.insertTextContent(_end(), _field('DateTime', IsDate=False), False)"),
        _nm("page_number", "lookalike", "a page-number field instead of a date",
            lambda p: "doc.Text.insertTextContent(_end(), _field('PageNumber', NumberingType=4, SubType=uno.Enum('com.sun.star.text.PageNumberType', 'CURRENT')), False)"),
        _nm("at_start", "wrong_target", "the date field at the start of the document",
            lambda p: f"doc.Text.insertTextContent(_start(), {_DATE}, False)"),
        _nm("every_paragraph", "everything", "a date field at the end of every paragraph",
            lambda p: f"for pp in _paras(): pp.getText().insertTextContent(pp.getEnd(), {_DATE}, False)"),
    ],
    "type_sentence": [
        _nm("at_start", "wrong_target", "the sentence at the start of the document",
            lambda p: f"doc.Text.insertString(_start(), {p['text'] + ' '!r}, False)"),
        _nm("half_sentence", "half", "only the first half of the sentence's words",
            lambda p: f"doc.Text.insertString(_end(), {' ' + ' '.join(p['text'].split()[: max(1, len(p['text'].split()) // 2)])!r}, False)"),
        _nm("case_and_period", "lookalike", "the sentence in lower case, without its final full stop",
            lambda p: f"doc.Text.insertString(_end(), {' ' + p['text'][0].lower() + p['text'][1:].rstrip('.')!r}, False)"),
        _nm("document_replaced", "everything", "the whole document replaced by the sentence",
            lambda p: f"doc.Text.setString({p['text']!r})"),
    ],
    "delete_word": [
        _nm("neighbour_deleted", "wrong_target", "the next word deleted instead", lambda p: f"_neighbour({p['word']!r}).setString('')"),
        _nm("half_of_word", "wrong_target", "only the first half of the word deleted", lambda p: f"_part({p['word']!r}).setString('')"),
        _nm("paragraph_deleted", "everything", "the word's whole paragraph emptied", lambda p: f"_whole(_para_of({p['word']!r})).setString('')"),
        _nm("document_cleared", "everything", "the whole document deleted", lambda p: "doc.Text.setString('')"),
        _nm("struck_through", "lookalike", "the word struck through, not deleted", lambda p: f"_find({p['word']!r}).CharStrikeout = 1"),
        _nm("white_text", "lookalike", "the word coloured white (invisible), not deleted", lambda p: f"_find({p['word']!r}).CharColor = 0xFFFFFF"),
    ],
    "replace_word": [
        _nm("neighbour_replaced", "wrong_target", "the next word replaced instead",
            lambda p: f"_neighbour({p['word']!r}).setString({p['new']!r})"),
        _nm("typed_at_end", "wrong_target", "the word deleted and the new word typed at the end of the document",
            lambda p: f"_find({p['word']!r}).setString(''); doc.Text.insertString(_end(), {' ' + p['new']!r}, False)"),
        _nm("glued_to_leftover", "wrong_target", "only the first half of the word replaced (the new word glued to the rest)",
            lambda p: f"_part({p['word']!r}).setString({p['new']!r})"),
        _nm("inserted_beside", "half", "the new word typed before the old one, which stays",
            lambda p: f"r = _find({p['word']!r}); r.getText().insertString(r.getStart(), {p['new'] + ' '!r}, False)"),
        _nm("deleted_only", "half", "the word deleted, nothing typed", lambda p: f"_find({p['word']!r}).setString('')"),
        _nm("paragraph_replaced", "everything", "the word's whole paragraph replaced by the new word",
            lambda p: f"_whole(_para_of({p['word']!r})).setString({p['new']!r})"),
    ],
}

NEAR_MISSES: dict[str, list[NearMiss]] = {**CHARACTER, **PARAGRAPH, **OTHER}

# A representative subset for quick runs (the live test, ``checkers_bench.py --quick``): six
# families of different categories, three near misses of different kinds each.
QUICK: dict[str, list[str]] = {
    "bold": ["neighbour_word", "everything", "semibold"],
    "line_spacing": ["neighbour_paragraph", "fixed_mode", "other_amount"],
    "fill_cell": ["other_row", "every_tbd", "tbd_kept"],
    "header_text": ["in_footer", "empty", "header_and_footer"],
    "comment": ["neighbour_word", "in_body", "empty_comment"],
    "replace_word": ["typed_at_end", "inserted_beside", "paragraph_replaced"],
}


def near_misses(family: str) -> list[NearMiss]:
    """The near misses of ``family``; a family without any is an error (every family needs them)."""
    if family not in NEAR_MISSES:
        raise LamkitError(f"family {family!r} has no near misses: add them to lamkit/dataflow/near_misses.py")
    return NEAR_MISSES[family]


def coverage_problems() -> list[str]:
    """What keeps the suite from covering every family of FAMILIES (empty when complete)."""
    out = []
    for f in FAMILIES:
        nms = NEAR_MISSES.get(f.name, [])
        names = [n.name for n in nms]
        if len(nms) < MIN_PER_FAMILY:
            out.append(f"{f.name}: {len(nms)} near misses (need {MIN_PER_FAMILY})")
        if len(set(names)) != len(names):
            out.append(f"{f.name}: duplicate near-miss names {sorted(n for n in names if names.count(n) > 1)}")
        if len({n.kind for n in nms}) < min(MIN_PER_FAMILY, len(nms)):
            out.append(f"{f.name}: near misses of only {sorted({n.kind for n in nms})}")
    out += [f"{name}: near misses for a family that does not exist" for name in NEAR_MISSES if name not in BY_NAME]
    return out


# ----------------------------------------------------------------------------- running them
class Outcome(BaseModel):
    """One outcome of a family's task in Writer and the checker's verdict on it."""

    family: str
    outcome: str  # "gold", "do_nothing" or a near miss's name
    kind: str  # "gold", "do_nothing" or the near miss's kind
    what: str = ""
    passed: bool | None = None  # the checker's verdict; None when the outcome could not be produced
    reason: str = ""
    error: str = ""  # the script or environment error that prevented the outcome
    same_state_as: str | None = None  # "gold" / "do_nothing" when the DocState equals theirs: the outcome is invisible to checkers

    @property
    def wrong(self) -> bool:
        """The checker got it wrong: gold failed, or a do-nothing / near-miss outcome passed."""
        if self.passed is None:
            return False
        return not self.passed if self.kind == "gold" else self.passed


ATTEMPTS = 3  # a reset can time out on a loaded machine; more tries tell that from a broken script


def _comparable(state) -> dict[str, Any]:
    return state.model_dump(exclude={"modified"})


def judge_outcomes(env, task, names: list[str] | None = None) -> list[Outcome]:
    """Run ``task``'s gold, do-nothing and near misses (``names``: a subset, default all) in
    ``env`` (a WriterEnv), each from a fresh reset, and judge each with the task's checker."""
    from lamkit.dataflow.checkers import evaluate

    fam = BY_NAME[task.family]
    nms = [n for n in near_misses(fam.name) if names is None or n.name in names]
    plan = [("gold", "gold", "the family's scripted solution", UNO_PRELUDE + fam.solution(task.params)),
            ("do_nothing", "do_nothing", "the untouched template", None)]
    plan += [(n.name, n.kind, n.what, n.code(task.params)) for n in nms]
    out, states = [], {}
    for name, kind, what, code in plan:
        o = Outcome(family=fam.name, outcome=name, kind=kind, what=what)
        for attempt in range(ATTEMPTS):
            try:
                env.reset(task)
                if code is not None:
                    env.run_uno(code)
                state = env.state()
                o.error = ""
                break
            except Exception as e:  # noqa: BLE001 - a script or env failure is reported, not raised
                o.error = (str(e).strip().splitlines() or [type(e).__name__])[-1][:300]
        if o.error:
            out.append(o)
            continue
        v = evaluate(task.checker, state)
        o.passed, o.reason = v.success, v.reason
        if name in ("gold", "do_nothing"):
            states[name] = _comparable(state)
        else:
            o.same_state_as = next((k for k, s in states.items() if s == _comparable(state)), None)
        out.append(o)
    return out
