"""The trajectory viewer: one self-contained HTML page to see what agents did, step by step.

Why a page and not a server: a run folder is copied between machines and opened
anywhere; one file with inline CSS, JS and data (no network) always opens. In the
spirit of AgentLab's AgentXray, it reads every trajectory file of a run folder
(``**/execution/*.jsonl``: the collection's episodes and each online-evaluated
policy's) and lets a user filter episodes (policy, family, split, outcome), step
through one (screenshot when recorded, the prompt as rendered for that step, thought,
action, grounding, result, latency), read the verdict condition by condition with
the document's final state, and put two policies' episodes of the same task side
by side.

The prompt is re-rendered with :func:`lamkit.agent.prompting.render_step` from the
recorded observation and history, with the render settings of the checkpoint that
acted (a ``model:PATH`` policy), else of the run's last trained phase (what training
rendered the expert's steps with), else the default ``RenderSettings``; the page says
which. A malformed record line is skipped and counted on the page.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lamkit.errors import DataError, LamkitError
from lamkit.schema import DocState, Step, Trajectory, Verdict, family_label

VIEWER_FILE = "viewer.html"
MAX_SCREENSHOT_BYTES = 400_000  # larger images are linked by path, not embedded (the page must stay openable)
_VERDICT_FILES = ("pass", "fail", "unsure")


class Skipped(BaseModel):
    file: str
    line: int
    reason: str


# --------------------------------------------------------------------------- finding and reading records
def trajectory_files(run: Path) -> list[Path]:
    """Every ``execution/*.jsonl`` under the run folder (or the file itself), in a stable order."""
    if run.is_file():
        return [run]
    return sorted(p for p in run.rglob("*.jsonl") if p.parent.name == "execution")


def _short(e: Exception) -> str:
    if isinstance(e, ValidationError):
        first = e.errors()[0]
        return f"{'.'.join(str(x) for x in first.get('loc', ()))}: {first.get('msg')}"
    return str(e).splitlines()[0][:200] if str(e) else type(e).__name__


def read_records(path: Path, skipped: list[Skipped], root: Path) -> list[dict[str, Any]]:
    """(verdict, trajectory, task, timings) of each line; an execution record or a bare Trajectory.
    Malformed lines go to ``skipped`` (file, line, reason) and are never fatal."""
    from lamkit.schema import Task

    out = []
    rel = str(path.relative_to(root)) if root in path.parents else str(path)
    with open(path, "rb") as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                d = json.loads(raw.decode("utf-8"))
                if not isinstance(d, dict):
                    raise ValueError(f"a record is a JSON object, got {type(d).__name__}")
                if "task_id" in d or "trajectory" in d:  # an ExecutionRecord (dataflow/runner.py)
                    traj = Trajectory.model_validate(d["trajectory"]) if d.get("trajectory") else None
                    task = Task.model_validate(d["task"])
                    verdict = Verdict.model_validate(d["verdict"])
                else:
                    traj = Trajectory.model_validate(d)
                    task, verdict = traj.task, traj.verdict
                out.append({"trajectory": traj, "task": task, "verdict": verdict, "timings": d.get("timings") or {},
                            "file": rel, "line": n})
            except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:  # ValidationError is a ValueError
                what = f"missing field {e}" if isinstance(e, KeyError) else _short(e)
                skipped.append(Skipped(file=rel, line=n, reason=what))
    return out


# --------------------------------------------------------------------------- render settings per source
def _train_render(ck: Path):
    from lamkit.agent.prompting import RenderSettings

    cfg = json.loads((ck / "lamkit_train_config.json").read_text())
    return RenderSettings.model_validate(cfg["render"])


def _checkpoint_dirs(folder: str, run: Path) -> list[Path]:
    """Where a model policy's checkpoint ``folder`` may be: the folder, or the same ``checkpoints/…``
    tail inside this run folder (the run was made elsewhere and copied)."""
    path = Path(folder)
    cands = [path if path.is_absolute() else Path.cwd() / path]
    parts = path.parts
    if "checkpoints" in parts:
        cands.append(run.joinpath(*parts[parts.index("checkpoints"):]))
    return cands


def render_settings_for(policy: str, run: Path) -> tuple[Any, str]:
    """The RenderSettings to re-render a policy's prompts with, and a sentence saying which.
    ``policy`` is the name a trajectory recorded, read as a policy spec by the one parser
    (:func:`lamkit.agent.policies.parse_policy`): a model policy's checkpoint, a zero-shot
    policy's ``@CHECKPOINT`` has the settings it rendered with."""
    from lamkit.agent.policies import parse_policy
    from lamkit.agent.prompting import RenderSettings

    try:
        spec = parse_policy(policy)
    except LamkitError:  # a name that is no spec (a custom policy's): the run's own settings below
        spec = None
    folder = spec.model if spec and spec.kind == "model" else spec.like if spec and spec.kind == "zero_shot" else None
    if folder:
        for ck in _checkpoint_dirs(folder, run):
            if (ck / "lamkit_train_config.json").is_file():
                try:
                    return _train_render(ck), f"render settings of the checkpoint {ck}"
                except (OSError, ValueError, KeyError):
                    break
    phases = sorted((p for p in (run / "checkpoints").glob("phase*") if p.name[5:].isdigit()
                     and (p / "lamkit_train_config.json").is_file()), key=lambda p: int(p.name[5:]))
    if phases and run.is_dir():
        try:
            return _train_render(phases[-1]), f"render settings of this run's {phases[-1].name} (what training rendered)"
        except (OSError, ValueError, KeyError):
            pass
    return RenderSettings(), "default RenderSettings (no checkpoint found for this policy)"


# --------------------------------------------------------------------------- one episode as page data
def _call(fn: str, args: dict) -> str:
    return f"{fn}(" + ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items()) + ")"


def _screenshot(path: str | None, record_file: Path, run: Path) -> dict[str, Any] | None:
    if not path:
        return None
    p = Path(path)
    for cand in ([p] if p.is_absolute() else [record_file.parent / p, run / p]):
        if cand.is_file():
            size = cand.stat().st_size
            if size > MAX_SCREENSHOT_BYTES:
                return {"path": str(cand), "note": f"not embedded ({size // 1000} kB)"}
            mime = "image/png" if cand.suffix.lower() == ".png" else "image/jpeg"
            return {"path": str(cand), "src": f"data:{mime};base64," + base64.b64encode(cand.read_bytes()).decode()}
    return {"path": path, "note": "file not found"}


def _grounding(step: Step) -> str | None:
    label = step.action.args.get("control_label")
    if label is None:
        return None
    c = step.observation.control(str(label))
    if c is None:
        return f"label {label}: no such control on screen"
    return f"label {c.label} → {c.name or '(unnamed)'!r} ({c.role})" + (f" at {list(c.rect)}" if any(c.rect) else "")


def _conditions(checker: dict | None, verdict: Verdict | None, state: DocState | None) -> list[dict[str, Any]]:
    """Every condition of the checker with whether it held (the verdict's sub_scores) and, when
    the final state was recorded, what :func:`lamkit.dataflow.checkers.check_one` found."""
    if not checker:
        return []
    from lamkit.dataflow.checkers import GROUPS, CheckerError, check_one, normalize

    try:
        spec = normalize(checker)
    except (CheckerError, ValueError) as e:
        return [{"path": "checker", "cond": "", "holds": None, "found": f"invalid checker: {_short(e)}"}]
    subs = verdict.sub_scores if verdict else {}
    out: list[dict[str, Any]] = []

    def walk(g: dict, path: str, depth: int) -> None:
        for key in GROUPS:
            for i, c in enumerate(g.get(key) or []):
                p = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
                name = f"{p}:{c['check']}" if "check" in c else p
                found = None
                if state is not None and "check" in c:
                    try:
                        found = check_one(c, state)[1]
                    except Exception as e:  # noqa: BLE001 - a checker the state cannot answer is shown, not fatal
                        found = f"could not evaluate: {_short(e)}"
                held = subs.get(name)
                out.append({"path": name, "group": key, "depth": depth,
                            "cond": "" if "check" not in c else json.dumps(c, ensure_ascii=False),
                            "holds": None if held is None else held >= 1.0, "found": found})
                if "check" not in c:
                    walk(c, p, depth + 1)

    walk(spec, "", 0)
    return out


def describe_state(state: DocState) -> list[str]:
    """The final document as short lines: numbered paragraphs with style and formatting, tables, page."""
    lines = []
    for i, p in enumerate(state.paragraphs):
        marks = sorted({m for r in p.runs for m in ("bold", "italic", "underline", "strikethrough", "superscript",
                                                     "subscript") if getattr(r, m)})
        attrs = [p.style or "?", p.alignment]
        if p.list_type:
            attrs.append(f"{p.list_type} list")
        if p.left_indent_mm or p.first_line_indent_mm:
            attrs.append(f"indent {p.left_indent_mm:g}/{p.first_line_indent_mm:g} mm")
        if p.line_spacing != 1.0 or p.line_spacing_mode != "proportional":
            attrs.append(f"spacing {p.line_spacing:g} {p.line_spacing_mode}")
        colours = sorted({f"{k} {v}" for r in p.runs for k, v in (("colour", r.color), ("highlight", r.highlight)) if v})
        fonts = sorted({f"{r.font_name} {r.font_size:g}pt" for r in p.runs if r.font_name})
        text = p.text if len(p.text) <= 90 else p.text[:87] + "…"
        lines.append(f"{i} [{', '.join(attrs + marks + colours)}] {text!r}" + (f"  fonts: {', '.join(fonts)}" if fonts else ""))
        marked = [r for r in p.runs if r.bold or r.italic or r.underline or r.strikethrough or r.color or r.highlight]
        if marked and len(p.runs) > 1:
            lines.append("    runs: " + " | ".join(
                f"{r.text[:30]!r}:" + ",".join(m for m in ("bold", "italic", "underline", "strikethrough") if getattr(r, m))
                for r in p.runs[:8]))
    for t in state.tables:
        lines.append(f"table {t.name or ''} {t.rows}x{t.cols}: " + " / ".join(" | ".join(r) for r in t.cells[:4]))
    pg = state.page
    lines.append(f"page: {pg.orientation} {pg.width_mm:g}x{pg.height_mm:g} mm, margins {pg.margin_top_mm:g}/"
                 f"{pg.margin_right_mm:g}/{pg.margin_bottom_mm:g}/{pg.margin_left_mm:g} mm"
                 + (f", header {pg.header_text!r}" if pg.header_on else "") + (f", footer {pg.footer_text!r}" if pg.footer_on else "")
                 + f", {state.page_count} page(s)")
    for c in state.annotations:
        lines.append(f"comment on {c.anchor_text!r}: {c.text!r}")
    for f in state.text_fields:
        lines.append(f"field {f.kind} in paragraph {f.paragraph}: {f.text!r}")
    return lines


class _Texts:
    """Long strings that repeat (system prompts) stored once and referenced by index."""

    def __init__(self):
        self.items: list[str] = []
        self._ix: dict[str, int] = {}

    def ref(self, s: str) -> int:
        if s not in self._ix:
            self._ix[s] = len(self.items)
            self.items.append(s)
        return self._ix[s]


def _episode(rec: dict, source: int, settings, texts: _Texts, run: Path) -> dict[str, Any]:
    from lamkit.agent.prompting import render_step

    traj: Trajectory | None = rec["trajectory"]
    task, verdict = rec["task"], rec["verdict"]
    state, state_note = None, "the final document state was not recorded in this trajectory"
    raw_state = (traj.env_info.get("final_state") if traj else None)
    if raw_state is not None:
        try:
            state, state_note = DocState.model_validate(raw_state), ""
        except ValidationError as e:
            state_note = f"recorded final state is malformed: {_short(e)}"
    steps_out = []
    steps = traj.steps if traj else []
    for i, s in enumerate(steps):
        prompt: dict[str, Any] = {}
        try:
            r = render_step(task.request, s.observation, steps[:i], steps[i - 1].plan if i else [], settings)
            prompt = {"system": texts.ref(r.messages[0]["content"]), "user": r.messages[-1]["content"]}
        except Exception as e:  # noqa: BLE001 - an old record the renderer cannot take is shown without its prompt
            prompt = {"error": f"could not re-render the prompt: {type(e).__name__}: {_short(e)}"}
        res = s.result
        steps_out.append({
            "index": s.index, "thought": s.thought, "action": _call(s.action.function, s.action.args),
            "function": s.action.function, "status": s.status, "plan": s.plan, "grounding": _grounding(s),
            "ok": res.ok if res else None, "message": res.message if res else "", "output": res.output if res else None,
            "env_error": bool(res and res.env_error), "latency_s": round(s.latency_s, 3),
            "exec_s": round(res.latency_s, 3) if res else None, "invalid": s.invalid_answers,
            "window": s.observation.window, "screenshot": _screenshot(s.observation.screenshot, run / rec["file"], run),
            "prompt": prompt,
        })
    outcome = Path(rec["file"]).stem if Path(rec["file"]).stem in _VERDICT_FILES else (
        "pass" if verdict and verdict.success else "fail")
    return {
        "source": source, "task_id": task.id, "request": task.request, "family": family_label(task.family, task.checker),
        "split": task.split, "outcome": outcome, "success": bool(verdict and verdict.success),
        "verdict": {"reason": verdict.reason if verdict else "", "judge": verdict.judge if verdict else ""},
        "conditions": _conditions(task.checker, verdict, state),
        "final_state": describe_state(state) if state else None, "state_note": state_note,
        "steps": steps_out, "seconds": round(sum((rec["timings"] or {}).values()), 2), "template": Path(task.template).name,
        "file": f"{rec['file']}:{rec['line']}",
    }


def build_viewer_data(run: str | Path) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (episodes, sources, skipped lines)."""
    run = Path(run)
    if not run.exists():
        raise DataError(f"{run}: no such run folder")
    root = run if run.is_dir() else run.parent
    files = trajectory_files(run)
    if not files:
        raise DataError(f"{run}: no trajectory files (expected execution/*.jsonl from `lamkit collect` "
                        "or `lamkit evaluate online`)")
    skipped: list[Skipped] = []
    texts = _Texts()
    sources: list[dict[str, Any]] = []
    source_ix: dict[tuple[str, str], int] = {}
    settings_cache: dict[str, tuple[Any, str]] = {}
    episodes = []
    for f in files:
        folder = f.parent.parent
        label = str(folder.relative_to(root)) if folder != root and root in folder.parents else (folder.name or str(folder))
        for rec in read_records(f, skipped, root):
            policy = rec["trajectory"].policy if rec["trajectory"] else "(no trajectory)"
            key = (label, policy)
            if key not in source_ix:
                if policy not in settings_cache:
                    settings_cache[policy] = render_settings_for(policy, root)
                source_ix[key] = len(sources)
                sources.append({"label": label, "policy": policy, "render": settings_cache[policy][1]})
            episodes.append(_episode(rec, source_ix[key], settings_cache[policy][0], texts, root))
    episodes.sort(key=lambda e: (e["source"], e["task_id"]))
    return {"run": str(run), "generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "files": [str(f.relative_to(root)) if root in f.parents else str(f) for f in files],
            "sources": sources, "episodes": episodes, "texts": texts.items,
            "skipped": [s.model_dump() for s in skipped]}


# --------------------------------------------------------------------------- the page
def _page(data: dict[str, Any]) -> str:
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")
    return (_HTML.replace("__CSS__", _CSS).replace("__JS__", _JS).replace("__DATA__", blob))


def write_viewer(run: str | Path, out: str | Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write the viewer page atomically (default ``RUN/viewer.html``); returns its path and the data."""
    run = Path(run)
    data = build_viewer_data(run)
    out = Path(out) if out else (run if run.is_dir() else run.parent) / VIEWER_FILE
    return write_text_atomic(out, _page(data)), data


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Replace a text file atomically (temp file + rename), readable like any written file:
    a page being rewritten is never seen half written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;margin:0}
header{padding:10px 16px;background:#f5f5f7;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:14px 0 6px}h3{font-size:13px;margin:10px 0 4px}
.note{color:#666;font-size:12px}.bad{color:#b00020}.good{color:#1a7f37}
#filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-top:6px}
#filters label{font-size:12px;color:#444}select,input{font-size:13px}
main{display:flex;gap:0;height:calc(100vh - 92px)}
#list{width:34%;overflow:auto;border-right:1px solid #ddd}
#detail{flex:1;overflow:auto;padding:8px 16px}
table{border-collapse:collapse;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #eee;text-align:left;vertical-align:top;font-size:12px}
th{background:#fafafa;position:sticky;top:0}
tr.ep{cursor:pointer}tr.ep:hover{background:#f0f4ff}tr.ep.sel{background:#dde7ff}
.pill{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;color:#fff}
.pass{background:#3ca951}.fail{background:#d0453a}.unsure{background:#b8860b}
.cols{display:flex;gap:16px}.col{flex:1;min-width:0}
.steps{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
.steps button{font-size:12px;padding:2px 7px;border:1px solid #bbb;background:#fff;border-radius:4px;cursor:pointer}
.steps button.cur{background:#4269d0;color:#fff;border-color:#4269d0}.steps button.ko{border-color:#d0453a}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f9;border:1px solid #eee;padding:6px;font-size:12px;max-height:420px;overflow:auto;margin:4px 0}
dl{display:grid;grid-template-columns:110px 1fr;gap:2px 8px;margin:4px 0}dt{color:#666;font-size:12px}dd{margin:0;font-size:13px;word-break:break-word}
img.shot{max-width:100%;border:1px solid #ccc}.noshot{color:#999;font-style:italic}
details summary{cursor:pointer;color:#333;font-size:12px}
"""

_HTML = """<!doctype html><html lang=en><head><meta charset=utf-8><title>lamkit trajectory viewer</title>
<style>__CSS__</style></head><body>
<header><h1>lamkit trajectory viewer</h1><div class=note id=summary></div>
<div id=filters>
<label>policy <select id=f-source></select></label>
<label>family <select id=f-family></select></label>
<label>split <select id=f-split></select></label>
<label>outcome <select id=f-outcome></select></label>
<label>search <input id=f-text size=18 placeholder="request or task id"></label>
<span class=note id=shown></span></div></header>
<main><div id=list></div><div id=detail><p class=note>Open an episode on the left.</p></div></main>
<script type="application/json" id=data>__DATA__</script>
<script>__JS__</script></body></html>"""

_JS = r"""
const D = JSON.parse(document.getElementById('data').textContent);
const $ = id => document.getElementById(id);
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const srcName = i => { const s = D.sources[i]; return s.label === s.policy ? s.label : `${s.label} · ${s.policy}`; };
const state = {ep: null, step: 0, cmp: null, cstep: 0};

function fillSelect(id, values, label) {
  const sel = $(id);
  sel.innerHTML = `<option value="">all</option>` + values.map(([v, t]) => `<option value="${esc(v)}">${esc(t)}</option>`).join('');
  sel.onchange = renderList;
}
function uniq(key) { return [...new Set(D.episodes.map(e => e[key]))].sort().map(v => [v, v]); }

function init() {
  const sk = D.skipped.length;
  $('summary').innerHTML = `${esc(D.run)}: ${D.episodes.length} episodes from ${D.files.length} file(s)` +
    (sk ? ` · <span class=bad id=skipped-count>${sk} malformed record line(s) skipped</span>
      <details style="display:inline"><summary>which</summary>${D.skipped.map(s => `<div class=note>${esc(s.file)}:${s.line}: ${esc(s.reason)}</div>`).join('')}</details>`
        : ` · <span id=skipped-count>0 malformed lines</span>`) + ` · generated ${esc(D.generated_at)}`;
  fillSelect('f-source', D.sources.map((s, i) => [String(i), srcName(i)]));
  fillSelect('f-family', uniq('family'));
  fillSelect('f-split', uniq('split'));
  fillSelect('f-outcome', uniq('outcome'));
  $('f-text').oninput = renderList;
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of ['source', 'family', 'split', 'outcome']) if (h.has(k)) $('f-' + k).value = h.get(k);
  renderList();
  if (h.has("episode")) openEp(+h.get('episode'), +(h.get('step') || 0), h.has('compare') ? +h.get('compare') : null);
  document.addEventListener('keydown', ev => {
    if (state.ep === null || ev.target.tagName === 'INPUT') return;
    if (ev.key === 'ArrowRight') go(state.step + 1); else if (ev.key === 'ArrowLeft') go(state.step - 1);
  });
}

function visible() {
  const f = k => $('f-' + k).value, t = $('f-text').value.toLowerCase();
  return D.episodes.map((e, i) => [e, i]).filter(([e]) =>
    (!f('source') || String(e.source) === f('source')) && (!f('family') || e.family === f('family')) &&
    (!f('split') || e.split === f('split')) && (!f('outcome') || e.outcome === f('outcome')) &&
    (!t || e.request.toLowerCase().includes(t) || e.task_id.includes(t)));
}

function renderList() {
  const rows = visible();
  $('shown').textContent = `${rows.length} of ${D.episodes.length} shown`;
  $('list').innerHTML = `<table id=episodes><thead><tr><th>task</th><th>policy</th><th>family</th><th>split</th><th>outcome</th><th>steps</th></tr></thead><tbody>` +
    rows.map(([e, i]) => `<tr class="ep${state.ep === i ? ' sel' : ''}" data-i="${i}" id="ep-${i}"><td><b>${esc(e.task_id.slice(0, 8))}</b> ${esc(e.request.slice(0, 70))}</td>
      <td title="${esc(D.sources[e.source].policy)}">${esc(D.sources[e.source].label)}</td><td>${esc(e.family)}</td><td>${esc(e.split)}</td>
      <td><span class="pill ${esc(e.outcome)}">${esc(e.outcome)}</span></td><td>${e.steps.length}</td></tr>`).join('') + `</tbody></table>`;
  for (const tr of $('list').querySelectorAll('tr.ep')) tr.onclick = () => openEp(+tr.dataset.i, 0, state.cmp);
}

function openEp(i, step, cmp) {
  if (!D.episodes[i]) return;
  state.ep = i; state.step = step || 0;
  const others = D.episodes.map((e, j) => [e, j]).filter(([e, j]) => j !== i && e.task_id === D.episodes[i].task_id);
  state.cmp = (cmp !== null && cmp !== undefined && others.some(([, j]) => j === cmp)) ? cmp : null;
  state.cstep = 0;
  renderList(); renderDetail();
}
function go(step) {
  const n = D.episodes[state.ep].steps.length;
  if (step >= 0 && step < n) { state.step = step; renderDetail(); }
}

function stepHtml(e, k, side) {
  if (!e.steps.length) return `<p class=note>No steps were recorded (the episode could not run).</p>`;
  const s = e.steps[k];
  const btns = e.steps.map((x, j) => `<button class="${j === k ? 'cur' : ''}${x.ok === false ? ' ko' : ''}" data-side="${side}" data-j="${j}" title="${esc(x.action)}">${j + 1}</button>`).join('');
  const shot = s.screenshot && s.screenshot.src ? `<img class=shot alt="screenshot of step ${k + 1}" src="${s.screenshot.src}">`
    : `<p class=noshot>no screenshot${s.screenshot ? ` (${esc(s.screenshot.note)}: ${esc(s.screenshot.path)})` : ' recorded'}</p>`;
  const prompt = s.prompt.error ? `<p class=bad>${esc(s.prompt.error)}</p>` :
    `<details><summary>system message</summary><pre>${esc(D.texts[s.prompt.system])}</pre></details><pre class=prompt>${esc(s.prompt.user)}</pre>`;
  return `<div class=steps>${btns}</div>
  <h3>Step ${k + 1} of ${e.steps.length}</h3>
  <dl class=step>
   <dt>thought</dt><dd>${esc(s.thought) || '<span class=note>(none)</span>'}</dd>
   <dt>action</dt><dd class=action><code>${esc(s.action)}</code> <span class=note>${esc(s.status)}</span></dd>
   <dt>grounding</dt><dd>${esc(s.grounding ?? '(no control)')}</dd>
   <dt>result</dt><dd class="${s.ok === false ? 'bad' : 'good'}">${s.ok === null ? '–' : s.ok ? 'ok' : 'failed'}${s.env_error ? ' (environment error)' : ''}: ${esc(s.message)}${s.output ? `<pre>${esc(s.output)}</pre>` : ''}</dd>
   <dt>latency</dt><dd>${s.latency_s.toFixed(2)} s decision + execution${s.exec_s !== null ? ` (execution ${s.exec_s.toFixed(2)} s)` : ''}${s.invalid ? `, ${s.invalid} invalid answer(s)` : ''}</dd>
   <dt>plan left</dt><dd>${s.plan.length ? s.plan.map(esc).join('<br>') : '<span class=note>(none)</span>'}</dd>
   <dt>window</dt><dd>${esc(s.window)}</dd>
  </dl>${shot}
  <h3>Prompt as rendered for this step</h3><p class=note>${esc(D.sources[e.source].render)}</p>${prompt}`;
}

function verdictHtml(e) {
  const conds = e.conditions.length ? `<table class=conditions><thead><tr><th>condition</th><th>held</th><th>check</th><th>found in the final state</th></tr></thead><tbody>` +
    e.conditions.map(c => `<tr class="${c.holds === false ? 'bad' : ''}"><td style="padding-left:${6 + 14 * c.depth}px">${esc(c.path)}</td>
      <td>${c.holds === null ? '–' : c.holds ? '✓' : '✗ failed'}</td><td><code>${esc(c.cond)}</code></td><td>${esc(c.found ?? '')}</td></tr>`).join('') + `</tbody></table>` : '';
  const fs = e.final_state ? `<pre class=final-state>${esc(e.final_state.join('\n'))}</pre>` : `<p class=note>${esc(e.state_note)}</p>`;
  return `<h3>Verdict: <span class="pill ${esc(e.outcome)}">${esc(e.outcome)}</span> <span class=note>judge: ${esc(e.verdict.judge)}</span></h3>
   <p class=verdict-reason>${esc(e.verdict.reason)}</p>${conds}<h3>Final document state</h3>${fs}`;
}

function episodeHtml(e, k, side) {
  return `<h2>${esc(srcName(e.source))}</h2>
  <p><b>${esc(e.request)}</b></p>
  <p class=note>task ${esc(e.task_id)} · ${esc(e.family)} · ${esc(e.split)} · template ${esc(e.template)} · ${e.steps.length} steps · ${e.seconds.toFixed(1)} s · ${esc(e.file)}</p>
  ${verdictHtml(e)}${stepHtml(e, k, side)}`;
}

function renderDetail() {
  const e = D.episodes[state.ep];
  const others = D.episodes.map((x, j) => [x, j]).filter(([x, j]) => j !== state.ep && x.task_id === e.task_id);
  const pick = others.length ? `<label class=note>compare side by side with <select id=compare><option value="">(none)</option>` +
    others.map(([x, j]) => `<option value="${j}"${state.cmp === j ? ' selected' : ''}>${esc(srcName(x.source))} (${esc(x.outcome)})</option>`).join('') + `</select></label>`
    : `<span class=note>no other policy ran this task</span>`;
  const left = `<div class=col id=main-episode>${episodeHtml(e, state.step, 'a')}</div>`;
  const right = state.cmp !== null ? `<div class=col id=compare-episode>${episodeHtml(D.episodes[state.cmp], state.cstep, 'b')}</div>` : '';
  $('detail').innerHTML = pick + `<div class=cols>${left}${right}</div>`;
  if ($('compare')) $('compare').onchange = ev => { state.cmp = ev.target.value === '' ? null : +ev.target.value; state.cstep = 0; renderDetail(); };
  for (const b of $('detail').querySelectorAll('.steps button')) b.onclick = () => {
    if (b.dataset.side === 'a') go(+b.dataset.j); else { state.cstep = +b.dataset.j; renderDetail(); }
  };
  const h = new URLSearchParams();
  h.set('episode', state.ep); h.set('step', state.step); if (state.cmp !== null) h.set('compare', state.cmp);
  history.replaceState(null, '', '#' + h.toString());
}
init();
"""
