"""lamkit's data types: the shapes that flow between the pipeline's stages.

Every record that reaches disk is one of these pydantic models, stored one per
line in JSONL (see :mod:`lamkit.jsonl`). Keeping them in one module is what lets
the harvester, the dataflow, the trainers and the evaluators agree without
importing each other.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Split = Literal["train", "val", "test"]
Status = Literal["CONTINUE", "FINISH"]

#: The action set, mirroring UFO's AppAgent (see docs/paper_notes.md). Anything else is refused.
ACTION_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "click_input": ("control_label", "button", "double"),
    "set_edit_text": ("control_label", "text"),
    "keyboard_input": ("control_label", "keys"),
    "select_text": ("control_label", "text"),
    "wheel_mouse_input": ("control_label", "wheel_dist"),
    "texts": ("control_label",),
    "summary": ("text",),
    "finish": (),
}
#: Arguments each function cannot do without.
REQUIRED_ARGS: dict[str, tuple[str, ...]] = {
    "click_input": ("control_label",),
    "set_edit_text": ("control_label", "text"),
    "keyboard_input": ("keys",),
    "select_text": ("control_label", "text"),
    "wheel_mouse_input": ("control_label", "wheel_dist"),
    "texts": ("control_label",),
    "summary": ("text",),
    "finish": (),
}


class Record(BaseModel):
    """Base of every stored record: unknown keys are an error, not silently kept."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- task-plan data
class Source(Record):
    """Where a TaskPlan came from: a file or URL and the section inside it."""

    path: str
    section: str = ""


class TaskPlan(Record):
    """A (task, plan) pair harvested from documentation (training phase 1)."""

    id: str
    app: str
    task: str
    plan: list[str]
    source: Source
    tags: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- tasks
class PlanStep(Record):
    """One instantiated plan step: what to do, and with which function and control."""

    step: str
    function: str | None = None
    control: str | None = None  # the control's name as the UI shows it (grounded at run time)
    args: dict[str, Any] = Field(default_factory=dict)


def family_label(family: str | None, checker: dict[str, Any] | None) -> str:
    """How tables name a task's family: its own, else "(no family)" for a task that has a
    checker (a hand-written suite's) and "judge-only" for one only a model can judge."""
    return family or ("(no family)" if checker is not None else "judge-only")


class Task(Record):
    """A TaskPlan made concrete on a template document, with an executable checker.

    ``checker`` is the declarative success spec evaluated on the document's
    state (see :mod:`lamkit.dataflow.checkers` for its versioned format);
    ``None`` marks a judge-only task (no exact checker could be attached).
    """

    id: str
    app: str = "writer"
    request: str
    template: str
    plan: list[PlanStep] = Field(default_factory=list)
    checker: dict[str, Any] | None = None
    origin: str | None = None
    split: Split = "train"
    family: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)


# --------------------------------------------------------------------------- observations and actions
class Control(Record):
    """One interactive control as the model sees it."""

    label: str
    role: str
    name: str = ""
    rect: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, w, h in screen pixels
    states: list[str] = Field(default_factory=list)
    value: str | None = None
    path: str = ""  # how the backend finds it again (child-index path from the app root)


class OutlineParagraph(Record):
    """One body paragraph as the model sees it: its text, style and main formatting.

    Why structure and not a text digest: a request that names its target by
    position or role ("the second paragraph", "the title") can only be resolved
    when the model sees paragraphs numbered, with their styles.
    """

    text: str
    style: str = ""
    alignment: str = "left"
    list_type: str | None = None
    marks: list[str] = Field(default_factory=list)  # formatting present in the paragraph: "bold", "italic", …
    in_table: bool = False


class Observation(Record):
    controls: list[Control] = Field(default_factory=list)
    focused: str | None = None  # label of the focused control, if it is among `controls`
    window: str = ""
    screenshot: str | None = None
    document: str = ""  # short digest of the document text
    outline: list[OutlineParagraph] = Field(default_factory=list)  # the body as numbered paragraphs (may be empty in old records)

    def control(self, label: str) -> Control | None:
        for c in self.controls:
            if c.label == label:
                return c
        return None


class Action(Record):
    function: str
    args: dict[str, Any] = Field(default_factory=dict)


class StepResult(Record):
    """What executing one action reported.

    ``ok`` is False for any failure. ``env_error`` is True only when the
    application itself failed (hung, crashed, restarted): the episode is then
    void, never a silent success. ``output`` carries what reading functions
    (``texts``, ``summary``) return. ``dialog_closed`` is the environment's structured fact
    that the action confirmed or closed the dialog it acted in and the dialog is gone (Enter in
    a dialog field, its OK button): a policy following a plan skips that dialog's remaining
    steps on it, without reading the message.
    """

    ok: bool
    message: str = ""
    output: str | None = None
    env_error: bool = False
    done: bool = False
    dialog_closed: bool = False
    latency_s: float = 0.0


class Step(Record):
    index: int
    observation: Observation
    thought: str = ""
    action: Action
    status: Status = "CONTINUE"
    plan: list[str] = Field(default_factory=list)  # the steps the policy still intends
    result: StepResult | None = None
    latency_s: float = 0.0
    invalid_answers: int = 0  # invalid/unparsable model answers this step's decision needed (Decision.invalid)


class Verdict(Record):
    success: bool
    reason: str = ""
    sub_scores: dict[str, float] = Field(default_factory=dict)
    judge: str = "checker"  # "checker", "model:<name>", or "env_error"


class Trajectory(Record):
    task: Task
    steps: list[Step] = Field(default_factory=list)
    policy: str
    verdict: Verdict | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    env_info: dict[str, Any] = Field(default_factory=dict)


# --------------------------------------------------------------------------- document state (for checkers)
class RunState(Record):
    """A run of characters sharing one set of attributes."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strikethrough: bool = False
    font_name: str = ""
    font_size: float = 0.0
    color: str | None = None  # "#rrggbb", None for automatic
    highlight: str | None = None  # "#rrggbb", None for none
    superscript: bool = False
    subscript: bool = False
    # read since DocState.reader 2 (issue 14: what help procedures change); defaults before
    language: str = ""  # the run's language, "en-US"; "" for none
    case_map: Literal["none", "upper", "lower", "title", "small_caps"] = "none"  # a case effect (the text keeps its letters)
    hidden: bool = False
    shadowed: bool = False
    outline: bool = False  # outline font effect
    spacing_mm: float = 0.0  # character spacing (kerning), 0 for the font's own
    no_hyphenation: bool = False  # "Don't hyphenate" on the run


class TabStop(Record):
    position_mm: float
    alignment: Literal["left", "right", "center", "decimal"] = "left"


class ParagraphState(Record):
    text: str
    style: str = ""  # display name, e.g. "Heading 1", "Default Paragraph Style"
    alignment: Literal["left", "right", "center", "justify"] = "left"
    line_spacing: float = 1.0  # proportional spacing as a factor (1.5 = 150%); fixed modes in mm
    line_spacing_mode: Literal["proportional", "minimum", "leading", "fixed"] = "proportional"
    left_indent_mm: float = 0.0
    right_indent_mm: float = 0.0
    first_line_indent_mm: float = 0.0
    list_type: Literal["bullet", "number"] | None = None
    list_level: int = 0
    page_break_before: bool = False
    tab_stops: list[TabStop] = Field(default_factory=list)
    runs: list[RunState] = Field(default_factory=list)
    # read since DocState.reader 2; defaults before
    space_above_mm: float = 0.0
    space_below_mm: float = 0.0
    hyphenation: bool = False  # automatic hyphenation on (Text Flow tab)
    borders: bool = False  # a border line on any side
    background: str | None = None  # "#rrggbb" of the paragraph's area, None for none
    keep_with_next: bool = False
    keep_together: bool = False  # "Do not split paragraph"
    drop_cap_lines: int = 0  # lines a drop cap spans, 0 for none
    outline_level: int = 0  # 0 = body text
    list_start: int | None = None  # the number a list restarts at here; None when it continues


class TableState(Record):
    name: str = ""
    rows: int
    cols: int
    cells: list[list[str]] = Field(default_factory=list)
    cell_runs: list[list[list[RunState]]] = Field(default_factory=list)  # [row][col] -> the cell's runs
    # where the table sits: the index in DocState.paragraphs of the body paragraph right after it
    # (len(paragraphs) if nothing follows); None for a table outside the body (nested, in a frame)
    paragraph: int | None = None
    # read since DocState.reader 2; defaults before
    width_mm: float = 0.0
    left_margin_mm: float = 0.0
    right_margin_mm: float = 0.0
    column_separators: list[int] = Field(default_factory=list)  # the first row's, in 1/10000 of the width
    template: str = ""  # the table style (AutoFormat) applied, "" for none
    cell_backgrounds: list[list[str | None]] = Field(default_factory=list)  # [row][col] -> "#rrggbb" or None


class ObjectState(Record):
    """An image, embedded object (chart, formula, OLE) or drawing shape in the body."""

    kind: Literal["image", "object", "shape", "frame"]
    name: str = ""
    paragraph: int | None = None  # index into DocState.paragraphs of the anchor; None if not anchored in the body
    # where the object sits against its anchor's area: "center", "left", "top", ... ; None when
    # placed by coordinates or not read (states read before stop 34)
    h_orient: str | None = None
    v_orient: str | None = None


class FieldState(Record):
    """A text field, where it sits and, where one exists, what it points to."""

    kind: str  # service name tail: "DateTime", "PageNumber", "GetReference", …
    paragraph: int | None = None  # index into DocState.paragraphs; None outside the body (header, table, …)
    target: str | None = None  # a reference's bookmark/sequence name, a hyperlink's URL, …
    text: str = ""  # what the field shows
    subtype: str | None = None  # what a DateTime field shows: "date" or "time" (IsDate); None for other kinds


class CommentState(Record):
    text: str
    author: str = ""
    paragraph: int | None = None  # index into DocState.paragraphs of the anchor
    anchor_text: str = ""  # the text the comment is attached to ("" for a point comment)


class PageState(Record):
    orientation: Literal["portrait", "landscape"] = "portrait"
    width_mm: float = 0.0
    height_mm: float = 0.0
    margin_top_mm: float = 0.0
    margin_bottom_mm: float = 0.0
    margin_left_mm: float = 0.0
    margin_right_mm: float = 0.0
    header_on: bool = False
    footer_on: bool = False
    header_text: str = ""
    footer_text: str = ""
    header_paragraphs: list["ParagraphState"] = Field(default_factory=list)
    footer_paragraphs: list["ParagraphState"] = Field(default_factory=list)
    # read since DocState.reader 2; defaults before
    style: str = ""  # the page style's display name ("Default Page Style")
    background: str | None = None  # "#rrggbb" for a colour; "gradient", "bitmap", "hatch"; None for none
    borders: bool = False  # a border line on any side of the page
    columns: int = 1  # text columns of the page style


class DocSettings(Record):
    """Document-wide settings and properties a help procedure changes (Edit - Track Changes -
    Record, Tools - Line Numbering, File - Properties): none is in the body, all are saved with
    the document."""

    record_changes: bool = False
    tracked_changes: int = 0  # changes recorded and not yet accepted or rejected
    protect_changes: bool = False  # recording protected by a password (Edit - Track Changes - Protect)
    line_numbering: bool = False
    title: str = ""
    subject: str = ""
    keywords: list[str] = Field(default_factory=list)
    description: str = ""


class PrintJob(Record):
    """What File - Print wrote in the episode (the environment prints into a file of its own:
    ``lamkit.envs.writer.processes._psprint_conf``), as ``lamkit.envs.writer.printed`` reads it."""

    jobs: int = 1  # print jobs the episode sent; the fields below are the last one's
    sheets: int = 0  # sheets (pages of the job's PDF): 2 pages per sheet make one of two pages
    texts: list[str] = Field(default_factory=list)  # each sheet's text, in printed order
    colour: bool = False  # a colour other than grey is set for anything drawn (text, lines, areas)
    text_colour: bool = False  # text is drawn in a colour other than grey
    #: document pages drawn on each sheet: 1 for a plain print, 2 for a full sheet of 2 pages per sheet
    pages_per_sheet: list[int] = Field(default_factory=list)
    reduced: bool = False  # pages are drawn reduced into a part of the sheet (several pages per sheet, brochure)


class DocState(Record):
    """The document's real state after an episode, as checkers read it."""

    paragraphs: list[ParagraphState] = Field(default_factory=list)
    tables: list[TableState] = Field(default_factory=list)
    page: PageState = Field(default_factory=PageState)
    comments: list[str] = Field(default_factory=list)  # comment texts (version-1 checkers read these)
    fields: list[str] = Field(default_factory=list)  # text-field kinds, e.g. "DateTime", "PageNumber" (version-1 checkers)
    annotations: list[CommentState] = Field(default_factory=list)  # comments with their anchors
    text_fields: list[FieldState] = Field(default_factory=list)  # fields with their positions and targets
    objects: list[ObjectState] = Field(default_factory=list)
    page_count: int = 1
    text: str = ""  # the whole body text, paragraphs joined by "\n"
    modified: bool = False
    #: what File - Print wrote in the episode (``jobs=0``: nothing); None: not read (states read
    #: before the environment printed into a file, or by a reader without one)
    printed: PrintJob | None = None
    # Which reader wrote this state. 1: the facets above without those marked "reader 2"; 2: also
    # those and the ones below. A state recorded by reader 1 (old help records) has their
    # defaults, so a judge must not read "unchanged" from them (lamkit.dataflow.state_diff).
    reader: int = 1
    settings: DocSettings = Field(default_factory=DocSettings)
    # where the document is stored and the filter it was last stored (or loaded) with ("file:///.../ep00001.docx",
    # "MS Word 2007 XML"): a save in a format moves them (File - Save As); "" in states read before
    location: str = ""
    filter: str = ""
    # the profile's settings the help's Tools procedures change (autosave, default filter, UI language,
    # AutoCorrect while typing: lamkit.envs.writer.profile_settings.SETTINGS), by name; empty when not read
    options: dict[str, Any] = Field(default_factory=dict)
    bookmarks: list[str] = Field(default_factory=list)
    reference_marks: list[str] = Field(default_factory=list)  # the targets Insert - Cross-reference - Set Reference makes
    sections: list[str] = Field(default_factory=list)
    indexes: list[str] = Field(default_factory=list)  # kinds, service tails: "ContentIndex", "DocumentIndex", …
    index_marks: int = 0  # index entries (Insert - Table of Contents and Index - Index Entry)
    #: each index entry's text (the Entry box of Edit - Reference - Index Entry: its own text, else
    #: the text it marks), in document order; [] in states read before it was read (Edit - Index
    #: Entry changes an entry's text, not their count)
    index_entries: list[str] = Field(default_factory=list)
    footnotes: int = 0
    endnotes: int = 0
