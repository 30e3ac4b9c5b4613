"""Hand-written task suites: a YAML or JSON file of checkable Writer tasks (docs/suites.md).

A suite is how a person writes tasks without a family: a request, a starting
document (a ``template`` file, or a ``document`` given inline as paragraphs and
an optional table, written to .docx/.odt at load time), a declarative checker
(docs/checkers.md) and optionally a plan for the heuristic expert. ``lamkit
collect --tasks`` and ``lamkit evaluate online --tasks`` read suites through
:func:`lamkit.dataflow.runner.load_items`, which calls :func:`load_suite`.

Where strictness ends: a file that cannot be parsed (YAML/JSON syntax, not a
list of tasks, an unknown suite version) is refused as a whole, since nothing in
it can be trusted. A task that is wrong on its own (an unknown field, a bad
checker, a missing template, an unknown style) is skipped and reported with a
one-line reason naming the file, the task (1-based index and id) and the field,
so one typo never costs the other tasks of a long collection run. The reasons
are returned in :class:`SuiteLoad` and written to ``<run>/suite-report.json``.

Generated documents are cached in the run folder under a name derived from
their content (``suite-docs/doc-<hash>.docx``), so a rerun reuses them and a
resumed run sees exactly the documents its finished episodes started from.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from lamkit.dataflow.checkers import CheckerError, validate
from lamkit.envs.writer.env import TEMPLATE_SUFFIXES  # the documents Writer opens: one list, the environment's
from lamkit.errors import DataError, LamkitError
from lamkit.jsonl import write_json_atomic
from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS, PlanStep, Split, Task

#: Version of the suite file format (the top level); checkers carry their own version.
SUITE_VERSION = 1
#: File suffixes read as suites (anything else is a task JSONL).
SUITE_SUFFIXES = (".yaml", ".yml", ".json")
#: Where, inside a run folder, generated documents and the load report go.
DOCS_DIR = "suite-docs"
REPORT_FILE = "suite-report.json"
#: Bump when the document writer changes what it writes, so cached documents are regenerated.
_DOC_WRITER_VERSION = 1

#: Paragraph styles an inline document may use: the display name Writer shows (and
#: ``DocState`` reports) -> (python-docx style name, ODF style name, ODF outline level).
STYLES: dict[str, tuple[str | None, str, int]] = {
    "Default Paragraph Style": (None, "Standard", 0),
    "Body Text": ("Body Text", "Text_20_body", 0),
    "Title": ("Title", "Title", 0),
    "Subtitle": ("Subtitle", "Subtitle", 0),
    **{f"Heading {n}": (f"Heading {n}", f"Heading_20_{n}", n) for n in range(1, 7)},
}


# ----------------------------------------------------------------------------- the file's shapes
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocParagraph(_Strict):
    """One paragraph of an inline document; a bare string in the file means ``{text: ...}``."""

    text: str
    style: str = "Default Paragraph Style"

    @field_validator("style")
    @classmethod
    def _known_style(cls, v: str) -> str:
        if v not in STYLES:
            close = difflib.get_close_matches(v, list(STYLES), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValueError(f"unknown paragraph style {v!r} ({hint}known: {', '.join(STYLES)})")
        return v


def _paragraph(v: Any) -> Any:
    return {"text": v} if isinstance(v, str) else v


class SuiteDocument(_Strict):
    """A starting document written at load time: paragraphs, then an optional table."""

    paragraphs: list[Annotated[DocParagraph, BeforeValidator(_paragraph)]] = Field(min_length=1)
    table: list[list[str]] | None = None
    format: Literal["docx", "odt"] = "docx"

    @field_validator("table")
    @classmethod
    def _rectangular(cls, v: list[list[str]] | None) -> list[list[str]] | None:
        if v is not None:
            if not v or not v[0]:
                raise ValueError("a table needs at least one row and one column")
            bad = next((i for i, row in enumerate(v) if len(row) != len(v[0])), None)
            if bad is not None:
                raise ValueError(f"row {bad} has {len(v[bad])} cells, row 0 has {len(v[0])}: a table is rectangular")
        return v


def _document(v: Any) -> Any:
    return {"paragraphs": v} if isinstance(v, list) else v


class SuiteStep(_Strict):
    """A plan step for the heuristic expert: the function and the control's name on screen."""

    step: str | None = None
    function: str
    control: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_function(self) -> SuiteStep:
        f = self.function
        if f not in ACTION_FUNCTIONS:
            close = difflib.get_close_matches(f, list(ACTION_FUNCTIONS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValueError(f"unknown function {f!r} ({hint}one of {', '.join(ACTION_FUNCTIONS)})")
        allowed = set(ACTION_FUNCTIONS[f]) - {"control_label"}
        extra = sorted(set(self.args) - allowed)
        if extra:
            raise ValueError(f"{f} takes no argument {extra[0]!r} (it takes {', '.join(sorted(allowed)) or 'none'})")
        missing = [a for a in REQUIRED_ARGS[f] if a != "control_label" and a not in self.args]
        if missing:
            raise ValueError(f"{f} needs args.{missing[0]}")
        if "control_label" in REQUIRED_ARGS[f] and not self.control:
            raise ValueError(f"{f} needs a control (its name on screen, or '<document>')")
        return self

    def to_plan_step(self) -> PlanStep:
        text = self.step or " ".join(x for x in (self.function, self.control, ", ".join(f"{k}={v!r}" for k, v in self.args.items())) if x)
        return PlanStep(step=text, function=self.function, control=self.control, args=self.args)


class SuiteTask(_Strict):
    """One task as written in a suite file (see docs/suites.md for every field)."""

    id: str | None = Field(default=None, min_length=1)
    request: str = Field(min_length=1)
    template: str | None = None
    document: Annotated[SuiteDocument | None, BeforeValidator(_document)] = None
    checker: dict[str, Any]
    plan: list[SuiteStep] = Field(default_factory=list)
    split: Split = "test"
    family: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_start(self) -> SuiteTask:
        if (self.template is None) == (self.document is None):
            raise ValueError("give exactly one of 'template' (a document file) or 'document' (paragraphs)")
        return self


class SkippedTask(BaseModel):
    """A suite task that was not loaded, and why (one line naming file, task and field)."""

    index: int  # 1-based, as a person counts the tasks in the file
    id: str | None = None
    reason: str


class SuiteLoad(BaseModel):
    """The outcome of loading a suite: the runnable tasks and the skipped ones."""

    path: str
    total: int
    tasks: list[Task]
    skipped: list[SkippedTask] = Field(default_factory=list)

    def write_report(self, out_dir: str | os.PathLike) -> Path:
        """``<out_dir>/suite-report.json``: counts, the loaded ids, every skipped task with its reason."""
        return write_json_atomic(Path(out_dir) / REPORT_FILE, {
            "suite": self.path, "total": self.total, "loaded": len(self.tasks),
            "task_ids": [t.id for t in self.tasks],
            "skipped": [s.model_dump() for s in self.skipped],
        })


# ----------------------------------------------------------------------------- reading
def is_suite(path: str | os.PathLike) -> bool:
    """Whether ``path`` is read as a suite (YAML/JSON) rather than a task JSONL."""
    return Path(path).suffix.lower() in SUITE_SUFFIXES


def read_suite(path: str | os.PathLike) -> list[Any]:
    """The raw task entries of a suite file; a file that cannot be read as a suite is refused (DataError)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read: {e}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            what = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise DataError(f"{path}{where}: YAML syntax error: {what}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise DataError(f"{path}:{e.lineno}:{e.colno}: JSON syntax error: {e.msg}") from None
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"version", "tasks"})
        if unknown:
            raise DataError(f"{path}: unknown top-level key {unknown[0]!r} (a suite is a list of tasks or {{version, tasks}})")
        v = data.get("version", SUITE_VERSION)
        if v != SUITE_VERSION:
            raise DataError(f"{path}: suite version {v!r} is not supported (this lamkit reads version {SUITE_VERSION})")
        data = data.get("tasks")
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a list of tasks (or {{tasks: [...]}}), found {type(data).__name__}")
    if not data:
        raise DataError(f"{path}: the suite has no tasks")
    return data


def _loc(parts: tuple[Any, ...]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def pydantic_reason(e: ValidationError, model: type[BaseModel] | None = None) -> tuple[str, str]:
    """A pydantic error as (field path, what is wrong): the first error, and how many more there are."""
    first = e.errors()[0]
    loc = tuple(first.get("loc", ()))
    kind, msg = first.get("type", ""), first.get("msg", "")
    if kind == "extra_forbidden" and loc:
        field, parent = loc[-1], loc[:-1]
        hint = ""
        if model is not None and not parent:
            close = difflib.get_close_matches(str(field), list(model.model_fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        text = f"unknown field {field!r}{hint}"
        loc = parent
    elif kind == "missing":
        text = "missing (required)"
    else:
        text = msg.removeprefix("Value error, ")
    more = f" (and {e.error_count() - 1} more error(s))" if e.error_count() > 1 else ""
    return _loc(loc), f"{text}{more}"


class _Bad(Exception):
    """One task's problem: the field path inside the task ("" for the task itself) and what is wrong."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(f"{field}: {text}")
        self.field, self.text = field, text


def _check_template(raw: str, base: Path) -> Path:
    p = Path(raw).expanduser()
    p = (p if p.is_absolute() else base / p).resolve()
    if not p.exists():
        raise _Bad("template", f"{p} does not exist")
    if not p.is_file():
        raise _Bad("template", f"{p} is not a file")
    if p.suffix.lower() not in TEMPLATE_SUFFIXES:
        raise _Bad("template", f"{p} is not a document Writer opens ({', '.join(TEMPLATE_SUFFIXES)})")
    try:
        with open(p, "rb") as f:
            f.read(1)
    except OSError as e:
        raise _Bad("template", f"{p} cannot be read ({e.strerror or e})") from None
    if p.suffix.lower() in (".docx", ".odt") and not zipfile.is_zipfile(p):
        raise _Bad("template", f"{p} is not a {p.suffix.lower()} document (not a zip archive)")
    return p


def template_problem(raw: str, base: Path | None = None) -> str | None:
    """What makes ``raw`` (relative to ``base``, default the working folder) unusable as a task's
    template, or None: the one rule for suites and task JSONL files alike (missing, not a file,
    not a document Writer opens, unreadable, not a zip archive)."""
    try:
        _check_template(raw, base or Path.cwd())
    except _Bad as e:
        return e.text
    return None


def _task_label(raw: Any) -> str:
    if isinstance(raw, dict):
        if isinstance(raw.get("id"), str) and raw["id"]:
            return f" ({raw['id']!r})"
        if isinstance(raw.get("request"), str):
            return f" ({raw['request'][:30]!r})"
    return ""


def load_suite(path: str | os.PathLike, docs_dir: str | os.PathLike | None = None) -> SuiteLoad:
    """Read, validate and materialise a suite: every good task becomes a :class:`Task`
    (``split`` test unless given, documents generated under ``docs_dir``); every bad
    one is skipped with its reason. Raises DataError only when the file itself is unusable."""
    path = Path(path)
    entries = read_suite(path)
    docs = Path(docs_dir) if docs_dir is not None else Path(tempfile.gettempdir()) / "lamkit-suite-docs"
    tasks: list[Task] = []
    skipped: list[SkippedTask] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(entries, start=1):
        tid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        try:
            if not isinstance(raw, dict):
                raise _Bad("", f"expected a mapping with 'request' and 'checker', found {type(raw).__name__}")
            try:
                st = SuiteTask.model_validate(raw)
            except ValidationError as e:
                raise _Bad(*pydantic_reason(e, SuiteTask)) from None
            try:
                validate(st.checker, where="checker")
            except CheckerError as e:  # its message starts with the condition's path: "checker.all[0]: ..."
                field, sep, text = str(e).partition(": ")
                raise (_Bad(field, text) if sep else _Bad("checker", str(e))) from None
            tid = st.id or _default_id(path, st)
            if tid in seen:
                raise _Bad("id", f"{tid!r} is already used by task {seen[tid]}")
            template = _check_template(st.template, path.parent) if st.template is not None else write_document(st.document, docs)
            seen[tid] = n
            tasks.append(Task(id=tid, request=st.request, template=str(template), plan=[s.to_plan_step() for s in st.plan],
                              checker=st.checker, origin=f"suite:{path.name}", split=st.split, family=st.family, params=st.params))
        except _Bad as e:
            where = f".{e.field}" if e.field else ""
            skipped.append(SkippedTask(index=n, id=tid, reason=f"{path}: task {n}{_task_label(raw)}{where}: {e.text}"))
    return SuiteLoad(path=str(path), total=len(entries), tasks=tasks, skipped=skipped)


def _default_id(path: Path, st: SuiteTask) -> str:
    """A stable id for a task that gives none: the suite's name and a hash of what the task is
    (not its position), so inserting a task does not renumber the others and resume still works."""
    key = json.dumps([st.request, st.checker, st.template, st.document.model_dump() if st.document else None], sort_keys=True, default=str)
    return f"{path.stem}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


# ----------------------------------------------------------------------------- documents
def document_path(doc: SuiteDocument, docs_dir: str | os.PathLike) -> Path:
    """The cache file of an inline document: named by a hash of its content and the writer's version."""
    key = json.dumps({"v": _DOC_WRITER_VERSION, **doc.model_dump()}, sort_keys=True, ensure_ascii=False)
    return Path(docs_dir) / f"doc-{hashlib.sha1(key.encode()).hexdigest()[:16]}.{doc.format}"


def write_document(doc: SuiteDocument, docs_dir: str | os.PathLike) -> Path:
    """Write ``doc`` as .docx/.odt under ``docs_dir`` unless already there; atomic (temp file + rename)."""
    dest = document_path(doc, docs_dir)
    if dest.is_file():
        return dest
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.stem}.", suffix=dest.suffix)
        os.close(fd)
        try:
            (_write_docx if doc.format == "docx" else _write_odt)(Path(tmp), doc)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise LamkitError(f"{dest}: cannot write the suite document: {e}") from None
    return dest


def _write_docx(path: Path, doc: SuiteDocument) -> None:
    from docx import Document

    d = Document()
    for p in doc.paragraphs:
        docx_style = STYLES[p.style][0]
        d.add_paragraph(p.text, style=docx_style) if docx_style else d.add_paragraph(p.text)
    if doc.table:
        t = d.add_table(rows=len(doc.table), cols=len(doc.table[0]))
        for r, row in enumerate(doc.table):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
    d.save(str(path))


#: Point sizes of Heading 1-6 in a written .odt (Writer's defaults: 130%..85% of 14 pt).
_ODT_HEADING_PT = {1: 18.2, 2: 16.1, 3: 14.1, 4: 13.3, 5: 11.9, 6: 11.9}


def _write_odt(path: Path, doc: SuiteDocument) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, P

    from lamkit.dataflow.templates import odt_table

    d = OpenDocumentText()
    # Writer maps a paragraph to its built-in "Heading 1" or "Body Text" only when the file
    # defines the style (Title and Subtitle resolve without): define each one used, with
    # heading sizes close to Writer's. Measured: an undefined Heading_20_1 reads back as
    # "Default Paragraph Style"; a style with parent-style-name="None" stalls the load.
    for name in dict.fromkeys(p.style for p in doc.paragraphs):
        _, odf_style, level = STYLES[name]
        if odf_style in ("Standard", "Title", "Subtitle"):
            continue
        st = Style(name=odf_style, displayname=name, family="paragraph", **({"defaultoutlinelevel": level} if level else {}))
        if level:
            st.addElement(TextProperties(fontsize=f"{_ODT_HEADING_PT[level]}pt", fontweight="bold"))
        d.styles.addElement(st)
    for p in doc.paragraphs:
        _, odf_style, level = STYLES[p.style]
        el = H(outlinelevel=level, stylename=odf_style, text=p.text) if level else P(stylename=odf_style, text=p.text)
        d.text.addElement(el)
    if doc.table:
        d.text.addElement(odt_table(doc.table))
    d.save(str(path))
