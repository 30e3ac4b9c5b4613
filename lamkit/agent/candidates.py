"""Candidate controls: the few controls of a screen a step's prompt shows, under stable names.

Why: a Writer screen has 80-120 controls; rendering all of them costs 1,000-1,500
tokens per step, and a 135M model must then pick one label out of a hundred, a
label that changes between episodes ("Bold" is 64 here, 65 there). This module
does two things for the renderer (:mod:`lamkit.agent.prompting`):

- **Stable names** (:func:`stable_name`): a control is called by its accessible
  name, the document by ``Document``; nothing numeric the model must copy. Controls
  that share a name are one candidate: the name stands for the control the
  heuristic expert would pick among them (:func:`lamkit.agent.heuristic.ground`:
  the newest window, menus before buttons, fields for typing), so a recorded expert
  action and a model answer naming the same control ground to the same one.
- **Ranking** (:class:`Ranker`): the controls of an open dialog, then of open
  menus, then the document and the menubar (the way to anything else), then the
  rest, each group ordered by relevance to the request and the previous step.
  Relevance is word overlap between the request and the control's name plus, when
  the ranker has been fitted (:meth:`Ranker.fit`, on training-split steps only),
  learned associations: request word -> control, previous control -> control
  ("after Format comes Paragraph..."). Its recall of the expert's control on
  held-out steps is measured by ``benchmarks/ranker_bench.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from lamkit.envs.writer.paths import is_dialog_path, window_of, window_rank  # the env's window facts (plain strings)
from lamkit.errors import DataError
from lamkit.schema import Control, Observation, Step

#: The document control's stable name (its accessible name holds the episode's file name).
DOCUMENT = "Document"
#: Roles never offered: the outline shows the document's paragraphs; scroll bars and
#: headings are not what a step acts on.
_HIDDEN_ROLES = frozenset({"paragraph", "heading", "scroll bar"})
_MENU_ROLES = frozenset({"menu", "menu item", "check menu item", "radio menu item"})
#: Short role words for the prompt (fewer tokens, one word per kind of control).
ROLE_WORD = {
    "push button": "button", "toggle button": "toggle", "menu": "menu", "menu item": "item",
    "check menu item": "item", "radio menu item": "item", "page tab": "tab", "text": "field",
    "entry": "field", "password text": "field", "combo box": "field", "spin button": "field",
    "check box": "checkbox", "radio button": "radio", "list item": "list item", "tree item": "list item",
    "table cell": "cell", "document text": "document", "link": "link", "slider": "slider",
    "push button menu": "button", "toggle button menu": "toggle",
}
#: Buttons that close a dialog: always among a dialog's candidates.
_DIALOG_EXITS = ("OK", "Close", "Insert", "Cancel", "Replace All")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the of to in on at for with and or by as is it its be this that these those from into "
    "word words containing contains text document make set give put turn".split()
)


# ----------------------------------------------------------------------------- names
def stable_name(c: Control) -> str:
    """The control's name as every prompt shows it ("" when it has none worth showing)."""
    if c.role == "document text":
        return DOCUMENT
    return " ".join(c.name.replace("~", "").split())


def named_controls(obs: Observation) -> dict[str, list[Control]]:
    """Stable name -> the live controls that carry it (offerable ones only), in screen order."""
    out: dict[str, list[Control]] = {}
    for c in obs.controls:
        if c.role in _HIDDEN_ROLES:
            continue
        n = stable_name(c)
        if n:
            out.setdefault(n, []).append(c)
    return out


def resolve(name: str, function: str, obs: Observation) -> Control | None:
    """The live control a stable name stands for, for this function (the expert's choice
    among same-named controls); None when no control carries the name."""
    if name == DOCUMENT:
        return next((c for c in obs.controls if c.role == "document text"), None)
    same = [c for c in obs.controls if stable_name(c) == name and c.role not in _HIDDEN_ROLES]
    if not same:
        return None
    if len(same) == 1:
        return same[0]
    from lamkit.agent.heuristic import ground  # the expert's tie-break (lazy: heuristic imports prompting)

    sub = obs.model_copy(update={"controls": same})
    try:
        return ground(same[0].name, function, sub) or same[0]
    except ValueError:  # a path that is not the worker's "m0:12" / "w3:4" (hand-built observations)
        return same[0]


def name_of_label(label: str, obs: Observation) -> str | None:
    """The stable name of the control with this live label (recorded actions store labels)."""
    c = obs.control(str(label))
    return (stable_name(c) or None) if c is not None else None


# ----------------------------------------------------------------------------- screen structure
def _menubar_y(obs: Observation) -> int | None:
    ys = [c.rect[1] for c in obs.controls if c.role == "menu" and c.path and not is_dialog_path(c.path)]
    return min(ys) if ys else None


def groups(obs: Observation) -> dict[str, str]:
    """Stable name -> where its representative sits: ``dialog`` (the newest secondary
    window), ``menu`` (an open menu's items), ``document``, ``menubar`` or ``main``."""
    bar_y = _menubar_y(obs)
    wins = sorted({window_of(c.path) for c in obs.controls if is_dialog_path(c.path)}, key=window_rank)
    newest = wins[-1] if wins else None
    out: dict[str, str] = {}
    for name, cs in named_controls(obs).items():
        kinds = []
        for c in cs:
            if c.role == "document text":
                kinds.append("document")
            elif newest and window_of(c.path) == newest:
                kinds.append("dialog")
            elif is_dialog_path(c.path):
                kinds.append("window")
            elif c.role in _MENU_ROLES and bar_y is not None and c.role == "menu" and c.rect[1] == bar_y:
                kinds.append("menubar")
            elif c.role in _MENU_ROLES:
                kinds.append("menu")
            else:
                kinds.append("main")
        out[name] = min(kinds, key=_GROUP_RANK.__getitem__)
    return out


_GROUP_RANK = {"dialog": 0, "window": 1, "menu": 2, "document": 3, "menubar": 4, "main": 5}


def _enabled(cs: list[Control]) -> bool:
    return any("enabled" in c.states or "editable" in c.states for c in cs)


# ----------------------------------------------------------------------------- words
def words(text: str) -> list[str]:
    """Lower-case content words, each cut to a 5-letter stem ("italicise" ~ "Italic",
    "justify" ~ "Justified", "highlight" ~ "Highlighting")."""
    return [_SPELLING.get(w, w)[:5] for w in _WORD.findall(text.lower()) if w not in _STOP]


#: British spellings requests use and Writer's (US) names do not.
_SPELLING = {"centre": "center", "centred": "centered", "colour": "color", "grey": "gray"}


def overlap(request_words: set[str], name: str) -> float:
    """Share of the name's content words found in the request."""
    nw = set(words(name))
    if not nw:
        return 0.0
    return len(nw & request_words) / len(nw)


# ----------------------------------------------------------------------------- the ranker
class RankerModel(BaseModel):
    """Learned associations (counts from training-split steps)."""

    version: int = 1
    steps: int = 0
    word_name: dict[str, dict[str, int]] = Field(default_factory=dict)  # request word stem -> gold name -> count
    word_count: dict[str, int] = Field(default_factory=dict)  # steps whose request holds the word
    prev_name: dict[str, dict[str, int]] = Field(default_factory=dict)  # previous step's control -> gold name -> count
    name_count: dict[str, int] = Field(default_factory=dict)  # gold name -> count


class Ranker:
    """Orders a screen's controls for one step and keeps the first ``k`` names.

    Without a model it ranks by rules alone (groups, word overlap, the previous
    step's control); :meth:`fit` adds learned associations from recorded steps.
    """

    def __init__(self, model: RankerModel | None = None):
        self.model = model or RankerModel()

    # -------------------------------------------------------------- persistence
    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        p = Path(path)
        try:
            return cls(RankerModel.model_validate_json(p.read_text()))
        except FileNotFoundError:
            raise DataError(f"{p}: no such ranker file") from None
        except ValueError as e:
            raise DataError(f"{p}: not a ranker model: {str(e).splitlines()[0][:160]}") from None

    def save(self, path: str | Path) -> Path:
        from lamkit.jsonl import write_json_atomic

        write_json_atomic(Path(path), self.model.model_dump())
        return Path(path)

    # -------------------------------------------------------------- learning
    @classmethod
    def fit(cls, examples: Iterable[tuple[str, Observation, list[Step], Step]]) -> Ranker:
        """Count associations from (request, observation, history, gold step) examples.
        Give it training-split steps only: its recall is measured on held-out ones."""
        m = RankerModel()
        wn: dict[str, Counter] = defaultdict(Counter)
        pn: dict[str, Counter] = defaultdict(Counter)
        wc, nc = Counter(), Counter()
        for request, obs, history, gold in examples:
            lab = gold.action.args.get("control_label")
            name = name_of_label(lab, obs) if lab not in (None, "") else None
            if not name:
                continue
            m.steps += 1
            nc[name] += 1
            for w in set(words(request)):
                wn[w][name] += 1
                wc[w] += 1
            pn[previous_name(history)][name] += 1
        m.word_name = {w: dict(c) for w, c in wn.items()}
        m.prev_name = {p: dict(c) for p, c in pn.items()}
        m.word_count, m.name_count = dict(wc), dict(nc)
        return cls(m)

    # -------------------------------------------------------------- scoring
    def scores(self, request: str, obs: Observation, history: list[Step] | None = None) -> dict[str, float]:
        """Stable name -> relevance to this step (higher first), for every offerable name."""
        rw = set(words(request))
        prev = previous_name(history or [])
        m = self.model
        out: dict[str, float] = {}
        for name, cs in named_controls(obs).items():
            s = 2.0 * overlap(rw, name)
            if cs[0].value and cs[0].role not in ("document text", "paragraph"):
                s += overlap(rw, cs[0].value)  # a field showing "11 pt" for a request in points
            if m.steps:
                n = m.name_count.get(name, 0)
                # request words that predict this control (smoothed P(name | word) over its prior)
                for w in rw:
                    hits = m.word_name.get(w, {}).get(name, 0)
                    if hits:
                        s += math.log1p(hits) * hits / (m.word_count[w] + 1)
                after = m.prev_name.get(prev, {})
                if after.get(name):
                    s += 1.5 * after[name] / (sum(after.values()) + 1)
                s += 0.1 * math.log1p(n)
            out[name] = s
        return out

    def select(self, request: str, obs: Observation, history: list[Step] | None = None, k: int = 20) -> list[str]:
        """The ``k`` stable names to offer, most important first.

        Order: the open dialog's controls (its exit buttons and the previous step's
        control pinned), other secondary windows, open menus' items (the deepest
        submenu first), the document, the
        menubar, then the main window's toolbars and sidebar; disabled controls last;
        within a group by :meth:`scores`."""
        sc = self.scores(request, obs, history)
        grp = groups(obs)
        named = named_controls(obs)
        prev = previous_name(history or [])
        order = {n: i for i, n in enumerate(named)}  # screen order breaks ties (the menubar reads File…Help)
        modal = any(g in ("dialog", "window") for g in grp.values())
        menu_open = any(g == "menu" for g in grp.values())

        def key(name: str):
            g = grp[name]
            pinned = name == prev or (g == "dialog" and name in _DIALOG_EXITS)
            rank = _GROUP_RANK[g]
            if g in ("menubar", "document") and not (modal or menu_open):
                rank = 2  # nothing open: the document and the menus come first
            if g == "main" and sc[name] >= 1.0 and not modal:
                rank = min(rank, 3)  # a toolbar control the request names outranks the menubar
            # open submenus stack to the right: the deepest one's items first
            depth = -named[name][0].rect[0] if g == "menu" else 0
            return (not _enabled(named[name]), rank, not pinned, depth, -sc[name], order[name])

        return sorted(named, key=key)[:k]


def previous_name(history: list[Step]) -> str:
    """The stable name of the control the previous step acted on ("" if none)."""
    if not history:
        return ""
    last = history[-1]
    lab = last.action.args.get("control_label")
    if lab in (None, ""):
        return ""
    return name_of_label(str(lab), last.observation) or str(lab)


def load_default_ranker() -> Ranker:
    """The packaged ranker (fitted on training-split steps; see docs/agent.md), or rules
    alone when none is packaged."""
    p = DEFAULT_RANKER_PATH
    return Ranker.load(p) if p.exists() else Ranker()


DEFAULT_RANKER_PATH = Path(__file__).with_name("ranker_writer.json")


def dump_scores(request: str, obs: Observation, history: list[Step] | None, ranker: Ranker) -> str:
    """Debugging aid: the ranking with scores and groups, one name a line."""
    sc, grp = ranker.scores(request, obs, history), groups(obs)
    return "\n".join(f"{n}\t{grp[n]}\t{sc[n]:.2f}" for n in ranker.select(request, obs, history, k=len(sc)))


__all__ = ["DOCUMENT", "ROLE_WORD", "Ranker", "RankerModel", "dump_scores", "groups", "load_default_ranker",
           "name_of_label", "named_controls", "previous_name", "resolve", "stable_name", "words"]
