"""The one place prompts are rendered and answers parsed.

Training (phases 1-4) and the live agent both call these functions, so the text
a model is trained on is byte for byte the text it sees at inference time.

Model I/O follows the published LAM recipe (docs/paper_notes.md), shaped for a
small model (docs/agent.md). Input: the request, the previous
actions, the plan (when the answer carries one), the document as numbered
paragraphs with style and formatting (``Observation.outline``), and ~20 candidate
controls picked by :mod:`lamkit.agent.candidates`, each under a stable name
("Bold", "Format", "Document"), never an episode's numeric label. Output: one
JSON object with the answer fields the settings generate (function, args with
``control_label`` = a rendered name, status; thought and plan optional).
:func:`render_step` returns the messages together with the :class:`ActionSpace`
of the step (what constrained decoding may generate) and the name -> live label
map grounding uses. Observations are text only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, field_validator

from lamkit.agent.action_space import ALL_FIELDS, DEFAULT_FIELDS, ActionSpace, fitted_functions, function_signatures, is_word_span
from lamkit.agent.exemplars import Exemplar, ExemplarIndex, next_step, next_value, parse_step, render_exemplar
from lamkit.agent.candidates import ROLE_WORD, Ranker, RankerModel, load_default_ranker, name_of_label, resolve
from lamkit.agent.targets import render_targets, resolve_clause_targets, resolve_targets
from lamkit.agent.values import recall_value, request_values, typeable
from lamkit.agent.quotes import double_quotes
from lamkit.schema import ACTION_FUNCTIONS, REQUIRED_ARGS, Control, Observation, OutlineParagraph, Step

PLAN_SYSTEM = (
    "You are an expert LibreOffice Writer user. Given a task, answer with the numbered steps "
    "that accomplish it in the application, one step a line."
)


# ----------------------------------------------------------------------------- settings
#: Previous actions a prompt shows (``RenderSettings.history_steps``): a history length, not an
#: episode's step limit (``lamkit.agent.loop.MAX_EPISODE_STEPS``) nor a trainer's step count.
HISTORY_STEPS = 4


class RenderSettings(BaseModel):
    """How a step is rendered; training and inference must use the same values.

    - ``max_candidates``: controls offered (the ranker keeps the first ones);
    - ``max_targets``: target options offered for ``select_text`` (:mod:`lamkit.agent.targets`;
      0: no Targets section, ``select_text`` may then select any word span of the document);
    - ``exemplars``: training tasks to show the most similar of, with its expert's step at
      this position (:mod:`lamkit.agent.exemplars`; training fits them per run, None: no
      section);
    - ``values``: show the values the request asks to type (``Values:``, :mod:`lamkit.agent.values`)
      and, when there are any, let typing answers type only them or a key chord;
    - ``fields``: answer fields the model writes (:data:`lamkit.agent.action_space.ALL_FIELDS`
      order); without ``plan`` the prompt has no plan section (nothing to feed back);
    - ``history_steps``: previous actions shown (older ones are counted, not shown);
    - ``outline_chars`` / ``paragraph_chars``: the document outline's budget, in all and
      per paragraph;
    - ``max_obs_chars``: optional cap on outline + controls together (older configs'
      single observation budget; controls are cut from the end of the ranking);
    - ``ranker``: ``default`` (the packaged fitted ranker), ``rules`` (no learned part),
      the path of a ranker file (:meth:`lamkit.agent.candidates.Ranker.save`), or the
      learned associations themselves (a :class:`~lamkit.agent.candidates.RankerModel`):
      training fits one per run on its training split and stores it inline, so a
      checkpoint's ``lamkit_train_config.json`` carries its own ranker wherever the folder goes;
    - ``typed_values``: texts an answer may type whole although neither the request nor
      the document spells them ("Heading 2" for "a level-two heading", "©"); training
      learns them from its training split (``lamkit.train.data.typed_vocabulary``);
    - ``optional_args``: the optional arguments each function's answers may use: those the
      training answers used (fitted per run, :func:`lamkit.train.data.optional_arguments`);
      None: every optional argument of the schema. Why: the click modifiers (``button``,
      ``double``) are not advertised in the prompt and no expert step uses them, yet after a
      click's control the decoder offered "another argument" beside "close", and the model,
      which writes ``",`` after the control of every select or typing step, took it about
      half the time (log-probability -0.63 against -0.76 on one recorded step): a right-click
      on Italic is a step that does nothing. Only the decoder's space changes, not the prompt
      text, so a finished run can be refitted (``lamkit checkpoints arguments``);
    - ``version``: how the prompt is laid out. 1, what every checkpoint fitted before
      version 2 saw (settings saved without the field load as 1, so they render as they
      were trained). 2 (:data:`RENDER_VERSION`, what training fits now): a request of two
      edits on two targets gets each clause's target on offer
      (:func:`lamkit.agent.targets.resolve_clause_targets`), the top-level menus share one
      ``Menus:`` line, and the system message is shorter: ~65 fewer tokens a step
      (benchmarks/prompt_bench.py);
    - ``clause_targets``: read a two-edit request's targets clause by clause (True) or whole
      (False); None: as ``version`` says (2 reads clauses). Why apart from the layout: a
      version-1 run read whole offers the strongest reference first at every selection, and
      the decoder's target hint is the first option, so the 135M standard-cpu model selected
      one clause's target for the other's edit in 4 of its 25 failed test episodes (stop 29);
      its layout must stay as trained, the order of the options need not.
    """

    max_candidates: int = Field(20, ge=1)
    max_targets: int = Field(4, ge=0)
    values: bool = True
    exemplars: ExemplarIndex | None = None
    fields: list[str] = Field(default_factory=lambda: list(DEFAULT_FIELDS))
    history_steps: int = Field(HISTORY_STEPS, ge=0)
    outline_chars: int = Field(600, ge=0)
    paragraph_chars: int = Field(70, ge=10)
    max_obs_chars: int | None = None
    ranker: str | RankerModel = "default"
    typed_values: list[str] = Field(default_factory=list)
    optional_args: dict[str, list[str]] | None = None
    version: int = Field(1, ge=1, le=2)
    clause_targets: bool | None = None
    _ranker: Ranker | None = PrivateAttr(default=None)  # the loaded inline ranker (kept by model_copy)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, v: list[str]) -> list[str]:
        bad = [f for f in v if f not in ALL_FIELDS]
        if bad or "function" not in v:
            raise ValueError(f"answer fields must include 'function' and be among {', '.join(ALL_FIELDS)}; got {v}")
        return [f for f in ALL_FIELDS if f in v]


def system_prompt(settings: RenderSettings) -> str:
    """The action model's system message: what it sees and the answer's shape.

    The function list is rendered from the action set itself
    (:func:`lamkit.agent.action_space.function_signatures`); the text is pinned byte for
    byte by tests/agent/test_system_prompt.py, since trained checkpoints depend on it."""
    shape = {"thought": '"thought": str', "function": '"function": str', "args": '"args": {...}',
             "status": '"status": "CONTINUE"|"FINISH"', "plan": '"plan": [str]'}
    fields = ", ".join(shape[f] for f in settings.fields)
    if settings.version >= 2:
        return (  # what the answer is and where its names come from; a trained model reads the rest
            f"Operate LibreOffice Writer. Answer the next action as one JSON object: {{{fields}}}; "
            "control_label is a name from Controls or Menus"
            + ("; select_text text is one of Targets. " if settings.max_targets else ". ")
            + f"Functions: {function_signatures()}."
        )
    return (
        "You operate LibreOffice Writer. Choose the next action for the request. "
        "Document lines: number [style, alignment, list, formatting] text; no brackets means a plain "
        "left-aligned paragraph. control_label is a name from Controls"
        + ("; select_text selects one of Targets. " if settings.max_targets else ". ")
        + f"Answer with one JSON object: {{{fields}}}. "
        f"Functions: {function_signatures()}."
    )


#: The layout training fits now (``RenderSettings.version``); old checkpoints keep theirs.
RENDER_VERSION = 2


def current_layout(settings: RenderSettings) -> RenderSettings:
    """``settings`` in the layout training fits now (:data:`RENDER_VERSION`), unless they
    name a version themselves (a config pinning version 1 to compare layouts)."""
    if "version" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"version": RENDER_VERSION})


#: The system message with the default settings (tokenizer corpora, docs).
ACTION_SYSTEM = system_prompt(RenderSettings())


# ----------------------------------------------------------------------------- the outline
def render_outline(outline: list[OutlineParagraph], request: str, settings: RenderSettings,
                   budget: int | None = None) -> str:
    """Numbered paragraphs ``3 [Heading 1, center; bold] Text…`` within a budget.

    Body paragraphs are numbered 1..N in document order (what "the second paragraph"
    means); table rows are shown as ``T1.2 a | b | c`` and take no number. Each text is
    cut to ``paragraph_chars``, keeping a quoted request word in view when it lies past
    the cut. When the lines exceed the budget, the paragraphs the request points at, then
    the first three and the last two are kept, the others in order until the budget is
    spent; a gap is shown as ``…``. Paragraphs the request points at are kept first: those
    holding a quoted word, the one an ordinal names ("the second paragraph", "the last
    line") and those whose style it names ("the title", "the heading")."""
    budget = settings.outline_chars if budget is None else budget
    quoted = [q for q in re.findall(r'"([^"]+)"', request) if q.strip()]
    rw_full = set(_WORDS.findall(request.lower()))
    wanted = {_ORDINALS[w] for w in rw_full if w in _ORDINALS}  # "the second paragraph" -> 2, "the last line"
    last_par = max((i for i, p in enumerate(outline) if not p.in_table), default=-1)
    lines: list[tuple[str, int]] = []  # (line, priority)
    n_par, table, row = 0, 0, 0
    prev_table = False
    total = len(outline)
    for i, p in enumerate(outline):
        if p.in_table:
            if not prev_table:
                table, row = table + 1, 0
            row += 1
            head = f"T{table}.{row}"
        else:
            n_par += 1
            head = str(n_par)
        prev_table = p.in_table
        tags = []
        if p.style and p.style not in _PLAIN_STYLES and not p.in_table:
            tags.append(p.style)
        if p.alignment != "left":
            tags.append(p.alignment)
        if p.list_type:
            tags.append(f"{p.list_type} list")
        tag = ", ".join(tags)
        if p.marks:
            tag = (tag + "; " if tag else "") + ", ".join(p.marks)
        text = _cut(p.text, quoted, settings.paragraph_chars) if p.text.strip() else "(empty)"
        line = f"{head} [{tag}] {text}" if tag else f"{head} {text}"
        hit = any(q in p.text for q in quoted) or (not p.in_table and n_par in wanted) or (
            "last" in wanted and i == last_par) or (p.style and p.style.lower().split()[0] in rw_full)
        pri = 0 if hit else (1 if i < 3 or i >= total - 2 else 2)
        lines.append((line, pri))
    if sum(len(ln) + 1 for ln, _ in lines) <= budget:
        return "\n".join(ln for ln, _ in lines)
    keep, used = set(), 0
    for pri in (0, 1, 2):
        for j, (ln, p) in enumerate(lines):
            if p == pri and used + len(ln) + 1 <= budget:
                keep.add(j)
                used += len(ln) + 1
    out, gap = [], False
    for j, (ln, _) in enumerate(lines):
        if j in keep:
            out.append(ln)
            gap = False
        elif not gap:
            out.append("…")
            gap = True
    return "\n".join(out)


_WORDS = re.compile(r"[a-z]+")
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1)}
_ORDINALS.update(last="last", final="last")
_PLAIN_STYLES = frozenset({"", "Default Paragraph Style", "Standard", "Normal", "Body Text", "Text Body"})


def _cut(text: str, quoted: list[str], limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rstrip() + "…"
    for q in quoted:
        at = text.find(q)
        if at >= limit - 1:  # the word the request is about lies past the cut: show it too
            lo = max(0, at - 15)
            return text[: max(10, limit - len(q) - 35)].rstrip() + " … " + text[lo: at + len(q) + 15].strip() + "…"
    return head


# ----------------------------------------------------------------------------- history and controls
def render_history(history: list[Step] | list[dict], history_steps: int = HISTORY_STEPS) -> str:
    """Previous actions with controls by stable name: ``2. click_input Italic``; the last
    ``history_steps`` are shown, older ones counted (``(3 earlier)``)."""
    if not history:
        return "(none)"
    out = []
    if len(history) > history_steps:
        out.append(f"({len(history) - history_steps} earlier)")
    for s in history[len(history) - history_steps:] if history_steps else []:
        if isinstance(s, Step):
            fn, args, ok, idx = s.action.function, dict(s.action.args), (s.result.ok if s.result else True), s.index
            lab = args.get("control_label")
            if lab not in (None, ""):
                args["control_label"] = name_of_label(str(lab), s.observation) or str(lab)
        else:
            fn, args, ok, idx = s["function"], dict(s.get("args", {})), s.get("ok", True), s.get("index", 0)
        out.append(f"{idx + 1}. {_call(fn, args)}{'' if ok else ' -> failed'}")
    return "\n".join(out)


def _call(fn: str, args: dict) -> str:
    parts = [str(args["control_label"])] if args.get("control_label") not in (None, "") else []
    parts += [json.dumps(v, ensure_ascii=False) for k, v in args.items() if k != "control_label"]
    return " ".join([fn] + parts)


def render_control(name: str, c: Control) -> str:
    """``Name (role)``, with its value and states where it has them: ``Font Size (field) = "11 pt"``."""
    role = ROLE_WORD.get(c.role, c.role)
    extra = ""
    flags = [s for s in c.states if s in ("checked", "selected", "expanded")]
    if "enabled" not in c.states and "editable" not in c.states:
        flags.append("disabled")
    if flags:
        role += ", " + ", ".join(flags)
    if c.value and c.role not in ("document text",):
        extra = f" = {json.dumps(' '.join(c.value.split())[:30], ensure_ascii=False)}"
    return f"{name} ({role}){extra}"


# ----------------------------------------------------------------------------- one step
class RenderedStep(BaseModel):
    """One step's prompt and what may be answered to it.

    ``messages``: the chat messages (system + user), THE prompt text for training and
    inference; ``space``: the answers allowed (``controls`` = the candidate names exactly
    as rendered); ``label_of``: rendered name -> live control label (the control the name
    stands for when the answer's function does not choose another of the same name; see
    :func:`lamkit.agent.grounding.ground_action`)."""

    messages: list[dict[str, str]]
    space: ActionSpace
    label_of: dict[str, str] = Field(default_factory=dict)



def shown_name(label: str, observation: Observation) -> str:
    """The name under which the control with this live label is shown (and must be
    answered); a label that names no control, or an unnamed one, is kept as it is.
    Recorded actions store live labels: training targets go through this."""
    return name_of_label(label, observation) or label


_RANKERS: dict[str, Ranker] = {}


def ranker_for(settings: RenderSettings) -> Ranker:
    """The ranker the settings name, loaded once per process (an inline one once per settings)."""
    key = settings.ranker
    if isinstance(key, RankerModel):
        if settings._ranker is None or settings._ranker.model is not key:
            settings._ranker = Ranker(key)
        return settings._ranker
    if key not in _RANKERS:
        if key == "rules":
            _RANKERS[key] = Ranker()
        elif key == "default":
            _RANKERS[key] = load_default_ranker()
        else:
            _RANKERS[key] = Ranker.load(key)
    return _RANKERS[key]


def render_step(
    request: str,
    observation: Observation,
    history: list[Step] | list[dict] | None = None,
    plan: list[str] | None = None,
    settings: RenderSettings | None = None,
    task_id: str | None = None,
) -> RenderedStep:
    """Render one step of the action model: request, previous actions, (the exemplar),
    (plan), the document outline, target options, values and the candidate controls under
    their stable names. ``task_id``: the task being rendered, never its own exemplar."""
    settings = settings or RenderSettings()
    request = double_quotes(request)  # 'x' is "x" for every reader below and for the model
    history = list(history or [])
    step_hist = [h for h in history if isinstance(h, Step)]
    names = ranker_for(settings).select(request, observation, step_hist, k=settings.max_candidates)
    outline_budget = settings.outline_chars
    if settings.max_obs_chars is not None:
        outline_budget = min(outline_budget, settings.max_obs_chars // 2)
    outline = render_outline(observation.outline, request, settings, outline_budget) if observation.outline else (
        " ".join(observation.document.split())[:outline_budget] if observation.document else "(empty)")
    label_of: dict[str, str] = {}
    lines, menus, used = [], [], len(outline)
    for n in names:
        c = resolve(n, "", observation)
        if c is None:
            continue
        line = render_control(n, c)
        if settings.version >= 2 and line == f"{n} (menu)":  # a plain top-level menu: on the Menus line
            menus.append(n)
            label_of[n] = c.label
            continue
        if settings.max_obs_chars is not None and used + len(line) + 1 > settings.max_obs_chars and lines:
            break
        lines.append(line)
        label_of[n] = c.label
        used += len(line) + 1
    parts = [f"Request: {request}", f"Previous actions:\n{render_history(history, settings.history_steps)}"]
    hints: dict[str, str] = {}
    skips: list[str] = []
    ex = settings.exemplars.exemplar(request, exclude=task_id) if settings.exemplars is not None else None
    if ex is not None:
        parts.append(render_exemplar(ex, len(history)))
        fn, control = parse_step(next_step(ex, len(history)))
        hints["function"] = fn
        if control:
            hints["control_label"] = control
        elif fn:  # it typed into whatever had the focus (a comment box): naming a control is the wrong step
            skips.append("control_label")
    if "plan" in settings.fields:
        parts.append("Plan:\n" + ("\n".join(f"- {p}" for p in plan) if plan else "(none yet)"))
    parts.append(f"Document:\n{outline}")
    targets = []
    if settings.max_targets and observation.outline:
        targets = step_targets(request, observation.outline, history, settings)
        parts.append("Targets:\n" + render_targets(targets, observation.outline))
    values = request_values(request) if settings.values else []
    if values:
        parts.append("Values: " + ", ".join(json.dumps(v, ensure_ascii=False) for v in values))
    parts.append("Controls:\n" + "\n".join(lines))
    if menus:
        parts.append("Menus: " + ", ".join(menus))
    messages = [{"role": "system", "content": system_prompt(settings)}, {"role": "user", "content": "\n".join(parts)}]
    docs = selectable_texts(observation.outline) or ([observation.document] if observation.document else [])
    if targets:
        hints["target"] = targets[0].text
    if (typed := value_hint(ex, len(history), request, values)) is not None:
        hints["value"] = typed
    space = ActionSpace(functions=fitted_functions(settings.optional_args), controls=list(label_of),
                        doc_spans=docs, targets=[t.text for t in targets], hints=hints, hint_skips=skips,
                        text_sources=request_variants(request) + docs,
                        # a learned value is offered only when the request names none to type
                        key_chords=list(dict.fromkeys([*KEY_CHORDS, *([] if values else settings.typed_values)])),
                        values=typeable(values, request),
                        fields=list(settings.fields))
    return RenderedStep(messages=messages, space=space, label_of=label_of)


def value_hint(ex: Exemplar | None, position: int, request: str, values: list[str]) -> str | None:
    """What the decoder is nudged to type at this step: the exemplar's next typed value said of
    this request (its key chord, or this request's value of the same kind, e.g. its first length),
    none when the exemplar's next step types nothing; without an exemplar, the request's first value.

    Why: the hint was the request's first value at every step, whatever the step typed, at a
    weight of several nats; after "Select the paragraph", the 135M model then typed "Heading 2"
    into the document where its exemplar pressed Ctrl+End, and wrote a request's length into the
    Paragraph Style box (runs/standard-cpu, online). An exemplar from an index that records no
    values gives no value hint."""
    if ex is None:
        return values[0] if values else None
    ref = next_value(ex, position)
    return recall_value(ref, request, (), source=ex.request) if ref is not None else None


def step_targets(request: str, outline: list[OutlineParagraph], history: list[Step] | list[dict],
                 settings: RenderSettings) -> list:
    """The target options a step offers (:mod:`lamkit.agent.targets`), read as the settings'
    layout reads them: clause by clause from layout 2, the request whole before."""
    by_clause = settings.version >= 2 if settings.clause_targets is None else settings.clause_targets
    read = resolve_clause_targets if by_clause else resolve_targets
    options = read(double_quotes(request), outline, settings.max_targets, previous=selected_texts(history))
    # Only what select_text may select (a word span of a paragraph, ActionSpace.doc_spans): an
    # earlier selection kept on offer ("1 cm") can be left inside a longer word by what was
    # typed since ("1 cm1 cm"); offered, the decoder wrote it and the space refused the answer.
    texts = selectable_texts(outline)
    return [t for t in options if is_word_span(t.text, texts)]


def selectable_texts(outline: list[OutlineParagraph]) -> list[str]:
    """The texts ``select_text`` may select a word span of (``ActionSpace.doc_spans``): the
    outline's paragraphs and table rows. One definition for the space and the target options."""
    return [p.text for p in outline if p.text]


def selected_texts(history: list[Step] | list[dict]) -> list[str]:
    """The texts earlier steps selected, oldest first (what "it" may refer to)."""
    out = []
    for h in history:
        fn, args = (h.action.function, h.action.args) if isinstance(h, Step) else (h.get("function"), h.get("args", {}))
        if fn == "select_text" and args.get("text"):
            out.append(str(args["text"]))
    return out


def request_variants(request: str) -> list[str]:
    """The request as typed-text sources: as written, lower-cased, and with every word
    capitalised, so "heading 2" in the request lets an answer type "Heading 2" (a cheap
    case-insensitive match that the decoder's byte automaton needs no change for)."""
    return list(dict.fromkeys([request, request.lower(), _capitalised(request)]))


def _capitalised(text: str) -> str:
    """Every word's first letter upper-cased ("don't" stays "Don't", "'heading 2'" -> "'Heading 2'")."""
    out = []
    for i, c in enumerate(text):
        prev = text[i - 1] if i else " "
        start = not prev.isalnum() and not (prev == "'" and i > 1 and text[i - 2].isalnum())
        out.append(c.upper() if start and c.isalpha() else c)
    return "".join(out)


#: Key chords an answer may type whole (navigation, editing, the formatting shortcuts).
KEY_CHORDS = ("{ENTER}", "{TAB}", "{ESC}", "{BACKSPACE}", "{DELETE}", "{HOME}", "{END}", "{UP}", "{DOWN}",
              "{LEFT}", "{RIGHT}", "^{HOME}", "^{END}", "+{HOME}", "+{END}", "^{ENTER}", "^a", "^b", "^i", "^u",
              "^e", "^r", "^l", "^j", "^z", "^y", "{F12}", "+{F12}")


def action_messages(
    request: str,
    observation: Observation,
    history: list[Step] | list[dict] | None = None,
    plan: list[str] | None = None,
    max_obs_chars: int | None = None,
    settings: RenderSettings | None = None,
) -> list[dict[str, str]]:
    """Chat messages for one step: :func:`render_step`'s messages (compatibility wrapper;
    ``max_obs_chars`` overrides the settings' cap)."""
    settings = settings or RenderSettings()
    if max_obs_chars is not None:
        settings = settings.model_copy(update={"max_obs_chars": max_obs_chars})
    return render_step(request, observation, history, plan, settings).messages


def plan_messages(task: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": PLAN_SYSTEM}, {"role": "user", "content": f"Task: {task}"}]


def format_plan(plan: list[str]) -> str:
    return "\n".join(f"{i}. {s}" for i, s in enumerate(plan, start=1))


class ModelAnswer(BaseModel):
    thought: str = ""
    function: str
    args: dict[str, Any] = Field(default_factory=dict)
    status: str = "CONTINUE"
    plan: list[str] = Field(default_factory=list)


def format_answer(answer: ModelAnswer | dict, fields: list[str] | tuple[str, ...] = ALL_FIELDS) -> str:
    """The training target: compact JSON with a fixed key order, only the answer ``fields``
    the settings generate (:attr:`RenderSettings.fields`; all by default)."""
    a = answer if isinstance(answer, ModelAnswer) else ModelAnswer.model_validate(answer)
    full = {"thought": a.thought, "function": a.function, "args": a.args, "status": a.status, "plan": a.plan}
    return json.dumps({k: full[k] for k in ALL_FIELDS if k in fields}, ensure_ascii=False, separators=(", ", ": "))


class AnswerParseError(ValueError):
    """A model answer that is not one valid action; the message says what is wrong."""


_OBJ = re.compile(r"\{.*\}", re.S)


def parse_answer(text: str) -> ModelAnswer:
    """Strictly parse one JSON action; raise AnswerParseError naming the problem.

    Only the first balanced JSON object is read, so a model that keeps talking
    after its answer still parses; anything else (no object, unknown function,
    missing argument, bad status) is an error the agent can feed back once.
    """
    m = _OBJ.search(text or "")
    if not m:
        raise AnswerParseError(f"no JSON object in the answer: {text[:120]!r}")
    raw = _first_object(m.group(0))
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise AnswerParseError(f"invalid JSON ({e.msg} at char {e.pos}): {raw[:120]!r}") from None
    if not isinstance(data, dict):
        raise AnswerParseError("the answer is not a JSON object")
    fn = data.get("function")
    if fn not in ACTION_FUNCTIONS:
        raise AnswerParseError(f"unknown function {fn!r}; allowed: {', '.join(ACTION_FUNCTIONS)}")
    args = data.get("args") or {}
    if not isinstance(args, dict):
        raise AnswerParseError(f"'args' must be an object, got {type(args).__name__}")
    missing = [a for a in REQUIRED_ARGS[fn] if a not in args]
    if missing:
        raise AnswerParseError(f"{fn} needs argument(s) {', '.join(missing)}")
    status = str(data.get("status", "CONTINUE")).upper()
    if status not in ("CONTINUE", "FINISH"):
        raise AnswerParseError(f"status must be CONTINUE or FINISH, got {status!r}")
    plan = data.get("plan") or []
    if isinstance(plan, str):
        plan = [plan]
    return ModelAnswer(
        thought=str(data.get("thought", "")),
        function=fn,
        args=args,
        status=status,
        plan=[str(p) for p in plan],
    )


def _first_object(s: str) -> str:
    depth, in_str, esc = 0, False, False
    for i, ch in enumerate(s):
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return s[: i + 1]
    return s
