"""Compound tasks: two families in one request ("Make the title bold and centre it").

Why: people ask for two edits at once, and the external suites do too; a model
that has only seen one edit per request stops after the first. A compound task
is one Task whose plan is both families' plans (the first one's FINISH dropped),
whose checker is ``checkers.combine`` of both checkers (a near miss that does only
half fails), and whose request joins the two families' imperative phrasings
(phrasings.py, indices 0-3) with a connective ("{A} and {b}.", "First {a}, then {b}.").

Four shapes, each a way people combine edits:

- ``same_word``: two character formats on one word ("Put \\"profit\\" in italics and underline it");
- ``same_paragraph``: two paragraph formats on one paragraph ("Centre the second paragraph
  and give it double line spacing");
- ``whole_paragraph``: a character format on a whole paragraph and a paragraph format
  ("Make the title bold and centre it"): the character part selects the paragraph's
  whole text, the paragraph part its anchor as every paragraph family does;
- ``independent``: an edit on a target plus a page or insertion edit ("Underline
  \\"costs\\" and add a footer that says \\"Draft\\"");
- ``two_targets``: two edits on two different paragraphs, each clause naming its own
  target ("Bold \\"pavilion\\", then centre the last paragraph"): the request the agent must
  split, doing the first clause's target and then the second's. Both formats set
  different properties, so neither part's checker (which pins its property on the
  neighbours) is undone by the other part.

Pairs that undo each other (two alignments, a list and an indent, a text change
and a format on the changed word) are never generated. ``family`` is "a+b",
``category`` "compound"; the split rule applies to the connective and both
clauses as to any phrasing (a test compound uses only test phrasings and a test
template).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection
from typing import Any

from lamkit.dataflow.checkers import combine
from lamkit.dataflow.families import BY_NAME, UNO_PRELUDE, Family
from lamkit.dataflow.phrasings import CLAUSES, CONNECTIVES, cap, clause
from lamkit.dataflow.split import SPLIT, Part
from lamkit.dataflow.templates import Template
from lamkit.schema import Task

CHARACTER = ("bold", "italic", "underline", "strikethrough", "highlight", "font_color", "font_size", "font_name")
WHOLE_PARAGRAPH_CHARACTER = ("bold", "italic", "underline", "strikethrough", "highlight", "font_color")
# paragraph families by the property they set: two of one slot would undo each other
SLOTS = {"align_center": "align", "align_right": "align", "justify": "align", "line_spacing": "spacing", "indent": "indent",
         "heading1": "style", "heading2": "style", "heading3": "style", "title_style": "style",
         "bullets": "list", "numbering": "list"}
_CLASH = ({"list", "indent"}, {"list", "style"})  # a list sets its own indent; a style change may drop the list
PARAGRAPH_LOOK = ("align_center", "align_right", "justify", "line_spacing", "indent")
PAGE_OR_INSERT = ("orientation", "margin_left", "header_text", "footer_text", "special_character", "date_field",
                  "type_sentence", "insert_table")
INDEPENDENT_FIRST = CHARACTER + ("comment",) + tuple(SLOTS) + ("page_break",)
TWO_TARGETS = CHARACTER + PARAGRAPH_LOOK
SHAPES = ("same_word", "same_paragraph", "whole_paragraph", "independent", "two_targets")


def _property(family: str) -> str:
    """What a family sets: its paragraph slot ("align" for every alignment), else itself."""
    return SLOTS.get(family, family)


def pairs(families: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Every allowed (first, second) pair per shape, within ``families`` (default: all)."""
    ok = set(families) if families else set(BY_NAME)
    out: dict[str, list[tuple[str, str]]] = {s: [] for s in SHAPES}
    out["same_word"] = [(a, b) for a in CHARACTER for b in CHARACTER if a != b and a in ok and b in ok]
    out["same_paragraph"] = [(a, b) for a in SLOTS for b in SLOTS if a in ok and b in ok and SLOTS[a] != SLOTS[b]
                             and {SLOTS[a], SLOTS[b]} not in _CLASH and SLOTS[b] not in ("style", "list")]
    out["whole_paragraph"] = [(a, b) for a in WHOLE_PARAGRAPH_CHARACTER for b in PARAGRAPH_LOOK if a in ok and b in ok]
    out["independent"] = [(a, b) for a in INDEPENDENT_FIRST for b in PAGE_OR_INSERT if a in ok and b in ok]
    out["two_targets"] = [(a, b) for a in TWO_TARGETS for b in TWO_TARGETS
                          if a in ok and b in ok and _property(a) != _property(b)]
    return out


def _clauses(part: Part) -> list[int]:
    return SPLIT.phrasings(CLAUSES, part)


def _shared(p: dict[str, Any]) -> dict[str, Any]:
    """The second clause refers back to the shared target: "... and centre it"."""
    return {**p, "ref": "it", "Ref": "It"}


def _targets(shape: str, fa: Family, fb: Family, tpl: Template, rng: random.Random) -> tuple[dict, dict] | None:
    """Sampled parameters of both parts (sharing the target where the shape says so), or None."""
    pa, pb = fa.sample(tpl, rng), fb.sample(tpl, rng)
    if shape == "independent":
        return pa, pb
    if shape == "two_targets":
        return (pa, pb) if _apart(pa, pb, tpl) else None
    target = {k: pa[k] for k in ("word", "ref", "Ref", "target_ref", "paragraph", "para_index") if k in pa}
    if shape == "same_word":
        if not any(pa["word"] in p for p, r in zip(tpl.paragraphs, tpl.roles) if r in fb.word_roles):
            return None
        return pa, _shared({**pb, **target})
    if shape == "same_paragraph":
        if pa["para_index"] not in fb.paragraph_targets(tpl):
            return None
        return pa, _shared({**pb, **target})
    # whole_paragraph: the paragraph part chooses the paragraph; the character part formats all of it
    i = pb["para_index"]
    if tpl.roles[i] not in ("title", "body", "greeting", "closing"):  # headings are bold already; items keep it simple
        return None
    whole = {k: pb[k] for k in ("ref", "Ref", "target_ref", "paragraph", "para_index")}
    return {**pa, **whole, "word": tpl.paragraphs[i]}, _shared(pb)


def _holder(p: dict, tpl: Template) -> int | None:
    """The template paragraph holding a part's target (its paragraph, or the first with its word)."""
    if p.get("para_index") is not None:
        return p["para_index"]
    return next((i for i, t in enumerate(tpl.paragraphs) if p.get("word") and p["word"] in t), None)


def _apart(pa: dict, pb: dict, tpl: Template) -> bool:
    """Whether two parts' targets lie in different paragraphs and neither's word is in the
    other's paragraph (selecting one must not select, or be confused with, the other)."""
    ia, ib = _holder(pa, tpl), _holder(pb, tpl)
    if ia is None or ib is None or ia == ib:
        return False
    return pa.get("word", "") not in tpl.paragraphs[ib] and pb.get("word", "") not in tpl.paragraphs[ia]


def make_compound(shape: str, a: str, b: str, tpl: Template, rng: random.Random, split: Part | None = None) -> Task | None:
    """One compound task of ``shape`` joining families ``a`` then ``b`` on ``tpl`` (None if the
    template offers no target both can take)."""
    fa, fb = BY_NAME[a], BY_NAME[b]
    split = split or SPLIT.template(tpl)
    got = None
    for _ in range(8):
        try:
            got = _targets(shape, fa, fb, tpl, rng)
        except ValueError:  # the template has no target this family can take
            return None
        if got is not None:
            break
    if got is None:
        return None
    pa, pb = got
    ia, ib = rng.choice(_clauses(split)), rng.choice(_clauses(split))
    ic = rng.choice(SPLIT.phrasings(len(CONNECTIVES), split))
    ta = fa.make_task(tpl, rng, split, p=pa, phrasing=ia)
    tb = fb.make_task(tpl, rng, split, p=pb, phrasing=ib)
    ca, cb = clause(fa.requests[ia]).format(**pa), clause(fb.requests[ib]).format(**pb)
    request = CONNECTIVES[ic].format(A=cap(ca), a=ca, b=cb)
    params = {"compound": shape, "families": [a, b], "target_ref": pa.get("target_ref", "none"),
              "phrasing": ic, "clauses": [ia, ib], "parts": [ta.params, tb.params]}
    tid = hashlib.sha1(f"{a}+{b}|{tpl.name}|{request}|{ta.id}|{tb.id}".encode()).hexdigest()[:16]
    return Task(id=tid, request=request, template=tpl.path, plan=ta.plan[:-1] + tb.plan,
                checker=combine(ta.checker, tb.checker), family=f"{a}+{b}", params=params, split=split)


def sample_compound(tpl: Template, rng: random.Random, families: list[str] | None = None,
                    split: Part | None = None) -> Task | None:
    """A random compound task on ``tpl``: a shape, then a pair of that shape."""
    allowed = pairs(families)
    shapes = [s for s in SHAPES if allowed[s]]
    if not shapes:
        return None
    shape = rng.choice(shapes)
    a, b = rng.choice(allowed[shape])
    if "table" in (BY_NAME[a].needs, BY_NAME[b].needs):
        return None
    return make_compound(shape, a, b, tpl, rng, split)


def phrasing_indices(task: Task) -> list[int]:
    """Every phrasing index a task uses (a compound: its connective and both clauses), for the split rule."""
    if task.params.get("compound"):
        return [task.params["phrasing"], *task.params["clauses"]]
    return [task.params["phrasing"]] if "phrasing" in task.params else []


def solution(task: Task) -> str:
    """UNO code doing both parts (tests only: proves the combined checker passes on a correct result)."""
    a, b = task.params["families"]
    pa, pb = task.params["parts"]
    return UNO_PRELUDE + BY_NAME[a].solution(pa) + "\n" + BY_NAME[b].solution(pb)


def rephrasings(task: Task, k: int, rng: random.Random, avoid: Collection[int] = ()) -> list[str]:
    """Up to ``k`` other requests for the same task (same parameters and target, so the same
    plan is right), each from TRAINING-partition phrasings only (split.py), in a seeded order.

    Why: training data augmentation (``phase2.augment_requests``): a small model that has
    seen one wording per trajectory learns the wording, not the task. A family task swaps
    its phrasing; a compound task its connective and both clauses. A task that is not in
    the train split, or not a family/compound task, gets none: a test phrasing never
    reaches training. No wording uses a phrasing index in ``avoid`` (a held-out validation
    phrasing, :mod:`lamkit.train.calibrate`)."""
    if k <= 0 or task.split != "train" or not task.family:
        return []
    p = task.params
    if p.get("compound"):
        a, b = p.get("families") or (None, None)
        if a not in BY_NAME or b not in BY_NAME:
            return []
        fa, fb = BY_NAME[a], BY_NAME[b]
        pa, pb = p["parts"]
        combos = [(ia, ib, ic) for ia in _clauses("train") for ib in _clauses("train")
                  for ic in SPLIT.phrasings(len(CONNECTIVES), "train")]

        def say(combo):
            ia, ib, ic = combo
            ca, cb = clause(fa.requests[ia]).format(**pa), clause(fb.requests[ib]).format(**pb)
            return CONNECTIVES[ic].format(A=cap(ca), a=ca, b=cb)
    else:
        fam = BY_NAME.get(task.family)
        if fam is None or "phrasing" not in p:
            return []
        combos = SPLIT.phrasings(len(fam.requests), "train")

        def say(i):
            return fam.requests[i].format(**p)
    combos = [c for c in combos if not set(c if isinstance(c, tuple) else (c,)) & set(avoid)]
    rng.shuffle(combos)
    out: list[str] = []
    for c in combos:
        try:
            r = say(c)
        except (KeyError, IndexError, ValueError):  # a phrasing naming a parameter this task lacks
            continue
        if r != task.request and r not in out:
            out.append(r)
            if len(out) == k:
                break
    return out
