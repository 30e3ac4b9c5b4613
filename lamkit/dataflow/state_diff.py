"""The state-diff judge: a verdict for tasks that have no hand-written checker (help tasks).

Why a diff and not a model: a help procedure says what it changes in its own words ("Insert a
date field", "Change the page orientation"), and the document state read through UNO
(:class:`lamkit.schema.DocState`: runs, paragraphs, tables, page, header/footer, fields,
comments, objects) shows what did change. The judge names the kinds of change both sides
mention, from one vocabulary (:data:`KIND_WORDS`), and decides:

- **failure** when a step of the plan did not execute, or when nothing the state can show
  changed although the request names a kind it can show;
- **success** when every step executed and a change of a kind the request (or the plan's
  menu entries) names is in the state; or when the request only asks to look, find or switch a
  setting (:data:`_VIEW_ONLY`, :data:`_SETTING`), every step executed, the document is unchanged
  and no dialog the plan opened for a setting was left unconfirmed. A request that names a specific kind (a field, a
  table, the page) needs a change of that kind; typed or deleted text alone does not count
  for it, since almost every plan types something;
- **unsure** otherwise: the request names nothing the state shows (options, views, windows),
  or something it cannot show beside what changed (protection, AutoCorrect entries, an object's
  wrap: :data:`_UNSEEN`), or the state changed in kinds the request does not name, or the
  named change came with text the request does not name being lost.

The facets :class:`~lamkit.schema.DocState` reader 2 added (hyphenation, language, borders,
backgrounds, text columns, line numbering, change tracking, document properties, bookmarks,
reference marks, indexes and index entries, sections, notes: :data:`FINE_KINDS`) are kinds of
their own: a request that names one needs a change of that one, since a coarser change beside
it ("paragraph" for "Add a border to a paragraph") does not confirm it; "a column" of a request
whose plan puts the cursor in a table cell is the table's (its shape or layout must change). On a state read by
reader 1 (help episodes recorded before it) they are unseen, and such a request is unsure.

Success is the costly mistake (a false success teaches the model a wrong trajectory), so
anything short of a named change is unsure, never success. Measured against hand labels in
``tests/data/help_labels/`` (``benchmarks/help_bench.py``).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from lamkit.dataflow import formats, option_judge, print_judge
from lamkit.schema import DocState, ParagraphState, PlanStep, RunState, Verdict

#: The kinds of change the state shows, and what each covers.
KINDS = {
    "text": "body text typed, pasted or deleted",
    "case": "letters changed case, the text otherwise the same",
    "character": "character attributes: bold, italic, underline, font, size, colour, highlight, position",
    "paragraph": "paragraph attributes: alignment, line spacing, indents, tab stops",
    "style": "a paragraph's style",
    "list": "a paragraph's list type or level",
    "break": "a page break before a paragraph, or the page count",
    "table": "a table added, removed, resized or its cells changed",
    "page": "page orientation, size or margins",
    "header_footer": "a header or footer switched on/off or its text",
    "field": "a text field added or removed",
    "comment": "a comment added, removed or edited",
    "object": "an image, embedded object, shape or frame added or removed",
    # the facets DocState reader 2 reads (issue 14); each is a kind of its own, so a request that
    # names one needs that one to change (FINE_KINDS)
    "hyphenation": "automatic hyphenation of a paragraph, a run's Don't hyphenate, a soft hyphen or word joiner typed",
    "language": "a run's language",
    "border": "a border on a paragraph or the page",
    "background": "the area (background) of a paragraph, the page or a table cell",
    "columns": "the page style's text columns",
    "line_numbering": "line numbering switched on or off",
    "track_changes": "change recording switched, or recorded changes accepted or rejected",
    "properties": "the document's title, subject, keywords or description",
    "bookmark": "a bookmark added or removed",
    "reference": "a reference mark (a cross-reference target) added or removed",
    "index": "an index or table of contents, or an index entry, added or removed",
    "section": "a section added or removed",
    "footnote": "a footnote or endnote added or removed",
}

#: The kinds only a state read by DocState reader 2 shows: a request naming one needs a change of
#: one of them (another kind changing does not confirm it), and on states read by reader 1 (the
#: older recorded help episodes) they are unseen, as :data:`_UNSEEN` is.
FINE_KINDS = frozenset({"hyphenation", "language", "border", "background", "columns", "line_numbering", "track_changes",
                        "properties", "bookmark", "reference", "index", "section", "footnote"})

#: How a request names protecting the recorded changes (Edit - Track Changes - Protect): reader 2
#: reads that protection, so unlike other protection (:data:`_UNSEEN`) it is a change the state shows.
_CHANGES_AFTER_PROTECT = r"\w*\s+(?:the\s+)?(?:tracked\s+|recorded\s+)?changes\b"
_PROTECT_CHANGES = r"\bprotect" + _CHANGES_AFTER_PROTECT

#: How a request or a plan names each kind (one vocabulary for both; "page style" is the page's).
KIND_WORDS: dict[str, str] = {
    "field": r"\bfields?\b|\bdate\b|\btime\b|page numbers?|page count|cross-?reference|variable|\bdocument properties\b|"
             r"\bcalculat",  # a calculation in the text (F2) is a formula field
    "character": r"\bbold|italic|underlin|strikethrough|superscript|subscript|\bfonts?\b|colou?r|highlight|\bshadow|"
                 r"outline font|character (?:format|attribute|spacing)|small capitals|text formatting|emphasi|hidden text",
    "case": r"upper ?case|lower ?case|capitali[sz]|\bcase\b|title case|sentence case",
    "paragraph": r"\balign|\bcent(?:er|re)|justif|indent|line spacing|spacing|tab stops?|paragraph format|drop cap|"
                 r"keep with next|do not split|widow|orphan|text flow",
    "style": r"(?<!page )\bstyles?\b",
    "list": r"\blists?\b|numbering|bullet|numbered|outline level|list level",
    "break": r"\bbreaks?\b|new page",
    "table": r"\btables?\b(?! of contents)|\bcells?\b|\brows?\b|\bcolumns? (?:to|from|in) (?:a|the) table",
    "page": r"orientation|landscape|portrait|margins?|paper (?:size|format)|page (?:size|format|style|layout)|title page",
    "header_footer": r"\bheaders?\b|\bfooters?\b",
    "comment": r"\bcomments?\b",
    "object": r"\bimages?\b|picture|graphics?\b|\bcharts?\b|\bshapes?\b|\bframes?\b|\bobjects?\b|text ?box|fontwork|"
              r"\bformula\b|drawing|horizontal line|signature line",
    "text": r"\binsert|\btype\b|\benter\b|\bdelet|\bremove|\bpaste|special character|symbol|autotext|formatting mark|"
            r"word joiner|non-breaking|hyphen",
    "hyphenation": r"hyphenat",
    "language": r"\blanguages?\b",
    "border": r"\bborders?\b",
    "background": r"background|\bshading\b",
    "columns": r"\bcolumns?\b",
    "line_numbering": r"line numb",
    "track_changes": r"track(?:ed|ing)? changes|record(?:ing)? changes|(?:accept|reject)\w* (?:all |the )?(?:tracked )?changes|"
                     + _PROTECT_CHANGES,
    "properties": r"\btitle of (?:the |a |your )?(?:current )?document|document(?:'s)? title|\bkeywords\b|"
                  r"document (?:subject|description)",
    "bookmark": r"bookmark",
    "reference": r"reference marks?|set reference|\binsert (?:a |an |the )?targets?\b",
    "index": r"\bindex(?:es)?\b|\bindices\b|\btoc\b|bibliograph|concordance",
    "section": r"\bsections?\b",
    "footnote": r"footnotes?|endnotes?",
}

#: Field types a request can name, and the field kinds (UNO service tails) that are that type.
FIELD_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": (r"\bdate\b", ("DateTime",)),
    "time": (r"\btime\b", ("DateTime",)),
    "page number": (r"page numbers?", ("PageNumber",)),
    "page count": (r"page count|number of pages", ("PageCount", "DocStat")),
    "conditional": (r"conditional", ("ConditionalText", "HiddenText", "HiddenParagraph")),
    "input": (r"\binput field", ("Input", "InputUser", "JumpEdit", "DropDown")),
    "variable": (r"variable", ("SetExpression", "User", "GetExpression", "ConditionalText", "Input")),
    "cross-reference": (r"cross-?reference", ("GetReference",)),
    "author": (r"\bauthor\b", ("Author", "DocInfo.CreateAuthor")),
}

_RUN_ATTRS = ("bold", "italic", "underline", "strikethrough", "superscript", "subscript", "font_name", "font_size",
              "color", "highlight", "case_map", "hidden", "shadowed", "outline", "spacing_mm",
              "language", "no_hyphenation")
#: Run attributes that are a fine kind of their own rather than "character".
_RUN_KIND = {"language": "language", "no_hyphenation": "hyphenation"}
_PARA_ATTRS = ("alignment", "line_spacing", "line_spacing_mode", "left_indent_mm", "right_indent_mm", "first_line_indent_mm",
               "space_above_mm", "space_below_mm", "keep_with_next", "keep_together", "drop_cap_lines")
#: Paragraph attributes that are another kind than "paragraph".
_PARA_KIND = {"hyphenation": "hyphenation", "borders": "border", "background": "background", "outline_level": "list",
              "list_start": "list"}
#: Characters typed to steer hyphenation (Insert - Formatting Mark): soft hyphen, non-breaking
#: hyphen, word joiner, zero-width space.
_HYPHENATION_MARKS = "\u00ad\u2011\u2060\u200b"


class Change(BaseModel):
    kind: str  # a key of KINDS
    detail: str


# ----------------------------------------------------------------------------- the diff
def _run_values(runs: Iterable[RunState]) -> set[tuple[str, object]]:
    return {(a, getattr(r, a)) for r in runs if r.text.strip() for a in _RUN_ATTRS}


def _para_changes(i: int, a: ParagraphState, b: ParagraphState) -> list[Change]:
    out: list[Change] = []
    where = f"paragraph {i + 1} ({b.text[:30]!r})"
    ra, rb = _run_values(a.runs), _run_values(b.runs)
    if ra != rb:
        attrs = sorted({k for k, _ in ra ^ rb})
        for kind in sorted({_RUN_KIND.get(k, "character") for k in attrs}):
            out.append(Change(kind=kind, detail=f"{where}: {', '.join(k for k in attrs if _RUN_KIND.get(k, 'character') == kind)}"))
    for f, kind in _PARA_KIND.items():
        if getattr(a, f) != getattr(b, f):
            out.append(Change(kind=kind, detail=f"{where}: {f} {getattr(a, f)!r} -> {getattr(b, f)!r}"))
    moved = [f for f in _PARA_ATTRS if getattr(a, f) != getattr(b, f)]
    if a.tab_stops != b.tab_stops:
        moved.append("tab stops")
    if moved:
        out.append(Change(kind="paragraph", detail=f"{where}: {', '.join(moved)}"))
    if a.style != b.style:
        out.append(Change(kind="style", detail=f"{where}: style {a.style!r} -> {b.style!r}"))
    if (a.list_type, a.list_level) != (b.list_type, b.list_level):
        out.append(Change(kind="list", detail=f"{where}: list {a.list_type}/{a.list_level} -> {b.list_type}/{b.list_level}"))
    if a.page_break_before != b.page_break_before:
        out.append(Change(kind="break", detail=f"{where}: page break before {a.page_break_before} -> {b.page_break_before}"))
    return out


def _text_change(a: str, b: str) -> list[Change]:
    if a == b:
        return []
    if a.lower() == b.lower():
        return [Change(kind="case", detail="letters changed case")]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("insert", "replace") and b[j1:j2].strip():
            parts.append(f"+{b[j1:j2][:40]!r}")
        if op in ("delete", "replace") and a[i1:i2].strip():
            parts.append(f"-{a[i1:i2][:40]!r}")
    kind = "case" if _only_case(sm, a, b) else "text"
    out = [Change(kind=kind, detail=" ".join(parts[:6]) or "whitespace changed")]
    marks = [c for c in _HYPHENATION_MARKS if a.count(c) != b.count(c)]
    if marks:
        out.append(Change(kind="hyphenation", detail=f"formatting marks {', '.join(f'U+{ord(c):04X}' for c in marks)}"))
    return out


def _only_case(sm: difflib.SequenceMatcher, a: str, b: str) -> bool:
    """Every replaced span differs only in case ("Sales" -> "SALES" among other text)."""
    ops = [o for o in sm.get_opcodes() if o[0] != "equal"]
    return bool(ops) and all(op == "replace" and a[i1:i2].lower() == b[j1:j2].lower() for op, i1, i2, j1, j2 in ops)


def diff(before: DocState, after: DocState) -> list[Change]:
    """What changed between two states, as :class:`Change` s of the kinds in :data:`KINDS`."""
    out = _text_change(before.text, after.text)
    pa, pb = before.paragraphs, after.paragraphs
    sm = difflib.SequenceMatcher(None, [p.text.lower() for p in pa], [p.text.lower() for p in pb], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                out += _para_changes(j1 + k, pa[i1 + k], pb[j1 + k])
    if before.page_count != after.page_count:
        out.append(Change(kind="break", detail=f"page count {before.page_count} -> {after.page_count}"))
    ta, tb = before.tables, after.tables
    if [(t.rows, t.cols, t.cells) for t in ta] != [(t.rows, t.cols, t.cells) for t in tb]:
        out.append(Change(kind="table", detail=f"tables {[(t.rows, t.cols) for t in ta]} -> {[(t.rows, t.cols) for t in tb]}"
                                                 + (" (cells changed)" if len(ta) == len(tb) else "")))
    elif any(_table_layout(x) != _table_layout(y) for x, y in zip(ta, tb, strict=True)):
        out.append(Change(kind="table", detail="table width, margins, column widths or table style"))
    if len(ta) == len(tb) and [(t.rows, t.cols, t.cells) for t in ta] == [(t.rows, t.cols, t.cells) for t in tb] and any(_run_values(r for row in x.cell_runs for c in row for r in c) != _run_values(r for row in y.cell_runs for c in row for r in c)
             for x, y in zip(ta, tb, strict=True)):
        out.append(Change(kind="character", detail="table cell formatting"))
    if len(ta) == len(tb) and any(x.cell_backgrounds != y.cell_backgrounds for x, y in zip(ta, tb, strict=True)):
        out.append(Change(kind="background", detail="table cell background"))
    pga, pgb = before.page, after.page
    moved = [f for f in ("orientation", "width_mm", "height_mm", "margin_top_mm", "margin_bottom_mm", "margin_left_mm",
                         "margin_right_mm") if getattr(pga, f) != getattr(pgb, f)]
    if moved:
        out.append(Change(kind="page", detail=", ".join(f"{f} {getattr(pga, f)} -> {getattr(pgb, f)}" for f in moved)))
    if pga.style != pgb.style:
        out.append(Change(kind="page", detail=f"page style {pga.style!r} -> {pgb.style!r}"))
    for f, kind in (("background", "background"), ("borders", "border"), ("columns", "columns")):
        if getattr(pga, f) != getattr(pgb, f):
            out.append(Change(kind=kind, detail=f"page {f} {getattr(pga, f)!r} -> {getattr(pgb, f)!r}"))
    hf = [f for f in ("header_on", "footer_on", "header_text", "footer_text") if getattr(pga, f) != getattr(pgb, f)]
    if hf:
        out.append(Change(kind="header_footer", detail=", ".join(f"{f} -> {getattr(pgb, f)!r}" for f in hf)))
    fa, fb = _field_kinds(before), _field_kinds(after)
    if fa != fb:
        out.append(Change(kind="field", detail=f"fields +{dict(fb - fa)} -{dict(fa - fb)}"))
    if [c.text for c in before.annotations] != [c.text for c in after.annotations] or before.comments != after.comments:
        out.append(Change(kind="comment", detail=f"comments {len(before.annotations or before.comments)} -> "
                                                 f"{len(after.annotations or after.comments)}"))
    oa, ob = Counter(o.kind for o in before.objects), Counter(o.kind for o in after.objects)
    if oa != ob:
        out.append(Change(kind="object", detail=f"objects +{dict(ob - oa)} -{dict(oa - ob)}"))
    elif [_placed(o) for o in before.objects] != [_placed(o) for o in after.objects]:
        out.append(Change(kind="object", detail=f"objects placed {[_placed(o)[1:] for o in after.objects]}"[:200]))
    return out + _document_changes(before, after)


def _placed(o) -> tuple:
    return (o.kind, o.h_orient, o.v_orient)


#: A request that centres something ("Use a frame to center text on a page", "Center an image").
_CENTRE = re.compile(r"(?i)\bcent(?:er|re)")


def _centred_object_added(before: DocState, after: DocState) -> bool:
    """An object centred across or down its area that the before state did not have so: one
    inserted centred, or one centred since. Why: a frame added at the dialog's default place is
    not a centred one (the object kind changes either way)."""
    new = Counter(map(_placed, after.objects)) - Counter(map(_placed, before.objects))
    return any("center" in (h, v) for _, h, v in new)


def _table_layout(t) -> tuple:
    return (t.width_mm, t.left_margin_mm, t.right_margin_mm, t.column_separators, t.template)


#: Document-wide facets and the kind each is: (kind, what is compared).
_DOC_FACETS = (
    ("track_changes", lambda d: (d.settings.record_changes, d.settings.tracked_changes, d.settings.protect_changes)),
    ("line_numbering", lambda d: d.settings.line_numbering),
    ("properties", lambda d: (d.settings.title, d.settings.subject, d.settings.keywords, d.settings.description)),
    ("bookmark", lambda d: d.bookmarks),
    ("reference", lambda d: d.reference_marks),
    ("index", lambda d: (d.indexes, d.index_marks, d.index_entries)),  # an entry edited changes its text, not the count
    ("section", lambda d: d.sections),
    ("footnote", lambda d: (d.footnotes, d.endnotes)),
)


def _document_changes(before: DocState, after: DocState) -> list[Change]:
    return [Change(kind=kind, detail=f"{kind}: {get(before)!r} -> {get(after)!r}"[:200])
            for kind, get in _DOC_FACETS if get(before) != get(after)]


# ----------------------------------------------------------------------------- what the task names
def named_kinds(request: str, steps: Sequence[PlanStep] = ()) -> set[str]:
    """The kinds of change a request and its plan's clicked entries name ("Insert a date field"
    -> {"field", "text"}; a plan through Format - Page Style... names "page")."""
    words = " ".join([request] + [s.control for s in steps if s.control and s.function == "click_input"])
    low = words.lower()
    low = re.sub(r"table of contents|tables? of contents", "toc", low)
    return {k for k, rx in KIND_WORDS.items() if re.search(rx, low)}


#: Requests that ask to look, find or set up rather than to change the document ("View a repertoire
#: of all characters", "Show a closed toolbar"): an unchanged document does not refute them.
_LOOK_ONLY = re.compile(r"(?i)^(?:view|show|display|open|see|find|search|look|check|count|navigate|go|jump|move|select|"
                        r"preview|print|hide|close|switch|turn|activate|deactivate|enable|disable|use|start|run|"
                        r"customi[sz]e|configure|define|register|get|access|save|export|send|load|import|compare)\b")


#: Requests to look at something or to find it ("View file properties", "Find text"), and requests
#: to switch a setting ("Turn off most AutoCorrect features", "Enable a document for page
#: line-spacing printing"): what they ask for is outside the document, so an unchanged document
#: whose every step executed is their success, provided (for a setting) no dialog the plan
#: opened was left without its confirmation (:func:`_dialog_left_open`).
_VIEW_ONLY = re.compile(r"(?i)^(?:view|show|display|find|search|save)\b")
_SETTING = re.compile(r"(?i)^(?:turn|enable|disable|switch|activate|deactivate)\b")
_CONFIRM = {"ok", "close", "insert", "apply"}


def _dialog_left_open(steps: Sequence[PlanStep]) -> bool:
    """A menu entry that opens a dialog ("Options...") was clicked and no OK/Close/Insert/Apply
    followed it: a setting changed in that dialog was not applied."""
    open_ = False
    for s in steps:
        name = (s.control or "").strip()
        if s.function != "click_input":
            continue
        if name.endswith(("...", "…")):
            open_ = True
        elif name.lower() in _CONFIRM:
            open_ = False
    return open_


#: What a request can name that the document state does not show, even as read by reader 2
#: (protection, AutoCorrect and AutoText entries, dictionaries, contours and wrapping of objects):
#: a change of another kind does not confirm it, so such a request is never judged a success.
_UNSEEN = re.compile(r"(?i)protect(?!" + _CHANGES_AFTER_PROTECT + r")|autocorrect|autotext|dictionar|contour|\bwrap")


def judge(request: str, steps: Sequence[PlanStep], before: DocState, after: DocState | None, executed_to_end: bool,
          why_not: str = "") -> Verdict:
    """The state-diff verdict (``judge="state-diff"``; ``"state-diff-unsure"`` when it cannot
    tell, with ``success=False``)."""
    if not executed_to_end or after is None:
        return Verdict(success=False, reason=f"not every step executed: {why_not or 'the episode ended early'}", judge="state-diff")
    saved = _saved_in_format(request, steps, before, after)
    if saved is not None:
        return saved
    changes = diff(before, after)
    changed = {c.kind for c in changes}
    named = named_kinds(request, steps)
    fine = named & FINE_KINDS
    in_table = "columns" in fine and "table" not in named and _acts_in_table(steps, before)
    if in_table:
        # "Resize a column" with the cursor put in a table cell: the column is the table's, not the page's
        # text columns; only the table's shape or layout changing confirms it (typed cell text does not)
        named = named | {"table"}
    if "table" in named:
        fine.discard("columns")  # a table's columns are the table's (its own kind)
    specific = named - {"text"}
    needed = fine or specific  # a fine kind named is the change asked for; a coarser one beside it does not confirm it
    hit = (changed & needed) if needed else (changed & named)
    subs = {"changes": float(len(changes)), "named": float(len(named))}
    if print_judge.asks_to_print(request):
        return print_judge.verdict(request, steps, before, after, subs)
    by_option = option_judge.verdict(request, before, after, bool(changes), subs)
    if by_option is not None:
        return by_option
    if (fine or in_table) and min(before.reader, after.reader) < 2:
        # the state was read by reader 1, which does not show these kinds (nor a table's widths and column
        # separators): they cannot be seen to change
        return Verdict(success=False, reason=f"the task names {', '.join(sorted(fine or {'table layout'}))}, which a state read by reader 1 "
                                             "does not show", judge="state-diff-unsure", sub_scores=subs)
    if in_table and "table" in hit and not _table_shape_changed(before, after):
        hit.discard("table")
    if "field" in hit and not (_named_field_added(request, before, after) or _field_removed_as_asked(request, before, after)):
        hit.discard("field")  # a field appeared, but not of the type the request names ("date" -> an Author field)
    if "index" in needed and re.search(r"(?i)bibliograph", request) and "Bibliography" in _field_kinds(after) - _field_kinds(before):
        # "Insert bibliography entries": a bibliography's entry is its index's entry, which Writer
        # keeps as a field of kind Bibliography (not an index mark)
        hit.update({"index", "field"})
    if "background" in needed and ("character" in named or re.search(r"(?i)\bcharacters?\b", request)) \
            and _highlight_changed(before, after):
        # "Apply a background to text characters": the characters' background is their highlighting
        # (Format - Character - Highlighting); a paragraph's, page's or cell's is their area (read apart)
        hit.add("background")
    if "track_changes" in hit and re.search(_PROTECT_CHANGES, request, re.I) \
            and before.settings.protect_changes == after.settings.protect_changes:
        hit.discard("track_changes")  # "Protect changes": recording switched on, but not protected (or read before reader 2 read it)
    if "object" in hit and _CENTRE.search(request) and not _centred_object_added(before, after):
        hit.discard("object")  # "center text in a frame": an object added, but not centred (or read before stop 34)
    if hit and _UNSEEN.search(request):
        return Verdict(success=False, reason=f"changed {', '.join(sorted(hit))}, but the task names something the state does not "
                                             f"show ({_UNSEEN.search(request).group(0)})", judge="state-diff-unsure", sub_scores=subs)
    if hit and "text" not in named and _text_lost(before, after):
        # the named change happened, but text the request does not mention was overwritten or deleted
        return Verdict(success=False, reason=f"changed {', '.join(sorted(hit))}, but text the task does not name was lost",
                       judge="state-diff-unsure", sub_scores=subs)
    if hit:
        detail = "; ".join(c.detail for c in changes if c.kind in hit)[:300]
        return Verdict(success=True, reason=f"changed {', '.join(sorted(hit))} as the task names: {detail}", judge="state-diff",
                       sub_scores=subs)
    req = request.strip()
    if not changes and (_VIEW_ONLY.match(req) or _SETTING.match(req) and not fine and not _dialog_left_open(steps)):
        return Verdict(success=True, reason="every step executed and the document is unchanged, as a request to "
                                            f"{'look or find' if _VIEW_ONLY.match(req) else 'switch a setting'} leaves it",
                       judge="state-diff", sub_scores=subs)
    if not changes and _UNSEEN.search(req):
        # "Wrap text around an object": what it asks for the state cannot show, so no change is no refutation
        return Verdict(success=False, reason=f"nothing the state shows changed, and the task names something it does not show "
                                             f"({_UNSEEN.search(req).group(0)})", judge="state-diff-unsure", sub_scores=subs)
    if not changes and named and (fine or not _LOOK_ONLY.match(req)):  # a named fine kind, read and unchanged, refutes even "Turn on …"
        return Verdict(success=False, reason=f"every step executed but nothing changed; the task names {', '.join(sorted(named))}",
                       judge="state-diff", sub_scores=subs)
    if not changes:
        return Verdict(success=False, reason="nothing the document state shows changed, and the task names nothing it shows",
                       judge="state-diff-unsure", sub_scores=subs)
    return Verdict(success=False, reason=f"changed {', '.join(sorted(changed))}; the task names "
                                         f"{', '.join(sorted(named)) or 'nothing the state shows'}",
                   judge="state-diff-unsure", sub_scores=subs)


def _saved_in_format(request: str, steps: Sequence[PlanStep], before: DocState, after: DocState) -> Verdict | None:
    """The verdict on a task whose plan picks a file type in the Save As dialog (a step on an entry
    of a list, named with its extension: "Word 2007–365 (.docx)"), else None (the other rules).

    Such a task asks for the document stored in a format: it succeeded only when the document's
    location moved to a new file whose filter is of the family the request names (Microsoft Office
    -> a Word filter, HTML -> an HTML filter: :mod:`lamkit.dataflow.formats`); when it names none
    ("Save documents in other formats"), a non-ODF filter other than the one before. The location
    is read apart from the content (not a kind of :func:`diff`), so a plain Ctrl+S in another task
    changes nothing the other rules see."""
    if not any(s.function == "click_input" and s.args.get("list") and formats.ENTRY.search(s.control or "") for s in steps):
        return None
    if not after.location or not before.location:
        return Verdict(success=False, reason="the task saves in a format, but the state's reader did not read the location",
                       judge="state-diff-unsure")
    if after.location == before.location:
        return Verdict(success=False, reason=f"the document was not stored as a new file (still {after.location})", judge="state-diff")
    words = formats.family(request)
    if words is not None:
        ok = formats.of_family(after.filter, words)
        want = "/".join(words)
    else:
        ok = after.filter != before.filter and not formats.is_odf(after.filter)
        want = f"a format other than {before.filter!r} and ODF"
    return Verdict(success=ok, reason=f"stored as {after.location} with filter {after.filter!r}; the task asks for {want}",
                   judge="state-diff")


def _acts_in_table(steps: Sequence[PlanStep], before: DocState) -> bool:
    """The plan puts the cursor in a table: it selects the text of one of the document's table
    cells (the compiler's "Place the cursor in a table cell")."""
    cells = {c.strip() for t in before.tables for row in t.cells for c in row if c.strip()}
    return any(s.function == "select_text" and str(s.args.get("text", "")).strip() in cells for s in steps)


def _table_shape_changed(before: DocState, after: DocState) -> bool:
    """A table added or removed, a column or row added or removed, or a table's width, margins or
    column widths changed: what a table's columns changing shows, beside cell text."""
    ta, tb = before.tables, after.tables
    return [(t.rows, t.cols) for t in ta] != [(t.rows, t.cols) for t in tb] or any(
        _table_layout(x)[:4] != _table_layout(y)[:4] for x, y in zip(ta, tb, strict=True))


#: What Writer shows in place of a field's value it cannot work out ("** Expression is faulty **"
#: for a formula, "Error: Reference source not found" for a cross-reference).
_FIELD_ERROR = re.compile(r"^\s*\*\*.*\*\*\s*$|^\s*Error:", re.I)


def _named_field_added(request: str, before: DocState, after: DocState) -> bool:
    """A new field of a type the request names ("a fixed or variable date field": DateTime or a
    variable); any new field when it names no type. A field that shows an error is no field the
    request asked for: a calculation typed wrong ("==10000/12") is inserted, as a formula field
    showing "** Expression is faulty **" (a near miss the labelled set holds)."""
    low = request.lower()
    shown = Counter(f.kind for f in after.text_fields if not _FIELD_ERROR.search(f.text)) if after.text_fields else _field_kinds(after)
    added = set((shown - _field_kinds(before)).keys())
    wanted = [kinds for rx, kinds in FIELD_TYPES.values() if re.search(rx, low)]
    return any(added & set(k) for k in wanted) if wanted else bool(added)


#: A request that takes a field out of the document: removes it, or turns it into its text.
_FIELD_OUT = re.compile(r"(?i)\b(?:remove|delete|convert)\w*\b.*\bfields?\b|\bfields?\b.*\b(?:into|to) (?:plain |normal )?text\b")


def _field_removed_as_asked(request: str, before: DocState, after: DocState) -> bool:
    """"Convert a field into text", "Delete a field": a field is gone and, for a conversion, every
    word of the document is still there (the field's text stays as plain text)."""
    if not _FIELD_OUT.search(request):
        return False
    gone = bool(_field_kinds(before) - _field_kinds(after))
    return gone and (not re.search(r"(?i)\btext\b", request) or not _text_lost(before, after))


def _field_kinds(state: DocState) -> Counter:
    """How many fields of each kind the document holds (the reader's text fields, else its older list)."""
    return Counter([f.kind for f in state.text_fields] or state.fields)


def _highlight_changed(before: DocState, after: DocState) -> bool:
    """Some paragraph's characters changed highlighting (the same paragraphs before and after)."""
    if len(before.paragraphs) != len(after.paragraphs):
        return False
    marks = lambda p: {v for a, v in _run_values(p.runs) if a == "highlight"} - {None}  # noqa: E731
    return any(marks(a) != marks(b) for a, b in zip(before.paragraphs, after.paragraphs, strict=True))


def _text_lost(before: DocState, after: DocState) -> bool:
    """Some word of the document before is gone after (deleted or typed over)."""
    words = lambda t: Counter(re.findall(r"[A-Za-z]{3,}", t.lower()))  # noqa: E731
    return bool(words(before.text) - words(after.text)) and before.text.lower() != after.text.lower()


def decision(v: Verdict) -> str:
    """"success" | "failure" | "unsure" of a state-diff verdict."""
    if v.judge.endswith("unsure"):
        return "unsure"
    return "success" if v.success else "failure"
