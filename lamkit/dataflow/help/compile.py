"""Compile harvested plan sentences into grounded ``PlanStep`` s the heuristic expert replays.

One harvested step ("Choose Insert - Field - More Fields, and then click the Functions tab.")
is split into clauses, and each clause is read by the help's own vocabulary, not by rules per
page:

- menu paths ("Choose A - B - C", "Format - Paragraph - Indents & Spacing tab"): resolved in the
  UI inventory's menu tree (:mod:`lamkit.dataflow.help.inventory`); what follows the menu item
  that opens a dialog is that dialog's tab ("Indents & Spacing") or page;
- toolbar icons ("click the Bold icon on the Formatting bar"): resolved in the inventory's toolbars;
- dialog tabs, lists, boxes, check boxes, buttons ("click the Functions tab", "In the Type list,
  click "Conditional text"", "In the Condition box, type "page == 1"", "Select the Protect check
  box", "Click Insert"): the control the help names, grounded by name at run time;
- key chords in either notation ("Press Ctrl+Enter", "press ^b"): pywinauto keys;
- selection preconditions ("Select the text", "Place the cursor in ...", "Click in the
  paragraph"): a selection of the template's target (:class:`Target`);
- free parameters ("type a name for the variable", "Enter the page number"): a generated value;
- two ways to the same end ("Click once, or press the Esc key"): the first that compiles, when
  the clause as a whole is a gesture or reads as nothing.

A clause that says nothing to do ("The preview box shows the selected page.") compiles to no step.
A clause that cannot be compiled is kept with its reason (one of :data:`REASONS`); a plan is
*complete* when none of its clauses failed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from lamkit.dataflow import formats
from lamkit.dataflow.help.inventory import CONTEXT_KEYS, SAVE_DIALOGS, DialogControls, MenuNode, UIInventory, find_child, fold
from lamkit.envs.writer.paths import ARROW
from lamkit.schema import PlanStep, TaskPlan

DOC = "<document>"  # the plan's name for the document control (as in lamkit.dataflow.families)
FINISH = PlanStep(step="Finish: the task is done", function="finish")

#: Why a clause does not compile (counted by the benchmark).
REASONS = {
    "menu_not_in_inventory": "a menu path that does not resolve in the UI inventory",
    "icon_not_in_inventory": "an icon not on any toolbar of the inventory (sidebar, Navigator, other bars)",
    "context_menu": "a right-click (context) menu",
    "mouse_gesture": "a drag or another mouse gesture",
    "conditional": "a conditional step (\"If ...\")",
    "open_choice": "a choice the help leaves to the user (\"the options that you want\")",
    "outside_document": "acts outside the open document (files, printers, other windows)",
    "needs_object": "selects an object the template does not hold (a graphic, frame, table, shape)",
    "not_in_dialog": "a tab or list entry the dialog's inventory does not have",
    "no_dialog": "a dialog's control, with nothing before it in the plan that opens a dialog (the page is the dialog's own help)",
    "deck_entry_behind": "a dialog's drop-down entry that the open sidebar deck also shows (the expert would click the deck's)",
    "unrecognised": "no rule reads the clause",
}


@dataclass(frozen=True)
class Target:
    """What the template offers a selection precondition: a word that occurs once, and the
    anchor (unique prefix) of a paragraph. Why from the template: "Select the text" means
    *some* text of the document the task runs on, and the checker-free judge later compares
    that document before and after."""

    word: str
    paragraph: str
    cell: str | None = None  # the text of a table cell that occurs once, when the template has a table
    #: the arrow key from that cell to a neighbour in its table ("{RIGHT}", else "{DOWN}"): with
    #: Shift, it extends the selection over two adjacent cells
    cell_next: str | None = None
    item: str | None = None  # the anchor of the first list entry, when the template has a list
    #: the anchor of the list's second entry: a paragraph of the list acted on by itself (Writer's
    #: Tab and Shift+Tab at the start of a list's first entry indent the whole list, not one level)
    next_item: str | None = None
    list_kind: str | None = None  # "number" | "bullet": the kind of that list
    #: (kind, text) of each object the document holds ("footnote", "header", "frame", "image",
    #: "field", ...): the text the expert reaches it by (``templates.ObjectTemplate.objects``)
    objects: tuple[tuple[str, str], ...] = ()
    #: the template's extension (".docx", ".odt"): the format the document is in before a save
    suffix: str = ""

    def reach(self, kind: str) -> str | None:
        """The text an object of ``kind`` is reached by ("" for one without text), or None
        when the document holds no such object."""
        return dict(self.objects).get(kind)

    @classmethod
    def of(cls, template) -> Target:
        """The first body paragraph of a ``lamkit.dataflow.templates.Template``, a word of it and,
        when the template has a table, a cell of its first data row whose text occurs once;
        when it has a list, its first entry; the objects its metadata says it holds (none for a
        catalogue document)."""
        idx = next((i for i, r in enumerate(template.roles) if r == "body" and template.anchor(i)), 0)
        words = [w for w in template.words() if w in template.paragraphs[idx]] or template.words()
        text = template.full_text()
        cells = [(r, k, c) for r, row in enumerate(template.table) if r for k, c in enumerate(row)
                 if c.strip() and text.count(c) == 1]
        nxt = None
        if cells:
            r, k, _ = cells[0]
            nxt = "{RIGHT}" if k + 1 < len(template.table[r]) else "{DOWN}" if r + 1 < len(template.table) else None
        items = [i for i, r in enumerate(template.roles) if r == "item" and template.anchor(i)]
        item = items[0] if items else None
        return cls(word=words[0] if words else template.paragraphs[idx].split()[0],
                   paragraph=template.anchor(idx) or template.paragraphs[idx], cell=cells[0][2] if cells else None,
                   cell_next=nxt,
                   item=template.anchor(item) if item is not None else None,
                   next_item=template.anchor(items[1]) if len(items) > 1 and items[1] == items[0] + 1 else None,
                   list_kind=None if item is None else "number" if "Number" in template.styles[item] else "bullet",
                   objects=tuple(getattr(template, "objects", {}).items()),
                   suffix=getattr(getattr(template, "path", None), "suffix", "") or "")


class Failure(BaseModel):
    clause: str
    reason: str


class CompiledPlan(BaseModel):
    steps: list[PlanStep] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    params: dict[str, str] = Field(default_factory=dict)  # free parameters filled with generated values
    defaults: list[str] = Field(default_factory=list)  # open choices resolved by keeping the dialog's defaults
    assumed: list[str] = Field(default_factory=list)  # preconditions the template already meets ("Open a text document")
    dropped: list[str] = Field(default_factory=list)  # optional sentences ("If you want, ...") left out: they did not compile
    access: str = ""  # the page's "To access this command" sentence, put first (a procedure on the dialog's own page)

    @property
    def complete(self) -> bool:
        return not self.failures and any(s.function != "finish" for s in self.steps)


# ------------------------------------------------------------------------------- clauses
_SPLIT = re.compile(
    r"(?:(?<=[a-z0-9)\"'])|(?<=\+[A-Z])|(?<=\b[A-Z]{2}))\.\s+(?=[A-Z]|\"[A-Z])"  # sentence boundary ("... Ctrl+B. You can ...", '... box. "Capitals" ...', "... click OK. In the ...")
    r"|,?\s+and then\s+|,\s+then\s+|;\s+then\s+|;\s+"
    r"|,\s+and\s+(?=(?:choose|click|select|press|type|enter|close|clear|set)\b)"
    r"|\s+and\s+(?=(?:click|choose|press|type|enter|answer)\b)"
    r"|,\s+(?=(?:click|choose|select|press|type|enter|hold down|release)\b)"
)


def clauses(sentence: str) -> list[str]:
    """"Choose Insert - Field - More Fields, and then click the Functions tab." ->
    ["Choose Insert - Field - More Fields", "click the Functions tab"]."""
    parts = [p.strip(" .,:;") for p in _SPLIT.split(sentence.strip())]
    out: list[str] = []
    for p in parts:
        if p and out and _WHERE.fullmatch(out[-1]):
            out[-1] = f"{out[-1]}, {p}"  # "In the Condition box" belongs to "type ..." after it
        elif p:
            out.append(p)
    return out


#: a clause that says what is, not what to do ("You can also press Ctrl+B", "The Border/Background dialog opens")
_REMARK = re.compile(r"(?i)^(you|this|these|it|there|libreoffice|note|the [\w ]+ (?:opens|appears|shows|is|are|will))\b")

_WHERE = re.compile(r"(?i:in|on|from|under) the [^,]+? "
                    r"(?i:list|box|field|list box|text box|area|section|tab|tab page|bar|toolbar|window|pane|dialog|dialog box)")


_VERBS = r"(?:choose|select|click|go to|open|press|type|enter|clear|uncheck|check|mark|unmark|set|place|position|put|" \
         r"right-click|double-click|drag|close|apply|insert|delete|remove|use|hold|release|repeat|return|enable|disable|" \
         r"activate|deactivate|specify|define|edit|modify|save|assign|add|change|adjust|fill|create|copy|paste|move|" \
         r"switch|turn|scroll|drop|draw|resize|search|locate|browse|expand|collapse|confirm|accept|reject|design|make|follow|replace|answer|ensure|verify)"
_NAME = r"[\"']?([^\"']+?)[\"']?"
#: "Place the cursor", "Position your text cursor", "Click": the verbs that put the cursor somewhere.
_CURSOR_VERB = r"(?:(?:place|position|put|set|move)\s+(?:the\s+|your\s+)?(?:text\s+)?cursor|click)"


def compile_first(plan: TaskPlan, documents: Sequence, object_documents: Sequence,
                  compiler_for: Callable[[object], Compiler]) -> tuple[CompiledPlan, object]:
    """(compiled plan, template): the plan compiled on the first of ``documents`` where it is
    complete; else, when one of them lacked an object it needs (``needs_object``: a list, a
    footnote, a frame), on the first of ``object_documents`` (documents that hold such objects)
    where it is complete; else the first document's incomplete result, whose failures say why.

    The one rule for which document a help procedure runs on, shared by the pipeline's help
    tasks and the help benchmark. ``compiler_for(template)`` gives that document's compiler
    (callers cache them: a Compiler per template, not per procedure)."""
    first = None
    needs = False
    for tpl in documents:
        got = compiler_for(tpl).compile(plan)
        if got.complete:
            return got, tpl
        first = first or (got, tpl)
        needs = needs or any(f.reason == "needs_object" for f in got.failures)
    for tpl in object_documents if needs else ():
        got = compiler_for(tpl).compile(plan)
        if got.complete:
            return got, tpl
    return first


# The help's words for a check box's two states, in one place. A click toggles a box, so a step
# that only clicked would switch off a box that is on by default ("Select the Heading check box"
# in Insert Table): the step carries the state the help wants (``args["check"]``, read by the
# heuristic expert, which clicks only when the box is not in it). The verbs set (True) or clear
# (False) a box; the states are what "ensure that X is ..." says.
_CHECK_VERBS = {True: ("set", "select", "mark", "check", "enable", "activate"),
                False: ("clear", "uncheck", "unmark", "disable", "deactivate")}
_CHECK_STATES = {True: ("selected", "checked", "enabled", "marked", "on", "activated", "ticked"),
                 False: ("not selected", "not checked", "not enabled", "not marked", "not activated", "cleared",
                         "unchecked", "unmarked", "deselected", "disabled", "deactivated", "off")}


def _state_wanted(words: str) -> bool | None:
    """The check state "X is <words>" names: True ("selected"), False ("not selected", "cleared"),
    None when the words name no check state ("is in the table")."""
    key = " ".join(words.lower().split())
    return next((on for on, states in _CHECK_STATES.items() if key in states), None)


def _wants(on: bool) -> dict[str, bool]:
    """A check box step's arguments: the state the help wants the box in."""
    return {"check": on}


def _check_step(name: str, on: bool) -> PlanStep:
    """The step that leaves check box ``name`` on (``on``) or off: "Select/Clear the X check box"."""
    return PlanStep(step=f"{'Select' if on else 'Clear'} the {name} check box", function="click_input", control=name,
                    args=_wants(on))


#: Objects that are also of another kind a dialog needs: a cross-reference is a field (Edit - Fields...
#: opens with the cursor in front of one, as at any field).
_ALSO_OF_KIND = {"field": ("cross-reference",)}


def _label_key(name: str) -> str:
    """How a control's name is compared with the inventory's: folded, a label's trailing colon
    aside ("With page style:" is the help's "With Page Style")."""
    return fold(name).rstrip(":")


class Compiler:
    """Compiles TaskPlans against one UI inventory and one template target."""

    def __init__(self, inventory: UIInventory, target: Target, access: Callable[[str], Sequence[str]] | None = None):
        """``access``: page path -> its "To access this command" sentences
        (:func:`lamkit.dataflow.help.access.access_sentences`); None: procedures are read alone."""
        self.inv = inventory
        self.target = target
        self.access = access
        self._open_menu: MenuNode | None = None
        self._dialog: DialogControls | None = None
        self._in_dialog = False
        self._context: list[MenuNode] | None = None  # the context menu the plan opened, not yet used
        self._popup: tuple[str, list[str]] | None = None  # (split button, its arrow's popup entries) opened, not yet used
        self._place: str | None = None  # where the plan put the cursor: "text", "selection", "table"
        self._request = ""
        self._held = ""  # modifier keys a "hold down Alt" clause holds for the next key pressed
        self._acted = False  # a step other than putting the cursor has been compiled (something may have opened a dialog)
        self._window = False  # the clause is read inside "In the <X> window, ...": its icons are that window's
        self._deck: str | None = None
        self._view: str | None = None
        self._toggled: tuple[str, str, str] | None = None
        self._last_toggled: tuple[str, str, str] | None = None
        self._saving = False  # the open dialog saves the document (File - Save As...)
        self._seed = ""

    @property
    def _dialog(self) -> DialogControls | None:
        """The inventoried dialog the plan opened, as it shows now: the page of the tab the plan
        clicked last in it (:meth:`DialogControls.on`: that page's controls and the dialog's own
        buttons), else the dialog as it opened. Why one place: a tab dialog shows only the current
        tab's page, so every rule that looks up a dialog's control (an option, a check box, a kind's
        button, a list's entries) must see that page ("On the Area tab page, select the background
        color": the Area page's Color; the Paragraph dialog opens on another page)."""
        return self._shown

    @_dialog.setter
    def _dialog(self, dialog: DialogControls | None) -> None:
        self._opened_dialog = self._shown = dialog  # a dialog opens on its own first page
        self._last_tab = self._tree_shown = None

    @property
    def _every_page(self) -> DialogControls | None:
        """The dialog the plan opened with the controls of all its pages (:meth:`DialogControls.whole`):
        for what asks whether a name is the dialog's at all, not what it shows now."""
        return self._opened_dialog.whole() if self._opened_dialog is not None else None

    def _tab_step(self, name: str) -> PlanStep:
        """The click on the open dialog's tab ``name``; from here on the dialog shows that tab's page."""
        if self._opened_dialog is not None:
            self._tree_shown = self._tree_page(name)
            self._shown = self._tree_shown or self._opened_dialog.on(name)
        self._last_tab = name
        return PlanStep(step=f"Click the {name} tab", function="click_input", control=name)

    def _tree_page(self, name: str) -> DialogControls | None:
        """The page a dialog's tree shows once its entry ``name`` is clicked right after its parent
        (Tools - Options - Load/Save - General: "General" under "Load/Save"), when the inventory
        read that page under the path "parent - name" (``inventory.discover_options_pages``); None
        for a tab dialog's tab or a path the inventory did not read. Why the pair: "General",
        "View" and "Print" are each the name of several pages of the tree."""
        prev = getattr(self, "_last_tab", None)
        if self._opened_dialog is None or not prev:
            return None
        page = self._opened_dialog.on(f"{prev} - {name}")
        return None if page is self._opened_dialog else page

    # ---------------------------------------------------------------- public
    def compile(self, plan: TaskPlan | list[str]) -> CompiledPlan:
        out = self._compile(plan)
        if isinstance(plan, TaskPlan) and self.access is not None and out.failures and out.failures[0].reason == "no_dialog":
            # "Click Hyphenate." on the Hyphenation dialog's page: the page says how the dialog opens
            for how in self.access(plan.source.path)[:1]:
                again = self._compile(plan.model_copy(update={"plan": [how, *plan.plan]}))
                if not any(f.reason == "no_dialog" for f in again.failures):
                    again.access = how
                    return again
        return out

    def _compile(self, plan: TaskPlan | list[str]) -> CompiledPlan:
        sentences = plan.plan if isinstance(plan, TaskPlan) else plan
        seed = plan.id if isinstance(plan, TaskPlan) else "|".join(sentences)
        self._request = plan.task if isinstance(plan, TaskPlan) else ""  # names a choice the help leaves open
        out = CompiledPlan()
        self._open_menu: MenuNode | None = None  # the submenu the last menu path ended on
        self._dialog: DialogControls | None = None  # the inventoried dialog the last menu path opened
        self._in_dialog = False  # the last menu path opened a dialog ("...") not yet closed by OK/Close/Cancel
        self._context = None  # the context menu the last clause opened (its entries come next)
        self._popup = None  # (split button, its popup's entries) the last clause's drop-down arrow opened
        self._acted = False
        self._place = None  # where the last selection precondition put the cursor
        self._reached = None  # the kind of object the last object rule reached (``_place`` "object")
        self._deck = None  # the sidebar deck the plan opened ("Styles")
        self._view = None  # the deck's icon whose entries its list shows ("Page Styles")
        self._entry = None  # the entry of the deck's list the plan selected last ("Right Page")
        self._kept_at_pick = 0  # how many open choices were kept (``defaults``) when the deck's entry was picked
        self._deck_menu = None  # the view whose entry's context menu is open (its dialog entries open that view's dialog)
        self._toggled = self._last_toggled = None  # (check box, "Select" | "Clear", purpose) clicked for a purpose
        self._pages: set[str] = set()  # the pages of a dialog's tree the plan clicked ("Go to A - B"): places, not settings
        self._last_tab = None  # the tab or tree entry the plan clicked last in the open dialog (:meth:`_tree_page`)
        self._defaults_at_open = 0  # how many open choices were kept (``defaults``) before the last dialog opened
        self._seed = seed
        self._saving = False  # the open dialog saves the document (its title's verb is its button: "Save as" -> Save)
        for sentence in sentences:
            # "... To remove it, simply place the cursor ...": an aside for another task, not a step
            sentence = re.sub(r"(?<=\.)\s+To [a-z][^,]*,.*$", "", sentence)
            # "Press Ctrl+B. You can also press Ctrl+B, type the text ...": the other way, not more steps
            sentence = re.sub(r"\s*\b(?:You can also|Alternatively,)\s.*?(?:\.(?=\s+[A-Z])|$)", "", sentence)
            # "Select a dictionary ..., and then click Edit. If the list is empty, click New ...": a
            # sentence "If <case>, ..." after the step's own sentence is a contingency, read on its own
            # (left out when it does not compile); a step that is all condition stays one
            for i, part in enumerate(re.split(r"(?<=\.)\s+(?=If\s)", sentence)):
                self._sentence(part, out, seed, contingency=i > 0 or bool(_CONTINGENCY.match(part)))
        if isinstance(plan, TaskPlan):
            self._confirm_save(out)
            self._confirm_left_open(out)  # a whole procedure's end; a bare list of sentences is read as a fragment
            self._keys_in_table(out)
        out.steps.append(FINISH)
        return out

    #: A request about the table the keys act on ("Increase the left indent of the table", "Move the
    #: table downwards on the page"), not a table of contents.
    _ABOUT_TABLE = re.compile(r"(?i)\b(?:the|a|this) table\b(?! of contents)")

    def _keys_in_table(self, out: CompiledPlan) -> None:
        """A procedure of key presses alone ("Hold down Alt+Shift, and then press the right arrow")
        whose request is about a table acts on the table the cursor is in: the help's page says so
        once, above its shortcut list, not in the step. So the cursor is put in a cell first, when
        the document has a table; with the cursor in body text the keys move a paragraph or nothing."""
        if out.failures or not out.steps or self.target.cell is None or not self._ABOUT_TABLE.search(self._request):
            return
        if all(s.function == "keyboard_input" and not _positions(s) for s in out.steps):
            out.steps[:0] = self._cell_cursor()
            out.assumed.append(f"the cursor in the table ({self._request})")

    def _confirm_left_open(self, out: CompiledPlan) -> None:
        """A dialog the help's procedure leaves open at its end is closed with its confirming
        button, when the plan set something in it or the dialog is the command the request asks for.

        The help stops once the dialog's settings are made ("Click "Date" in the Type list and ...
        click "Date (fixed)" in the Select list.", "Select the text, and then choose Table - Convert
        - Text to Table."): the user then confirms, and a dialog's settings take effect only then
        (the judge reads a dialog left open as nothing applied). Confirmed only when:

        - the steps after the dialog opened set something in it (a value typed in a box, a check
          box, option or list entry selected or cleared; a tab or a page of its tree only says
          where), and no button of its own acted (Delete, Correct, Hyphenate act by themselves, the
          dialog is not closed for them), and no choice in it was left to the user (kept in
          ``defaults``: confirming would apply what no one chose); or
        - nothing was set, and the entry that opened the dialog names the command the request asks
          for: its words are the request's, and the request's verb is the entry's or its submenu's
          ("Convert text into a table": Table - Convert - Text to Table...; "Insert a table into a
          table": Table - Insert Table...), so the dialog's current values are the command's.

        The confirming button is the inventoried dialog's: Insert in a dialog titled "Insert ..."
        or one without OK (Fields), else OK, else the button named as the dialog (Print in Print);
        a dialog not inventoried is confirmed with OK. Read
        only at the end of a whole procedure (a ``TaskPlan``: its request and every step); a bare
        list of sentences is a fragment, left as it ends."""
        if not self._in_dialog or out.failures:
            return
        steps = out.steps
        opened = max((i for i, s in enumerate(steps) if s.function == "click_input" and _opens_dialog(s.control)),
                     default=None)
        if opened is None:
            return
        after = steps[opened + 1:]
        if any(s.function == "click_input" and s.control in ("OK", "Close", "Cancel", "Insert", "Apply") for s in after):
            return
        d = self._every_page  # a button of any page it showed
        places = (set(d.tabs) if d is not None else set()) | self._pages

        def place(s: PlanStep) -> bool:
            return s.function == "click_input" and (s.control in places or bool(re.fullmatch(r"Click the .+ tab", s.step)))

        buttons = set(d.buttons) if d is not None else set()
        sets = [s for s in after if not place(s) and (s.function == "set_edit_text" or s.function == "click_input"
                                                      and s.step.startswith(("Select ", "Clear "))
                                                      and (s.control not in buttons or s.step.endswith(_KIND_NOTE)))]
        if any(not place(s) and s not in sets for s in after):
            return  # a button that acts by itself, a key pressed: the dialog is not closed for it
        if len(out.defaults) > self._defaults_at_open:
            return  # a choice in it the help left to the user: confirming would apply what no one chose
        top = next((s.control for s in reversed(steps[:opened + 1]) if s.step.endswith(" on the menu bar")), None)
        if any(s.step.startswith("Clear ") and s.function == "click_input" for s in sets) and fold(top or "") != "tools":
            # "Clear the Break check box" in a formatting dialog (Table Properties, Paragraph): on the
            # template's plain tables and paragraphs such a box is off (no page break, no register-true),
            # so the click sets it, the opposite of the help's step; applying it would do what the
            # request undoes. The settings of Tools (options, AutoCorrect) the help clears are on by default
            return
        if not sets and not self._names_command(steps[:opened + 1]):
            return
        button = "OK"
        if d is not None:
            button = ("Insert" if "Insert" in buttons and (fold(d.title).startswith("insert") or "OK" not in buttons)
                      else "OK" if "OK" in buttons else d.title if d.title in buttons else None)  # Print's Print
        if button is not None:
            out.steps.append(PlanStep(step=f"Click {button} (confirm the dialog)", function="click_input", control=button))

    def _names_command(self, steps: list[PlanStep]) -> bool:
        """The request asks for the command of the menu entry the last of ``steps`` clicked: every
        word of the entry's name (two or more) is a word of the request, and the request's verb is
        a word of the entry or of a submenu on its path (not of the top menu: "Edit" names a menu,
        not the request's edit)."""
        path: list[str] = []
        for s in reversed(steps):
            if s.function != "click_input":
                return False
            path.insert(0, s.control or "")
            if s.step.endswith(" on the menu bar"):
                break
        else:
            return False
        def stem(w: str) -> str:
            return w.rstrip("s")  # "Split Cells" is the request's "Split cell"

        words = [stem(w) for w in fold(path[-1]).split() if w not in ("a", "an", "the", "to", "and", "or", "of", "in", "into")]
        asked = [stem(w) for w in re.findall(r"[a-z]+", self._request.lower())]
        below = {stem(w) for n in path[1:] for w in fold(n).split()}
        return len(path) >= 2 and len(words) >= 2 and set(words) <= set(asked) and bool(asked) and asked[0] in below

    def _sentence(self, sentence: str, out: CompiledPlan, seed: str, contingency: bool = False) -> None:
        """Compile one sentence into ``out``. An optional sentence ("If you want, ...") or a
        contingency after a step's own sentence ("If the list is empty, click New", "If you
        select Character, click ...": a case the plan's own choices do not reach) that does not
        compile is left out, kept in ``dropped``: the procedure stands without it."""
        optional = _OPTIONAL.match(sentence)
        if optional:
            sentence = sentence[optional.end():]
        if self._syntax_note(sentence, out):
            return
        self._held = ""  # a key held down in a sentence is released at its end
        steps, failures = [], []
        example = False  # in "For example, ..., enter Hide==1" after a value typed in a box
        for c in clauses(sentence):
            if re.match(r"(?i)^for example\b", c):
                example = True
                c = re.sub(r"(?i)^for example,?\s*", "", c)
                if not re.match(r"(?i)^(?:enter|type)\s", c):
                    continue  # "For example, using the variable you previously defined": no step
            if example:
                # the example is the value of the box the step before typed in ("enter an expression
                # in the Condition box. For example, ..., enter Hide==1"), not text for the document
                got = self._example(c, steps or out.steps, out, seed)
                if got:
                    continue
            self._last_toggled, self._toggled = self._toggled, None  # "the checkbox" is the one the clause before clicked
            kept = len(out.defaults)
            got = self.clause(c, out, seed)
            if isinstance(got, list) and any(_opens_dialog(st.control) for st in got if st.function == "click_input"):
                self._defaults_at_open = kept  # a dialog opened here: the choices kept from now on are its
            if isinstance(got, Failure):
                failures.append(got)
                self._acted = True  # what did not compile may have opened a dialog: no "no_dialog" after it
            else:
                steps += got
        if (optional or contingency) and failures:
            out.dropped.append((optional.group(0) if optional else "") + sentence)
            return
        out.failures += failures
        out.steps += steps

    def _syntax_note(self, sentence: str, out: CompiledPlan) -> bool:
        """A note on how to write a box's value ("Use - for a range of pages. For example, 1-4
        prints all pages from 1 to 4.", "Use , or ; for a list of pages"): what symbols mean in
        the box, not a step. It compiles to no step (kept in ``dropped``), except that its example
        fills the box whose value the plan left to the user just before ("Enter the page numbers
        to print", kept in ``defaults``): the help's own literal is a concrete valid choice, which
        the judge can compare the result with. The box is the one whose name's words the kept
        clause has ("page numbers" -> Pages): the entry of the option the plan selected last, else
        one box of the dialog's page shown. False when the sentence is no such note."""
        if not _SYNTAX_NOTE.match(sentence):
            return False
        out.dropped.append(sentence)
        m = _EXAMPLE_VALUE.search(sentence)
        d = self._every_page
        kept = out.defaults[-1] if out.defaults and self._in_dialog and d is not None else ""
        if m is None or not re.match(r"(?i)^(?:enter|type)\s", kept):
            return True
        said = {w.rstrip("s") for w in fold(kept).split()}

        def named(n: str) -> bool:
            return bool(fold(n).split()) and {w.rstrip("s") for w in fold(n).split()} <= said

        # the box of the option the plan selected ("select the Pages option. The text box will show
        # ..."): the entry beside an option is named as the option (observe._option_left); else a
        # box the page shown has
        options = {fold(o.rstrip(":")) for o in d.options}
        chose = [s.control.rstrip(":") for s in out.steps if s.function == "click_input" and s.args.get("check") is True
                 and fold(str(s.control).rstrip(":")) in options]
        shown = self._shown if self._shown is not None else d
        boxes = [o for o in chose[-1:] if named(o)] or [b for b in shown.boxes if named(b)]
        if len(boxes) != 1 or any(s.function == "set_edit_text" and s.control == boxes[0] for s in out.steps):
            return True
        value = m.group(1).rstrip(".,;")
        out.defaults.pop()
        out.steps.append(PlanStep(step=f'Type "{value}" in the {boxes[0]} box (the help\'s example)', function="set_edit_text",
                                  control=boxes[0], args={"text": value}))
        return True

    def _example(self, c: str, before: list[PlanStep], out: CompiledPlan, seed: str) -> bool:
        """"enter Hide==1" in the help's example right after a step that typed a value in a box:
        the example's value replaces that value (the help's own literal over a generated one).
        False when the clause is no typing or the step before typed in no box."""
        m = re.match(r"(?i)^(?:enter|type)\s+(.+)$", c)
        last = before[-1] if before else None
        if m is None or last is None or last.function != "set_edit_text" or last.control in (None, DOC):
            return False
        value = self._value(m.group(1), last.control, out, seed)
        if value is None:
            return False
        before[-1] = last.model_copy(update={"step": f'Type "{value}" in the {last.control} box', "args": {"text": value}})
        return True

    def clause(self, c: str, out: CompiledPlan | None = None, seed: str = "") -> list[PlanStep] | Failure:
        """The steps of one clause ([] for a clause that asks nothing), or why it does not compile."""
        out = out if out is not None else CompiledPlan()
        c = _SHORTCUT_NOTE.sub("", re.sub(r",?\s+and:\s+.*$", "", c)).strip(" .,")  # "icon (F12)"; "..., and: To change"
        c = re.sub(r"\b((?i:type|enter)):\s*", r"\1 ", c)  # "In the Condition box, type: X"
        low = c.lower()
        low = re.sub(r"^(?:now|next|finally|first|then|either|optionally|\(optional\)|alternatively|simply)\s*,?\s*", "", low)
        c = c[len(c) - len(low):] if len(low) < len(c) else c
        m = re.match(r"^(?:when|once|after) (?:you are |you have |it is )?(?:finished|done|ready|satisfied)\b[^,]*,\s*(.+)$", c, re.I)
        if m:  # "When finished, close the dialog with OK": a time, not a condition
            return self.clause(m.group(1), out, seed)
        # "Click Close when finished": the same time after the step, not a word of the button's name
        c = re.sub(r"(?i),?\s+when (?:you are |you're |you have |you've )?(?:finished|done)$", "", c)
        low = c.lower()
        if re.match(r"^(if|when|for whole|for one|in case)\b", low):
            m = re.match(r"^[^,:]+,\s*(.+)$", c)
            if m and not re.match(rf"^(?:please\s+)?{_VERBS}\b", m.group(1), re.I):
                # "If you save the document in HTML format, a separate numbered list is created":
                # the consequence is a description, not a step
                return []
            return Failure(clause=c, reason="conditional")
        if _DOCUMENT_OPEN.match(c):
            # "Open a new text document", "Open the document where you want to insert the object":
            # the task's template is that document, already open
            out.assumed.append(c)
            return []
        if _REMARK.match(low):
            return []  # a remark or an alternative the help adds ("You can also press Ctrl+B")
        if self._popup is not None:
            got = self._popup_entry(c, out, seed)
            if got is not None:
                return got
        if re.search(r"\b(right-click|context menu)\b", low) or self._context is not None:
            got = self._context_menu(c, low, out, seed)
            if got is not None:
                return got
            if re.search(r"\b(right-click|context menu)\b", low):
                return Failure(clause=c, reason="context_menu")
        held = re.match(r"^hold down (?:the )?((?:(?:ctrl|control|alt|shift|command|option)\s*\+?\s*)+?)(?:\s*keys?)?$", c, re.I)
        if held and not re.search(r"\b(drag|click|mouse)\b", low):
            # "hold down Alt, and then press the left arrow": the modifiers go with the next key pressed
            self._held = "".join(_MODS[k.lower()] for k in re.findall(r"(?i)ctrl|control|alt|shift|command|option", held.group(1)))
            return []
        if re.fullmatch(r"(?i)release(?: the keys?| it| them)?", c):
            self._held = ""  # "hold down Alt and press Insert, release, and then press the left arrow"
            return []
        if re.match(r"^double-click\b", low) and not re.search(r"\b(drag|hold|while|ctrl|shift|alt)\b", low):
            got = self._deck_entry(c, low, out)
            if got is not None:
                return got
        got = self._deck_click(c, low, out)
        if got is not None:
            return got
        if re.search(r"\b(drag|double-click|hold down|press and hold|click and hold|release the mouse|while pressing)\b", low):
            return self._alternative(c, out, seed) or Failure(clause=c, reason="mouse_gesture")
        sidebar = re.search(r"\b(sidebar|deck|in the navigator)\b", low) and re.match(rf"^(?:in|on|from)\b|^{_VERBS}\b", low)
        got = self._rules(c, low, out, seed)
        if sidebar and not (isinstance(got, list) and got and any(s.step.endswith(("on the menu bar", " deck")) for s in got)) \
                and not (isinstance(got, Failure) and got.reason == "needs_object"):  # another document may hold it
            # a deck the inventory does not hold (Properties, the Navigator): only a menu path that
            # opens one ("Choose View - Styles to open the Styles deck") or an inventoried deck's
            # icon or entry is read
            return Failure(clause=c, reason="icon_not_in_inventory")
        if got is None or isinstance(got, Failure) and got.reason in ("open_choice", "unrecognised"):
            # Second reading: the same clause without what does not change the action: a purpose
            # ("Click More Options to expand the dialog"), a time ("press Ctrl+B when you are
            # finished"), and with the first of the alternatives it offers ("press the left or
            # the right arrow", "select "Portrait" or "Landscape""): a deterministic valid choice.
            simple = _simplify(c)
            if simple != c:
                again = self._rules(simple, simple.lower(), out, seed)
                got = again if got is None or isinstance(again, list) else got
        if got is not None:
            return got
        if not re.match(rf"^{_VERBS}\b", low):
            return []  # says nothing to do ("The preview box shows the selected page")
        return self._alternative(c, out, seed) or Failure(clause=c, reason="unrecognised")

    def _alternative(self, c: str, out: CompiledPlan, seed: str) -> list[PlanStep] | None:
        """"Click once, or press the Esc key", "click the Edit button, or double-click on My
        Documents": the help offers two ways to the same end; when the clause as a whole is a
        gesture or reads as nothing, the first of its ways that compiles to steps is the plan's.
        None when the clause offers no other way, none compiles, or the clause is about a window
        the inventory does not hold (its other way acts in that window too)."""
        if re.search(r"\b(sidebar|deck|navigator|window|gallery)\b", c, re.I):
            return None
        ways = re.split(rf"(?i),?\s+or\s+(?={_VERBS}\b)", c)
        if len(ways) < 2:
            return None
        kept = len(out.defaults)
        for way in ways:
            got = self.clause(way, out, seed)
            if isinstance(got, list) and got:
                return got
            del out.defaults[kept:]  # a way not taken keeps no choice
        return None

    def _rules(self, c: str, low: str, out: CompiledPlan, seed: str) -> list[PlanStep] | Failure | None:
        for rule in (self._sidebar_deck, self._dialog_named_after, self._made_by_menu, self._answer, self._save, self._replace, self._list_entries, self._until, self._keys, self._menu, self._submenu, self._open_window, self._icon, self._tab, self._in_list, self._in_control, self._where,
                     self._ensure_checked, self._ensure_menu_check, self._check_and_value, self._another_entry,
                     self._document_type, self._format_for, self._checkbox, self._object, self._reference, self._precondition, self._apply_style, self._password, self._two_boxes, self._typing, self._chosen_value, self._dialog_option, self._kind_button, self._open_choice, self._select_item, self._button):
            got = rule(c, low, out, seed)
            if got is not None:
                if isinstance(got, list) and not all(_positions(s) for s in got):
                    self._acted = True
                return got
        return None

    # ---------------------------------------------------------------- saving the open document
    _FILE_TYPE = re.compile(r"^(?:in\s+the\s+(?P<where>.+?)\s+(?:list box|box|list),\s*)?(?:select|choose)\s+"
                            r"(?:a|an|the|one of the)\s+(?P<what>.+?)\s+(?:file\s+)?(?:format|type)s?$", re.I)
    _SAVE_IN = re.compile(r"^save\s+(?:the|this|your)\s+(?:page|document|file)\s+(?:using|as|in)\s+(?P<what>.+?)$", re.I)
    _SAVE_PLAIN = re.compile(r"^save\s+(?:the|this|your)\s+(?:document|file)$", re.I)

    def _save(self, c, low, out, seed):
        """Saving the open document, the one File-menu act the judge can check (the document's
        location and filter afterwards, ``DocState.location``/``filter``):

        - "select a Microsoft Office file format" / "select the desired format" in the save dialog's
          file type list the plan opened (File - Save As...): an entry of the named family
          (:meth:`_format_entry`);
        - "Save the page using one of the "HTML Document" file types": File - Save As... and that entry
          (the name and Save the dialog still needs are added at the end: :meth:`_confirm_save`);
        - "Click Save" in that dialog: its Save button (not the Standard toolbar's of the same name);
        - "save the document": File - Save, by its key (Ctrl+S): the document stays where it is.
        Other saves (a copy, a template, a remote file) are not read here."""
        if self._saving and self._in_dialog:
            m = self._FILE_TYPE.match(c)
            if m:
                return self._format_step(c, m.group("what"), out, seed)
            b = re.fullmatch(r"(?i:click|press)\s+(?:the\s+)?(\w+)(?:\s+button)?", c)
            d = self._opened_dialog
            if b and d is not None and b.group(1) in d.buttons and fold(b.group(1)) == fold(d.title.split()[0]):
                self._in_dialog = self._saving = False
                return [PlanStep(step=f"Click {b.group(1)} (the dialog's)", function="click_input", control=b.group(1))]
            return None
        m = self._SAVE_IN.match(c)
        if m and not self._in_dialog:
            opened = self._open_save_dialog(c)
            if isinstance(opened, Failure):
                return opened
            what = re.sub(r"(?i)^one of the\s+|\s+(?:file\s+)?(?:format|type)s?$", "", m.group("what"))
            got = self._format_step(c, what, out, seed)
            return got if isinstance(got, Failure) else opened + got
        if self._SAVE_PLAIN.match(c) and self._save_dialog() is not None:
            # after "Click Insert": a dialog's own verb closed it; the save acts on the document
            self._in_dialog = False
            return [PlanStep(step="Press Ctrl+S (File - Save)", function="keyboard_input", control=DOC, args={"keys": "^s"})]
        return None

    def _save_dialog(self) -> tuple[list[str], DialogControls] | None:
        """The File menu's dialog that saves the document, when the inventory holds it."""
        hit = next(((path, d) for path in SAVE_DIALOGS if (d := self.inv.dialog(list(path))) is not None), None)
        return None if hit is None else (list(hit[0]), hit[1])

    def _open_save_dialog(self, c: str) -> list[PlanStep] | Failure:
        got = self._save_dialog()
        if got is None:
            return Failure(clause=c, reason="outside_document")
        path, d = got
        self._dialog, self._in_dialog, self._saving = d, True, True
        self._defaults_at_open = 0
        return _menu_clicks(path)

    def _format_step(self, c: str, what: str, out: CompiledPlan, seed: str) -> list[PlanStep] | Failure:
        """The click on the save dialog's file type entry ``what`` names: a quoted name's entry
        ("HTML Document"), a family's first entry (:data:`lamkit.dataflow.formats.FAMILIES`: "Microsoft Office" -> the first
        "Word" entry), or, for "the desired format", one generated entry of another format than the
        document's (:meth:`_other_formats`)."""
        d = self._opened_dialog
        lists = {n: e for n, e in (d.lists.items() if d is not None else ()) if re.search(r"(?i)\btype\b", n)}
        if len(lists) != 1:
            return Failure(clause=c, reason="not_in_dialog")
        name, entries = next(iter(lists.items()))
        what = what.strip().strip('"“”')
        if formats.ANY_FORMAT.search(what):
            choices = self._other_formats(entries)
            if not choices:
                return Failure(clause=c, reason="not_in_dialog")
            entry = _generated(out, seed, f"{fold(name)}:entry", lambda h: choices[h % len(choices)])
        else:
            words = formats.family(what) or (what,)
            hits = [e for e in entries if formats.saves_in(e, words)]
            if not hits:
                return Failure(clause=c, reason="not_in_dialog")
            entry = hits[0]
        return [PlanStep(step=f'Select "{entry}" in the {name} list', function="click_input", control=entry, args={"list": name})]

    def _other_formats(self, entries: list[str]) -> list[str]:
        """The entries "the desired format" can mean: another document format than ODF and than the
        template's own (its extension), not a template, not one that asks more ("Choose Encoding")."""
        own = f"(.{self.target.suffix.lstrip('.')})" if self.target.suffix else None
        return [e for e in entries if not re.search(r"(?i)\bODF\b|template|choose|\(\.uot\)", e)
                and not (own and e.lower().endswith(own.lower()))]

    def _confirm_save(self, out: CompiledPlan) -> None:
        """The save dialog the procedure leaves open ("Choose File - Save As. In the File type box,
        select a Microsoft Office file format."): a file name is typed when the plan typed none (the
        document's own name would overwrite the open file, in its own folder: the episode's copy),
        and its Save button clicked. The name is bare, so the file lands in the folder the dialog
        opens on: the open document's (the environment's episode folder)."""
        if not (self._saving and self._in_dialog) or out.failures:
            return
        d = self._opened_dialog
        box = next((b for b in d.boxes if fold(b).endswith("name")), None) if d is not None else None
        verb = d.title.split()[0] if d is not None and d.title else ""
        if box is None or verb not in d.buttons:
            return
        if not any(s.function == "set_edit_text" and s.control == box for s in out.steps):
            value = _generated(out, self._seed, f"{fold(box)}:name", _GENERATED["name"])
            out.steps.append(PlanStep(step=f'Type "{value}" in the {box} box', function="set_edit_text", control=box,
                                      args={"text": value}))
        out.steps.append(PlanStep(step=f"Click {verb} (the dialog's)", function="click_input", control=verb))
        self._in_dialog = self._saving = False

    # ---------------------------------------------------------------- rules
    def _dialog_named_after(self, c, low, out, seed):
        """"Check the Hidden Paragraphs box in the dialog Tools - Options - LibreOffice Writer -
        View": the menu path that opens the dialog first, then the clause."""
        m = re.match(r"^(.+?)\s+in the (?:dialog|dialog box)\s+([A-Z][^-]*?(?:\s+-\s+[A-Z][^-]*?)+)$", c)
        if not m:
            return None
        head = self._menu(f"Choose {m.group(2)}", f"choose {m.group(2)}".lower(), out, seed)
        if not isinstance(head, list):
            return head
        more = self.clause(m.group(1), out, seed)
        return more if isinstance(more, Failure) else head + more

    _MADE_BY = re.compile(r"^(?:first\s+)?(?:insert|enter|add|create|set|define)\s+(?:a|an|the)\s+([a-z][\w-]*)\b[^()]*"
                          r"\(([A-Z][\w&. ]*(?:\s+-\s+[A-Z][\w&. ]*)+)\)$", re.I)

    def _made_by_menu(self, c, low, out, seed):
        """"First enter a bookmark at that position (Insert - Bookmark)": something made by the
        menu entry the help names in parentheses, when the entry's name is the thing's ("Bookmark...");
        the dialog the entry opens is confirmed with its own button (Insert, else OK), its name
        or values as the dialog proposes them (the help gives none). None for any other clause."""
        m = self._MADE_BY.match(c)
        if not m:
            return None
        tokens = [t.strip(" .") for t in re.split(r"\s+-\s+", m.group(2))]
        if not fold(tokens[-1]).startswith(fold(m.group(1)).rstrip("s")):
            return None
        got = self.menu_path(tokens, c, out, seed)
        if isinstance(got, Failure) or not self._in_dialog:
            return got
        d = self._every_page
        button = "Insert" if d is not None and "Insert" in d.buttons else "OK"
        return got + [PlanStep(step=f"Click {button} (confirm the dialog)", function="click_input", control=button)]

    def _answer(self, c, low, out, seed):
        """"Answer "Yes" to the following question": the message box's button of that name."""
        m = re.match(r"^answer\s+(?:with\s+)?[\"']([A-Z][\w ]*?)[\"']\s+(?:to|in)\s+(?:the|this|a)\b.*$", c, re.I)
        if not m:
            return None
        return [PlanStep(step=f"Click {m.group(1)}", function="click_input", control=m.group(1))]

    def _replace(self, c, low, out, seed):
        """"Replace the number in the Value box with 3": the box's text becomes the value."""
        m = re.match(r"^replace\s+(?:the\s+)?(?:[\w ]+?)\s+in the (.+?) (?:box|field|text box)\s+with\s+(.+)$", c, re.I)
        if not m:
            return None
        control = m.group(1).strip("\"'")
        value = self._value(m.group(2), control, out, seed)
        if value is None:
            return Failure(clause=c, reason="open_choice")
        return [PlanStep(step=f'Type "{value}" in the {control} box', function="set_edit_text", control=control, args={"text": value})]

    _ENTRY_IN_LIST = r"(?:\"([^\"]+)\"|'([^']+)')\s+in the (.+?) (?:list|list box|box)"

    def _list_entries(self, c, low, out, seed):
        """"Click 'Page' in the Type list and 'Next page' in the Select list": each quoted entry
        in its list, in order (the verb is said once for both)."""
        m = re.match(rf"^(?:click|select|choose)\s+{self._ENTRY_IN_LIST}((?:,?\s+and\s+{self._ENTRY_IN_LIST})+)$", c, re.I)
        if not m:
            return None
        found = re.findall(self._ENTRY_IN_LIST, c[len(c) - len(c.lstrip()):], re.I)
        return [self._entry_step(a or b, lst) for a, b, lst in found]

    def _keys(self, c, low, out, seed):
        m = re.match(r"^press\s+(?:the\s+)?(?:shortcut\s+keys?\s+)?(.+?)(?:\s+(?:to|and|so|key|keys)\b.*)?$", c, re.I)
        if not m:  # "Use Ctrl+C to copy ...", "click Ctrl+M": a chord named with another verb
            m = re.match(r"^(?:use|click)\s+((?:(?:ctrl|shift|alt|command)\+)+\w+)(?:\s+(?:to|in|and)\b.*)?$", c, re.I)
            if not m:
                return None
        name = re.sub(r"(?i),?\s+release$", "", m.group(1))
        ways = re.split(r"(?i)\s+or\s+(?:press\s+)?", name)
        if len(ways) == 2 and all(to_pywinauto(w) for w in ways):
            # "press Delete or Backspace": two keys to the same end, the first is one; read as a
            # button ("press Delete"), it clicked whatever control is called Delete
            name = ways[0]
        keys = to_pywinauto(name)
        if keys is None:
            return None  # not a chord: another rule (or the second reading) may read it
        held, released = self._held, name != m.group(1)
        if held and not keys.startswith(("^", "%", "+")):
            keys, name = held + keys, f"{name} (holding {'+'.join(k for k, v in _MOD_NAMES if v in held)})"
            self._held = "" if released else held
        opens = re.search(r"(?i)\bto open the (\w[\w ]*?) (?:window|deck)\b", c)
        deck = next((d for d in self.inv.decks if opens and fold(d) == fold(opens.group(1))), None)
        if deck is not None and self._deck != deck:
            # "press F11 to open the Styles window": the deck is open now; opening it again from its
            # menu entry (View - Styles, a toggle) would close it
            self._deck, self._view, self._open_menu = deck, None, None
        return [PlanStep(step=f"Press {name}", function="keyboard_input", control=DOC, args={"keys": keys})]

    #: How many presses of a chord reach a selection the help names only by its end ("press Ctrl+A
    #: until all cells are selected"), with the cursor in a table cell that holds text: Writer's
    #: table shortcuts (swriter/04/01020000.html) say Ctrl+A "selects the contents of the active
    #: cell. Pressing again selects the entire table" (in an empty cell the first press does).
    #: Only what the help's own shortcut table defines; any other "until" has no known count.
    _UNTIL_IN_CELL = {("^a", "table"): 2}
    _UNTIL = re.compile(r"^press\s+(?:the\s+)?(.+?)\s+(?:key\s+|keys\s+)?(?:repeatedly\s+)?until\s+(.+)$", re.I)

    def _until(self, c, low, out, seed):
        """"Press Ctrl+A until all cells are selected": the chord as many times as the help's
        shortcut table says it takes from where the plan put the cursor (:attr:`_UNTIL_IN_CELL`).
        An "until" whose count nothing defines ("Press F6 until the focus is on the Insert
        toolbar", "Press the right arrow key until the Section icon is selected": the focus
        order of the window) is ``unrecognised``: read as one press, it would be a plan that
        stops short."""
        m = self._UNTIL.match(c)
        if not m:
            return None
        keys = to_pywinauto(m.group(1))
        goal = m.group(2)
        if keys is None:
            return Failure(clause=c, reason="unrecognised")
        whole_table = re.fullmatch(r"(?i)(?:all|all of)\s+(?:the\s+)?(?:table\s+)?cells\s+(?:are|have been)\s+selected|"
                                   r"the\s+(?:whole|entire)\s+table\s+is\s+selected", goal.strip(" ."))
        n = self._UNTIL_IN_CELL.get((keys, "table")) if whole_table and self._place == "table" and self.target.cell else None
        if n is None:
            return Failure(clause=c, reason="unrecognised")
        return [PlanStep(step=f"Press {m.group(1)} ({i + 1} of {n}: until all cells are selected)", function="keyboard_input",
                         control=DOC, args={"keys": keys}) for i in range(n)]

    _PATH_START = re.compile(
        r"\b(?i:choose|select|go to|open|choosing|selecting|from the menu bar,? (?:choose|select)|from the menu)\s+"
        r"(?i:the\s+menu\s+command\s+|the\s+menu\s+|menu\s+|the\s+)?(?=[A-Z][^-]*?(?:\s+-\s*|\s*-\s+)[A-Z])")
    _PATH_ONLY = re.compile(r"^(?=[A-Z][^-]*?(?:\s+-\s*|\s*-\s+)[A-Z])")  # "Format - Paragraph - Indents & Spacing tab"

    def _menu(self, c, low, out, seed):
        m = self._PATH_START.search(c) or self._PATH_ONLY.match(c)
        if not m:
            return None
        path = re.split(r"\s+or\s+(?=[A-Z][^-]*?\s+-\s)", c[m.end():])[0]  # "View - Styles or Styles - Manage Styles": the first path
        tokens = [t.strip(" .") for t in re.split(r"\s+-\s*|\s*-\s+", path)]
        if self._in_dialog and re.match(r"(?i)^go to\b", c) and _resolve(self.inv.menus, tokens[0]) is None:
            # "Choose Tools - Options. Go to Language Settings - Languages.": a path inside the
            # dialog the plan opened (its tree of pages), not on the menu bar
            names = [re.sub(r"(?i)\s+(?:tab|tab page|page)$", "", t) for t in tokens]
            if any(self._not_a_tab(n) for n in names):
                return Failure(clause=c, reason="not_in_dialog")
            self._acted = True
            self._pages.update(names)
            steps = [PlanStep(step=f"Click {n}", function="click_input", control=n) for n in names]
            for n in names:
                self._tab_step(n)  # the page the tree path shows (its step's wording stays this rule's)
            return steps
        got = self.menu_path(tokens, c, out, seed)
        if not isinstance(got, Failure) and len(got) > 1 and fold(got[0].control or "") == "file" \
                and not re.match(r"(?i)properties|print preview", got[1].control or "") \
                and self.inv.dialog([s.control or "" for s in got[:2]]) is None:
            # the File menu's other entries open, save, print, send or close files: outside the
            # document; but a dialog of it the inventory holds is one the environment carries out:
            # the save dialog saves the open document (``inventory.SAVE_DIALOGS``), File - Print...'s
            # printer writes into a file the state reads
            return Failure(clause=c, reason="outside_document")
        if not isinstance(got, Failure):
            self._saving = [st.control for st in got[:2]] in SAVE_DIALOGS  # the save dialog (above)
        return got

    def menu_path(self, tokens: list[str], clause: str, out: CompiledPlan | None = None, seed: str = "",
                  root: list[MenuNode] | None = None) -> list[PlanStep] | Failure:
        """Click each menu down the path; after a menu item that opens a dialog ("Paragraph..."),
        the remaining names are that dialog's tab or page ("Indents & Spacing").

        The last name is read with what follows it ("Text to Table to convert it", "Field
        Shadings or press Ctrl+F8", "Page and select the Header tab"): the longest run of its
        words that resolves is the name; a following "and ..." is compiled as its own clause,
        a purpose, a place or an alternative ("to ...", "in ...", "or ...") is dropped."""
        steps: list[PlanStep] = []
        nodes: list[MenuNode] = self.inv.menus if root is None else root
        where = " on the menu bar" if root is None else " in the context menu"
        self._open_menu = None
        rest = ""
        for i, tok in enumerate(tokens):
            tok = re.sub(r"\s*\(.*?\)", "", tok).strip()  # "Styles (F11)"
            last = i == len(tokens) - 1
            words = tok.split()
            found, name = None, tok
            for k in range(len(words), 0, -1) if last else (len(words),):
                # "Choose Edit - Paste, or press Ctrl+V": the comma ends the name, not a word of it
                name = " ".join(words[:k]).rstrip(",;:") if last else " ".join(words[:k])
                found = _resolve(nodes, name)
                if found:
                    rest = tok[len(name):].strip()
                    break
            if not found and steps and not nodes:
                # past a dialog-opening item: the rest are the dialog's tabs/pages
                for j, t in enumerate(tokens[i:]):
                    head = re.split(r"\s+(?:tab|tab page|page|area|section|dialog)\b|,|\s+(?:to|in|and|or|with|for|of)\s", t, maxsplit=1)[0].strip()
                    if i + j == len(tokens) - 1:
                        rest = t[len(head):].strip()
                        rest = re.sub(r"^(?:tab|tab page|page|area|section|dialog)\b\s*", "", rest)
                    if self._not_a_tab(head):
                        return Failure(clause=clause, reason="not_in_dialog")
                    steps.append(self._tab_step(head))
                break
            if not found:
                return Failure(clause=clause, reason="menu_not_in_inventory")
            if last and found[-1].children:
                same = find_child(found[-1].children, found[-1].name)
                if same is not None and _opens_dialog(same.name):
                    # "choose Paragraph" in the context menu: the entry is now a submenu ("Paragraph")
                    # whose entry of the same name opens the dialog the help means ("Paragraph...")
                    found = found + [same]
            for node in found:
                steps.append(PlanStep(step=f"Click {node.name}" + ("" if steps else where), function="click_input", control=node.name))
            nodes = found[-1].children
            self._open_menu = found[-1] if found[-1].children else None
            path = [st.control for st in steps]
            self._dialog = (self.inv.dialog(path) if root is None else self._dialog_of_leaf(path[-1])) if not nodes else None
            self._in_dialog = not nodes and _opens_dialog(found[-1].name)
        if root is None:
            self._opened([st.control for st in steps])
            head = self._where_dialog_opens(clause)
            if isinstance(head, Failure):
                return head
            steps = head + steps
        m = re.match(r"^(?:,\s*)?and\s+(?:then\s+)?(.+)$", rest)
        self._acted = True
        if m:
            more = self.clause(m.group(1), out, seed)
            if isinstance(more, Failure):
                return more
            steps += more
        return steps

    # ---------------------------------------------------------------- context menus
    _CONTEXT_ELSEWHERE = re.compile(r"\b(styles?|navigator|status (?:bar|line)|templates?|base|database|file explorer|report|"
                                    r"gallery|control|button|field on the status|in the list of)\b", re.I)
    _CONTEXT_OBJECT = re.compile(r"^(?:in|on|into)?\s*(?:the|a|an|any)?\s*(?:of the\s+)?(list|index|table of contents|frame|graphic|image|"
                                 r"picture|object|objects|field|footnote|endnote|section|chart|shape|comment|hyperlink|bookmark|"
                                 r"subdocument|word with)\b", re.I)

    def _context_menu(self, c, low, out, seed):
        """"Right-click in a paragraph, and choose Paragraph", "Right-click in the table", "Open
        the context menu and select Edit Paragraph Style", "Choose Edit Paragraph Style from the
        context menu": the document's context menu, opened with Shift+F10 at the cursor (the
        keyboard's right-click: it keeps the selection the plan made), its entries resolved in
        the inventory's context menu of that place (:attr:`UIInventory.context_menus`); an entry of
        the Styles deck's list: :meth:`_deck_context`. None when the clause is about another
        window's context menu (the Navigator's)."""
        first = re.match(r"^(click .+?),\s+((?:right-click|right click)\b.*)$", c, re.I)
        head = self._deck_click(first.group(1), first.group(1).lower(), out) if first else None
        if head is not None:
            # "click the Paragraph Style you want to exempt, right-click that style": select, then its menu
            more = self._context_menu(first.group(2), first.group(2).lower(), out, seed)
            return more if more is None or isinstance(more, Failure) else head + more
        got = self._select_then_context(c, out, seed)
        if got is not None:
            return got
        purpose = re.match(r"^to\s+[^,]+,\s+((?:right-click|right click)\b.+)$", c, re.I)
        if purpose:  # "To update the index, right-click in the index": the purpose changes no step
            c = purpose.group(1)
        m = re.match(r"^(?:right-click|right click|open the context menu|open context menu)\b(.*)$", self._in_deck(c), re.I)
        if m:
            rest = m.group(1).strip(" ,")
            then = re.search(r"(?:^|,\s*|\s+)(?:and\s+(?:then\s+)?|then\s+)?((?:choose|select)\b.+)$", rest, re.I)
            where = rest[:then.start()] if then else rest
            head = self._deck_context(where, c, out) if self._CONTEXT_ELSEWHERE.search(where) else None
            head = head or self._open_context(where, c)
            if head is None or isinstance(head, Failure):
                return head
            more = self._context_entry(then.group(1), c, out, seed) if then else []
            return more if isinstance(more, Failure) else head + more
        on = re.search(r"\s+(?:from|in|on) the context menu$", c, re.I)
        if self._context is None and on is None:
            return None
        if not re.match(r"^(?:choose|select|click)\b", c, re.I):
            return None if self._context is None else Failure(clause=c, reason="context_menu")
        head = []
        if self._context is None:
            head = self._open_context("", c)
            if head is None or isinstance(head, Failure):
                return head
        more = self._context_entry(c, c, out, seed)
        return more if isinstance(more, Failure) else head + more

    def _in_deck(self, c: str) -> str:
        """"In the Styles window, right-click ...": the clause without the place when the place is
        an inventoried deck (its list's entries are what the rest names)."""
        m = re.match(r"(?i)^in the (\w[\w ]*?) (?:sidebar )?(?:window|deck),\s*(.+)$", c)
        return m.group(2) if m and any(fold(m.group(1)) == fold(d) for d in self.inv.decks) else c

    def _open_context(self, where: str, clause: str) -> list[PlanStep] | Failure | None:
        """Put the cursor where the clause says (unless the plan already did), then Shift+F10."""
        w = re.sub(r"(?i)\b(?:anywhere|to open (?:the |a )?context menu|to open the menu)\b", "", where).strip(" ,")
        if self._CONTEXT_ELSEWHERE.search(w):
            return None  # the Styles deck's, the Navigator's, another window's context menu: not the document's
        got = self._object_context(w, clause)
        if got is not None:
            if isinstance(got, Failure):
                return got
            head, tree = got
            self._context, self._open_menu, self._in_dialog, self._acted = tree, None, False, True
            return head + [PlanStep(step="Open the context menu (Shift+F10)", function="keyboard_input", control=DOC,
                                    args={"keys": CONTEXT_KEYS})]
        head: list[PlanStep] = []
        if not w or re.match(r"(?i)^(?:in|on|into)?\s*(?:the\s+|any\s+|that\s+)?(?:highlighted\s+|current\s+)?"
                             r"(?:selection|selected (?:text|paragraphs?|words?)|selected)\b", w):
            place = self._place or "text"
            if self._place is None:
                head = self._place_cursor(before=False)
        elif re.match(r"(?i)^(?:in|on|into)?\s*(?:the|a|an|any)?\s*(?:current\s+)?(?:paragraph|text|document|line|sentence)\b", w):
            if self._place not in ("text", "selection") or not re.search(r"(?i)\bcurrent\b", w):
                head = self._place_cursor(before=False, clause=clause)
                if isinstance(head, Failure):
                    return head
            place = "list" if self._place == "list" else "text"
        elif re.match(r"(?i)^(?:in|on|into)?\s*(?:the|a|an|any)?\s*(?:cell|table cell|table)\b(?!\s+of contents)", w):
            place = "table"
            if self.target.cell is None:
                return Failure(clause=clause, reason="needs_object")
            if self._place != "table":
                head = self._cell_cursor()
        elif re.match(r"(?i)^(?:in|on|into)?\s*(?:the|a|an)\s+(?:(ordered|numbered|bulleted|unordered)\s+)?list\b(?!\s+of)", w):
            place = "list"
            if self._place != "list":
                head = self._list_cursor(clause, re.match(r"(?i)^(?:in|on|into)?\s*(?:the|a|an)\s+(\w+)", w).group(1).lower()
                                         if re.search(r"(?i)\b(?:ordered|numbered|bulleted|unordered)\b", w) else None)
                if isinstance(head, Failure):
                    return head
        elif self._CONTEXT_OBJECT.match(w):
            return Failure(clause=clause, reason="needs_object")
        else:
            return None
        tree = self.inv.context_menus.get(place if place in ("table", "list") else "text") or \
            (self.inv.context_menus.get("text") if place == "list" else None)
        if not tree:
            return None  # an inventory without context menus (not discovered for this application)
        self._context, self._open_menu, self._in_dialog, self._acted = tree, None, False, True
        return head + [PlanStep(step="Open the context menu (Shift+F10)", function="keyboard_input", control=DOC, args={"keys": CONTEXT_KEYS})]

    def _select_then_context(self, c, out, seed):
        """"Select the frame, right-click", "Select the graphic, right-click, and then choose Wrap":
        the object selected (:meth:`_object`), then its context menu (:meth:`_context_menu`). None
        when the clause is not of that form or the object is not one :meth:`_object` reaches."""
        m = re.match(r"^(select\s+(?:the|a|an)\s+.+?),\s+((?:right-click|right click)\b.*)$", c, re.I)
        head = self._object(m.group(1), m.group(1).lower(), out, seed) if m else None
        if head is None and m and self._OBJECT.match(m.group(1)):
            return Failure(clause=c, reason="needs_object")  # an object the document does not hold
        if not isinstance(head, list):
            return None
        more = self._context_menu(m.group(2), m.group(2).lower(), out, seed)
        return more if more is None or isinstance(more, Failure) else head + more

    #: The objects whose context menu a clause opens by name ("right-click in the table of
    #: contents", "right-click the image", "right-click the selected frame"); the kind of each is
    #: :attr:`_REFERENCE_NAMES`' or :attr:`_OBJECT_NAMES`'. An index is right-clicked in; a frame
    #: or an image on (in a frame is its text, whose menu is another).
    _CONTEXT_NAMED = re.compile(
        r"(?i)^(?:(?P<in>in|inside|into)|on)?\s*(?:the|a|an)?\s*(?P<sel>selected\s+)?"
        r"(?P<name>index or table of contents|table of contents|index|text frame|frame|graphic|image|picture)$")

    def _object_context(self, where: str, clause: str) -> tuple[list[PlanStep], list[MenuNode]] | Failure | None:
        """(steps that reach the object, its context menu) for a right-click on an object the
        document holds: the object of :attr:`_CONTEXT_NAMED` reached as :meth:`_reach` reaches it
        (the steps the inventory's walk took to read its menu: ``inventory.discover_object_context_menus``),
        no steps when the plan's last object rule reached it already (a bare "right-click" after
        "Select the frame", or "the selected frame"); its menu is the inventory's of that kind.
        ``needs_object`` when the document lacks the object; None for any other place, or when the
        inventory holds no menu of that kind (the clause keeps its reason)."""
        if not where:
            kind = self._reached if self._place == "object" else None
            tree = self.inv.context_menus.get(kind or "")
            return ([], tree) if tree else None
        m = self._CONTEXT_NAMED.match(where)
        if not m:
            return None
        name = m.group("name").lower()
        kind = self._REFERENCE_NAMES.get(name) if name in ("index", "index or table of contents", "table of contents") \
            else self._OBJECT_NAMES[name]
        if bool(m.group("in")) != (kind in ("table of contents", "alphabetical index")):
            return None
        tree = self.inv.context_menus.get(kind)
        if not tree:
            return None
        if self._place == "object" and self._reached == kind:
            return [], tree
        if m.group("sel"):
            return None  # "the selected frame" the plan did not select
        head = self._reach(kind, inside=kind != "frame")
        return Failure(clause=clause, reason="needs_object") if head is None else (head, tree)

    def _context_entry(self, c: str, clause: str, out: CompiledPlan, seed: str) -> list[PlanStep] | Failure:
        """"choose List - Bullets and Numbering", "Choose Edit Paragraph Style from the context
        menu": the entries down the open context menu."""
        m = re.match(r"^(?:choose|select|click)\s+(?:the\s+)?(?:command\s+|entry\s+)?(.+?)(?:\s+(?:from|in|on) the (?:context )?menu)?$", c, re.I)
        tree, self._context = self._context, None
        if not m or tree is None:
            return Failure(clause=clause, reason="context_menu")
        name = m.group(1).strip("\"' ")
        if re.match(r"(?:a|an|the|one|any)\s+[a-z]", name):
            return Failure(clause=clause, reason="open_choice")  # "choose an editing option from the menu"
        tokens = [t.strip(" .\"") for t in re.split(r"\s+-\s*|\s*-\s+", name)]
        view, self._deck_menu = self._deck_menu, None
        steps = self.menu_path(tokens, clause, out, seed, root=tree)
        if view is not None and isinstance(steps, list) and self._in_dialog:
            # a deck entry's New... or Modify...: the style's dialog of that view, as inventoried
            self._dialog = self.inv.decks[self._deck].entry_dialogs.get(view)
            if self._dialog is None:
                return Failure(clause=clause, reason="context_menu")
        return steps

    #: A paragraph the clause or the request says is a list's: one whose numbering or bullet the
    #: step restarts or removes ("the paragraph where you want to restart numbering", "the
    #: paragraph that you want to remove the numbering from"), or "a list paragraph", "a paragraph
    #: in an ordered list" in the request. Not a paragraph to add numbering to (it is in no list
    #: yet), nor line or chapter numbering (a paragraph's line numbers, a heading's number).
    _LIST_PARAGRAPH = re.compile(
        r"\bparagraph\b[^.]*?\b(?:where|that|which|whose|from which)\b[^.]*?\b(?:restart|remove|delete|continue)\b[^.]*?"
        r"\b(?:numbering|numbers?|bullets?)\b", re.I)
    _LIST_PARAGRAPH_ASKED = re.compile(
        r"\blist paragraphs?\b|\bparagraphs? (?:in|of|from) (?:an?|the) (?:(?:ordered|numbered|bulleted|unordered) )?list\b", re.I)

    def _list_paragraph(self, clause: str) -> str | None:
        """The kind of list ("numbered", "bulleted", "" for either) when the paragraph the clause
        puts the cursor in is a list's (:attr:`_LIST_PARAGRAPH`), else None."""
        said = f"{clause} {self._request}"
        if re.search(r"(?i)\b(?:line|chapter|heading|page)\s+number", said):
            return None
        if not (self._LIST_PARAGRAPH.search(clause) or self._LIST_PARAGRAPH_ASKED.search(self._request)):
            return None
        numbered = re.search(r"(?i)\b(?:ordered|numbered|numbering|number)\b", said)
        bulleted = re.search(r"(?i)\b(?:bulleted|unordered|bullets?)\b", said)
        return "" if bool(numbered) == bool(bulleted) else "numbered" if numbered else "bulleted"

    def _place_cursor(self, before: bool, clause: str = "") -> list[PlanStep] | Failure:
        """The cursor at the end (``before``: the start) of the target's paragraph; of its list's
        second entry (:attr:`Target.next_item`, else its first) when the clause means a paragraph
        of a list (:meth:`_list_paragraph`): ``needs_object`` when the template has no such list."""
        kind = self._list_paragraph(clause) if clause else None
        if kind is not None:
            steps = self._list_cursor(clause, kind or None, self.target.next_item)
            if isinstance(steps, Failure) or not before:
                return steps
            return steps[:1] + [PlanStep(step="Press Home (place the cursor at the start of the list entry)", function="keyboard_input",
                                         control=DOC, args={"keys": "{HOME}"})]
        self._place = "text"
        return [PlanStep(step=f'Select "{self.target.paragraph}" in the document', function="select_text", control=DOC,
                         args={"text": self.target.paragraph}),
                PlanStep(step=f"Press {'Home' if before else 'End'} (place the cursor)", function="keyboard_input", control=DOC,
                         args={"keys": "{HOME}" if before else "{END}"})]

    def _list_cursor(self, clause: str, kind: str | None, entry: str | None = None) -> list[PlanStep] | Failure:
        """The cursor at the end of the list's first entry (or of ``entry``, another entry's
        anchor); ``needs_object`` without a list of the kind the help names."""
        want = {"ordered": "number", "numbered": "number", "bulleted": "bullet", "unordered": "bullet"}.get(kind or "")
        entry = entry or self.target.item
        if entry is None or want and want != self.target.list_kind:
            return Failure(clause=clause, reason="needs_object")
        self._place = "list"
        return [PlanStep(step=f'Select "{entry}" in the list', function="select_text", control=DOC,
                         args={"text": entry}),
                PlanStep(step="Press End (place the cursor in the list)", function="keyboard_input", control=DOC, args={"keys": "{END}"})]

    def _where_dialog_opens(self, clause: str) -> list[PlanStep] | Failure:
        """Before a menu-bar path that opens a dialog the inventory found only where the document
        offers something (:attr:`DialogControls.needs`: "Table - Properties..." with the cursor in
        a table cell, "Format - Sections..." on a document with a section, "Edit - Fields..." at a
        field): ``needs_object`` when the target does not offer it (so :func:`compile_first`
        moves the procedure to a document that does); else the cursor put there
        (:meth:`cursor_for`) when the help's steps put it nowhere yet ("Choose Table -
        Properties" as the procedure's first step: on its own the entry is disabled and the
        dialog never opens). A cursor the help's steps put is left where they put it. Only when
        the plan did nothing before but put the cursor: a procedure that made the object itself
        ("Choose Insert - Frame and click OK. Enter text in the frame. Choose Format - Frame and
        Object - Properties") acts on its own, not on one the document holds."""
        need = self._opened_dialog.needs if self._opened_dialog is not None else None
        if need is None or self._acted:
            return []
        if not self._offers(need):
            return Failure(clause=clause, reason="needs_object")
        if self._place is not None or need == "objects":
            return []  # the help's own cursor; "objects": the document holding them is enough
        return self.cursor_for(need) or []

    def _offers(self, need: str) -> bool:
        """Whether the target offers what a dialog needs (:attr:`DialogControls.needs`)."""
        if need in ("text", "selection"):
            return True
        if need in ("table", "list"):
            return (self.target.cell if need == "table" else self.target.item) is not None
        if need == "objects":
            return bool(self.target.objects)
        return any(self.target.reach(k) is not None for k in (need, *_ALSO_OF_KIND.get(need, ())))

    def cursor_for(self, need: str) -> list[PlanStep] | None:
        """The steps that put the cursor where a dialog that ``need``s it opens: in a body paragraph
        ("text", and "objects": a document holding objects, the cursor in none of them), a word
        selected ("selection": Table - Convert - Text to Table, Tools - Sort act on one), a list's
        first entry, a table cell, else the object of that kind selected (:meth:`_reach`: a frame
        selected whole, as Format - Frame and Object - Properties needs it; the cursor in a
        header's, a note's or a section's text, where their dialogs act); None when
        the target does not offer it. One place for both sides: the inventory puts the cursor with
        these steps where it looks for such dialogs (``inventory.object_places``), and a plan puts it
        the same way (:meth:`_where_dialog_opens`)."""
        if not self._offers(need):
            return None
        if need in ("text", "objects"):
            return self._place_cursor(before=False)
        if need == "selection":
            self._place = "selection"
            return [PlanStep(step=f'Select "{self.target.word}" in the document', function="select_text", control=DOC,
                             args={"text": self.target.word})]
        if need == "list":
            return self._list_cursor("", None)
        if need == "table":
            return self._cell_cursor()
        return self._reach(need, inside=False)

    def _cell_cursor(self) -> list[PlanStep]:
        self._place = "table"
        return [PlanStep(step=f'Select "{self.target.cell}" in the table', function="select_text", control=DOC,
                         args={"text": self.target.cell}),
                PlanStep(step="Press End (place the cursor in the cell)", function="keyboard_input", control=DOC, args={"keys": "{END}"})]

    def _dialog_of_leaf(self, leaf: str) -> DialogControls | None:
        """The inventoried dialog a context menu's entry opens: the one menu-bar dialog whose
        entry has that name ("Paragraph..." -> Format - Paragraph...), or None."""
        hits = [d for k, d in self.inv.dialogs.items() if fold(k.split(" - ")[-1]) == fold(leaf)]
        return hits[0] if len(hits) == 1 else None

    def _open_window(self, c, low, out, seed):
        """"Open the Styles window", "Open the Navigator", "Open the Form Controls toolbar": a
        window, deck, toolbar or dialog named without its menu, opened by the one menu entry of
        that name in the inventory (:meth:`UIInventory.entry_path`)."""
        m = re.match(r"^(?:open|show|display)\s+the\s+([A-Z][\w&'-]*(?:\s+[\w&'-]+){0,4}?)"
                     r"(?:\s+(window|dialog|dialog box|deck|toolbar|bar|panel|pane|sidebar))?$", c, re.I)
        if not m:
            return None
        name = m.group(1)
        path = self.inv.entry_path(name) or (self.inv.entry_path(f"{name} {m.group(2)}") if m.group(2) else None)
        if path is None:
            return None
        if fold(path[0].name) == "file":
            return Failure(clause=c, reason="outside_document")
        self._open_menu = None
        self._dialog = self.inv.dialog([n.name for n in path])
        self._in_dialog = _opens_dialog(path[-1].name)
        self._opened([n.name for n in path])
        return _menu_clicks([n.name for n in path])

    # ---------------------------------------------------------------- decks the sidebar's menu opens
    def _sidebar_deck(self, c, low, out, seed):
        """The Navigator and any deck whose menu entry opens it outside the sidebar
        (:attr:`DeckControls.sidebar_path`): "To open the Navigator, press F5", "click the Navigator
        icon to open the Navigator" open the deck from the sidebar's menu; "Click the Promote Level
        or Demote Level icon" clicks one of the deck's icons the help offers, a choice kept per
        plan (:func:`_generated`); "Select the heading in the Navigator list" selects the
        document's object of that kind (:meth:`_deck_object`). None for any other clause."""
        decks = {fold(d): d for d, dc in self.inv.decks.items() if dc.sidebar_path}
        if not decks:
            return None
        names = "|".join(re.escape(d) for d in decks)
        listed = re.match(rf"(?i)^(?:select|click)\s+(?:on\s+)?(?:the|a|an)\s+([a-z][\w-]*)\s+in the ({names}) (?:list|window)$", c)
        if listed:
            return self._deck_object(decks[fold(listed.group(2))], listed.group(1), c)
        icons = re.search(r"(?i)\bclick (?:on )?the (.+?) icons?\b", c)
        if icons:
            ways = [w.strip() for w in re.split(r"(?i)\s+or\s+(?:the\s+)?", icons.group(1))]
            found = [self.inv.deck_icon(w) for w in ways]
            if len(ways) > 1 and all(f is not None and f[0] == found[0][0] and fold(f[0]) in decks for f in found):
                key = "|".join(fold(w) for w in ways) + ":icon"
                deck, icon = found[ways.index(_generated(out, seed, key, lambda h: ways[h % len(ways)]))]
                return self._deck_icon_steps(deck, icon)
        opens = re.search(rf"(?i)\bopen the ({names})\b(?!\s*(?:list|icon|'s))", c)
        if opens and (not icons or fold(icons.group(1)) in decks) and not self.inv.deck_icon(opens.group(1)):
            return self._open_deck(decks[fold(opens.group(1))])  # [] when the plan opened it already
        return None

    def _deck_object(self, deck: str, kind: str, c: str) -> list[PlanStep] | Failure:
        """"Select the heading in the Navigator list": the deck's list holds the document's
        objects by kind (its entries "Headings", "Tables", ...); the kind's entry is clicked (a click
        selects a category and expands it: ``actions.select_entry``), then the document's object of
        that kind, by its text (``Target.reach``: the Navigator shows a numbered heading with its
        number before the text, the expert grounds the nearest name). ``needs_object`` when the
        document holds none of that kind."""
        kinds = next(iter(self.inv.decks[deck].lists.values()), [])
        entry = next((e for e in kinds if fold(e) in (fold(kind) + "s", fold(kind))), None)
        text = self.target.reach(fold(kind))
        if entry is None:
            return Failure(clause=c, reason="icon_not_in_inventory")
        if not text:
            return Failure(clause=c, reason="needs_object")
        # The icon of the list's own name (the Navigator's "Content Navigation View") shows one kind
        # only, the one selected when it was clicked, and the sidebar keeps it on from an earlier
        # episode: it is made off (the expert clicks it only when it is on) so the list shows every kind.
        dc = self.inv.decks[deck]
        own = next((dc.names.get(n) for n in dc.names if any(fold(n) == fold(k) for k in dc.lists)), None)
        whole = [PlanStep(step=f"Make sure {next(n for n in dc.names if dc.names[n] == own)} is off in the {deck} deck",
                          function="click_input", control=own, args={"check": False})] if own else []
        return self._open_deck(deck) + whole + [
            PlanStep(step=f"Click {entry} in the {deck} deck", function="click_input", control=entry),
            PlanStep(step=f"Click {text} in the {deck} deck", function="click_input", control=text)]

    # ---------------------------------------------------------------- sidebar decks
    def _opened(self, path: list[str]) -> None:
        """A menu path the plan clicked that opens an inventoried deck (View - Styles): the deck is
        open now, its list on the view it opens with (not known: None)."""
        deck = next((d for d, dc in self.inv.decks.items() if dc.opened_by == path), None)
        if deck is not None and deck != self._deck:
            self._deck, self._view = deck, None

    def _find_deck_icon(self, name: str, clause: str) -> tuple[str, str] | None:
        """(deck, icon) for "the Page Styles icon", "the Character Style icon at top of the deck"
        (the help names a category in the singular too), in the deck the clause names when it
        names one ("in the Styles window", "of the Styles deck")."""
        named = re.search(r"\bthe (\w[\w ]*?) (?:sidebar )?(?:deck|window)\b", clause, re.I)
        deck = named.group(1) if named and any(fold(named.group(1)) == fold(d) for d in self.inv.decks) else None
        for n in (name, f"{name}s"):
            got = self.inv.deck_icon(n, deck)
            if got is not None:
                return got
        return None

    def _deck_icon_steps(self, deck: str, icon: str) -> list[PlanStep]:
        """Open the deck from its menu entry when the plan has not yet (opening it again keeps
        it open), then click the icon; an icon that switches the deck's list is its view now."""
        steps = self._open_deck(deck)
        steps.append(PlanStep(step=f"Click {icon} in the {deck} deck", function="click_input", control=icon))
        if icon in self.inv.decks[deck].views:
            self._view = icon
        return steps

    def _open_deck(self, deck: str) -> list[PlanStep]:
        if self._deck == deck:
            return []
        path = self.inv.decks[deck].opened_by
        self._deck, self._view, self._open_menu, self._dialog, self._in_dialog = deck, None, None, None, False
        side = self.inv.decks[deck].sidebar_path
        if side:  # the menu entry opens it elsewhere (View - Navigator: a floating window): the sidebar's menu
            return [PlanStep(step=f"Click {side[0]} on the sidebar's tab bar", function="click_input", control=side[0]),
                    *[PlanStep(step=f"Click {n} in the sidebar's menu to open the {deck} deck", function="click_input", control=n)
                      for n in side[1:]]]
        return _menu_clicks(path)

    def _deck_entry(self, c: str, low: str, out: CompiledPlan) -> list[PlanStep] | None:
        """"Double-click a name in the list", "Double-click the "First Page" style", "Double-click
        the desired paragraph style in the Styles window": apply an entry of a deck's list. The
        list is the view the plan switched to, or the one whose icon names the kind the clause
        names ("paragraph style" -> Paragraph Styles), switched to first; the entry as
        :meth:`_deck_pick` reads it. A list whose entries all show at once (:attr:`DeckControls.rows`)
        is double-clicked; a longer one is typed into and Enter applies the entry (:meth:`_select_entry`).
        None when no deck list is meant (a dialog's list, the Navigator's) or the entry cannot be reached."""
        deck, view = self._deck_view(low)
        if view is None:
            return None
        what = re.sub(r"^double-click\s+(?:on\s+)?", "", c, flags=re.I)
        shows = len(self.inv.decks[deck].views[view]) <= self.inv.decks[deck].rows
        pick = self._deck_pick(re.split(r"(?i)\s+(?:in|on|from) the\b|\s+to\b", what)[0].strip(), deck, view, c, out,
                               typed=not shows)
        if pick is None:
            return None
        if shows:
            steps = self._to_view(deck, view)
            self._entry = pick
            return steps + [PlanStep(step=f"Double-click {pick} in the {deck} deck", function="click_input", control=pick,
                                     args={"double": True})]
        return self._select_entry(deck, view, pick, close="{ENTER}")

    def _deck_click(self, c: str, low: str, out: CompiledPlan) -> list[PlanStep] | None:
        """"Click on the name of the character style to which you want to apply a different
        language", "click the Paragraph Style you want to exempt": select an entry of the deck's
        list of the kind the clause names (the step before its context menu is opened), as
        :meth:`_select_entry` does. None for any other click (an icon, a button, a tab)."""
        m = re.match(r"(?i)^click (?:on )?(?:the name of )?((?:the|a|an) .+)$", c)
        if not m or self._in_dialog or re.search(r"\b(?:icon|button|tab|box|field|dialog|menu)\b", low):
            return None
        what = re.split(r"(?i)\s+(?:in|on|from) the\b|\s+(?:to|that|which|you)\b", m.group(1))[0]
        deck, view = self._deck_view(what.lower())
        if view is None or fold(view).rstrip("s") not in fold(what).replace("styles", "style"):
            return None  # only an entry the clause names by the list's kind ("the custom paragraph style" in a dialog's list is not)
        pick = self._deck_pick(what, deck, view, c, out)
        return self._select_entry(deck, view, pick, close="{ESCAPE}") if pick else None

    def _deck_pick(self, what: str, deck: str, view: str, c: str, out: CompiledPlan, typed: bool = True) -> str | None:
        """The entry of the view's list a clause means: the one the help quotes ("the "Default"
        paragraph style": the help's older name, without the kind's words, is the entry of that
        name and kind: Default Paragraph Style), the one it names ("the First Page style"), the
        one the plan selected ("that style"), else a choice the help leaves open ("a page style",
        "the desired paragraph style": :meth:`_entry_choice`, kept in ``defaults``). None for a
        quoted name the list does not have. ``typed``: the entry is reached by :meth:`_select_entry`,
        so a choice is made among the entries no other view of the deck has (its keys go to the
        entry the expert grounds by name, and the deck keeps its other views' lists, hidden, in
        the accessibility tree: "Endnote" is a page style and a paragraph style)."""
        entries = self.inv.decks[deck].views[view]
        got = self._deck_pick_in(what, entries, deck, view, c, out, typed)
        self._kept_at_pick = len(out.defaults)
        return got

    def _deck_pick_in(self, what: str, entries: list[str], deck: str, view: str, c: str, out: CompiledPlan, typed: bool) -> str | None:
        q = _quoted(what)
        what = re.sub(r"^(?:the\s+|a\s+|an\s+)", "", what, flags=re.I).strip()
        kind = fold(view).rstrip("s")
        named = [fold(q)] + [f"{fold(q)} {kind}"] if q else [fold(what), fold(re.sub(r"(?i)\s+style$", "", what))]
        exact = [q, f"{q} {view.rstrip('s')}"] if q else [what]
        pick = next((e for e in entries if e in exact), None) or next((e for n in named for e in entries if fold(e) == n), None)
        if pick is not None or q is not None:
            return pick
        if re.match(r"(?i)^(?:that|this) style$", what) and self._entry in entries:
            return self._entry
        out.defaults.append(c)
        own = [e for e in entries if not self._elsewhere(deck, view, e)] if typed else entries
        return self._entry_choice(own or entries, view, self.inv.decks[deck].selected.get(view, ""))

    def _elsewhere(self, deck: str, view: str, entry: str) -> bool:
        """Another view of the deck has an entry of that name too."""
        return any(entry in e for v, e in self.inv.decks[deck].views.items() if v != view)

    def _to_view(self, deck: str, view: str) -> list[PlanStep]:
        """Open the deck and switch its list to ``view`` unless the plan already did."""
        steps = self._open_deck(deck)
        if view != self._view:
            steps.append(PlanStep(step=f"Click {view} in the {deck} deck", function="click_input", control=view))
            self._view = view
        return steps

    def _select_entry(self, deck: str, view: str, pick: str, close: str) -> list[PlanStep] | None:
        """Make ``pick`` the selected entry of the view's list, whether it shows or not: its name is
        typed into the list (the tree's type-ahead selects the first entry starting with what is
        typed, and scrolls to it), on an entry sure to show and focused by the keys: the entry the
        plan selected last, else the one the list has selected as it opens (the document's current
        style: the list scrolls to it; keys on another entry did not open the menu once); then
        ``close`` on ``pick``: Enter applies it, Escape only closes the type-ahead's search box.
        None when an entry above it starts with its name (typing "Caption" stops at "caption"),
        or another view has an entry of its name (:meth:`_deck_pick`). Measured in LibreOffice
        7.4 (docs/help_tasks.md, "Sidebar decks")."""
        entries = self.inv.decks[deck].views[view]
        if any(fold(e).startswith(fold(pick)) for e in entries[:entries.index(pick)]) or self._elsewhere(deck, view, pick):
            return None
        if pick == self._entry and view == self._view and self._deck == deck:
            # selected by the plan already (and so showing): only what applies it is left
            return [] if close == "{ESCAPE}" else [self._key_step(pick, close)]
        on = self._entry if self._entry in entries and view == self._view else self.inv.decks[deck].selected.get(view) or entries[0]
        self._entry = pick
        return self._to_view(deck, view) + [
            PlanStep(step=f'Type "{pick}" in the {view} list', function="keyboard_input", control=on, args={"keys": _literal(pick)}),
            self._key_step(pick, close)]

    @staticmethod
    def _key_step(entry: str, keys: str) -> PlanStep:
        return PlanStep(step=f"Press {keys.strip('{}').title()} on {entry}", function="keyboard_input", control=entry, args={"keys": keys})

    def _deck_context(self, where: str, clause: str, out: CompiledPlan) -> list[PlanStep] | None:
        """"Right-click the "Default" paragraph style", "Right-click "Right Page" in the list of
        page styles", "Right-click a page style", "open the context menu in the Styles window"
        (after an entry was clicked): the context menu of an entry of a deck's list, opened with
        Shift+F10 (:data:`CONTEXT_KEYS`) on the entry :meth:`_select_entry` selected; its entries
        are the inventoried ones of that view (:attr:`DeckControls.entry_menus`). None when the
        place is not a deck's list entry."""
        w = re.sub(r"(?i)(?:^|\s+)in the (?:styles? (?:window|deck|list)|list(?: of [\w ]+)?)$", "", re.sub(r"(?i)^on\s+", "", where)).strip()
        deck, view = self._deck_view(where.lower())
        if view is None or not re.search(r"\bstyles?\b|\blist\b|\"", where, re.I) or not self.inv.decks[deck].entry_menus.get(view):
            return None
        if not w and self._entry in self.inv.decks[deck].views[view]:
            pick = self._entry
        else:
            pick = self._deck_pick(w, deck, view, clause, out) if w else None
        steps = self._select_entry(deck, view, pick, close="{ESCAPE}") if pick else None
        if steps is None:
            return None
        self._context, self._deck_menu, self._acted = self.inv.decks[deck].entry_menus[view], view, True
        return steps + [PlanStep(step="Open the context menu (Shift+F10)", function="keyboard_input", control=pick,
                                 args={"keys": CONTEXT_KEYS})]

    def _deck_view(self, low: str) -> tuple[str | None, str | None]:
        """The deck and list view a double-click means: the one whose icon names the kind the
        clause names ("paragraph style", "page styles"), else the view the plan switched to when
        the clause says no other place (a dialog's box, the Navigator)."""
        for deck, dc in self.inv.decks.items():
            for view in dc.views:
                kind = fold(view).rstrip("s")  # "page styles" -> "page style"
                if len(kind.split()) > 1 and re.search(rf"\b{re.escape(kind)}s?\b", low):
                    return deck, view
        if self._view is not None and not re.search(r"\b(box|dialog|navigator|field|file|chart|object)\b", low):
            return self._deck, self._view
        return None, None

    def _entry_choice(self, entries: list[str], view: str, selected: str) -> str:
        """A list entry for a choice the help leaves open: the one sharing a word with the request
        ("Apply a different page style to the first page" -> First Page; the words of the view's
        name, "page style(s)", say nothing), else the first one the list did not have selected
        (applying the current one would change nothing)."""
        kind = {w for v in re.findall(r"[a-z]+", view.lower()) for w in (v, v.rstrip("s"))}
        words = {w for w in re.findall(r"[a-z]+", self._request.lower()) if len(w) > 3} - kind
        near = [e for e in entries if words & set(re.findall(r"[a-z]+", e.lower()))]
        return (near or [e for e in entries if e != selected] or entries)[0]

    def _submenu(self, c, low, out, seed):
        """"select the page style for the current page from the submenu": the submenu the last
        menu path opened is in the inventory, so its first entry is a valid choice."""
        if not re.match(r"^(?:select|choose|click)\b.*\b(?:from|in|on) the submenu$", low):
            if self._open_menu is None or not re.match(r"^(?:select|choose|click)\s+(?:a|an|the|one of the)\s+[a-z][\w -]*?"
                                                       r"(?:\s+(?:that|which)\s+you\s+want\b.*)?$", c, re.I) \
                    or re.search(r"\b(?:tab|button|icon|box|check ?box|list|field)$", c, re.I):
                return None
            # "select the page style that you want to add the footer to", right after the menu path
            # that opened a submenu of page styles: the submenu's first entry is a valid choice
        menu = getattr(self, "_open_menu", None)
        q = _quoted(c)
        if menu is None:
            return Failure(clause=c, reason="open_choice")
        node = find_child(menu.children, q) if q else _first_of_kind(menu.children, c, self._request)
        if node is None:
            return Failure(clause=c, reason="menu_not_in_inventory")
        self._open_menu = node if node.children else None
        return [PlanStep(step=f"Click {node.name}", function="click_input", control=node.name)]

    def _icon(self, c, low, out, seed):
        m = re.search(r"\bclick (?:on )?(?:the )?(.+?) (icon|button)\b(?:.*?\bon the (\w[\w ]*?) (?:bar|toolbar)\b)?", c, re.I)
        if not m:
            m2 = re.search(r"\bon the (\w[\w ]*?) (?:bar|toolbar), click (?:the )?(.+?)(?: (icon|button))?$", c, re.I)
            if not m2:
                return None
            name, kind = m2.group(2), (m2.group(3) or "icon")
        else:
            name, kind = m.group(1), m.group(2)
        name = name.strip("\"' ")
        times = 2 if re.search(r"(?i)\b(?:icon|button)\s+twice$", c) else 1  # "click the Toggle Ordered List icon twice"
        if re.match(r"(?i)(?:the )?(?:drop-?down )?arrow (?:next to|beside|of|on) ", name):
            return self._arrow(name, c, out)
        found = _by_name_or_ending(name, self.inv.toolbar_control)
        if found is not None:
            bar, control = found
            return [PlanStep(step=f"Click {control} on the {bar} toolbar" + (f" ({k + 1} of {times})" if times > 1 else ""),
                             function="click_input", control=control) for k in range(times)]
        icon = self._find_deck_icon(name, c)
        if icon is not None:
            return self._deck_icon_steps(*icon)
        if kind.lower() == "button":  # a dialog's push button ("click the Format button")
            if not self._acted:
                return Failure(clause=c, reason="no_dialog")  # "click the Default button" first: the dialog's own page
            return [PlanStep(step=f"Click {name}", function="click_input", control=name)]
        path = None if self._in_dialog or self._window or re.search(r"\b(sidebar|deck|window|navigator|gallery|dialog)\b", c, re.I) \
            else _by_name_or_ending(name, self._command_entry)
        if path is not None:
            # "On the Tools bar, click the Direct Cursor icon": a bar the inventory does not hold
            # (it is hidden by default), but the icon's command has the one menu entry of its name
            # (Edit - Direct Cursor Mode): the same command, reached from the menu bar
            self._open_menu, self._dialog = None, self.inv.dialog([n.name for n in path])
            self._in_dialog = _opens_dialog(path[-1].name)
            return _menu_clicks([n.name for n in path], times)
        return Failure(clause=c, reason="icon_not_in_inventory")

    def _arrow(self, name: str, c: str, out: CompiledPlan) -> list[PlanStep] | Failure:
        """"click the arrow next to the Character Highlighting Color icon": the drop-down arrow of
        the tool bar's split button, the control the observer shows as "<button> arrow"
        (:data:`ARROW`); the popup it opens holds the entries the inventory read
        (:attr:`UIInventory.arrows`), which the next clause picks from (:meth:`_popup_entry`). A
        button without an inventoried arrow: not compiled (the icon itself applies its last color
        or pastes: another task; before, the name's end grounded to the icon, and "Remove
        highlighting" highlighted the text)."""
        button = re.sub(r"(?i)^(?:the )?(?:drop-?down )?arrow (?:next to|beside|of|on) (?:the )?", "", name)
        found = _by_name_or_ending(button, self.inv.toolbar_control)
        entries = self.inv.arrows.get(found[1]) if found is not None else None
        if not entries:
            return Failure(clause=c, reason="icon_not_in_inventory")
        bar, control = found
        self._popup = (control, entries)
        return self._clipboard_filled(control, out) + [
            PlanStep(step=f"Click the arrow next to {control} on the {bar} toolbar", function="click_input", control=f"{control} {ARROW}")]

    def _clipboard_filled(self, control: str, out: CompiledPlan) -> list[PlanStep]:
        """Before Paste's arrow, in a plan that has copied nothing ("Paste clipboard contents using
        an icon menu"): the target's word copied (Ctrl+C) and the cursor at its paragraph's end.
        Why: the help presumes clipboard contents, an episode starts with an empty clipboard, and
        there Paste and its arrow are disabled (measured: the arrow opened nothing); the inventory
        read Paste's menu with the document's text copied, so the menu shows the entries it holds.
        The cursor moves off the selection so that the pasted text adds to the document (pasted
        over its own copy it would change nothing). [] for any other button, or after a copy or cut."""
        if fold(control) != "paste" or any(s.function == "keyboard_input" and re.search(r"\^[cx]", s.args.get("keys", ""), re.I)
                                           or fold(s.control or "") in ("copy", "cut") for s in out.steps):
            return []
        word = self.target.word
        self._place = "text"
        return [PlanStep(step=f'Select "{word}" in the document', function="select_text", control=DOC, args={"text": word}),
                PlanStep(step="Press Ctrl+C (copy the selection)", function="keyboard_input", control=DOC, args={"keys": "^c"}),
                PlanStep(step="Press End (place the cursor)", function="keyboard_input", control=DOC, args={"keys": "{END}"})]

    #: "click No Fill", "Select one of the options", "choose Unformatted text from the menu": a pick in an open popup.
    _POPUP_PICK = re.compile(r"^(?:click|choose|select)\s+(?:on\s+)?(?P<what>.+?)(?:\s+(?:from|in|on) the (?:menu|list|palette|submenu))?$", re.I)
    #: A pick the help leaves to the reader: "one of the options", "an entry", "the color that you want to use".
    _POPUP_OPEN = re.compile(r"^(?:one of the|any of the|an?|the|another)\s+(?:\w+\s+){0,2}?(?:options?|entr(?:y|ies)|commands?|formats?|colou?rs?|items?)"
                             r"(?:\s+(?:that\s+)?you\s+want(?:\s+to\s+use)?)?$", re.I)

    def _popup_entry(self, c: str, out: CompiledPlan, seed: str) -> list[PlanStep] | Failure | None:
        """The clause after "click the arrow next to the X icon": an entry of the popup the arrow
        opened, by its name ("click No Fill"), or, where the help leaves the pick open ("Select one
        of the options"), one of its entries chosen deterministically per plan (:func:`_generated`
        over the popup's entries less those that open a dialog the inventory does not hold ("More
        Options...", "Custom Color…") and the popup's own palette switch, the button's name).
        None when the clause picks nothing (the popup stays the plan's context for no other rule)."""
        button, entries = self._popup
        self._popup = None
        m = self._POPUP_PICK.match(c)
        if not m:
            return None
        what = m.group("what").strip("\"' ")
        hit = next((e for e in entries if fold(e) == fold(what)), None)
        if hit is None and self._POPUP_OPEN.match(what):
            choices = [e for e in entries if not _opens_dialog(e) and fold(e) != fold(button)]
            if not choices:
                return Failure(clause=c, reason="open_choice")
            # a popup has no current entry to avoid (unlike :func:`_list_pick`'s lists): any may be chosen
            hit = _generated(out, seed, f"{fold(button)} {ARROW}:entry", lambda h: choices[h % len(choices)])
            out.defaults.append(c)
        if hit is None:
            return Failure(clause=c, reason="icon_not_in_inventory")
        return [PlanStep(step=f"Click {hit}", function="click_input", control=hit)]

    def _command_entry(self, name: str) -> list[MenuNode] | None:
        """The menu path of the one entry (not a submenu) that runs the command an icon names:
        the entry of that name, else the one entry whose name is the icon's name and one word more
        ("Direct Cursor" -> "Direct Cursor Mode"). Only a name of two words or more, and not an
        entry that opens a dialog or one of File's (outside the document): a one-word icon ("Apply")
        or one that opens a dialog ("Page Style", the Styles deck's icon) too often names another
        control than the menu's."""
        if len(name.split()) < 2:
            return None
        path = self.inv.entry_path(name)
        if path is None:
            key = fold(name)
            hits: list[list[MenuNode]] = []

            def walk(nodes: list[MenuNode], trail: list[MenuNode]) -> None:
                for n in nodes:
                    f = fold(n.name)
                    if not n.children and f.startswith(key + " ") and len(f.split()) == len(key.split()) + 1:
                        hits.append(trail + [n])
                    walk(n.children, trail + [n])

            walk(self.inv.menus, [])
            path = hits[0] if len(hits) == 1 else None
        if path is None or path[-1].children or fold(path[0].name) == "file" or _opens_dialog(path[-1].name):
            return None
        return path

    def _tab(self, c, low, out, seed):
        m = re.match(r"^(?:click|select|choose|open|go to)\s+(?:on\s+)?the\s+(.+?)\s+tab(?: page)?\b", c, re.I) \
            or re.match(r"^on the (.+?) tab(?: page)?,?$", c, re.I)
        if not m:
            return None
        name = re.split(r"\s+or\s+(?:the\s+)?", m.group(1).strip("\"'"))[0]  # "the Header or Footer tab": the first
        if not self._acted:
            return Failure(clause=c, reason="no_dialog")
        if self._every_page is not None:
            name = self._ui_name(name, self._every_page.tabs)  # "the Outline & Numbering tab": "Outline & List" since 7.2
        if self._not_a_tab(name):
            return Failure(clause=c, reason="not_in_dialog")
        return [self._tab_step(name)]

    def _not_a_tab(self, name: str) -> bool:
        """The open dialog is inventoried, has tabs, and none of its tabs or other controls is
        called ``name`` (a tab the help names from another version of the dialog). Any page's
        control counts: the help may name a control of a page the plan did not click."""
        d = self._every_page
        if d is None or not d.tabs:
            return False
        names = {fold(n) for n in d.tabs + d.checks + d.options + d.buttons + d.boxes + list(d.lists)}
        return fold(name) not in names

    def _in_control(self, c, low, out, seed):
        """"In the Type list, click "Conditional text"", "In the Condition box, type "page == 1"",
        "Type a name in the Name box", "Click "Number range" in the Type list"."""
        m = re.match(r'^((?i:select|choose|click))\s+("[^"]+")\s+(?i:in) the ([A-Z][\w-]*(?:\s+[\w-]+){0,2}?)\s+and\s+(?:the\s+)?'
                     r"([A-Z][\w-]*(?:\s+[\w-]+){0,2}?)\s+(boxes|lists|list boxes)$", c)
        if m and not any(re.search(r"(?i)\b(?:box|list|field)$", n) for n in (m.group(3), m.group(4))):
            # "select "Center" in the Horizontal and Vertical boxes": the same quoted entry in each of
            # two named lists (one plural noun); each read as the one-list clause it stands for, so
            # each list's entry is grounded and guarded as a single one is
            kind = {"boxes": "box", "lists": "list", "list boxes": "list box"}[m.group(5)]
            got: list[PlanStep] = []
            for name in (m.group(3), m.group(4)):
                one = self.clause(f"{m.group(1)} {m.group(2)} in the {name} {kind}", out, seed)
                if isinstance(one, Failure):
                    return one
                got += one
            return got
        m = re.match(r"^in the (.+?) (list|box|field|list box|text box|area|section),?\s+(click|select|choose|type|enter)\s+(.+)$", c, re.I)
        if m:
            control, kind, verb, what = m.group(1), m.group(2).lower(), m.group(3).lower(), m.group(4)
        else:
            m = re.match(r"^(click|select|choose|type|enter)\s+(.+?)\s*(?<=[\s\"])(?:in|into|from) the (.+?) (list|box|field|list box|text box|combo box)"
                         r"(,?\s+(?:for example|e\.g\.),?\s+.+)?$", c, re.I)
            if not m:
                return None
            verb, what, control, kind = m.group(1).lower(), m.group(2), m.group(3), m.group(4).lower()
            if m.group(5) and verb in ("type", "enter"):
                what += m.group(5)  # "Type a name in the Name box, for example Reminder": the example is the value
            elif m.group(5):
                # "Select the numbering scheme ... in the Number box, for example, "1,2,3..."": an
                # example, not the help's choice; its entry when the dialog's inventory lists it,
                # else the list's entry stands (the help's examples do not always spell the UI's names)
                entries = self._dialog.entries(control) if self._dialog is not None else None
                q = _quoted(m.group(5))
                if entries and q is not None and fold(q) in {fold(e) for e in entries}:
                    what = f'"{q}"'
            if re.search(r"(?i)\s(?:in|into) the\s", control):
                # "Type the character ... from the caption number in the Separator box": the box is
                # the last one named ("Separator"); what comes before it is still the value's description
                head, control = re.split(r"(?i)\s(?:in|into) the\s", control)[-2:]
                what = f"{what} {head}"
        control = control.strip("\"'")
        if verb in ("type", "enter") and self._in_dialog and self._dialog is not None:
            control = self._ui_name(control, self._dialog.boxes)  # "the Or box": the dialog's "Else" box
        if kind in ("area", "section"):
            return self.clause(what if verb in ("click",) else f"{verb} {what}", out, seed)
        if verb in ("type", "enter"):
            value = self._value(what, control, out, seed)
            if value is None:
                return Failure(clause=c, reason="open_choice")
            return [PlanStep(step=f'Type "{value}" in the {control} box', function="set_edit_text", control=control, args={"text": value})]
        item = _quoted(what)
        if item is None:
            entries = self._dialog.entries(control) if self._dialog is not None else None
            if not entries:
                return self._keep_default(c, out) if verb in ("click", "select", "choose") else Failure(clause=c, reason="open_choice")
            item = _list_pick(out, seed, control, entries)  # "Click an index level in the Levels list"
        if self._deck is not None and self._in_dialog and any(item in e for e in self.inv.decks[self._deck].views.values()):
            # "In the Next Style box, select "Left Page"" in a style's dialog: the open deck shows an
            # entry of that name behind the dialog, and a closed drop-down's entries do not show: the
            # expert would click the deck's (measured: it did, and the dialog then misbehaved)
            return Failure(clause=c, reason="deck_entry_behind")
        return [self._entry_step(item, control)]

    def _entry_step(self, item: str, control: str) -> PlanStep:
        """The click on entry ``item`` of the list ``control`` names. When the open dialog's
        inventory lists no such entry (a closed drop-down list shows its entries only once opened,
        so the inventory never saw them), the step also names the list (``args["list"]``): the
        expert opens that list first when the entry is not showing. An entry the inventory lists,
        and one outside a dialog the plan opened (a sidebar deck's list shows its entries), keep
        the plain step, so plans that ran before are unchanged."""
        d = self._every_page if self._in_dialog else None
        listed = d is None or fold(item) in {fold(e) for entries in d.lists.values() for e in entries}
        return PlanStep(step=f'Select "{item}" in the {control} list', function="click_input", control=item,
                        args={} if listed else {"list": control})

    def _where(self, c, low, out, seed):
        """"On the View tab page, select ...": the tab first, then the clause; "In the Breaks area,
        enable Insert": the clause (an area or section only says where the control is)."""
        m = re.match(r"^(?:in|on|under|from) the (.+?) (tab page|tab|area|section|dialog|window|pane),?\s+(.+)$", c, re.I)
        if not m:
            m = re.match(rf"^(?:in|under) ()()(?:the )?[\w /]+?,?\s+((?i:{_VERBS})\b.+)$", c, re.I)  # "Under Contents, mark Print black"
            if not m:
                return None
        head: list[PlanStep] = []
        if m.group(2).lower().startswith("tab"):
            name = m.group(1).strip("\"'")
            head = [self._tab_step(name)]
        elif m.group(2).lower() == "dialog" and not self._acted:
            # "In the Fields dialog, click the Functions tab" as the plan's first step (the dialog's
            # own page): the menu path that opens the inventoried dialog of that title
            path = self._dialog_titled(m.group(1).strip("\"'"))
            if path is not None:
                self._open_menu, self._dialog, self._in_dialog, self._acted = None, self.inv.dialog(path), True, True
                head = _menu_clicks(path)
        kept = len(out.defaults)
        window, self._window = self._window, m.group(2).lower() in ("window", "pane")
        try:  # "In the Styles window, click the ... icon": an icon of that window, not of a menu
            got = self.clause(m.group(3), out, seed)
        finally:
            self._window = window
        if isinstance(got, Failure):
            return got
        if not got and not head and _REMARK.match(m.group(3)):
            return []  # "In the Find & Replace dialog, you now can read "Font" below the Find text box": a remark on where
        area = self._in_dialog and m.group(2).lower() in ("area", "section")
        if not got and not ((head or area) and len(out.defaults) > kept):
            # nothing to do is not a reading, unless the clause kept the dialog's choice on a tab it
            # names ("On the Area tab page, select the background color": the tab, then its current
            # color) or in an area of the dialog the plan opened ("In the Size area, set the
            # dimensions of the frame": the area's current values)
            return Failure(clause=c, reason="unrecognised")
        return head + got

    def _dialog_titled(self, title: str) -> list[str] | None:
        """The menu path of the inventoried dialog whose window has the help's ``title`` ("Fields"):
        of several entries opening a dialog of that title (Insert - Cross-reference..., Insert -
        Field - More Fields...), the one whose entry's name holds the title's words; None when
        none, or more than one, fits (or the path leads through File: outside the document)."""
        key = fold(title)
        hits = [k for k, d in self.inv.dialogs.items() if key and fold(d.title) == key]
        if len(hits) > 1:
            hits = [k for k in hits if set(key.split()) <= set(fold(k.split(" - ")[-1]).split())]
        if len(hits) != 1 or fold(hits[0].split(" - ")[0]) == "file":
            return None
        return hits[0].split(" - ")

    def _checkbox(self, c, low, out, seed):
        other = self._other_branch(c, out)
        if other is not None:
            return other
        m = re.match(r"^(?i:select|choose|enable|mark|check)\s+(?i:the)\s+(?:option|check ?box|radio button)\s+"
                     r"([A-Z][\w&'-]*(?:\s+[a-z][\w&'-]*)*?)(?:\s+and\s+(.+))?$", c)
        if m:  # "Choose the option Page break and in the Page Style list choose ...": the name follows; the rest is a clause
            more = self.clause(m.group(2), out, seed) if m.group(2) else []
            if isinstance(more, Failure):
                return more
            boxed = re.search(r"(?i)\bcheck ?box\b", c[:m.start(1)]) or self._is_check(m.group(1))
            return [PlanStep(step=f"Select {m.group(1)}", function="click_input", control=m.group(1),
                             args=_wants(True) if boxed else {})] + more
        m = re.match(r"^(select|mark|check|clear|uncheck|unmark|enable|disable|choose)\s+(?:the\s+)?(.+?)\s+(?:check ?box|checkbox|option|radio button)(?:es|\(es\))?\b", c, re.I)
        if not m:
            # "Uncheck Enable word completion", "Mark Always create backup copy", "Remove the check
            # mark from Print automatically inserted blank pages": the box named by its label
            m = re.match(r"^(mark|check|uncheck|unmark|remove the check ?mark from|activate)\s+(?:the\s+)?([A-Z][^\"]*?)$", c, re.I)
            if m and m.group(1).lower() == "activate" and not self._in_dialog:
                return None  # outside a dialog "activate" names other things (a window, a mode)
            if m and m.group(1).lower() == "activate" and re.fullmatch(r"[A-Z][\w'-]*(?:\s+[\w'-]+){0,4}\s+and\s+[A-Z][\w'-]*(?:\s+[\w'-]+){0,4}", m.group(2)):
                pass  # "activate Enable and With Page Style": two check boxes the dialog shows (split below)
            elif m and re.search(r"\s(?:and|or|to)\s", m.group(2)):
                return None  # "Mark Save AutoRecovery information every and select the time interval": not one label
            if not m or re.search(r"\b(spelling|document|text|that|whether|if)\b", m.group(2), re.I) and m.group(1).lower() == "check":
                m2 = re.match(r"^clear the (.+?) (?:text )?box$", c, re.I)  # "Clear the Find text box"
                if m2:
                    return [PlanStep(step=f"Clear the {m2.group(1)} box", function="set_edit_text", control=m2.group(1), args={"text": ""})]
                return None
            if re.search(r"^remove", m.group(1), re.I):
                m = re.match(r"^(uncheck)\s+(.+)$", f"uncheck {m.group(2)}")
        name = re.sub(r"\s+box$", "", m.group(2).strip("\"' "))  # "Check the Hidden Paragraphs box": the box is named without "box"
        if name.lower() in ("the", "a", "an", "this", "that"):
            return None  # "Choose the option ...": no name before "option"
        if re.search(r"\b(you want|that you|required|appropriate)\b", name, re.I):
            return Failure(clause=c, reason="open_choice")
        verb = "Clear" if m.group(1).lower() in self._CLEARS else "Select"
        names = re.split(r"\s+and\s+(?:the\s+)?", name)  # "Select the Heading and the Repeat heading rows check boxes"
        if self._dialog is not None:
            names = [self._ui_name(n, self._dialog.checks) for n in names]  # "Enable" -> the 7.4 page's "Insert"
        purpose = re.match(r"(?i)\s+(?:check ?box|checkbox|option|box)?\s*to\s+(\w+)", c[m.end(2):])
        if any(self._not_on_page(n) for n in names):
            return Failure(clause=c, reason="not_in_dialog")  # a box the help names from another version of the page
        self._toggled = (names[-1], verb, purpose.group(1).lower()) if purpose and len(names) == 1 else None
        return [_check_step(n, verb == "Select") for n in names]

    _ENSURE = re.compile(r"^(?:ensure|make sure|verify)(?:\s+that)?\s+(?:the\s+)?[\"']?(.+?)[\"']?"
                         r"(?:\s+(?:check ?box|checkbox|option|box))?\s+is\s+(.+?)\.?$", re.I)

    def _ensure_checked(self, c, low, out, seed):
        """"Ensure that Use LibreOffice dialogs is enabled", "make sure that the Heading box is not
        selected": a check box the help wants in a state, whatever state it is in now; compiled to
        the box's step that carries the wanted state (the expert clicks only when the box is not in
        it: a click toggles). Only a box the open inventoried dialog's page shows: elsewhere
        "ensure that ..." states a condition of the document or of another window (None)."""
        m = self._ENSURE.match(c)
        state = m and _state_wanted(m.group(2))
        if state is None or self._dialog is None or not self._in_dialog:
            return None
        name = self._ui_name(m.group(1), self._dialog.checks)
        if not self._is_check(name):
            return None
        return [_check_step(name, state)]

    def _ensure_menu_check(self, c, low, out, seed):
        """"Choose Tools - AutoCorrect, and ensure that While Typing is selected": a check entry of
        the submenu the plan left open, in the state the help wants; the click carries that state
        (``args["check"]``): the expert clicks only when the entry is not in it, and else closes the
        open menus (a click would have), so the next step starts with no menu open."""
        m = self._ENSURE.match(c)
        state = m and _state_wanted(m.group(2))
        if state is None or self._open_menu is None or self._in_dialog:
            return None
        node = find_child(self._open_menu.children, m.group(1))
        if node is None or node.kind not in ("check", "radio"):
            return None
        self._open_menu = None
        return [PlanStep(step=f"{'Select' if state else 'Clear'} {node.name} (a check entry of the menu)",
                         function="click_input", control=node.name, args=_wants(state))]

    _CHECK_AND_VALUE = re.compile(r"^(?i:mark|select|check|enable)\s+(?:the\s+)?(?P<box>[A-Z].+?)\s+and\s+(?:then\s+)?"
                                  r"(?:select|set|enter|specify)\s+(?:the|a)\s+(?P<what>[a-z]+(?:\s+[a-z]+)?)$")

    def _check_and_value(self, c, low, out, seed):
        """"Mark Save AutoRecovery information every and select the time interval": a check box of
        the open inventoried page whose label runs on into a value ("every ... minutes"), then that
        value: the page's box named as the check box or, when the page the plan clicked has one box
        only, that one; a generated number typed in it (2 to 10: inside any minutes or count range). Only a
        label the page shows as a check box and a number the help leaves free (:func:`_free_kind`)."""
        m = self._CHECK_AND_VALUE.match(c)
        if not m or not self._in_dialog or self._dialog is None or not self._is_check(m.group("box")):
            return None
        if _free_kind(m.group("what")) != "number":
            return None
        d = self._dialog
        box = next((b for b in d.boxes if _label_key(b) == _label_key(m.group("box"))), None)
        if box is None and len(d.boxes) == 1 and d is not self._opened_dialog:
            box = d.boxes[0]  # the page's one box (the observer names the AutoRecovery minutes "Save")
        if box is None:
            return None
        value = _generated(out, seed, f"{fold(box)}:number", _GENERATED["number"])
        name = next(n for n in d.checks if _label_key(n) == _label_key(m.group("box")))
        return [_check_step(name, True),
                PlanStep(step=f'Type "{value}" in the {box} box', function="set_edit_text", control=box, args={"text": value})]

    _ANOTHER = re.compile(r"^(?i:select|choose)\s+(?i:another|a different|a new)\s+(?P<kind>[\w ]+?)\s+in the\s+"
                          r"[\"'“]?(?P<list>[A-Z][^\"'”]*?)[\"'”]?\s+(?:list ?box|list|box)$")

    def _another_entry(self, c, low, out, seed):
        """"Select another UI language in the "User interface" listbox": inside the inventoried page
        the plan opened, a value of a kind :data:`_CHOSEN` knows (a language), other than the
        current one, from the entries the inventory read for that list: one of the kind's values
        the list has (never the templates' own language), picked deterministically per plan. The
        step names its list (``args["list"]``): a drop-down shows its entries only once opened."""
        m = self._ANOTHER.match(c)
        if not m or not self._in_dialog or self._dialog is None:
            return None
        kind = fold(m.group("kind")).split()[-1]
        entries = self._dialog.entries(m.group("list"))
        if kind not in _CHOSEN or not entries:
            return None
        have = [v for v in _CHOSEN[kind] if v in entries]
        if not have:
            return Failure(clause=c, reason="not_in_dialog")
        value = _generated(out, seed, f"{fold(m.group('list'))}:{kind}", lambda h: have[h % len(have)])
        return [PlanStep(step=f'Select "{value}" in the {m.group("list")} list', function="click_input", control=value,
                         args={"list": m.group("list")})]

    def _page_list_with(self, keep) -> tuple[str, list[str]] | None:
        """The one list of the page the plan shows whose entries ``keep`` keeps some of: (its name,
        those entries); None when no list, or several, have such entries."""
        d = self._dialog
        if d is None or d is self._opened_dialog and d.pages:
            return None  # a tree's page not clicked: which page's lists show is not known
        hits = [(n, [e for e in es if keep(e)]) for n, es in d.lists.items()]
        hits = [h for h in hits if h[1]]
        return hits[0] if len(hits) == 1 else None

    def _document_type(self, c, low, out, seed):
        """"first select a document type" on a page with a list of document types (Tools - Options
        - Load/Save - General's "Document type"): the application's own type (:data:`_DOC_TYPES`),
        the one the environment's documents are; the help leaves it to the user, and any other
        would set the defaults of documents the episode never opens."""
        if not re.fullmatch(r"(?:first\s+)?(?:select|choose)\s+(?:a|the)\s+document\s+type", low) or not self._in_dialog:
            return None
        own = _DOC_TYPES.get(self.inv.app)
        hit = self._page_list_with(lambda e: fold(e) == own)
        if hit is None:
            return None
        return [PlanStep(step=f'Select "{hit[1][0]}" in the {hit[0]} list', function="click_input", control=hit[1][0],
                         args={"list": hit[0]})]

    def _format_for(self, c, low, out, seed):
        """"then select the file type for saving" on an inventoried page whose one list holds file
        formats, when the request names the family ("Save documents by default in Microsoft office
        formats"): that family's first entry of the list (:data:`lamkit.dataflow.formats.FAMILIES`),
        as the save dialog's file type is read (:meth:`_format_step`). Without a family in the
        request the choice is the user's (another rule reads it)."""
        m = re.fullmatch(r"(?:then\s+)?(?:select|choose)\s+(?:the|a)\s+(?:file\s+)?(?:type|format)\s+(?:for|to use for)\s+saving", low)
        if not m or not self._in_dialog:
            return None
        words = formats.family(self._request)
        if not words:
            return None
        hit = self._page_list_with(lambda e: formats.saves_in(e, words))
        if hit is None:
            return None
        return [PlanStep(step=f'Select "{hit[1][0]}" in the {hit[0]} list', function="click_input", control=hit[1][0],
                         args={"list": hit[0]})]

    def _is_check(self, name: str) -> bool:
        """Whether the open dialog's page shows a check box ``name`` (a label's colon aside)."""
        d = self._dialog
        return d is not None and _label_key(name) in {_label_key(n) for n in d.checks}

    def _not_on_page(self, name: str) -> bool:
        """The plan clicked a tab of an inventoried dialog whose page was read with check boxes,
        and nothing on that page is called ``name`` (a label's trailing colon aside): "activate
        Enable and With Page Style" on a Text Flow page whose boxes read "Insert" and "With page
        style:". Only such a page: a page read without its check boxes says nothing."""
        d = self._shown
        if d is None or d is self._opened_dialog or not d.checks:
            return False
        listed = [e for entries in d.lists.values() for e in entries]
        return _label_key(name) not in {_label_key(n) for n in (*d.checks, *d.options, *d.buttons, *d.boxes, *listed)}

    _SETS = _CHECK_VERBS[True]
    _CLEARS = _CHECK_VERBS[False]

    def _other_branch(self, c: str, out: CompiledPlan) -> list[PlanStep] | None:
        """"Clear the Activate page line-spacing checkbox to exempt paragraphs. Set the checkbox to
        enable.": the same check box (named only as "the checkbox"), the other way, for the other
        purpose: the other branch of a task that asks for one or the other ("Exempt or enable
        ..."), not a step after the first. A click toggles the box, so doing both would undo the
        first: the plan takes the first branch and leaves this one out (kept in ``dropped``).
        None unless the clause before clicked a named check box for another purpose, the other way."""
        m = re.match(r"^(\w+)\s+(?:the|this|that)\s+(?:check ?box|checkbox|option|box)\s+to\s+(\w+)\b.*$", c, re.I)
        last = self._last_toggled
        if not m or last is None:
            return None
        verb, purpose = m.group(1).lower(), m.group(2).lower()
        way = "Select" if verb in self._SETS else "Clear" if verb in self._CLEARS else None
        if way is None or way == last[1] or purpose == last[2]:
            return None
        out.dropped.append(c)
        return []

    def _in_list(self, c, low, out, seed):
        m = re.match(r"^(?:click|place the cursor|put the cursor|position the cursor)\s+(?:anywhere\s+)?(?:in|inside|into)\s+"
                     r"(?:the|a|an)\s+(?:(ordered|numbered|bulleted|unordered)\s+)?list(?:\s+paragraph)?$", low)
        if m:  # "Click in the list", "Click anywhere in the ordered list": an entry of the template's list
            return self._list_cursor(c, m.group(1))
        return None

    #: The help's names of the objects a document can hold, and the kind each is in
    #: :attr:`Target.objects`. "Object" alone is what Writer's Frame and Object menu acts on: the
    #: text frame (an image has its own Format - Image menu; live, Frame and Object - Properties
    #: opened nothing for it). Names of objects no rule reaches (a code, a drawing object) are not
    #: here: those stay ``needs_object``; a formula, a cross-reference, an index entry, a heading
    #: are :meth:`_reference`'s (on the references document).
    _OBJECT_NAMES = {"footnote anchor": "footnote anchor", "footnote": "footnote", "endnote": "endnote", "header": "header",
                     "footer": "footer", "frame": "frame", "text frame": "frame", "graphic": "image", "image": "image",
                     "picture": "image", "object": "frame", "field": "field", "section": "section", "note": "footnote"}
    _OBJECT = re.compile(
        r"^(?P<verb>select|click(?: on)?|delete|remove|click (?:in|into|inside)|(?:place|put|position|set) the (?:text )?cursor "
        r"(?:in|into|inside))\s+(?:the|a|an)\s+(?P<name>footnote anchor|text frame|"
        r"footnote|endnote|header|footer|frame|graphic|image|picture|object|field|section|note)"
        r"(?:\s+or\s+(?:a|an|the)?\s*(?:footnote|endnote|header|footer))?"
        r"(?P<rest>\s+(?:in (?:the|your) (?:text|document)|\(.*\)|(?:that|which|where) you want\b.*))?"
        r"(?P<other>,?\s+or\s+(?:click|press|select|double-click)\b.*)?$", re.I)

    def _object(self, c, low, out, seed):
        """"Click in the footnote", "Click in a footnote or endnote", "Select the frame (you see the
        eight handles)", "Select the graphic in your document", "Select the field", "Delete the
        footnote anchor in the text": an object the document holds (:attr:`Target.objects`),
        reached the way a keyboard user reaches it (:meth:`_reach`); "or endnote" names another
        of the same use, the first is one. None when the document does not hold it (the
        object rules of :meth:`_precondition` then say ``needs_object``)."""
        m = self._BEFORE_ANCHOR.match(c)
        if m:
            return self._before_anchor(m)
        m = self._OBJECT.match(c)
        if not m:
            return None
        if m.group("name").lower() == "note" and not re.search(r"\b(?:foot|end)notes?\b", self._request, re.I):
            return None  # "the note" of a task about footnotes or endnotes is one; elsewhere it may be a comment
        kind = self._OBJECT_NAMES[m.group("name").lower()]
        verb = m.group("verb").lower()
        inside = verb.startswith(("click in", "place", "put", "position", "set"))
        steps = self._reach(kind, inside)
        if steps is None:
            return None
        if verb in ("delete", "remove"):
            steps.append(PlanStep(step="Press Delete", function="keyboard_input", control=DOC, args={"keys": "{DELETE}"}))
        return steps

    _BEFORE_ANCHOR = re.compile(r"^(?:click|(?:place|put|position|set) (?:the|your) (?:text )?cursor)\s+(?:directly\s+|just\s+|immediately\s+)?"
                                r"(?:in front of|before)\s+the\s+(?:(footnote|endnote|note)\s+)?anchor"
                                r"(?:\s+(?:in the text|of the (?:footnote|endnote|note)))?$", re.I)

    def _before_anchor(self, m: re.Match) -> list[PlanStep] | None:
        """"Click in front of the anchor" (of a footnote, the clause's or the request's word: an
        "anchor" alone is also a frame's or an image's): the cursor right before the footnote's
        anchor, where Writer's Edit - Reference - Footnote or Endnote acts. The anchor is the
        last character of the paragraph it ends (:meth:`_reach`), so End, then Left. None when
        no footnote is meant or the document holds none (:meth:`_precondition` then says
        ``needs_object``)."""
        said = (m.group(1) or "").lower()
        if said == "endnote" or not said and not re.search(r"\bfootnotes?\b", self._request, re.I):
            return None  # the document's anchor is its footnote's; an endnote's, a frame's are not reached
        steps = self._reach("footnote anchor", inside=True)
        if steps is None:
            return None
        return steps[:2] + [PlanStep(step="Press Left (the cursor before the anchor)", function="keyboard_input", control=DOC,
                                     args={"keys": "{LEFT}"})]

    def _reach(self, kind: str, inside: bool) -> list[PlanStep] | None:
        """Steps that put the cursor in an object of ``kind`` (``inside``) or select it:

        - text in it (a header's, a footnote's, a frame's, a section's): select that text, End;
          to select a frame itself, then Esc (Writer selects the frame the cursor is in);
        - a field: its text selected is the field selected;
        - the image: Ctrl+Home, then Shift+F4 ("Select next frame" in the help's shortcut keys),
          which reaches the document's first object;
        - the footnote's anchor: End of the paragraph it ends, Shift+Left.

        None when the target holds no such object."""
        text = self.target.reach(kind)
        if text is None:
            return None
        self._place, self._reached = "object", kind
        if kind == "image":
            return [PlanStep(step="Press Ctrl+Home", function="keyboard_input", control=DOC, args={"keys": "^{HOME}"}),
                    PlanStep(step="Press Shift+F4 (select the next object: the image)", function="keyboard_input", control=DOC,
                             args={"keys": "+{F4}"})]
        select = PlanStep(step=f'Select "{text}" in the {kind}', function="select_text", control=DOC, args={"text": text})
        if kind == "field":
            return [select]
        end = PlanStep(step=f"Press End (place the cursor in the {kind})", function="keyboard_input", control=DOC, args={"keys": "{END}"})
        if kind == "footnote anchor":
            return [select, end, PlanStep(step="Press Shift+Left (select the anchor)", function="keyboard_input", control=DOC,
                                          args={"keys": "+{LEFT}"})]
        if kind == "frame" and not inside:
            return [select, end, PlanStep(step="Press Esc (select the frame)", function="keyboard_input", control=DOC,
                                          args={"keys": "{ESC}"})]
        return [select, end]

    #: The help's names of the objects of a document's references and indexes, and the kind each is
    #: in :attr:`Target.objects` (``templates.build_help_references``). "Index" alone is the
    #: alphabetical index; "the index or table of contents" names either, the first the
    #: document holds is one.
    _REFERENCE_NAMES = {"index entry": "index entry", "cross-reference": "cross-reference", "reference": "cross-reference",
                        "heading": "heading", "heading paragraph": "heading", "formula": "formula",
                        "table of contents": "table of contents", "index or table of contents": "table of contents",
                        "index": "alphabetical index"}
    _REFERENCE = re.compile(
        rf"^(?P<verb>{_CURSOR_VERB}|select)\s+(?:directly\s+|just\s+|immediately\s+)?"
        r"(?P<where>in front of|before|at the beginning of(?: the text in)?|in|into|inside)?\s*(?:the|a|an)\s+"
        r"(?P<name>index entry|cross-reference|reference|heading paragraph|heading|formula|index or table of contents|"
        r"table of contents|index)"
        r"(?:\s+in (?:the|your) (?:text|document)|\s+(?:that|which) you want\b.*)?(?P<after>,\s+after the number)?$", re.I)
    #: Where each kind's object sits in its text: at the start of the paragraph the target names
    #: (the cursor in front of it is that paragraph's start, Home), or anywhere in it.
    _LEADS = ("index entry", "cross-reference", "heading")

    def _reference(self, c, low, out, seed):
        """"Place the cursor immediately in front of the index entry in your document", "Click in
        front of the cross-reference that you want to modify", "Click at the beginning of the
        text in the heading paragraph, after the number", "Select the formula in the text",
        "Place the cursor in the index or table of contents": an object of the document's
        references and indexes (:attr:`Target.objects`: the text the expert reaches it by).

        - in front of / at the beginning of an index entry, a cross-reference, a heading: the
          object begins its paragraph, so select that paragraph's text, Home (in a numbered
          heading Home stops after the number: the help's "after the number");
        - in a table of contents, an index, a heading: select its text, End;
        - select a formula: its text selected (a formula typed as text is text).

        None when the document does not hold it (:meth:`_precondition` then says ``needs_object``)
        or inside a dialog (there "the index" is a box's)."""
        m = self._REFERENCE.match(c)
        if not m or self._in_dialog:
            return None
        kind = self._REFERENCE_NAMES[m.group("name").lower()]
        verb, where = m.group("verb").lower(), (m.group("where") or "").lower()
        text = self.target.reach(kind)
        if not text:
            return None
        select = PlanStep(step=f'Select "{text}" in the {kind}', function="select_text", control=DOC, args={"text": text})
        if verb == "select":
            if kind != "formula" or where:
                return None
            self._place = "selection"
            return [select]
        if where in ("in front of", "before") or where.startswith("at the beginning"):
            if kind not in self._LEADS or (m.group("after") and kind != "heading"):
                return None
            self._place, self._reached = "object", None  # in front of it: the text's menu, not the object's
            return [select, PlanStep(step=f"Press Home (the cursor in front of the {kind})", function="keyboard_input",
                                     control=DOC, args={"keys": "{HOME}"})]
        if where in ("in", "into", "inside") and kind in ("table of contents", "alphabetical index", "heading"):
            self._place, self._reached = "object", kind
            return [select, PlanStep(step=f"Press End (place the cursor in the {kind})", function="keyboard_input",
                                     control=DOC, args={"keys": "{END}"})]
        return None

    def _precondition(self, c, low, out, seed):
        if re.match(r"^(?:click|(?:place|put|position|move) the cursor)\s+(?:in|inside|into)\s+(?:a |the )?(?:cell\b.*|table cell\b.*|(?:\w+ )?table\b|row\b.*|column\b.*)", low):
            # "Click in a cell in the table", "Click inside the table": a cell of the template's table
            if self.target.cell is None:
                return Failure(clause=c, reason="needs_object")
            return self._cell_cursor()
        if re.match(r"^(?:select|click)\s+(?:on\s+)?the\s+item\s+(?:that|which)\s+you\s+want\b", low):
            # "Select the item that you want to add a caption to": an item of the document (a table,
            # an image, a frame) the user picks; the template's table is one, the cursor in its cell
            if self.target.cell is None:
                return Failure(clause=c, reason="needs_object")
            return self._cell_cursor()
        if re.match(r"^(?:select|click|delete|click (?:in|into|inside|in front of|before|after))\s+(?:on\s+)?(?:the|that|a|an)\s+"
                    r"(?:footnote\s+)?(field|formula|code|footnote|endnote|anchor|section|bookmark|comment|hyperlink|list|index entry|"
                    r"subdocument|entry|header|footer|cross-reference)\b", low):
            # "Click in the footnote", "Delete the footnote anchor in the text", "Click in front of the
            # cross-reference ...": a thing of the document the template does not hold
            return Failure(clause=c, reason="needs_object")
        if re.match(r"^(?:select|highlight)\s+(?:the|a|one)\s+(?:table\s+)?cell\b(?!s)(?:\s+or\b.*|\s+in\b.*|\s+(?:that|which|where)\b.*)?$", low) \
                or re.match(r"^(?:select|highlight)\s+the\s+(?:table\s+)?cells\s+(?:that|which|for which|where|in which)\s+you\s+want\b", low):
            # "Select the cell or a block of cells in a Writer table": its first alternative, a cell
            # of the template's table (its text selected: what a cell's formatting acts on); "Select
            # the table cells that you want to modify": the user's choice, one cell is one
            if self.target.cell is None:
                return Failure(clause=c, reason="needs_object")
            self._place = "table"
            return [PlanStep(step=f'Select "{self.target.cell}" in the table', function="select_text", control=DOC,
                             args={"text": self.target.cell})]
        if re.match(r"^(?:select|highlight)\s+(?:the\s+|two\s+|some\s+)?(?:adjacent|neighbou?ring|contiguous)\s+(?:table\s+)?cells$", low):
            # "Select the adjacent cells" (to merge them): more than one cell, so the template's cell
            # and its neighbour (the cursor at the cell's end, Shift+Right crosses into the next
            # cell: Writer then selects both cells whole)
            if self.target.cell is None or self.target.cell_next is None:
                return Failure(clause=c, reason="needs_object")
            key = self.target.cell_next
            return self._cell_cursor() + [PlanStep(step=f"Press Shift+{key.strip('{}').title()} (select the adjacent cell too)",
                                                   function="keyboard_input", control=DOC, args={"keys": "+" + key})]
        if re.match(r"^(?:select|click)\s+(?:on\s+)?(?:the|an?|any)\s+(object|graphic|image|picture|frame|table|shape|chart|drawing object|fontwork object|cell|cells|index)\b", low):
            return Failure(clause=c, reason="needs_object")
        if self._in_dialog and re.match(r"^(?:select|highlight|mark)\b", low):
            return None  # inside a dialog "select the line style" names the dialog's controls, not the document's text
        if re.match(r"^select\s+the\s+highlighted\s+(?:text|words?)$", low):
            # "Select the highlighted text" (Remove highlighting): text with character highlighting,
            # which the document must hold (a word without it has nothing to remove)
            what = self.target.reach("highlighted text")
            if what is None:
                return Failure(clause=c, reason="needs_object")
            self._place = "selection"
            return [PlanStep(step=f'Select "{what}" in the document', function="select_text", control=DOC, args={"text": what})]
        if re.match(r"^(select|highlight|mark)\s+(?:the|that|all the|all of the|one or more|some|a|any)?\s*(?:highlighted\s+)?(?:range of\s+)?(text|word|words|paragraph|paragraphs|paragraph\(s\)|content|characters?|lines?|heading)\b", low):
            what = self.target.paragraph if "paragraph" in low or "heading" in low or "line" in low else self.target.word
            what = self._case_changes(what, low)
            self._place = "selection"
            return [PlanStep(step=f'Select "{what}" in the document', function="select_text", control=DOC, args={"text": what})]
        if not self._in_dialog and re.match(
                rf"^(?i:{_CURSOR_VERB})\s+(?i:directly\s+|just\s+|immediately\s+)?"
                r"(?i:in|into|inside|in front of|before|after|on)\s+(?i:the|a|an|any)\s+(?:[a-z][\w-]*\s+)?(?i:index|table of contents|"
                r"field|cross-reference|reference|footnote|endnote|note|frame|section|comment|bookmark|formula|caption|hyperlink|"
                r"anchor)\b", c):
            # "Place the cursor in the index or table of contents", "Place your cursor in front of the
            # field that you defined ...", "Click in the note": an object the document does not hold
            # (the ones it does were read by :meth:`_object`); a body paragraph would be another place.
            # Not a header or footer: a plan that has just switched one on (Insert - Header and Footer
            # - Footer - <page style>) would, on the object document that has one, switch it off. Not
            # inside a dialog, nor a name ("Click in the Name field"): there it is the dialog's box
            return Failure(clause=c, reason="needs_object")
        m = re.match(rf"^{_CURSOR_VERB}\s+(?:in|into|inside)\s+the\s+(header|footer)\b", low)
        if m and not self._in_dialog:
            if _switched_on(out.steps, m.group(1)):
                # "Place the cursor in the footer" right after Insert - Header and Footer - Footer -
                # <page style>: Writer has put the cursor in the footer it switched on. Placed in
                # the body instead, the footer's field went into the text
                return []
            return Failure(clause=c, reason="needs_object")  # a header or footer the template does not hold
        if not self._in_dialog and re.match(rf"^{_CURSOR_VERB}\s+"
                                            r"(?:in|into|inside|at|in front of|before|after)\b.*\b(?:the|a|an)\s+heading(?:\s+paragraph)?\b", low):
            # "Click at the beginning of the text in the heading paragraph, after the number": a
            # heading (numbered by the chapter numbering), reached by :meth:`_reference` on the references
            # document; elsewhere a body paragraph would be the wrong place (before: Home, Backspace at
            # one merged it into the one above)
            return Failure(clause=c, reason="needs_object")
        if re.match(r"^(place|position|put|set|move)\s+(?:the\s+|your\s+)?(text\s+)?cursor\b", low) or \
                re.match(r"^click (?:in|into|at|in front of|before|after)\b.*\b(document|text|paragraph|page|word|line)\b", low):
            return self._place_cursor(before=bool(re.search(r"\b(in front of|before|start|beginning|first character)\b", low)), clause=c)
        return None

    def _case_changes(self, what: str, low: str) -> str:
        """The text to select for a change of case: one the change is seen on. "Select the text that
        you want to change to lowercase" on the word "figures" changes nothing (it is lowercase
        already), so the paragraph's anchor ("The figures") is selected instead when it has a
        letter the change turns (a capital for lowercase, a small letter for uppercase); any other
        selection is kept."""
        said = f"{low} {self._request.lower()}"
        if re.search(r"\blower ?case\b", said):
            seen = lambda t: t != t.lower()  # noqa: E731
        elif re.search(r"\bupper ?case\b|\ball capitals\b", said):
            seen = lambda t: t != t.upper()  # noqa: E731
        else:
            return what
        return next((t for t in (what, self.target.paragraph) if seen(t)), what)

    def _password(self, c, low, out, seed):
        """"Enter a password consisting of at least one character and confirm it", "Enter and
        confirm a password": inside the inventoried dialog the plan opened, with a box called
        Password (and one called Confirm when the help says to confirm it): one generated
        password typed in each. None elsewhere (a password for a dialog not inventoried stays an
        open choice)."""
        m = re.match(r"^(?:type|enter)\s+(and confirm\s+)?(?:a|the|your|the new)\s+(?:new\s+)?password\b(.*?)(,?\s+and\s+confirm(?:\s+it)?)?$", c, re.I)
        if not m or not self._in_dialog or self._dialog is None or re.search(r"\b(?:in|into) the\b", m.group(2), re.I):
            return None
        boxes = {fold(b): b for b in self._dialog.boxes}
        confirm = [b for k, b in boxes.items() if k.startswith("confirm")]
        if "password" not in boxes or (m.group(1) or m.group(3)) and len(confirm) != 1:
            return None
        value = self._value("a password", "password", out, seed)
        names = [boxes["password"]] + (confirm if m.group(1) or m.group(3) else [])
        return [PlanStep(step=f'Type the password in the {n} box', function="set_edit_text", control=n, args={"text": value})
                for n in names]

    def _apply_style(self, c, low, out, seed):
        """"Apply the style to the paragraphs that you want to hyphenate": after the plan selected
        (and modified) an entry of a sidebar deck's style list, the paragraphs the help leaves to the
        user are the template's (:meth:`_place_cursor`: its paragraph), and the style is applied
        by its name in the toolbar box of the list's kind ("Paragraph Styles" -> the Formatting
        toolbar's "Paragraph Style" box). Why the box and not the deck: measured, once the style's
        dialog closed and the cursor moved into the document, the deck's list showed no entries in
        the observation (neither the one selected nor the cursor's style), so no key could reach an
        entry. The kind the clause names, if any, must be the list's. None when no entry was
        selected or no toolbar box of the kind is inventoried (an open choice then, as before); an
        open choice too when a change to the style was kept as it was (below)."""
        m = re.match(r"^apply the (?:(paragraph) )?style to the (paragraphs?)\b(?:\s+(?:that|which|where)\s+you\s+want\b.*)?$", low)
        if not m or self._in_dialog or self._deck is None or self._view is None or self._entry is None:
            return None
        kind = fold(self._view).rstrip("s")
        found = self.inv.toolbar_control(kind)
        if kind != "paragraph style" or found is None:
            return None
        if len(out.defaults) > self._kept_at_pick:
            # a change to the style the help left to the user was kept as it was ("In the List style
            # box, select the list style to apply": the current None): applying the style would not
            # do what the request asks, and a style changed would read as its success
            return Failure(clause=c, reason="open_choice")
        where = self._place_cursor(before=False)
        if isinstance(where, Failure):
            return where
        return where + [PlanStep(step=f'Set the {found[1]} box to "{self._entry}"', function="set_edit_text", control=found[1],
                                 args={"text": self._entry})]

    def _kind_box(self, c: str, what: str, out: CompiledPlan, seed: str) -> list[PlanStep] | None:
        """"Enter a name for the bookmark", "enter the correct password twice": a name or password
        the help asks for without naming its box, typed into the one box of the inventoried dialog
        the plan opened whose name is that kind ("Name", "Password"), with a generated value
        (:meth:`_value`: the same one every step of the plan asks for). "The correct (current,
        existing, old) password" is the one the plan set earlier, so only when it did (its value is
        in ``out.params``); "twice" also types it into the dialog's one Confirm box. None elsewhere
        (a dialog not inventoried, no such box, or several): the clause stays an open choice."""
        kind = _free_kind(what)
        if kind not in ("name", "password") or not self._in_dialog or self._dialog is None \
                or re.search(r"(?i)\b(?:file|folder|path)\b", what):
            return None
        if kind == "password" and re.search(r"(?i)\b(?:correct|current|existing|old)\b", what) and f"{kind}:{kind}" not in out.params:
            return None  # a password set before this procedure: the plan cannot know it
        boxes = [b for b in self._dialog.boxes if fold(b) == kind]
        confirm = [b for b in self._dialog.boxes if fold(b).startswith("confirm")]
        twice = re.search(r"(?i)\btwice\b", c)
        if len(boxes) != 1 or twice and len(confirm) != 1:
            return None
        value = self._value(f"a {kind}", boxes[0], out, seed)
        return [PlanStep(step=f'Type "{value}" in the {n} box', function="set_edit_text", control=n, args={"text": value})
                for n in boxes + (confirm if twice else [])]

    def _two_boxes(self, c, low, out, seed):
        """"Enter a value in the Top and Bottom boxes": the one-box clause for each of the two boxes
        (each value generated as for one box), when the inventoried dialog the plan opened has both
        boxes; outside such a dialog, or a box it lacks, an open choice."""
        m = re.match(r"^((?i:type|enter))\s+(.+?)\s+(?i:in|into) the ([A-Z][\w-]*(?:\s+[\w-]+){0,2}?)\s+and\s+(?:the\s+)?"
                     r"([A-Z][\w-]*(?:\s+[\w-]+){0,2}?)\s+(?:boxes|fields)$", c)
        if not m:
            return None
        names = [m.group(3), m.group(4)]
        if not self._in_dialog or self._dialog is None or not all(fold(n) in {fold(b) for b in self._dialog.boxes} for n in names):
            return Failure(clause=c, reason="open_choice")
        got: list[PlanStep] = []
        for name in names:
            one = self.clause(f"{m.group(1)} {m.group(2)} in the {name} box", out, seed)
            if isinstance(one, Failure):
                return one
            got += one
        return got

    def _typing(self, c, low, out, seed):
        m = re.match(r"^(?:type|enter|insert)\s+(?:a|one)\s+(space|tab|period|comma|hyphen|colon|equals sign)(?:\s+\S+)?$", c, re.I)
        if m and not re.search(r"\bin the\b", c, re.I):  # "Enter a space": the character the help names
            ch = {**_CHARS, "tab": "{TAB}"}[m.group(1).lower()]
            return [PlanStep(step=f"Type a {m.group(1).lower()}", function="keyboard_input", control=DOC, args={"keys": ch})]
        m = re.match(r"^(type|enter)\s+(.+?)(?:\s+(?:in|into) the (.+?) (box|field))?(,?\s+(?:for example|e\.g\.).*)?$", c, re.I)
        if not m:
            return None
        if m.group(3):
            value = self._value(m.group(2) + (m.group(5) or ""), m.group(3), out, seed)
            if value is None:
                return Failure(clause=c, reason="open_choice")
            return [PlanStep(step=f'Type "{value}" in the {m.group(3)} box', function="set_edit_text", control=m.group(3), args={"text": value})]
        what = m.group(2) + (m.group(5) or "")
        if self._in_dialog and _quoted(what) is None and re.match(r"(?i)(?:the|a|an)\s+[a-z]", m.group(2)) \
                and not re.search(r"\b(?:in|into) the\b", m.group(2)) \
                and _free_kind(m.group(2)) == "number":
            # "enter the number of rows and columns": the dialog's current values; not a name, which
            # a dialog seldom holds already ("Type a name ..." in the AutoText dialog before New)
            return self._keep_default(c, out)
        if _quoted(what) is None and _free_kind(m.group(2)) in ("name", "number", "password", "expression"):
            # "Enter a file name", "Type the page number you want to print": a value for some box
            # of a dialog the help does not name; typing it into the document would be wrong
            return self._kind_box(c, m.group(2), out, seed) or Failure(clause=c, reason="open_choice")
        value = self._value(what, "text", out, seed)
        if value is None:
            return Failure(clause=c, reason="open_choice")
        if value.startswith("=") and out.steps and out.steps[-1].args.get("keys") == "{F2}":
            # F2 opens the Formula bar already holding "="; the help's example "=10000/12" typed
            # there as it is makes "==10000/12", a field showing "** Expression is faulty **"
            value = value[1:]
        return [PlanStep(step=f'Type "{value}"', function="keyboard_input", control=DOC, args={"keys": value})]

    def _open_choice(self, c, low, out, seed):
        if re.match(r"^(?:select|set|choose|specify|change)\s+(?:any|the|other)?\s*(?:\w+\s+)?(?:options|settings)\s+(?:that\s+)?(?:you\s+want|you\s+require|as needed)"
                    r"|^(?:select|choose)\s+any combination\b", low):
            # "Select any options that you want": the dialog's defaults are one valid choice
            out.defaults.append(c)
            return []
        m = re.match(r"^(?:set|select|specify|choose|adjust|define)\s+(?:the|your|any)\s+[\w -]*?(options|settings|properties|dimensions)"
                     r"(?:\s+(?:of|for)\s+the\s+[a-z]+)?$", low)
        if self._in_dialog and m and not (m.group(1) == "dimensions" and re.search(r"(?i)size|dimension", self._request)):
            # "Set the page numbering reset options" inside the dialog the plan opened: its current
            # ones; also "In the Size area, set the dimensions of the frame" (a kind of setting, no
            # value given: the user's), but not where the request is about sizing ("Resize a
            # frame"): there the dimensions are the task, and keeping them would do nothing
            out.defaults.append(c)
            return []
        if self._in_dialog and self._dialog is not None and re.match(r"^set\s+(?!.*\s(?:to|at)\s+\S*\d)", low) \
                and any(re.search(rf"\b{re.escape(fold(b))}\b", fold(c)) for b in self._dialog.boxes if len(fold(b)) > 3):
            # "Set number of title pages to add", "Set the title page location by setting its page
            # number in the spin box": a box of the inventoried dialog the plan opened, with no value
            # given: the value is the user's, and the box's current one is valid
            out.defaults.append(c)
            return []
        if re.search(r"\b(that you want|(?:where|in which|to which|into which) you want|you want to use|of your choice|as needed|"
                     r"as required|the options|required options|appropriate)\b", low):
            return self._keep_default(c, out) if re.match(r"^(?:select|choose|click|set)\b", low) else Failure(clause=c, reason="open_choice")
        if re.match(r"^(?:select|choose)\s+(?:a|an|the)\s+[\w ]+?\s+(?:from|in)\s+the\s+(?:[\w ]+\s+)?(?:list|listbox|list box|box)$", low):
            return self._keep_default(c, out)  # "Select a page style name from the listbox"
        if re.search(r"\b(file|printer|folder|directory|e-?mail|database|web page|url|browser)\b", low) \
                and re.match(r"^(open|select|choose|locate|save|print)\b", low) \
                or re.match(r"^(?:save|print|export|send|e-?mail)\s+(?:the|this|your)\s+(?:\w+\s+)?(?:document|file)\b", low):
            # "save the document": the file, not the document's content
            return Failure(clause=c, reason="outside_document")
        if re.match(r"^(?i:select|choose|click)\s+(?:a|an|the|another|one of the)\s+(?:new\s+)?[a-z][a-z -]*?(?:,\s*[a-z][a-z -]*?)*"
                    r"(?:\s+(?:or|and)\s+(?:a|an|the)?\s*[a-z -]+?)?(?:\s+for\s+the\s+selected\s+[a-z -]+)?$", c):
            # "select the background color", "click the suggestion", "Select a line style, width and
            # color for the selected border style": a choice named only by its kinds; inside a dialog
            # the plan opened its current entries are one (recorded in ``defaults``)
            return self._keep_default(c, out)
        if re.match(r"^(?:add|enter|fill in|type)\s+(?:any\s+)?(?:additional|other|further|more)\s+(?:information|details|data)\b.*"
                    r"\bin the (?:remaining|other) (?:boxes|fields)$", low):
            # "add additional information in the remaining boxes": what else the user may fill in;
            # inside a dialog the plan opened, its boxes as they are
            return self._keep_default(c, out)
        return None

    def _chosen_value(self, c, low, out, seed):
        """"Select the Language and click OK" (in the Character dialog's Font tab): inside a dialog
        the plan opened, "select the <Name>" where the name is a kind of value a box of that name
        holds (:data:`_CHOSEN`: a language) means choosing a value in that box: one generated
        value of the kind (not the document's own, deterministic per plan), typed in the box
        (its list's entries are not inventoried: a combo box lists them only while open). Before,
        the clause read as a click on the box, which chose nothing."""
        m = re.match(r"^(?i:select|choose|set)\s+the\s+([A-Z][a-z]+)$", c)
        if not m or not self._in_dialog or fold(m.group(1)) not in _CHOSEN:
            return None
        name = m.group(1)
        values = _CHOSEN[fold(name)]
        value = _generated(out, seed, f"{fold(name)}:{fold(name)}", lambda h: values[h % len(values)])
        return [PlanStep(step=f'Type "{value}" in the {name} box', function="set_edit_text", control=name, args={"text": value})]

    def _dialog_option(self, c, low, out, seed):
        """"Select From bibliography database" in the Insert Bibliography Entry dialog: an option,
        check box or button of the inventoried dialog the plan opened, named as the help names it
        or with a word more in front (the dialog shows "Bibliography Database"). Why before the
        open-choice reading: words like "database" or "file" in a control's name are not a step
        outside the document."""
        if not self._in_dialog or self._dialog is None:
            return None
        m = re.match(r"^(?i:select|choose|click|mark|enable)\s+(?:the\s+)?([A-Z][\w&'/-]*(?:\s+[\w&'/-]+){0,5}?)"
                     r"(?:\s+(?i:option|check ?box|radio button|button))?$", c)
        if not m:
            return None
        name = self._dialog_name(m.group(1))
        if name is None:
            return None
        sets = self._is_check(name) and not re.match(r"(?i)click\b", c)  # "Click X" toggles as the help says; "Enable X" wants it on
        return [PlanStep(step=f"Select {name}", function="click_input", control=name, args=_wants(True) if sets else {})]

    def _kind_button(self, c, low, out, seed):
        """"On the Area tab page, select a background color or a background graphic", "Click the
        Highlighting tab, select the background color": inside the inventoried dialog the plan
        opened, a choice named only by its kind, where the dialog has a button of that kind's name
        (the Area tab's "Color", beside None, Gradient, Image, Pattern, Hatch): the button, which
        switches the tab to that kind and proposes a value of it (Writer's default color). The help
        chose the kind, so the click is a setting made (the dialog left open is confirmed,
        :meth:`_confirm_left_open`); the value within the kind is the dialog's. The first
        alternative ("or a background graphic") is a valid choice; a word before the kind must be
        one of the request's ("Apply a background to text characters": "background color"), so
        "select a line style" (the border tab's Style button opens a list) is not read; a list of kinds
        ("a line style, width and color") is not one kind. Before, the clause kept the tab's current
        choice (None: nothing applied)."""
        if not self._in_dialog or self._dialog is None:
            return None
        m = re.match(r"^(?:select|choose)\s+(?:a|an|the)\s+(?:([a-z]+)\s+)?([a-z]+)(?:\s+or\s+(?:a|an|the)\s+[a-z ]+)?$", low)
        if not m:
            return None
        if m.group(1) and m.group(1) not in re.findall(r"[a-z]+", self._request.lower()):
            return None
        hit = [b for b in self._dialog.buttons if b not in _DIALOG_BUTTONS and fold(b) == m.group(2)]
        if len(set(hit)) != 1:
            return None
        return [PlanStep(step=f"Select {hit[0]}{_KIND_NOTE}", function="click_input", control=hit[0])]

    def _dialog_name(self, name: str) -> str | None:
        """The open dialog's option, check box or button the help's ``name`` means: the one of that
        name, else the one whose name the help's ends with, one word more in front ("From
        bibliography database" -> "Bibliography Database"); None when none, or several, fit."""
        d = self._dialog
        names = d.options + d.checks + [b for b in d.buttons if b not in _DIALOG_BUTTONS]
        key = fold(name)
        hit = [n for n in names if fold(n) == key]
        if not hit:
            hit = [n for n in names if len(fold(n).split()) >= 2 and key.endswith(" " + fold(n))
                   and len(key.split()) == len(fold(n).split()) + 1]
        return hit[0] if len(set(hit)) == 1 else None

    def _keep_default(self, c: str, out: CompiledPlan) -> list[PlanStep] | Failure:
        """A choice the help leaves to the user inside a dialog the plan opened ("In the Style box,
        select a page style"): the dialog's current entry is a valid choice, so the clause needs
        no step; recorded in ``defaults``. Outside a dialog it is an open choice."""
        if not self._in_dialog:
            return Failure(clause=c, reason="open_choice")
        out.defaults.append(c)
        return []

    def _select_item(self, c, low, out, seed):
        m = re.match(r'^(?:select|choose|click)\s+"([^"]+)"$', c, re.I)
        if m:
            return [PlanStep(step=f'Select "{m.group(1)}"', function="click_input", control=m.group(1))]
        m = re.match(r"^(?i:select|choose|enable)\s+(?:the\s+)?([A-Z][\w&'-]*(?:\s+[\w&'-]+){0,5})$", c)
        if m:  # an option or entry the help names ("Select Show numbering", "Select Page break")
            name = re.split(r"\s+or\s+", m.group(1))[0]  # "Superscript or Subscript": the first is a valid choice
            node = find_child(self._open_menu.children, name) if self._open_menu is not None else None
            if node is not None and not _opens_dialog(node.name):
                # "choose Edit - Track Changes and then choose Record": an entry of the submenu the
                # plan left open, clicked there (clicking down from the menu bar again would first
                # close the open menu)
                self._open_menu = node if node.children else None
                return [PlanStep(step=f"Click {node.name}", function="click_input", control=node.name)]
            path = self._menu_entry(name) if re.match(r"(?i)choose\b", c) else None
            if path is not None:
                # "Choose Protect." (after the page said where: Edit - Track Changes - Protect), outside
                # a dialog: the one menu entry of that name, clicked down from the menu bar
                self._open_menu = path[-1] if path[-1].children else None
                self._dialog = self.inv.dialog([n.name for n in path])
                self._in_dialog = _opens_dialog(path[-1].name)
                self._opened([n.name for n in path])
                return _menu_clicks([n.name for n in path])
            return [PlanStep(step=f"Select {name}", function="click_input", control=name,
                             args=_wants(True) if self._is_check(name) else {})]  # "Select Show numbering": a box to be on
        return None

    def _menu_entry(self, name: str) -> list[MenuNode] | None:
        """The menu path of the one entry a bare "Choose <name>" means outside a dialog: an entry
        (not a submenu) of that name anywhere in the menu tree (:meth:`UIInventory.entry_path`), when
        no toolbar button has the name and the entry is not one of File's (outside the document);
        None inside a dialog or a context menu the plan opened (there the name is theirs)."""
        if self._in_dialog or self._context is not None or self.inv.toolbar_control(name) is not None:
            return None
        path = self.inv.entry_path(name)
        if path is None or len(path) < 2 or path[-1].children or fold(path[0].name) == "file":
            return None
        return path

    def _button(self, c, low, out, seed):
        c = re.sub(r"\s+or\s+(?:press\s+)?[A-Z].*$", "", c)  # "Click Find Next or Find All": the first
        if re.fullmatch(r"(?i:close)", c):
            c = "Click Close"
        if re.fullmatch(r"(?i:close the dialog(?: with ok)?)", c):
            c = "Click OK" if c.lower().endswith("ok") else "Click Close"
        m = re.match(r"^(?i:click|press|choose)\s+(?:on\s+)?(?:the\s+)?([A-Z][\w&.…'/-]*(?:\s+(?:[A-Z&][\w.…'/-]*|to|of|and|as|with|from|by)){0,3})(?:\s+button)?$", c)
        if not m and self._in_dialog:
            # LibreOffice names buttons in sentence case ("Other options", "Add to list"): inside a
            # dialog the plan opened, a capitalised name of up to four words is a button
            m = re.match(r"^(?i:click)\s+(?:on\s+)?(?:the\s+)?([A-Z][\w&.…'/-]*(?:\s+[a-z][\w&'/-]*){1,3})(?:\s+button)?$", c)
        if not m:
            m = re.match(r"^(?:click|close)\s+(OK|Close|Cancel|Apply|Insert)\b", c, re.I)
            if not m:
                return None
        name = m.group(1)
        if not self._acted and self.inv.toolbar_control(name) is None and (name in _DIALOG_BUTTONS or self.inv.entry_path(name) is None):
            return Failure(clause=c, reason="no_dialog")  # "Click Skip." as the first step: the dialog's own page
        parts = re.split(r"\s+and\s+", name)
        d = self._dialog
        if len(parts) == 2 and d is not None and fold(name) not in {fold(b) for b in d.buttons} \
                and all(fold(x) in {fold(b) for b in d.buttons} for x in parts):
            # "Click Insert and Close": two buttons of the dialog the plan opened, one after the other
            return [PlanStep(step=f"Click {x}", function="click_input", control=x) for x in parts]
        said = name
        if d is not None and self._in_dialog:
            name = self._ui_button(name, d)  # "Click OK" in Insert Table: its Insert
            self._covered(name, d)
        if said in ("OK", "Close", "Cancel"):
            self._in_dialog = False
        found = self.inv.toolbar_control(name)
        step = f"Click {name}" + (f" on the {found[0]} toolbar" if found and name not in _DIALOG_BUTTONS else "")
        return [PlanStep(step=step, function="click_input", control=found[1] if found and name not in _DIALOG_BUTTONS else name)]

    def _covered(self, name: str, d: DialogControls) -> None:
        """A button the help clicks on a page of a dialog's tree that the page does not show
        ("Click Edit" on Language Settings - Writing Aids, whose buttons read "Edit Options", "Edit
        User-defined dictionaries"): it opens a window the inventory did not read over the page, so
        the page no longer says what shows (its "New..." is not the "New" of the window in front)."""
        if d is not getattr(self, "_tree_shown", None) or name in _DIALOG_BUTTONS:
            return
        if fold(name) not in {fold(n) for n in d.buttons + d.checks + d.options + d.boxes + d.tabs + list(d.lists)}:
            self._shown = None

    def _ui_name(self, name: str, names: list[str]) -> str:
        """The name the open dialog's control has that the help names by an older word: when the
        inventoried dialog has no control called ``name`` but exactly one called ``name`` with the
        words of :data:`_RENAMED` replaced (the "Or" box -> "Else"); else ``name`` as the help gives it (grounded by name at run time)."""
        d = self._dialog
        every = {_label_key(n) for n in d.tabs + d.checks + d.options + d.buttons + d.boxes + list(d.lists)} if d is not None else set()
        if not names or fold(name) in every:  # "With Page Style" is the label "With page style:" (grounded by name)
            return name
        key = " ".join(_RENAMED.get(w, w) for w in fold(name).split())
        hit = {n for n in names if _label_key(n) == key}
        return hit.pop() if len(hit) == 1 and key != fold(name) else name

    def _ui_button(self, name: str, d: DialogControls) -> str:
        """The open dialog's button the help's button name means: the help's "OK" in a dialog with
        no OK and no Close whose confirming button is Insert (Table - Insert Table: Help, Cancel,
        Insert; not a dialog like Fields, which stays open beside Insert and Close: its "OK" is
        another dialog's); else a renamed one (:meth:`_ui_name`)."""
        buttons = {fold(b) for b in d.buttons}
        if name == "OK" and buttons and not {"ok", "close"} & buttons and "insert" in buttons:
            return "Insert"
        return self._ui_name(name, d.buttons + d.checks + d.options)

    # ---------------------------------------------------------------- values
    def _value(self, what: str, control: str, out: CompiledPlan, seed: str) -> str | None:
        """The text a "type"/"enter" clause types: the help's own literal when it gives one,
        else a generated value for a free parameter ("a name", "the page number"); a character
        the help names as a word ("Enter a space in the After box"), also after the value
        ("Type "Chapter" followed by a space in the Before box": "Chapter ")."""
        m = re.fullmatch(rf"(?i)(.+?)\s+followed by (?:a|an|one)\s+({'|'.join(_CHARS)})\.?", what.strip())
        if m:
            head = self._value(m.group(1), control, out, seed)
            return None if head is None else head + _CHARS[m.group(2).lower()]
        m = re.fullmatch(rf"(?i)(?:a|an|one)\s+({'|'.join(_CHARS)})\.?", what.strip())
        if m:
            return _CHARS[m.group(1).lower()]
        if re.fullmatch(r"[\w.]+\s*(?:==|!=|<=|>=|<|>|=|\b(?:EQ|NEQ|LT|GT|LEQ|GEQ)\b)\s*\S.*", what.strip()):
            return what.strip().rstrip(".")  # an expression ('firstname == "Michael"', "Hide==1"): typed as written
        q = _quoted(what)
        if q is not None:
            return q
        if re.fullmatch(r"[A-Z][\w.-]*", what.strip()) and control != "text":
            return what.strip()  # "Type Page in the Else box": one capitalised word is the literal to type
        w = what.strip().rstrip(".")
        w = re.split(r",\s+(?:for example|e\.g\.)", w)[0]
        if re.fullmatch(r"-?\d+(?:[.,]\d+)?(?:\s*(?:cm|mm|in|pt|%|\"))?", w):
            return w
        m = re.search(r"for example,?\s+\"?([^\",]+?)\"?\s*(?:[.,]|$)", what)
        if m:
            return m.group(1).strip()
        kind = _free_kind(w)
        if kind is None:
            return None
        if kind == "text" and (_SEARCHED.search(w) or fold(control) in _SEARCH_BOXES):
            # "Enter the text to search in the Find text box": text the document has (the
            # target's word occurs once in it); a generated text is found nowhere, so the find
            # or replace does nothing
            return self.target.word
        return _generated(out, seed, f"{fold(control)}:{kind}", _GENERATED[kind])


#: Words of control names the help still spells as older versions of the UI did, and the word
#: the UI shows now (read only where the inventoried dialog has no control of the help's name):
#: the "Or" box -> "Else" (Fields, Conditional text); the "Outline & Numbering" tab -> "Outline & List"
#: (Paragraph and paragraph style dialogs, renamed in LibreOffice 7.2); the Text Flow page's Breaks
#: "Enable" check box -> "Insert". Not "More Options" -> "Other options" (Find
#: and Replace): that is an expander Writer keeps open between sessions, so "click More Options to
#: expand the dialog" read as a click on it closed it, and the next step grounded elsewhere (the
#: Format menu for the hidden "Format..." button: a fake success of a find task).
_RENAMED = {"or": "else", "numbering": "list", "enable": "insert"}
#: A free text the help asks for as what to look for ("the text to search", "the word that you
#: want to find"), and the boxes that hold such text: typed, it must be text the document has.
_SEARCHED = re.compile(r"(?i)\b(?:to (?:search|find|look for)|(?:want|wish) to (?:search for|find|look for)|search (?:term|text|string))\b")
_SEARCH_BOXES = {"find", "search", "search for", "search key", "find text"}
#: Characters the help names as words, as they are typed ("a space", "a period").
_CHARS = {"space": " ", "period": ".", "comma": ",", "hyphen": "-", "colon": ":", "equals sign": "="}
#: how a step that picks a kind of choice by its button says so (:meth:`Compiler._kind_button`): a setting, not a button that acts
_KIND_NOTE = " (the kind the help names; its value the dialog's)"
_DIALOG_BUTTONS = {"OK", "Close", "Cancel", "Apply", "Insert", "New", "Delete", "Help", "Reset"}
#: Kinds of value the help asks to choose by naming the box that holds them ("Select the
#: Language"), and values of each as the UI names them; never the templates' own language
#: (English (USA)), so the choice is a change.
_CHOSEN = {"language": ("German (Germany)", "French (France)", "Spanish (Spain)", "Italian (Italy)")}
#: The document type each application's documents are, as the Options dialog's lists name it
#: (Load/Save - General's "Document type"): folded.
_DOC_TYPES = {"writer": "text document", "calc": "spreadsheet", "impress": "presentation", "draw": "drawing"}
_WORDS = ["Orion", "Maple", "Harbor", "Quartz", "Willow", "Falcon", "Summit", "Cobalt"]
_GENERATED = {
    "name": lambda h: f"{_WORDS[h % len(_WORDS)]}{h % 90 + 10}",
    "number": lambda h: str(h % 9 + 2),
    "text": lambda h: f"{_WORDS[h % len(_WORDS)]} note {h % 90 + 10}",
    "expression": lambda h: f"{h % 9 + 1} == {h % 9 + 1}",  # always true, valid wherever a condition is asked for
    "password": lambda h: f"{_WORDS[h % len(_WORDS)].lower()}-{h % 9000 + 1000}",
    "character": lambda h: "-:/"[h % 3],
    "abbreviation": lambda h: _WORDS[h % len(_WORDS)][:3].lower(),
}


#: Keys that only move the cursor or select (the image with Shift+F4, a footnote anchor with Shift+Left).
_POSITION_KEYS = ("{HOME}", "{END}", "^{HOME}", "+{LEFT}", "{LEFT}", "+{F4}", "+{RIGHT}", "+{DOWN}")


def _switched_on(steps: list[PlanStep], part: str) -> bool:
    """The plan's last steps clicked Insert - Header and Footer - <part> - <a page style>: the
    header or footer switched on, the cursor in it, nothing done in the document since."""
    clicks = [s.control for s in steps[-3:] if s.function == "click_input"]
    return len(steps) >= 3 and len(clicks) == 3 and fold(clicks[0]) == "header and footer" and fold(clicks[1]) == part



def _opens_dialog(name: str | None) -> bool:
    """A menu entry or button whose name ends in an ellipsis ("Paragraph...") opens a dialog:
    the UI's own convention, the one rule the compiler reads it by."""
    return (name or "").endswith(("...", "…"))


def _list_pick(out: CompiledPlan, seed: str, control: str, entries: list[str]) -> str:
    """The entry a choice the help leaves open in an inventoried list means ("Click an index level
    in the Levels list", "select the section you want"): one of the list's entries, deterministic
    per plan (:func:`_generated`, so kept in ``out.params`` as "<list>:entry"), never the first one.
    Why not the first: the inventory does not record which entry a dialog's list has selected, and
    the first is the one a list most likely opens on (not measured); choosing the current entry
    would change nothing the judge can see. A list of one entry has only that one."""
    choices = entries[1:] or entries
    return _generated(out, seed, f"{fold(control)}:entry", lambda h: choices[h % len(choices)])


def _generated(out: CompiledPlan, seed: str, key: str, make) -> str:
    """The value of a free parameter ``key`` ("name:name", "language:language"), made once per
    plan by ``make`` from a hash of the plan's seed and the key (deterministic, kept in
    ``out.params`` so that every step that asks for it types the same)."""
    if key not in out.params:
        out.params[key] = make(int(hashlib.sha1(f"{seed}|{key}".encode()).hexdigest(), 16))
    return out.params[key]


def _positions(s: PlanStep) -> bool:
    """A step that only puts the cursor or selects (it opens nothing)."""
    return s.function == "select_text" or s.function == "keyboard_input" and s.args.get("keys") in _POSITION_KEYS


#: What a free parameter is, by the words that name it (``_free_kind``).
_KIND_WORDS = (
    ("password", r"\bpassword\b"),
    ("expression", r"\b(?:statement|expression|condition)\b"),
    ("character", r"\bcharacter\b"),  # "the character that you want to separate ... with": one character
    ("abbreviation", r"\babbreviation\b"),  # "Type the abbreviation followed by a period": a short word
    ("name", r"\b(?:name|title|label|caption|identifier)\b"),
    ("number", r"\b(?:number|value|count|amount|size|width|height|page numbers?|interval)\b"),
    ("text", r"\b(?:text|note|comment|entry|word|content|contents)\b"),
)


def _free_kind(w: str) -> str | None:
    """The kind of value a free parameter asks for, read off its head noun: the kind word that
    comes first. "the text that you want to display when the condition is met" asks for text
    (the condition is what the text depends on, typed elsewhere); read in a fixed order of
    kinds it asked for an expression, and "7 == 7" was typed into the Then box."""
    low = w.lower()
    if low in ("your text", "text"):
        return "text"
    found = []
    for rank, (kind, pattern) in enumerate(_KIND_WORDS):
        m = re.search(pattern, low)
        if m is None:
            continue
        if kind == "character" and re.search(r"\b(?:characters|style|name)\b", low):
            continue  # "the character style", "the characters to ...": not one character
        found.append((m.start(), rank, kind))
    return min(found)[2] if found else None


def _menu_clicks(names: Sequence[str], times: int = 1) -> list[PlanStep]:
    """Click down a menu path from the menu bar (``times`` over: "click the ... icon twice")."""
    return [PlanStep(step=f"Click {n}" + ("" if i else " on the menu bar") + (f" ({k + 1} of {times})" if times > 1 else ""),
                     function="click_input", control=n) for k in range(times) for i, n in enumerate(names)]


def _by_name_or_ending(name: str, lookup: Callable[[str], object]):
    """``lookup`` of the help's name, else of the first of its endings of two words or more that
    finds something ("Toggle Ordered List" -> "Ordered List": the UI's name without the help's verb)."""
    words = name.split()
    for k in range(max(1, len(words) - 1)):
        got = lookup(" ".join(words[k:]))
        if got is not None:
            return got
    return None


def _literal(text: str) -> str:
    """``text`` typed as itself in pywinauto's key notation (its +^%~(){}[] braced)."""
    return re.sub(r"([+^%~(){}\[\]])", r"{\1}", text)


def _quoted(what: str) -> str | None:
    m = re.search(r"\"([^\"]+)\"", what)
    return m.group(1) if m else None


_KEYNAMES = {"enter": "{ENTER}", "return": "{ENTER}", "tab": "{TAB}", "esc": "{ESC}", "escape": "{ESC}",
             "backspace": "{BACKSPACE}", "delete": "{DELETE}", "del": "{DELETE}", "insert": "{INSERT}", "home": "{HOME}",
             "end": "{END}", "pageup": "{PGUP}", "page up": "{PGUP}", "pagedown": "{PGDN}", "page down": "{PGDN}",
             "space": " ", "spacebar": " ", "up": "{UP}", "down": "{DOWN}", "left": "{LEFT}", "right": "{RIGHT}",
             "up arrow": "{UP}", "down arrow": "{DOWN}", "left arrow": "{LEFT}", "right arrow": "{RIGHT}",
             "hyphen(-)": "-", "hyphen": "-", "minus": "-", "minus sign": "-", "plus": "{+}", "plus sign": "{+}"}
_MODS = {"ctrl": "^", "control": "^", "command": "^", "shift": "+", "alt": "%", "option": "%"}
_MOD_NAMES = (("Ctrl", "^"), ("Shift", "+"), ("Alt", "%"))


def to_pywinauto(chord: str) -> str | None:
    """"Ctrl+Shift+F" -> "^+f", "Enter" -> "{ENTER}", "F11" -> "{F11}", "^b" -> "^b" (already
    pywinauto); None when it is not a key chord."""
    s = chord.strip().rstrip(".").strip()
    s = re.sub(r"^the\s+", "", s, flags=re.I)
    s = re.sub(r"\s+key$", "", s, flags=re.I)
    if re.fullmatch(r"[\^+%]+(?:[a-z0-9]|\{[A-Z0-9 ]+\})", s):
        return s
    parts = [p.strip() for p in s.split("+")]
    if any(not p for p in parts):
        return None
    mods, key = parts[:-1], parts[-1]
    out = ""
    for m in mods:
        if m.lower() not in _MODS:
            return None
        out += _MODS[m.lower()]
    k = key.lower()
    if k in _KEYNAMES:
        return out + _KEYNAMES[k]
    if re.fullmatch(r"f([1-9]|1[0-2])", k):
        return out + "{" + key.upper() + "}"
    if re.fullmatch(r"[a-z0-9]", k) and (mods or len(parts) == 1 and False):
        return out + k
    return None


# ------------------------------------------------------------------------------- second reading
#: A shortcut the help adds in parentheses after a name ("the Toggle Ordered List icon (F12)").
_SHORTCUT_NOTE = re.compile(r"\s*\((?:[^()]*\+[^()]*|F\d{1,2}|Esc|Enter)\)")
#: A note on the symbols a box's value is written with ("Use - for a range of pages", "Use, or; for
#: a list of pages"): symbols, not words, are what it says to use; and its example's value
#: ("For example, 1-4 prints all pages from 1 to 4").
_SYNTAX_NOTE = re.compile(r"^use\s*[^\w\s]+(?:\s*,?\s*(?:or|and)\s*[^\w\s]+)*\s+for\s+(?:a|an|the)\s+\w", re.I)
_EXAMPLE_VALUE = re.compile(r"\bfor example,?\s+(\S*\d\S*)\s+(?:prints|gives|means|selects|shows)\b", re.I)
#: A sentence the help marks as optional: left out when it does not compile (counted in ``dropped``).
_OPTIONAL = re.compile(r"^(?:if you (?:want|wish|like|prefer)|if desired|optionally|\(optional\))\s*,\s*", re.I)
#: A step that is all contingency on how the step before turned out ("If the field does not
#: automatically update, press F9."): a negated state of a thing, not a choice of the user's
#: ("If you want ...") nor a precondition the user must meet ("If you have not yet registered
#: ..."); read like a contingency after a step's own sentence (left out when it does not compile).
_CONTINGENCY = re.compile(r"^If\s+(?!you\b|your\b)(?:the|this|it|a|an)\b[^,:]*?\b(?:does not|doesn't|do not|don't|is not|isn't|"
                          r"are not|aren't|did not|didn't|cannot|can't)\b[^,:]*,", re.I)
#: A clause asking for the document the task runs on, which the template already is.
_DOCUMENT_OPEN = re.compile(
    r"^(?:open|create|create or open|open or create|start|launch)\s+(?:a\s+new|a|an|the|an existing|your|any|one)?\s*"
    r"(?:new\s+|existing\s+)?(?:text\s+|writer\s+)?(?:document(?:\(s\)|s)?|LibreOffice Writer)"
    r"(?:\s+(?:where|that|in which|into which|containing|for which|you want|with)\b(?!.*\b(?:database|spreadsheet|calc|impress|"
    r"master|html|file|xml|template)\b).*)?$", re.I)
_PURPOSE = re.compile(
    r"\s+(?:(?:in order )?to (?:open|expand|close|display|show|insert|create|apply|confirm|save|finish|exit|activate|"
    r"enable|disable|accept|return|start|end|leave|see|view|remove|delete|update|select|toggle)\b"
    r"|when (?:you are )?(?:finished|done|ready)\b|again\b|once\b|just to\b).*$"
    r"|,?\s+if (?:necessary|needed|required|desired|it is not\b).*$", re.I)


def _simplify(c: str) -> str:
    """The clause with its purpose, time or place ("in the Import area of the dialog") dropped
    and the first of its alternatives kept."""
    s = _PURPOSE.sub("", c)
    s = re.sub(r"\s+(?:in|on) the [\w ]+? (?:area|section|tab|tab page)(?: of the dialog)?$", "", s, flags=re.I)
    s = re.sub(r",?\s+or\s+(?:press|click|choose|select|use|by|from|leave|keep)\b.*$", "", s, flags=re.I)  # "Press Enter, or click Apply"
    s = re.sub(r"(\"[^\"]+\")\s+or\s+\"[^\"]+\"", r"\1", s)  # select "Portrait" or "Landscape"
    s = re.sub(r"\b(\w+)\s+or\s+(?:the\s+)?\w+(?=\s+(?:arrow|arrows|key|keys|tab|icon|button|box)\b)", r"\1", s, flags=re.I)
    s = re.sub(r"\b(\w+)\s+or\s+\w+$", r"\1", s) if re.match(r"(?i)^press\b", s) else s  # "press Delete or Backspace"
    s = re.sub(r"\barrows\b", "arrow", s)
    return s.strip(" .,")


def _first_of_kind(entries: list[MenuNode], clause: str, request: str = "") -> MenuNode:
    """The entry of an open submenu that a choice named by its kind picks ("select a list
    style" in the List submenu: an entry whose name holds "list style"; "select the page
    style ..." in Insert - Header: the first page style): entries that open a dialog ("Bullets
    and Numbering...") or a submenu are not such a choice, unless nothing else is there. Of
    those, one whose name shares a word with the request ("Add numbering to a list" ->
    "Numbering 123 List Style") before the first: the choice the user asked for."""
    direct = [e for e in entries if not e.children and not _opens_dialog(e.name)] or entries
    m = re.search(r"\b(?:a|an|the|one of the)\s+([a-z][\w -]*?)(?:\s+(?:that|which|for|from|to|you)\b.*)?$", clause, re.I)
    words = [w for w in fold(m.group(1)).split() if w not in ("new", "other", "different")] if m else []
    asked = {w for w in re.findall(r"[a-z]{4,}", fold(request))} - set(words)
    for need in (words, words[-1:], []):
        hit = [e for e in direct if all(w in fold(e.name).split() for w in need)] if need or not words else []
        if hit:
            return next((e for e in hit if asked & set(fold(e.name).split())), hit[0])
    return direct[0]


def _resolve(nodes: list[MenuNode], name: str) -> list[MenuNode] | None:
    """The entries a help name reaches from ``nodes``: the entry of that name; else the one entry
    the name begins ("Page" -> "Page Style..."); else the one entry of that name a submenu down
    (menus the help names before they moved into a submenu: "Insert - Manual Break" ->
    More Breaks - Manual Break...). None when nothing, or more than one, fits."""
    node = find_child(nodes, name)
    if node is not None:
        return [node]
    key = fold(name)
    if not key:
        return None
    pre = [n for n in nodes if fold(n.name).startswith(key + " ")]
    if len(pre) == 1:
        return pre
    deeper = [(n, g) for n in nodes for g in n.children if fold(g.name) == key]
    if len(deeper) == 1:
        return list(deeper[0])
    # "Edit Paragraph Style" -> Paragraph - Edit Style...: an entry a submenu down, named with the
    # submenu's name inside (the help names the entry as older versions showed it)
    words = set(key.split())
    inside = [(n, g) for n in nodes for g in n.children if n.children and len(words) >= 3
              and words == set(fold(n.name).split()) | set(fold(g.name).split())]
    if len(inside) == 1:
        return list(inside[0])
    # "Tools - Update - All Indexes and Tables" -> "Indexes and Tables": the one entry of two words
    # or more that the help's name ends with (the help names it with a word the UI dropped)
    tail = [n for n in nodes if len(fold(n.name).split()) >= 2 and key.endswith(" " + fold(n.name))
            and len(key.split()) == len(fold(n.name).split()) + 1]
    if len(tail) == 1:
        return tail
    if re.search(r"\w/\w", name):
        # "Edit - Footnote/Endnote" -> Reference - Footnote or Endnote...: the help's slash is the
        # UI's "or" (read only when the name as written reaches nothing)
        return _resolve(nodes, re.sub(r"(?<=\w)/(?=\w)", " or ", name))
    return None
