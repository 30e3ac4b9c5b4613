"""Declarative success checks evaluated on the document's real state (``DocState``).

A checker is data, not code, so task suites can be written by hand in JSON or
YAML and stored with the tasks. Format, version 1 (see docs/checkers.md)::

    {"version": 1,
     "all":  [condition, ...],     # every one must hold (default)
     "any":  [condition, ...],     # at least one must hold (if given)
     "none": [condition, ...]}     # none may hold

Conditions (``check`` names the kind):

- ``run``: ``{"check": "run", "text": "profit", "attr": "bold", "equals": true}``: every
  run covering the first occurrence of ``text`` in the body has the attribute.
  Attributes: bold, italic, underline, strikethrough, font_name, font_size, color, highlight.
- ``paragraph``: ``{"check": "paragraph", "contains": "Sales", "attr": "alignment", "equals": "center"}``
  (or ``"index": 0`` instead of ``contains``). Attributes of ParagraphState: alignment,
  style, line_spacing, left_indent_mm, list_type, page_break_before, text, …
- ``text``: ``{"check": "text", "contains": "…"}`` / ``"not_contains"`` / ``"equals"``; ``"where"``:
  body (default), header, footer.
- ``table``: ``{"check": "table", "index": 0, "rows": 3, "cols": 2}``;
  ``cell``: ``{"check": "cell", "table": 0, "row": 1, "col": 0, "equals": "42"}``.
- ``page``: ``{"check": "page", "attr": "orientation", "equals": "landscape"}``.
- ``comment``: ``{"check": "comment", "contains": "check figures"}``.
- ``field``: ``{"check": "field", "kind": "DateTime"}``.
- ``count``: ``{"check": "count", "what": "page_count", "at_least": 2}`` (what: page_count,
  paragraphs, tables, comments, fields).

Comparisons: ``equals``, ``approx`` + ``tol`` (numbers), ``contains`` (strings),
``at_least`` / ``at_most``, ``not_equals``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lamkit.errors import DataError
from lamkit.schema import DocState, Verdict

CHECKER_VERSION = 1
KINDS = ("run", "paragraph", "text", "table", "cell", "page", "comment", "field", "count")
_OPS = ("equals", "approx", "contains", "at_least", "at_most", "not_equals")


class CheckerError(ValueError):
    """A malformed checker spec; the message names the condition and field."""


def validate(spec: dict[str, Any], where: str = "checker") -> None:
    if not isinstance(spec, dict):
        raise CheckerError(f"{where}: a checker is an object with 'all'/'any'/'none' lists")
    v = spec.get("version", CHECKER_VERSION)
    if v != CHECKER_VERSION:
        raise CheckerError(f"{where}: unsupported checker version {v!r} (this lamkit reads version {CHECKER_VERSION})")
    unknown = set(spec) - {"version", "all", "any", "none"}
    if unknown:
        raise CheckerError(f"{where}: unknown key(s) {sorted(unknown)}")
    if not any(spec.get(k) for k in ("all", "any", "none")):
        raise CheckerError(f"{where}: no conditions")
    for group in ("all", "any", "none"):
        for i, c in enumerate(spec.get(group, []) or []):
            at = f"{where}.{group}[{i}]"
            if not isinstance(c, dict) or c.get("check") not in KINDS:
                raise CheckerError(f"{at}: 'check' must be one of {', '.join(KINDS)}")
            k = c["check"]
            needs = {
                "run": ("text", "attr"),
                "paragraph": ("attr",),
                "table": (),
                "cell": ("row", "col"),
                "page": ("attr",),
                "field": ("kind",),
                "count": ("what",),
            }.get(k, ())
            missing = [n for n in needs if n not in c]
            if missing:
                raise CheckerError(f"{at}: {k} needs {', '.join(missing)}")
            if k in ("run", "paragraph", "page", "count") and not any(op in c for op in _OPS):
                raise CheckerError(f"{at}: give a comparison ({', '.join(_OPS)})")


def _compare(value: Any, c: dict[str, Any]) -> tuple[bool, str]:
    if "equals" in c:
        want = c["equals"]
        if isinstance(want, str) and isinstance(value, str):
            return value.strip().lower() == want.strip().lower(), f"{value!r} vs {want!r}"
        return value == want, f"{value!r} vs {want!r}"
    if "not_equals" in c:
        return value != c["not_equals"], f"{value!r} must differ from {c['not_equals']!r}"
    if "approx" in c:
        tol = float(c.get("tol", 0.01))
        try:
            return abs(float(value) - float(c["approx"])) <= tol, f"{value!r} vs {c['approx']}±{tol}"
        except (TypeError, ValueError):
            return False, f"{value!r} is not a number"
    if "contains" in c:
        return str(c["contains"]).lower() in str(value or "").lower(), f"{str(value)[:60]!r} should contain {c['contains']!r}"
    if "at_least" in c:
        return value is not None and value >= c["at_least"], f"{value!r} >= {c['at_least']}"
    if "at_most" in c:
        return value is not None and value <= c["at_most"], f"{value!r} <= {c['at_most']}"
    return bool(value), f"{value!r}"


def _find_paragraph(state: DocState, c: dict[str, Any]):
    if "index" in c:
        i = int(c["index"])
        return state.paragraphs[i] if -len(state.paragraphs) <= i < len(state.paragraphs) else None
    needle = str(c.get("contains_text", c.get("contains", "")))
    for p in state.paragraphs:
        if needle and needle in p.text:
            return p
    return None


def _runs_covering(state: DocState, text: str):
    for p in state.paragraphs:
        start = p.text.find(text)
        if start < 0:
            continue
        end, pos, out = start + len(text), 0, []
        for r in p.runs:
            r_end = pos + len(r.text)
            if r_end > start and pos < end:
                out.append(r)
            pos = r_end
        return out
    return None


def check_one(c: dict[str, Any], state: DocState) -> tuple[bool, str]:
    k = c["check"]
    if k == "run":
        runs = _runs_covering(state, c["text"])
        if not runs:
            return False, f"text {c['text']!r} not found"
        results = [_compare(getattr(r, c["attr"]), c) for r in runs]
        ok = all(x for x, _ in results)
        return ok, f"{c['attr']} of {c['text']!r}: " + "; ".join(m for _, m in results[:3])
    if k == "paragraph":
        cc = {kk: vv for kk, vv in c.items() if kk != "contains"}
        if "contains" in c and "attr" in c:
            cc["contains_text"] = c["contains"]
        p = _find_paragraph(state, cc)
        if p is None:
            return False, f"no paragraph {c.get('contains', c.get('index'))!r}"
        ok, msg = _compare(getattr(p, c["attr"]), cc)
        return ok, f"paragraph {p.text[:30]!r} {c['attr']}: {msg}"
    if k == "text":
        src = {"body": state.text, "header": state.page.header_text, "footer": state.page.footer_text}.get(c.get("where", "body"), state.text)
        if "contains" in c:
            return c["contains"] in src, f"{c.get('where', 'body')} should contain {c['contains']!r}"
        if "not_contains" in c:
            return c["not_contains"] not in src, f"{c.get('where', 'body')} should not contain {c['not_contains']!r}"
        if "equals" in c:
            return src.strip() == str(c["equals"]).strip(), f"{c.get('where', 'body')} should equal {c['equals']!r}"
        return bool(src), "text should be non-empty"
    if k == "table":
        i = int(c.get("index", 0))
        if i >= len(state.tables):
            return False, f"no table {i} (document has {len(state.tables)})"
        t = state.tables[i]
        ok = all(getattr(t, f) == c[f] for f in ("rows", "cols") if f in c)
        return ok, f"table {i} is {t.rows}x{t.cols}, want {c.get('rows', '?')}x{c.get('cols', '?')}"
    if k == "cell":
        i = int(c.get("table", 0))
        if i >= len(state.tables):
            return False, f"no table {i}"
        t = state.tables[i]
        try:
            v = t.cells[int(c["row"])][int(c["col"])]
        except IndexError:
            return False, f"no cell ({c['row']}, {c['col']}) in a {t.rows}x{t.cols} table"
        return _compare(v, c if any(o in c for o in _OPS) else {**c, "equals": ""})
    if k == "page":
        ok, msg = _compare(getattr(state.page, c["attr"]), c)
        return ok, f"page {c['attr']}: {msg}"
    if k == "comment":
        want = str(c.get("contains", ""))
        return any(want.lower() in x.lower() for x in state.comments), f"a comment containing {want!r} (have {len(state.comments)})"
    if k == "field":
        return c["kind"] in state.fields, f"a {c['kind']} field (have {state.fields})"
    if k == "count":
        v = {
            "page_count": state.page_count,
            "paragraphs": len(state.paragraphs),
            "tables": len(state.tables),
            "comments": len(state.comments),
            "fields": len(state.fields),
        }.get(c["what"])
        ok, msg = _compare(v, c)
        return ok, f"{c['what']}: {msg}"
    return False, f"unknown check {k!r}"


def evaluate(spec: dict[str, Any], state: DocState) -> Verdict:
    validate(spec)
    subs: dict[str, float] = {}
    failures: list[str] = []
    for group in ("all", "any", "none"):
        for i, c in enumerate(spec.get(group, []) or []):
            ok, msg = check_one(c, state)
            name = f"{group}[{i}]:{c['check']}"
            subs[name] = 1.0 if ok else 0.0
            if group == "all" and not ok:
                failures.append(f"{name} failed: {msg}")
            if group == "none" and ok:
                failures.append(f"{name} holds but must not: {msg}")
    anys = spec.get("any") or []
    if anys and not any(subs[f"any[{i}]:{c['check']}"] for i, c in enumerate(anys)):
        failures.append("none of the 'any' conditions holds")
    ok = not failures
    return Verdict(success=ok, reason="all conditions hold" if ok else "; ".join(failures), sub_scores=subs, judge="checker")


def load_suite(path: str | Path) -> list[dict[str, Any]]:
    """Read a hand-written task suite (JSON or YAML list of tasks with checkers), validating each."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as e:  # noqa: BLE001 - any parse error is the file's fault
        raise DataError(f"{path}: cannot parse: {str(e).splitlines()[0]}") from None
    tasks = data.get("tasks") if isinstance(data, dict) else data
    if not isinstance(tasks, list):
        raise DataError(f"{path}: expected a list of tasks (or {{'tasks': [...]}})")
    for i, t in enumerate(tasks):
        if not isinstance(t, dict) or "request" not in t or "checker" not in t:
            raise DataError(f"{path}: task {i}: needs 'request' and 'checker'")
        try:
            validate(t["checker"], where=f"task {i} ({t.get('id', t['request'][:30])!r}).checker")
        except CheckerError as e:
            raise DataError(f"{path}: {e}") from None
    return tasks
