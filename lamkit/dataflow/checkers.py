"""Declarative success checks evaluated on the document's real state (``DocState``).

A checker is data, not code, so task suites can be written by hand in JSON or
YAML and stored with the tasks. The format (version 2) is documented in
docs/checkers.md; in short::

    {"version": 2,
     "all":  [CONDITION, ...],    # every one must hold
     "any":  [CONDITION, ...],    # at least one must hold (if given)
     "none": [CONDITION, ...]}    # none may hold

A CONDITION is a check (``{"check": KIND, ...}``) or a nested group with the
same three keys, to any depth. A check names *which* items it looks at with a
``where`` selector, *what* it compares with ``attr`` and one comparison, and
*how many* must satisfy it with a quantifier (the first match by default,
``every``, ``all_occurrences`` or ``count``)::

    {"check": "paragraph", "where": {"contains": "Sales"}, "attr": "alignment", "equals": "center"}
    {"check": "run", "where": {"text": "profit"}, "all_occurrences": true, "attr": "bold", "equals": true}
    {"check": "run", "every": true, "attr": "font_name", "equals": "Times New Roman"}
    {"check": "paragraph", "where": {"style": "Heading 1"}, "count": {"equals": 2}}

Why selectors and comparisons are separate fields: version 1 let ``contains``
be either, and a check could silently lose its comparison and pass on any
document (issue 12). Version-1 checkers are still read: :func:`upgrade_v1`
translates them, refusing the forms whose meaning was ambiguous.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from lamkit.dataflow import colors
from lamkit.schema import (
    CommentState,
    DocState,
    FieldState,
    ObjectState,
    PageState,
    ParagraphState,
    RunState,
    TableState,
    TabStop,
    Verdict,
)

CHECKER_VERSION = 2  #: the version this lamkit writes; it reads 1 and 2
GROUPS = ("all", "any", "none")
OPS = ("equals", "not_equals", "approx", "at_least", "at_most", "contains", "not_contains", "one_of", "matches")
COUNT_OPS = ("equals", "not_equals", "at_least", "at_most")
DEFAULT_TOL = 0.01  #: ``approx`` without ``tol``
DEFAULT_COLOR_TOL = 0  #: colours match exactly unless ``tol`` (largest per-channel difference, 0-255) is given
QUANTIFIERS = ("every", "all_occurrences", "count")


class CheckerError(ValueError):
    """A malformed checker spec; the message names the condition path and field."""


# --------------------------------------------------------------------------- value types
@dataclass(frozen=True)
class _Type:
    """What an attribute holds, which decides the comparisons it accepts."""

    kind: Literal["bool", "number", "string", "enum", "color", "paragraph_index"]
    values: tuple[Any, ...] = ()  # enum values
    optional: bool = False  # None is a value (automatic colour, no list, not anchored)


_OPS_FOR = {
    "bool": ("equals", "not_equals"),
    "number": ("equals", "not_equals", "approx", "at_least", "at_most", "one_of"),
    "paragraph_index": ("equals", "not_equals", "at_least", "at_most", "one_of"),
    "string": ("equals", "not_equals", "contains", "not_contains", "one_of", "matches"),
    "enum": ("equals", "not_equals", "one_of"),
    "color": ("equals", "not_equals", "one_of"),
}


def _type_of(annotation: Any) -> _Type | None:
    """The comparison type of a pydantic field annotation (None: not comparable, e.g. lists)."""
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        if len(args) != 1:
            return None
        annotation = args[0]
    if get_origin(annotation) is Literal:
        return _Type("enum", get_args(annotation), optional)
    kind = {bool: "bool", int: "number", float: "number", str: "string"}.get(annotation)
    return _Type(kind, (), optional) if kind else None


def _attrs(model: type, only: tuple[str, ...] = ()) -> dict[str, _Type]:
    """Comparable attributes of a DocState model, typed from the model itself (one place)."""
    out = {}
    for name, f in model.model_fields.items():
        t = _type_of(f.annotation)
        if t is None or (only and name not in only):
            continue
        if name in ("color", "highlight"):
            t = _Type("color", (), True)
        elif name == "paragraph":  # an index into DocState.paragraphs; negative counts from the end
            t = _Type("paragraph_index", (), True)
        out[name] = t
    return out


# --------------------------------------------------------------------------- the kinds of check
_PARA_WHERE = {"index": int, "contains": str, "text": str, "style": str}
_CELL_WHERE = {"table": int, "row": int, "col": int, "contains": str, "text": str}
_ANCHOR = "paragraph"  # a where key holding a paragraph index or a paragraph selector


@dataclass(frozen=True)
class _Kind:
    where: dict[str, Any]  # selector key -> type (int, str, or a nested selector spec)
    attrs: dict[str, _Type]
    scopes: tuple[str, ...] = ()  # allowed scopes, the first is the default; () = no scope field
    needs_attr: bool = True  # False: the comparison applies to the item itself (text, cell)
    selectable: bool = True  # has items to quantify over


_TEXT_SCOPES = ("document", "body", "tables", "header", "footer", "everywhere")
KINDS: dict[str, _Kind] = {
    "paragraph": _Kind(_PARA_WHERE, _attrs(ParagraphState), ("body", "header", "footer")),
    "run": _Kind({"text": str, "outside_text": str, _ANCHOR: _PARA_WHERE, "cell": _CELL_WHERE},
                 _attrs(RunState), _TEXT_SCOPES),
    "text": _Kind({}, {}, _TEXT_SCOPES, needs_attr=False, selectable=False),
    "table": _Kind({"index": int, "name": str}, _attrs(TableState)),
    "cell": _Kind(_CELL_WHERE, {}, needs_attr=False),
    "page": _Kind({}, _attrs(PageState), selectable=False),
    "comment": _Kind({"contains": str, "text": str, "author": str, _ANCHOR: _PARA_WHERE}, _attrs(CommentState)),
    "field": _Kind({"kind": str, "target": str, _ANCHOR: _PARA_WHERE}, _attrs(FieldState)),
    "object": _Kind({"kind": str, "name": str, _ANCHOR: _PARA_WHERE}, _attrs(ObjectState)),
    "tab_stop": _Kind({_ANCHOR: _PARA_WHERE, "alignment": str}, _attrs(TabStop)),
    "count": _Kind({}, {}, needs_attr=False, selectable=False),
}
COUNTABLE = ("page_count", "paragraphs", "tables", "comments", "fields", "objects")
_STRING = _Type("string")
_FIELDS = {"check", "where", "attr", "scope", "what", "tol", "ignore_case", "ignore_space", *OPS, *QUANTIFIERS}


# --------------------------------------------------------------------------- validation
def validate(spec: dict[str, Any], where: str = "checker") -> None:
    """Refuse a malformed checker (either version) with a one-line message naming the condition path."""
    normalize(spec, where)


def normalize(spec: Any, where: str = "checker") -> dict[str, Any]:
    """The version-2 form of a valid checker (version 1 is translated); raises CheckerError."""
    if not isinstance(spec, dict):
        raise CheckerError(f"{where}: a checker is an object with 'all'/'any'/'none' lists")
    v = spec.get("version", 1)
    if v == 1:
        spec = upgrade_v1(spec, where)
    elif isinstance(v, int) and not isinstance(v, bool) and v > CHECKER_VERSION:
        raise CheckerError(f"{where}: checker version {v} is newer than this lamkit reads (1 and {CHECKER_VERSION}): upgrade lamkit")
    elif v != CHECKER_VERSION:
        raise CheckerError(f"{where}: unsupported checker version {v!r} (this lamkit reads 1 and {CHECKER_VERSION})")
    unknown = sorted(set(spec) - {"version", *GROUPS})
    if unknown:
        raise CheckerError(f"{where}: unknown key(s) {unknown} (a checker has version, all, any, none)")
    _validate_group(spec, where)
    return spec


def _validate_group(g: dict[str, Any], path: str) -> None:
    if not any(g.get(k) for k in GROUPS):
        raise CheckerError(f"{path}: no conditions")
    for key in GROUPS:
        items = g.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise CheckerError(f"{path}.{key}: must be a list of conditions")
        for i, c in enumerate(items):
            at = f"{path}.{key}[{i}]"
            if not isinstance(c, dict):
                raise CheckerError(f"{at}: a condition is an object (a check or an all/any/none group)")
            if "check" in c:
                _validate_check(c, at)
            else:
                extra = sorted(set(c) - set(GROUPS))
                if extra:
                    raise CheckerError(f"{at}: a group has only all/any/none, not {extra} (a check needs 'check')")
                _validate_group(c, at)


def _validate_check(c: dict[str, Any], at: str) -> None:
    k = c["check"]
    if k not in KINDS:
        raise CheckerError(f"{at}: unknown check {k!r}: 'check' must be one of {', '.join(KINDS)}")
    kind = KINDS[k]
    at = f"{at}: {k}"
    allowed = {"check", "tol", "ignore_case", "ignore_space", *OPS}
    if kind.where:
        allowed.add("where")
    if kind.attrs:
        allowed.add("attr")
    if kind.scopes:
        allowed.add("scope")
    if kind.selectable:
        allowed |= {"every", "count"}
    if k == "run":
        allowed.add("all_occurrences")
    if k == "count":
        allowed.add("what")
    for f in c:
        if f not in allowed:
            hint = f" (a selector: write where: {{{f}: ...}})" if f in kind.where else ""
            if f not in _FIELDS and not hint:
                near = [x for x in sorted(allowed) if x.startswith(f[:4])]
                hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise CheckerError(f"{at}: unknown field {f!r}{hint}")
    if "scope" in c and c["scope"] not in kind.scopes:
        raise CheckerError(f"{at}: scope must be one of {', '.join(kind.scopes)}, got {c['scope']!r}")
    if "where" in c:
        _validate_where(c["where"], kind.where, f"{at}: where")
        if k == "run":
            _validate_run_where(c, at)
    quants = [q for q in QUANTIFIERS if q in c]
    if len(quants) > 1:
        raise CheckerError(f"{at}: ambiguous quantifier: give one of {', '.join(quants)}")
    for q in ("every", "all_occurrences"):
        if q in c and c[q] is not True:
            raise CheckerError(f"{at}: {q} must be true (leave it out for the first match)")
    if k == "run" and "all_occurrences" in c and "text" not in c.get("where", {}):
        raise CheckerError(f"{at}: all_occurrences needs where.text")
    if k == "run" and "every" in c and "text" in c.get("where", {}):
        raise CheckerError(f"{at}: every with where.text: write all_occurrences: true for every occurrence")
    if kind.selectable and not quants and not c.get("where"):
        raise CheckerError(f"{at}: say which one: give where (the first match), every, or count")
    if k == "count":
        if c.get("what") not in COUNTABLE:
            raise CheckerError(f"{at}: what must be one of {', '.join(COUNTABLE)}, got {c.get('what')!r}")
    ops = [o for o in OPS if o in c]
    if ops == ["at_least", "at_most"] or ops == ["at_most", "at_least"]:
        ops = ["at_least"]  # a range is one comparison
    if len(ops) > 1:
        raise CheckerError(f"{at}: ambiguous comparison: give one of {', '.join(ops)}")
    if "count" in c:
        _validate_count(c["count"], f"{at}: count")
    if kind.needs_attr:
        if "attr" in c and c["attr"] not in kind.attrs:
            raise CheckerError(f"{at}: unknown attr {c['attr']!r} (one of {', '.join(kind.attrs)})")
        if "attr" in c and not ops:
            raise CheckerError(f"{at}: attr {c['attr']!r} has no comparison (give one of {', '.join(_OPS_FOR[kind.attrs[c['attr']].kind])})")
        if ops and "attr" not in c:
            raise CheckerError(f"{at}: {ops[0]} compares nothing: give attr")
        if not ops and "count" not in c:
            raise CheckerError(f"{at}: no comparison: give attr and a comparison ({', '.join(OPS)}), or count")
        typ = kind.attrs.get(c.get("attr"))
    else:
        if not ops and "count" not in c:
            raise CheckerError(f"{at}: no comparison: give one of {', '.join(_OPS_FOR['string' if k != 'count' else 'number'])}")
        typ = _Type("number") if k == "count" else _STRING
    if ops and typ is not None:
        _validate_comparison(c, ops[0], typ, at, c.get("attr", "the text" if k != "count" else c.get("what")))


def _validate_where(w: Any, keys: dict[str, Any], at: str) -> None:
    if not isinstance(w, dict) or not w:
        raise CheckerError(f"{at}: a selector is a non-empty object ({', '.join(keys)})")
    for key, v in w.items():
        if key not in keys:
            raise CheckerError(f"{at}: unknown selector {key!r} (one of {', '.join(keys)})")
        want = keys[key]
        if isinstance(want, dict):  # a nested paragraph/cell selector; a paragraph may also be an index
            if key == _ANCHOR and isinstance(v, int) and not isinstance(v, bool):
                continue
            _validate_where(v, want, f"{at}.{key}")
        elif not isinstance(v, want) or isinstance(v, bool) or (want is str and not v):
            raise CheckerError(f"{at}.{key}: must be a{'n integer' if want is int else ' non-empty string'}, got {v!r}")


def _validate_run_where(c: dict[str, Any], at: str) -> None:
    w, scope = c["where"], c.get("scope", KINDS["run"].scopes[0])
    if "text" in w and "outside_text" in w:
        raise CheckerError(f"{at}: where has both text and outside_text: give one")
    if _ANCHOR in w and "cell" in w:
        raise CheckerError(f"{at}: where has both paragraph and cell: give one")
    if _ANCHOR in w and scope not in ("document", "body"):
        raise CheckerError(f"{at}: where.paragraph selects body paragraphs but scope is {scope!r}")
    if "cell" in w and scope not in ("document", "tables", "everywhere"):
        raise CheckerError(f"{at}: where.cell selects table cells but scope is {scope!r}")


def _validate_count(q: Any, at: str) -> None:
    if not isinstance(q, dict) or not q:
        raise CheckerError(f"{at}: a count is a comparison object, e.g. {{equals: 2}} or {{at_least: 1}}")
    bad = sorted(set(q) - set(COUNT_OPS))
    if bad:
        raise CheckerError(f"{at}: unknown comparison {bad[0]!r} (one of {', '.join(COUNT_OPS)})")
    if len(q) > 1 and set(q) != {"at_least", "at_most"}:
        raise CheckerError(f"{at}: ambiguous comparison: give one of {', '.join(q)}")
    for op, n in q.items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise CheckerError(f"{at}.{op}: must be a whole number >= 0, got {n!r}")


def _validate_comparison(c: dict[str, Any], op: str, typ: _Type, at: str, attr: str) -> None:
    if op not in _OPS_FOR[typ.kind]:
        raise CheckerError(f"{at}: {op} does not apply to {attr} ({typ.kind}; use {', '.join(_OPS_FOR[typ.kind])})")
    if "tol" in c:
        if op != "approx" and typ.kind != "color":
            raise CheckerError(f"{at}: tol applies to approx and colours only")
        if not isinstance(c["tol"], (int, float)) or isinstance(c["tol"], bool) or c["tol"] < 0:
            raise CheckerError(f"{at}: tol must be a number >= 0, got {c['tol']!r}")
    for m in ("ignore_case", "ignore_space"):
        if m in c:
            if typ.kind != "string":
                raise CheckerError(f"{at}: {m} applies to text comparisons only, not to {attr} ({typ.kind})")
            if not isinstance(c[m], bool):
                raise CheckerError(f"{at}: {m} must be true or false")
    ops = [o for o in ("at_least", "at_most") if o in c] if op in ("at_least", "at_most") else [op]
    for o in ops:
        wants = c[o] if o == "one_of" else [c[o]]
        if o == "one_of" and (not isinstance(wants, list) or not wants):
            raise CheckerError(f"{at}: one_of must be a non-empty list")
        for want in wants:
            problem = _bad_value(want, o, typ)
            if problem:
                raise CheckerError(f"{at}: {o} {want!r}: {problem}")


def _bad_value(want: Any, op: str, typ: _Type) -> str | None:
    if want is None:
        return None if typ.optional and op in ("equals", "not_equals", "one_of") else "null is not a value here"
    if typ.kind == "bool":
        return None if isinstance(want, bool) else "must be true or false"
    if typ.kind in ("number", "paragraph_index"):
        ok = isinstance(want, (int, float)) and not isinstance(want, bool)
        if typ.kind == "paragraph_index" and not isinstance(want, int):
            ok = False
        return None if ok else "must be a number" if typ.kind == "number" else "must be a paragraph index (negative counts from the end)"
    if typ.kind == "enum":
        return None if want in typ.values else f"must be one of {', '.join(map(str, typ.values))}"
    if typ.kind == "color":
        return None if isinstance(want, str) and colors.resolve(want) else "not a colour (#rrggbb or a LibreOffice palette name such as 'dark red 2')"
    if not isinstance(want, str):
        return "must be a string"
    if op == "matches":
        try:
            re.compile(want)
        except re.error as e:
            return f"not a regular expression ({e})"
    return None


# --------------------------------------------------------------------------- version 1
_V1_KINDS = ("run", "paragraph", "text", "table", "cell", "page", "comment", "field", "count")
_V1_OPS = ("equals", "approx", "contains", "at_least", "at_most", "not_equals")
_V1_FIELDS = {
    "run": {"text", "attr", "tol", *_V1_OPS}, "paragraph": {"index", "contains", "attr", "tol", *_V1_OPS},
    "text": {"where", "contains", "not_contains", "equals"}, "table": {"index", "rows", "cols"},
    "cell": {"table", "row", "col", "tol", *_V1_OPS}, "page": {"attr", "tol", *_V1_OPS},
    "comment": {"contains"}, "field": {"kind"}, "count": {"what", "tol", *_V1_OPS},
}


def upgrade_v1(spec: dict[str, Any], where: str = "checker") -> dict[str, Any]:
    """Translate a version-1 checker to version 2 with the same meaning.

    The forms whose version-1 meaning was not what they said are refused with
    the condition named: a paragraph with both ``index`` and ``contains``, and
    every check without a comparison (version 1 quietly tested non-emptiness).
    """
    unknown = sorted(set(spec) - {"version", *GROUPS})
    if unknown:
        raise CheckerError(f"{where}: unknown key(s) {unknown} (a checker has version, all, any, none)")
    out: dict[str, Any] = {"version": 2}
    for group in GROUPS:
        items = spec.get(group)
        if items is None:
            continue
        if not isinstance(items, list):
            raise CheckerError(f"{where}.{group}: must be a list of conditions")
        out[group] = [_upgrade_check(c, f"{where}.{group}[{i}]") for i, c in enumerate(items)]
    return out


def _upgrade_check(c: Any, at: str) -> dict[str, Any]:
    if not isinstance(c, dict) or c.get("check") not in _V1_KINDS:
        v2 = isinstance(c, dict) and (c.get("check") in KINDS or any(g in c for g in GROUPS))
        raise CheckerError(f"{at}: 'check' must be one of {', '.join(_V1_KINDS)}" + (" (version 2 syntax: add version: 2)" if v2 else ""))
    k = c["check"]
    at0, at = at, f"{at}: {k} (version 1)"
    for f in c:
        if f != "check" and f not in _V1_FIELDS[k]:
            v2 = f in _FIELDS or (f == "where" and isinstance(c.get("where"), dict))
            raise CheckerError(f"{at}: unknown field {f!r}" + (" (version 2 syntax: add version: 2)" if v2 else ""))
    for need in {"run": ("text", "attr"), "paragraph": ("attr",), "cell": ("row", "col"), "page": ("attr",),
                 "field": ("kind",), "count": ("what",)}.get(k, ()):
        if need not in c:
            raise CheckerError(f"{at0}: {k} needs {need}")
    ops = [o for o in _V1_OPS if o in c]
    if k == "paragraph":
        if "index" in c and "contains" in c:
            raise CheckerError(f"{at}: index and contains together are ambiguous (version 1 took contains as the selector, "
                               "then let index win): write version 2 with where and a separate comparison")
        if "index" not in c and "contains" not in c:
            raise CheckerError(f"{at}: needs index or contains to say which paragraph")
        sel = {"index": c["index"]} if "index" in c else {"contains": c["contains"]}
        ops = [o for o in ops if not ("contains" in sel and o == "contains")]
        return {"check": "paragraph", "where": sel, "attr": c["attr"], **_v1_comparison(c, ops, at, KINDS[k].attrs.get(c["attr"]))}
    if k == "run":
        return {"check": "run", "where": {"text": c["text"]}, "scope": "body", "attr": c["attr"],
                **_v1_comparison(c, ops, at, KINDS[k].attrs.get(c["attr"]))}
    if k == "page":
        return {"check": "page", "attr": c["attr"], **_v1_comparison(c, ops, at, KINDS[k].attrs.get(c["attr"]))}
    if k == "count":
        return {"check": "count", "what": c["what"], **_v1_comparison(c, ops, at, _Type("number"))}
    if k == "cell":
        sel = {"table": c.get("table", 0), "row": c["row"], "col": c["col"]}
        if not ops:
            raise CheckerError(f"{at}: no comparison (version 1 read it as 'the cell is empty'): write equals: ''")
        return {"check": "cell", "where": sel, **_v1_comparison(c, ops, at, _STRING)}
    if k == "text":
        tops = [o for o in ("contains", "not_contains", "equals") if o in c]
        if not tops:
            raise CheckerError(f"{at}: no comparison (version 1 only tested that the text is non-empty)")
        if len(tops) > 1:
            raise CheckerError(f"{at}: ambiguous comparison: version 1 read only {tops[0]!r} of {tops}")
        scope = c.get("where", "body")
        if scope not in ("body", "header", "footer"):
            raise CheckerError(f"{at}: where must be body, header or footer, got {scope!r}")
        out = {"check": "text", "scope": scope, tops[0]: c[tops[0]]}
        return {**out, "ignore_space": True} if tops[0] == "equals" else out
    if k == "table":
        i = c.get("index", 0)
        parts = [{"check": "table", "where": {"index": i}, "attr": a, "equals": c[a]} for a in ("rows", "cols") if a in c]
        if not parts:  # "table i exists"
            return {"check": "count", "what": "tables", "at_least": (i if isinstance(i, int) else 0) + 1}
        return parts[0] if len(parts) == 1 else {"all": parts}
    if k == "comment":
        if "contains" not in c:
            raise CheckerError(f"{at}: no comparison: give contains")
        return {"check": "comment", "attr": "text", "contains": c["contains"], "ignore_case": True, "count": {"at_least": 1}}
    return {"check": "field", "where": {"kind": c["kind"]}, "count": {"at_least": 1}}  # field


def _v1_comparison(c: dict[str, Any], ops: list[str], at: str, typ: _Type | None) -> dict[str, Any]:
    """A version-1 comparison with its version-1 semantics (strings: equals trimmed and case-blind, contains case-blind)."""
    if not ops:
        raise CheckerError(f"{at}: no comparison (version 1 only tested that the value is non-empty): give one of {', '.join(_V1_OPS)}")
    if len(ops) > 1:
        raise CheckerError(f"{at}: ambiguous comparison: version 1 read only {ops[0]!r} of {ops}")
    op, want = ops[0], c[ops[0]]
    out: dict[str, Any] = {op: want}
    if op == "approx":
        out["tol"] = c.get("tol", DEFAULT_TOL)
    if isinstance(want, str) and typ is not None and op in ("equals", "contains"):
        if typ.kind == "string":
            out.update({"ignore_case": True, "ignore_space": True} if op == "equals" else {"ignore_case": True})
        elif typ.kind == "enum":
            out[op] = want.strip().lower()
    return out


# --------------------------------------------------------------------------- comparing values
def _norm(s: Any, c: dict[str, Any]) -> Any:
    if not isinstance(s, str):
        return s
    if c.get("ignore_space"):
        s = " ".join(s.split())
    return s.casefold() if c.get("ignore_case") else s


def _op(c: dict[str, Any]) -> str:
    return next(o for o in OPS if o in c)


def _want_text(c: dict[str, Any]) -> str:
    op = _op(c)
    if op in ("at_least", "at_most") and "at_least" in c and "at_most" in c:
        return f"between {c['at_least']} and {c['at_most']}"
    extra = f" ±{c.get('tol', DEFAULT_TOL)}" if op == "approx" else ""
    return f"{op.replace('_', ' ')} {c[op]!r}{extra}"


def _holds(value: Any, c: dict[str, Any], typ: _Type, n_paragraphs: int) -> bool:
    """Whether ``value`` satisfies the condition's one comparison (the same rules for every kind)."""
    op = _op(c)
    if op in ("at_least", "at_most"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return False
        return ("at_least" not in c or value >= c["at_least"]) and ("at_most" not in c or value <= c["at_most"])
    wants = c[op] if op == "one_of" else [c[op]]
    if typ.kind == "color":
        tol = c.get("tol", DEFAULT_COLOR_TOL)

        def same(w: Any) -> bool:
            if w is None or value is None:
                return w is None and value is None
            return any(colors.distance(value, h) <= tol for h in colors.resolve(w) or [])

        hit = any(same(w) for w in wants)
        return not hit if op == "not_equals" else hit
    if typ.kind == "paragraph_index":
        wants = [w + n_paragraphs if isinstance(w, int) and w < 0 else w for w in wants]
    if op == "approx":
        try:
            return abs(float(value) - float(wants[0])) <= float(c.get("tol", DEFAULT_TOL))
        except (TypeError, ValueError):
            return False
    v, wants = _norm(value, c), [_norm(w, c) for w in wants]
    if op in ("equals", "one_of", "not_equals"):
        hit = any(v is w if typ.kind == "bool" else v == w for w in wants)
        return not hit if op == "not_equals" else hit
    if op == "contains":
        return wants[0] in (v or "")
    if op == "not_contains":
        return wants[0] not in (v or "")
    flags = re.IGNORECASE if c.get("ignore_case") else 0
    return re.search(c["matches"], v or "", flags) is not None  # matches


# --------------------------------------------------------------------------- what a check looks at
def _short(s: str, n: int = 40) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _comments(state: DocState) -> list[CommentState]:
    """Comments with anchors; a state read without them (older readers) gives texts only, anchors unknown."""
    return state.annotations or [CommentState(text=t) for t in state.comments]


def _fields(state: DocState) -> list[FieldState]:
    """Fields with positions; a state read without them gives kinds only, positions unknown."""
    return state.text_fields or [FieldState(kind=k) for k in state.fields]


def _body_text(state: DocState) -> str:
    return "\n".join(p.text for p in state.paragraphs) if state.paragraphs else state.text


def _hf_text(state: DocState, which: str) -> str:
    paras = getattr(state.page, f"{which}_paragraphs")
    return getattr(state.page, f"{which}_text") or "\n".join(p.text for p in paras)


def _scope_text(state: DocState, scope: str) -> str:
    tables = "\n".join(cell for t in state.tables for row in t.cells for cell in row)
    parts = {"body": [_body_text(state)], "tables": [tables], "header": [_hf_text(state, "header")],
             "footer": [_hf_text(state, "footer")]}
    parts["document"] = parts["body"] + parts["tables"]
    parts["everywhere"] = parts["document"] + parts["header"] + parts["footer"]
    return "\n".join(p for p in parts[scope] if p)


def _para_matches(i: int, p: ParagraphState, w: dict[str, Any], n: int) -> bool:
    if "index" in w and i != (w["index"] + n if w["index"] < 0 else w["index"]):
        return False
    if "contains" in w and w["contains"] not in p.text:
        return False
    if "text" in w and p.text != w["text"]:
        return False
    return not ("style" in w and p.style != w["style"])


def _cell_matches(ti: int, r: int, col: int, text: str, w: dict[str, Any]) -> bool:
    return (w.get("table", ti) == ti and w.get("row", r) == r and w.get("col", col) == col
            and w.get("contains", "") in text and w.get("text", text) == text)


def _anchor_ok(paragraph: int | None, w: dict[str, Any], state: DocState) -> bool:
    """An item's anchor paragraph against where.paragraph (an index, negative from the end, or a paragraph selector)."""
    if _ANCHOR not in w:
        return True
    if paragraph is None:
        return False
    sel, n = w[_ANCHOR], len(state.paragraphs)
    if isinstance(sel, int):
        return paragraph == (sel + n if sel < 0 else sel)
    return 0 <= paragraph < n and _para_matches(paragraph, state.paragraphs[paragraph], sel, n)


def _describe_where(c: dict[str, Any]) -> str:
    w = c.get("where") or {}
    parts = [f"{k}={v!r}" for k, v in w.items()]
    return ("where " + ", ".join(parts) if parts else "at all") + (f" in {c['scope']}" if "scope" in c else "")


Unit = tuple[str, list[Any]]  # (label, the compared values: one per item, one per run piece for an occurrence)


@dataclass
class _Box:
    """A run container: a paragraph (body, header, footer) or a table cell."""

    label: str
    text: str
    runs: list[RunState] | None  # None: its runs were not read
    paragraph: int | None = None
    cell: tuple[int, int, int] | None = None


def _boxes(state: DocState, scope: str) -> list[_Box]:
    body = [_Box(f"paragraph {i}", p.text, p.runs, paragraph=i) for i, p in enumerate(state.paragraphs)]
    cells = []
    for ti, t in enumerate(state.tables):
        for r, row in enumerate(t.cells):
            for col, text in enumerate(row):
                try:
                    runs: list[RunState] | None = t.cell_runs[r][col]
                except IndexError:
                    runs = None if text else []
                cells.append(_Box(f"table {ti} cell ({r}, {col})", text, runs, cell=(ti, r, col)))

    def hf(which: str) -> list[_Box]:
        paras = getattr(state.page, f"{which}_paragraphs")
        if not paras and getattr(state.page, f"{which}_text"):
            return [_Box(which, getattr(state.page, f"{which}_text"), None)]
        return [_Box(f"{which} paragraph {i}", p.text, p.runs) for i, p in enumerate(paras)]

    parts = {"body": body, "tables": cells, "header": hf("header"), "footer": hf("footer")}
    parts["document"] = body + cells
    parts["everywhere"] = parts["document"] + parts["header"] + parts["footer"]
    return parts[scope]


def _pieces(box: _Box, start: int, end: int) -> list[tuple[str, RunState]]:
    """The runs of ``box`` clipped to [start, end): the attributes of exactly those characters."""
    out, pos = [], 0
    for r in box.runs or []:
        j = box.text.find(r.text, pos) if r.text else -1
        if j < 0:
            continue
        pos = j + len(r.text)
        a, b = max(j, start), min(pos, end)
        if a < b:
            out.append((box.text[a:b], r))
    return out


def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + len(needle))
    return out


def _run_units(c: dict[str, Any], state: DocState, attr: str | None) -> tuple[list[Unit], str | None]:
    """Occurrences of where.text (each a unit of run pieces), or single run pieces; an error if runs are unknown."""
    w = c.get("where") or {}
    boxes = _boxes(state, c.get("scope", KINDS["run"].scopes[0]))
    if _ANCHOR in w:
        boxes = [b for b in boxes if b.paragraph is not None and _anchor_ok(b.paragraph, w, state)]
    if "cell" in w:
        boxes = [b for b in boxes if b.cell is not None and _cell_matches(*b.cell, b.text, w["cell"])]
    first_only = not any(q in c for q in QUANTIFIERS)
    units: list[Unit] = []

    def value(piece: tuple[str, RunState]) -> Any:
        return piece[0] if attr == "text" else getattr(piece[1], attr) if attr else piece[0]

    for b in boxes:
        needle = w.get("text") or w.get("outside_text")
        hits = _occurrences(b.text, needle) if needle else []
        relevant = bool(hits) if "text" in w else bool(b.text.strip())
        if b.runs is None and relevant:
            return [], f"cannot check: the runs of {b.label} were not read (a DocState without them)"
        if "text" in w:
            for h in hits:
                units.append((f"{needle!r} in {b.label}", [value(p) for p in _pieces(b, h, h + len(needle))]))
                if first_only:
                    return units, None
            continue
        cuts = [0] + [x for h in hits for x in (h, h + len(needle))] + [len(b.text)]
        for a, z in zip(cuts[::2], cuts[1::2]):
            for p in _pieces(b, a, z):
                units.append((f"run {_short(p[0], 24)!r} in {b.label}", [value(p)]))
    return units, None


def _units(c: dict[str, Any], state: DocState) -> tuple[list[Unit], str | None]:
    """The items a selectable check looks at, in document order, with the compared attribute's values."""
    k, w = c["check"], c.get("where") or {}
    attr = c.get("attr") or ("text" if not KINDS[k].needs_attr else None)
    get = (lambda x: getattr(x, attr)) if attr else (lambda x: x)
    if k == "run":
        return _run_units(c, state, attr)
    if k == "paragraph":
        scope = c.get("scope", "body")
        paras = state.paragraphs if scope == "body" else getattr(state.page, f"{scope}_paragraphs")
        if scope != "body" and not paras and _hf_text(state, scope):
            return [], f"cannot check: the {scope}'s paragraphs were not read (a DocState without them)"
        name = "paragraph" if scope == "body" else f"{scope} paragraph"
        return [(f"{name} {i} {_short(p.text, 30)!r}", [get(p)]) for i, p in enumerate(paras)
                if _para_matches(i, p, w, len(paras))], None
    if k == "table":
        return [(f"table {i} ({t.rows}x{t.cols})", [get(t)]) for i, t in enumerate(state.tables)
                if w.get("index", i) == i and w.get("name", t.name) == t.name], None
    if k == "cell":
        return [(f"table {ti} cell ({r}, {col})", [text]) for ti, t in enumerate(state.tables)
                for r, row in enumerate(t.cells) for col, text in enumerate(row) if _cell_matches(ti, r, col, text, w)], None
    if k == "tab_stop":
        return [(f"tab stop {j} of paragraph {i}", [get(s)]) for i, p in enumerate(state.paragraphs)
                if _anchor_ok(i, w, state) for j, s in enumerate(p.tab_stops)
                if w.get("alignment", s.alignment) == s.alignment], None
    if k == "comment":
        items = [(f"comment {i} {_short(x.text, 30)!r}", x) for i, x in enumerate(_comments(state))
                 if w.get("contains", "") in x.text and w.get("text", x.text) == x.text and w.get("author", x.author) == x.author]
    elif k == "field":
        items = [(f"{x.kind} field {i}", x) for i, x in enumerate(_fields(state))
                 if w.get("kind", x.kind) == x.kind and w.get("target", x.target) == x.target]
    else:  # object
        items = [(f"{x.kind} {x.name or i}", x) for i, x in enumerate(state.objects)
                 if w.get("kind", x.kind) == x.kind and w.get("name", x.name) == x.name]
    return [(label, [get(x)]) for label, x in items if _anchor_ok(x.paragraph, w, state)], None


# --------------------------------------------------------------------------- evaluating
def _render(values: list[Any]) -> str:
    vals = list(dict.fromkeys(repr(v) for v in values))
    return vals[0] if len(vals) == 1 else "[" + ", ".join(vals) + "]" if vals else "nothing"


def check_one(c: dict[str, Any], state: DocState) -> tuple[bool, str]:
    """One version-2 check on ``state``: (holds, what was found)."""
    k = c["check"]
    kind = KINDS[k]
    n = len(state.paragraphs)
    if k == "text":
        scope = c.get("scope", kind.scopes[0])
        src = _scope_text(state, scope)
        return _holds(src, c, _STRING, n), f"{scope} text {_short(src)!r}, want {_want_text(c)}"
    if k == "page":
        v = getattr(state.page, c["attr"])
        return _holds(v, c, kind.attrs[c["attr"]], n), f"page {c['attr']} is {v!r}, want {_want_text(c)}"
    if k == "count":
        v = {"page_count": state.page_count, "paragraphs": n, "tables": len(state.tables),
             "comments": len(_comments(state)), "fields": len(_fields(state)), "objects": len(state.objects)}[c["what"]]
        return _holds(v, c, _Type("number"), n), f"{c['what']} is {v}, want {_want_text(c)}"
    units, err = _units(c, state)
    if err:
        return False, err
    attr = c.get("attr", "text")
    typ = kind.attrs.get(attr, _STRING)
    compares = any(o in c for o in OPS)

    def ok(values: list[Any]) -> bool:
        return bool(values) and all(_holds(v, c, typ, n) for v in values)

    def found(u: Unit) -> str:
        return f"{u[0]}: {attr} is {_render(u[1])}"

    if "count" in c:
        hits = sum(1 for u in units if not compares or ok(u[1]))
        q = c["count"]
        holds = all(_holds(hits, {op: want}, _Type("number"), n) for op, want in q.items())
        with_cmp = f" with {attr} {_want_text(c)}" if compares else ""
        want = " and ".join(f"{op.replace('_', ' ')} {v}" for op, v in q.items())
        return holds, f"{hits} {k}(s) {_describe_where(c)}{with_cmp}, want {want}"
    if not units:
        return False, f"no {k} {_describe_where(c)}"
    if "every" in c or "all_occurrences" in c:
        bad = [u for u in units if not ok(u[1])]
        if bad:
            return False, (f"{len(bad)} of {len(units)} {k}(s) {_describe_where(c)} fail, want {attr} {_want_text(c)}: "
                           + "; ".join(found(u) for u in bad[:3]) + ("; …" if len(bad) > 3 else ""))
        return True, f"all {len(units)} {k}(s) {_describe_where(c)} have {attr} {_want_text(c)}"
    return ok(units[0][1]), f"{found(units[0])}, want {_want_text(c)}"


def _eval_group(g: dict[str, Any], state: DocState, path: str, subs: dict[str, float]) -> list[str]:
    """The failures of a group (empty: it holds); fills ``subs`` with one score per condition path."""
    fails: list[str] = []
    anys: list[tuple[str, bool, str]] = []
    for key in GROUPS:
        for i, c in enumerate(g.get(key) or []):
            p = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
            if "check" in c:
                name = f"{p}:{c['check']}"
                ok, msg = check_one(c, state)
            else:
                name = p
                sub = _eval_group(c, state, p, subs)
                ok, msg = not sub, "; ".join(sub)
            subs[name] = 1.0 if ok else 0.0
            if key == "all" and not ok:
                fails.append(f"{name} failed: {msg}")
            elif key == "none" and ok:
                fails.append(f"{name} holds but must not" + (f": {msg}" if msg else ""))
            elif key == "any":
                anys.append((name, ok, msg))
    if anys and not any(ok for _, ok, _ in anys):
        fails.append(f"{path + '.' if path else ''}any: none holds (" + "; ".join(f"{nm}: {m}" for nm, _, m in anys) + ")")
    return fails


def evaluate(spec: dict[str, Any], state: DocState) -> Verdict:
    """Judge ``state`` by a checker (version 1 or 2): sub_scores per condition path, reason naming each failure."""
    spec = normalize(spec)
    subs: dict[str, float] = {}
    fails = _eval_group(spec, state, "", subs)
    return Verdict(success=not fails, reason="; ".join(fails) or "all conditions hold", sub_scores=subs, judge="checker")


def combine(*checkers: dict[str, Any]) -> dict[str, Any]:
    """One version-2 checker meaning "all of these hold" (compound tasks: "make the title bold and centre it")."""
    if not checkers:
        raise CheckerError("combine: give at least one checker")
    parts: list[dict[str, Any]] = []
    for i, ch in enumerate(checkers):
        v2 = normalize(ch, where=f"combine[{i}]")
        group = {k: v2[k] for k in GROUPS if v2.get(k)}
        parts.extend(group["all"] if set(group) == {"all"} else [group])
    out = {"version": CHECKER_VERSION, "all": parts}
    validate(out)
    return out
