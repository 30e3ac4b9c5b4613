"""The answer grammar: an :class:`~lamkit.agent.action_space.ActionSpace` turned into pieces.

The text produced is exactly what :func:`lamkit.agent.prompting.format_answer`
writes for the same answer (compact JSON, ``", "`` and ``": "`` separators, keys
in the order thought, function, args, status, plan, arguments in the order of
:data:`lamkit.schema.ACTION_FUNCTIONS`), restricted to the fields the space
generates: the model continues text of the shape it was trained on.

What is constrained, and how:
- function: one of ``space.functions`` that can be completed (a function that needs
  a control when no control is offered is left out);
- arguments: only that function's, in the fixed order; optional ones may be
  skipped; each one typed: ``control_label`` one of ``space.controls``, ``button``
  left/right, ``double`` true/false, ``wheel_dist`` an integer in range,
  ``select_text`` text one of ``space.targets`` (else a word span of ``space.doc_spans``), typed text / keys
  one of ``space.values`` or a key chord when there are values, else a key
  chord or a word span of ``space.text_sources``, a summary free text;
- status CONTINUE / FINISH; thought and plan items free text of bounded length.

Hints (``space.hints``, ``space.hint_skips``) are priors of ``limits.hint`` nats on the options
that write the hinted value or leave out an argument the hinted step left out; never constraints.
"""

from __future__ import annotations

import json

from lamkit.agent.action_space import ALL_FIELDS, BUTTONS, WHEEL_RANGE, ActionSpace
from lamkit.agent.decoding.pieces import Free, Spans, Writer, whole_source, word_source
from lamkit.errors import LamkitError
from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS


class Limits:
    """Bounds on the free-text fields, in tokens, and the weight of the space's hints, in nats
    (from :class:`lamkit.train.config.DecodingSettings`)."""

    def __init__(self, thought: int = 32, plan_items: int = 5, plan_item: int = 16, text: int = 32, hint: float = 0.0):
        self.thought, self.plan_items, self.plan_item, self.text = thought, plan_items, plan_item, text
        self.hint = hint


def _prior(options: list[str], hinted: str | None, weight: float) -> list[float] | None:
    """``weight`` for the options that write the hinted value, 0 for the others (None: no hint)."""
    if not weight or hinted is None:
        return None
    return [weight if o == hinted else 0.0 for o in options]


class _Values:
    """What each argument may be in this space (computed once per answer)."""

    def __init__(self, space: ActionSpace):
        self.controls = list(dict.fromkeys(space.controls))
        self.doc = [s for s in (word_source(t) for t in space.doc_spans) if s is not None]
        self.targets = list(dict.fromkeys(space.targets))
        self.hints = dict(space.hints)
        self.skips = list(space.hint_skips)
        self.values = {fn: space.values_for(fn) for fn in ("set_edit_text", "keyboard_input")} if space.values else {}
        self.typed = [s for s in (word_source(t) for t in space.text_sources) if s is not None]
        self.typed += [s for s in (whole_source(k) for k in dict.fromkeys(space.key_chords)) if s is not None]

    def usable(self, fn: str, arg: str) -> bool:
        if arg == "control_label":
            return bool(self.controls)
        if fn == "select_text" and arg == "text":
            return bool(self.targets or self.doc)
        if fn in ("set_edit_text", "keyboard_input") and arg in ("text", "keys"):
            return bool(self.typed)
        return True


def usable_functions(space: ActionSpace, values: _Values | None = None) -> dict[str, list[str]]:
    """Function -> the arguments it will be given a chance to use, for the functions whose
    required arguments this space can fill, in the schema's order."""
    values = values or _Values(space)
    out = {}
    for fn, allowed in space.functions.items():
        if fn not in ACTION_FUNCTIONS:
            continue
        args = [a for a in ACTION_FUNCTIONS[fn] if a in allowed]
        if any(a not in args or not values.usable(fn, a) for a in REQUIRED_ARGS.get(fn, ())):
            continue
        out[fn] = [a for a in args if values.usable(fn, a)]
    return out


def write_answer(w: Writer, space: ActionSpace, limits: Limits) -> None:
    """Decode one answer into ``w`` (its ``text`` is then the answer)."""
    values = _Values(space)
    fns = usable_functions(space, values)
    if not fns:
        raise LamkitError("the action space allows no function that can be completed "
                          f"(functions {', '.join(space.functions) or 'none'}, {len(space.controls)} controls)")
    fields = [f for f in ALL_FIELDS if f in space.fields or f in ("function", "args")]
    lead = "{"
    if "thought" in fields:
        w.force('{"thought":')
        w.string(' "', Free(limits.thought), [","])
        lead = " "
    w.force(lead + '"function":')
    names = list(fns)
    fn = names[w.choose([f" {json.dumps(f)}," for f in names], _prior(names, values.hints.get("function"), limits.hint))]
    w.force(' "args":')
    after = "," if ("status" in fields or "plan" in fields) else "}"
    _write_args(w, fn, fns[fn], values, limits, after)
    if "status" in fields:
        w.force(' "status":')
        end = "," if "plan" in fields else "}"
        w.choose([f' "CONTINUE"{end}', f' "FINISH"{end}'])
    if "plan" in fields:
        w.force(' "plan":')
        tails = _item_tails(1, limits)
        kind, i = w.string(' ["', Free(limits.plan_item), tails, [" []}"])
        n = 1
        while kind == "tail" and tails[i] == ",":  # another item
            n += 1
            tails = _item_tails(n, limits)
            kind, i = w.string(' "', Free(limits.plan_item), tails)


def _item_tails(n: int, limits: Limits) -> list[str]:
    return [",", "]}"] if n < limits.plan_items else ["]}"]


def _write_args(w: Writer, fn: str, args: list[str], values: _Values, limits: Limits, after: str) -> None:
    """``{"a": v, …}`` then ``after``: required arguments always, optional ones at the model's choice."""
    required = set(REQUIRED_ARGS.get(fn, ()))
    close = "}" + after
    if not args:
        w.force(" {}" + after)
        return

    skips = set(values.skips) if values.hints.get("function") == fn else set()

    def skip_prior(cand: list[int], closes: bool) -> list[float] | None:
        """The hint's weight on the options that leave out an argument the hinted step left out."""
        if not skips or not limits.hint:
            return None
        out = [limits.hint if any(args[i] in skips for i in cand[:n]) else 0.0 for n in range(len(cand))]
        if closes:
            out.append(limits.hint if any(args[i] in skips for i in cand) else 0.0)
        return out if any(out) else None

    def next_keys(k: int) -> list[int]:
        """Arguments that may come at position k: optional ones up to the next required one."""
        out = []
        for j in range(k, len(args)):
            out.append(j)
            if args[j] in required:
                break
        return out

    cand = next_keys(0)
    opts = [f' {{"{args[j]}":' for j in cand]
    may_close = not any(args[j] in required for j in range(len(args)))
    if may_close:
        opts.append(" {}" + after)
    pick = w.choose(opts, skip_prior(cand, may_close)) if len(opts) > 1 else (w.force(opts[0]) or 0)
    if pick == len(cand):
        return
    k = cand[pick]
    while True:
        later = args[k + 1:]
        if not later:
            tails = [close]
        elif any(a in required for a in later):
            tails = [","]
        else:
            tails = [",", close]
        t = _write_value(w, fn, args[k], values, limits, tails)
        if tails[t] == close:
            return
        cand = next_keys(k + 1)
        opts = [f' "{args[j]}":' for j in cand]
        pick = w.choose(opts, skip_prior(cand, False)) if len(opts) > 1 else (w.force(opts[0]) or 0)
        k = cand[pick]


def _write_value(w: Writer, fn: str, arg: str, values: _Values, limits: Limits, tails: list[str]) -> int:
    """One argument's value followed by one of ``tails``; returns the tail's index."""
    closed: list[str] | None = None
    if arg == "control_label":
        closed = [json.dumps(c, ensure_ascii=False) for c in values.controls]
    elif arg == "button":
        closed = [json.dumps(b) for b in BUTTONS]
    elif arg == "double":
        closed = ["false", "true"]
    elif arg == "wheel_dist":
        closed = [str(n) for n in WHEEL_RANGE]
    elif fn == "select_text" and arg == "text" and values.targets:
        closed = [json.dumps(t, ensure_ascii=False) for t in values.targets]
    elif fn in ("set_edit_text", "keyboard_input") and arg in ("text", "keys") and values.values:
        closed = [json.dumps(v, ensure_ascii=False) for v in values.values[fn]]
    if closed is not None:
        key = ("control_label" if arg == "control_label" else "target" if fn == "select_text" and arg == "text"
               else "value" if fn in ("set_edit_text", "keyboard_input") else None)
        hinted = values.hints.get(key) if key else None
        prior = _prior(closed, json.dumps(hinted, ensure_ascii=False) if hinted is not None else None, limits.hint)
        i = w.choose([f" {v}{t}" for v in closed for t in tails],
                     [p for p in prior for _ in tails] if prior else None)
        return i % len(tails)
    hint = None
    if fn == "select_text" and arg == "text":
        content = Spans(values.doc)
    elif fn in ("set_edit_text", "keyboard_input") and arg in ("text", "keys"):
        content = Spans(values.typed)
        hint = values.hints.get("value")  # a key chord, or a word span the request names
    else:  # a summary's text, or an argument the schema may add later
        content = Free(limits.text)
    _kind, i = w.string(' "', content, tails, hint=hint, weight=limits.hint)
    return i
