"""The evaluation report: one self-contained HTML page (inline CSS and SVG) plus the same numbers as JSON.

Input is one dict (see :func:`build_report`); every part may be missing, and a
missing part is shown as "not run" rather than failing the report. Plots are
hand-written SVG, so the report needs no plotting library and opens anywhere.
:func:`training_curves` reads the loss curves of a training run's phase folders.

Provenance: the report shows the run journals (:mod:`lamkit.journal`) of what it
puts side by side and warns at the top when they differ in code or config; a
report written into a run folder with trajectories also writes the trajectory
viewer (:mod:`lamkit.evaluate.viewer`) beside it and links to it.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lamkit.errors import DataError, LamkitError
from lamkit.evaluate.metrics import OfflineMetrics, OnlineMetrics, percentile

PALETTE = ("#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0")

#: The published LAM results (Word, text only), quoted beside ours for scale; see docs/paper_notes.md.
PUBLISHED = (
    "Published LAM (Microsoft Word, 435 offline tasks): offline TSR phase 1 35.6%, phase 2 76.8%, "
    "phase 3 79.3%, phase 4 81.2% (GPT-4o 67.2%); phase 4 object accuracy 87.8%, SSR 86.2%. "
    "Online: LAM 71.0% TSR, 5.62 steps, 30.42 s a task, 5.41 s a step (GPT-4o 63.0%, 6.73 steps, 86.42 s, 12.84 s)."
)

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 4px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #e5e5e5;text-align:right}
th{background:#f5f5f7;font-weight:600}td:first-child,th:first-child{text-align:left}
.note{color:#666;font-size:12px}.missing{color:#999;font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #eee;padding:6px}
svg text{font:11px system-ui,sans-serif;fill:#333}
.warn{background:#fff4e5;border:1px solid #f0b429;padding:6px 10px;margin:8px 0}
details summary{cursor:pointer}pre{white-space:pre-wrap;font-size:12px;background:#f7f7f9;padding:6px}
"""


# --------------------------------------------------------------------------- small helpers
def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _pct(x: Any) -> str:
    return f"{100 * x:.1f}%" if _isnum(x) else "–"


def _num(x: Any, unit: str = "", digits: int = 2) -> str:
    return f"{x:.{digits}f}{unit}" if _isnum(x) else "–"


def _missing(what: str) -> str:
    return f'<p class="missing">{_e(what)}: not run.</p>'


def _table(head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{_e(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


def _nice_max(v: float) -> float:
    if v <= 0 or not math.isfinite(v):
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * mag:
            return m * mag
    return 10 * mag


def _nice_step(span: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) for about four ticks over ``span``."""
    raw = span / 4 if span > 0 and math.isfinite(span) else 0.25
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if raw <= m * mag)


def _fmt_tick(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.3g}"


def _svg(w: int, h: int, body: str, title: str) -> str:
    return (f'<div class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
            f'<text x="{w / 2}" y="14" text-anchor="middle" style="font-weight:600">{_e(title)}</text>{body}</svg></div>')


def _legend(names: list[str], x: float, y: float) -> str:
    out = []
    for i, n in enumerate(names):
        yy = y + 14 * i
        out.append(f'<rect x="{x}" y="{yy - 8}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="{yy + 1}">{_e(n)}</text>')
    return "".join(out)


# --------------------------------------------------------------------------- charts (SVG)
def grouped_hbar_svg(categories: list[str], series: dict[str, list[float | None]], title: str,
                     vmax: float | None = None, fmt=_pct) -> str:
    """Horizontal bars: one group a category, one bar a series (policy)."""
    names = list(series)
    bar, gap, left, right, top = 12, 8, 150, (170 if len(names) > 1 else 60), 28
    group_h = bar * max(len(names), 1) + gap
    h = top + group_h * len(categories) + 30
    w = 720
    plot_w = w - left - right
    vmax = vmax or _nice_max(max((v for vs in series.values() for v in vs if v is not None), default=1.0))
    out = []
    for t in range(5):
        x = left + plot_w * t / 4
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{h - 26}" stroke="#eee"/>'
                   f'<text x="{x}" y="{h - 12}" text-anchor="middle">{_e(fmt(vmax * t / 4))}</text>')
    for ci, cat in enumerate(categories):
        y0 = top + ci * group_h
        out.append(f'<text x="{left - 6}" y="{y0 + group_h / 2}" text-anchor="end">{_e(cat[:24])}</text>')
        for si, n in enumerate(names):
            v = series[n][ci]
            y = y0 + si * bar
            if v is None:
                continue
            bw = max(plot_w * min(v / vmax, 1.0), 0.5)
            out.append(f'<rect x="{left}" y="{y}" width="{bw:.1f}" height="{bar - 2}" fill="{PALETTE[si % len(PALETTE)]}">'
                       f'<title>{_e(n)} / {_e(cat)}: {_e(fmt(v))}</title></rect>'
                       f'<text x="{left + bw + 3:.1f}" y="{y + bar - 3}" style="font-size:9px">{_e(fmt(v))}</text>')
    if len(names) > 1:
        out.append(_legend(names, w - right + 50, top + 8))
    return _svg(w, h, "".join(out), title)


def box_svg(groups: dict[str, list[float]], title: str, unit: str = "s") -> str:
    """Horizontal box plots: box p25-p75, line at the median, whiskers p5-p95, dot at the mean."""
    names = [n for n, v in groups.items() if v]
    row, left, right, top = 28, 150, 30, 28
    w, h = 720, top + row * len(names) + 34
    plot_w = w - left - right
    vmax = _nice_max(max((percentile(groups[n], 99) for n in names), default=1.0))
    out = []

    def X(v: float) -> float:
        return left + plot_w * min(max(v / vmax, 0.0), 1.0)

    for t in range(5):
        x = left + plot_w * t / 4
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{h - 26}" stroke="#eee"/>'
                   f'<text x="{x}" y="{h - 12}" text-anchor="middle">{_fmt_tick(vmax * t / 4)}{unit}</text>')
    for i, n in enumerate(names):
        v = groups[n]
        p5, p25, p50, p75, p95 = (percentile(v, q) for q in (5, 25, 50, 75, 95))
        mean = sum(v) / len(v)
        yc = top + i * row + row / 2
        c = PALETTE[i % len(PALETTE)]
        out.append(f'<text x="{left - 6}" y="{yc + 4}" text-anchor="end">{_e(n[:24])}</text>'
                   f'<line x1="{X(p5):.1f}" y1="{yc}" x2="{X(p95):.1f}" y2="{yc}" stroke="{c}"/>'
                   f'<rect x="{X(p25):.1f}" y="{yc - 8}" width="{max(X(p75) - X(p25), 1):.1f}" height="16" '
                   f'fill="{c}" fill-opacity="0.35" stroke="{c}"><title>{_e(n)}: n={len(v)}, p50 {p50:.2f}{unit}, '
                   f'p95 {p95:.2f}{unit}, mean {mean:.2f}{unit}</title></rect>'
                   f'<line x1="{X(p50):.1f}" y1="{yc - 8}" x2="{X(p50):.1f}" y2="{yc + 8}" stroke="{c}" stroke-width="2"/>'
                   f'<circle cx="{X(mean):.1f}" cy="{yc}" r="3" fill="#333"/>')
    return _svg(w, h, "".join(out), title)


def line_svg(series: dict[str, list[tuple[float, float]]], title: str, xlabel: str = "step") -> str:
    """Line chart of (x, y) series (loss curves)."""
    pts = [p for s in series.values() for p in s if math.isfinite(p[1])]
    w, h, left, right, top, bottom = 340, 220, 46, 12, 26, 34
    pw, ph = w - left - right, h - top - bottom
    xmax = max((p[0] for p in pts), default=1.0) or 1.0
    ymin = min((p[1] for p in pts), default=0.0)
    ymax = max((p[1] for p in pts), default=1.0)
    ylo = min(0.0, ymin)
    step = _nice_step(max(ymax, 1e-9) - ylo)
    ylo = math.floor(ylo / step) * step
    nticks = max(1, math.ceil((ymax - ylo) / step - 1e-9))
    span = step * nticks

    def X(x: float) -> float:
        return left + pw * x / xmax

    def Y(y: float) -> float:
        return top + ph * (1 - (y - ylo) / span)

    out = [f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#999"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#999"/>']
    for t in range(nticks + 1):
        yv = ylo + step * t
        out.append(f'<text x="{left - 4}" y="{Y(yv) + 4:.1f}" text-anchor="end">{_fmt_tick(yv)}</text>'
                   f'<line x1="{left}" y1="{Y(yv):.1f}" x2="{left + pw}" y2="{Y(yv):.1f}" stroke="#f0f0f0"/>')
    out.append(f'<text x="{left}" y="{h - 18}" text-anchor="start">0</text>'
               f'<text x="{left + pw}" y="{h - 18}" text-anchor="end">{_fmt_tick(xmax)}</text>'
               f'<text x="{left + pw / 2}" y="{h - 4}" text-anchor="middle">{_e(xlabel)}</text>')
    for i, (name, s) in enumerate(series.items()):
        s = [p for p in s if math.isfinite(p[1])]
        if not s:
            continue
        c = PALETTE[i % len(PALETTE)]
        if len(s) == 1:
            out.append(f'<circle cx="{X(s[0][0]):.1f}" cy="{Y(s[0][1]):.1f}" r="3" fill="{c}"/>')
        else:
            d = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in s)
            out.append(f'<polyline points="{d}" fill="none" stroke="{c}" stroke-width="1.5"/>')
    if len(series) > 1:
        out.append(_legend(list(series), left + pw - 90, top + 10))
    return _svg(w, h, "".join(out), title)


# --------------------------------------------------------------------------- training curves from disk
def _trainer_log_history(trainer_dir: Path) -> list[dict]:
    """log_history of the newest trainer_state.json under a Trainer output folder."""
    best, best_step = None, -1
    for p in trainer_dir.rglob("trainer_state.json") if trainer_dir.is_dir() else ():
        try:
            st = json.loads(p.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        step = int(st.get("global_step") or 0)
        if step > best_step:
            best, best_step = st, step
    return [h for h in (best or {}).get("log_history", []) if isinstance(h, dict) and "step" in h]


def _tensorboard_history(tb_dir: Path) -> list[dict]:
    """(step, loss, eval_loss) points from TensorBoard event files under ``tb_dir``."""
    if not tb_dir.is_dir():
        return []
    runs = sorted({p.parent for p in tb_dir.rglob("events.out.tfevents*")})
    if not runs:
        return []
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    by_step: dict[int, dict] = {}
    for run in runs:  # a resumed run writes a second file: later points win
        ea = EventAccumulator(str(run), size_guidance={"scalars": 0})
        ea.Reload()
        tags = set(ea.Tags().get("scalars", []))
        for tag, key in (("train/loss", "loss"), ("loss", "loss"), ("eval/loss", "eval_loss"), ("train/learning_rate", "learning_rate")):
            if tag in tags:
                for ev in ea.Scalars(tag):
                    by_step.setdefault(int(ev.step), {"step": int(ev.step)})[key] = float(ev.value)
    return [by_step[s] for s in sorted(by_step)]


def _curve(d: Path) -> tuple[list[dict], str | None]:
    hist = _trainer_log_history(d / "trainer")
    if any("loss" in h for h in hist):
        return hist, "trainer_state"
    tb = _tensorboard_history(d / "tensorboard")
    if tb:
        return tb, "tensorboard"
    return hist, ("trainer_state" if hist else None)


def training_curves(checkpoint_root: str | Path) -> dict[str, dict]:
    """Per phase folder (``phase{N}``): its ``metrics.json`` plus ``log_history`` (loss vs step).

    The history comes from the newest ``trainer/**/trainer_state.json`` (the Trainer
    writes it with every checkpoint and at the end of training), else from the
    TensorBoard event files under ``tensorboard/``. Phase 4's reward model, trained
    in ``phase4/reward_model``, appears as ``phase4_reward_model``. Folders without
    a phase in them give an empty dict.
    """
    root = Path(checkpoint_root)
    out: dict[str, dict] = {}
    if not root.is_dir():
        return out
    phases = sorted((p for p in root.glob("phase*") if p.is_dir() and p.name[5:].isdigit()), key=lambda p: int(p.name[5:]))
    for d in phases:
        entry: dict[str, Any] = {}
        mf = d / "metrics.json"
        if mf.exists():
            try:
                entry.update(json.loads(mf.read_text()))
            except json.JSONDecodeError as e:
                raise DataError(f"{mf}: not valid JSON ({e.msg})") from None
        entry["done"] = (d / "DONE").exists()
        entry["log_history"], entry["log_source"] = _curve(d)
        out[d.name] = entry
        rm = d / "reward_model"
        if rm.is_dir():
            hist, src = _curve(rm)
            out[f"{d.name}_reward_model"] = {"log_history": hist, "log_source": src, "done": True}
    return out


# --------------------------------------------------------------------------- the report
def _validated(kind: type[BaseModel], part: dict | None, what: str) -> dict[str, BaseModel]:
    out = {}
    for name, m in (part or {}).items():
        try:
            out[str(name)] = m if isinstance(m, kind) else kind.model_validate({"policy": name, **dict(m)})
        except (ValidationError, TypeError, ValueError) as e:
            raise DataError(f"{what} metrics of {name!r} are malformed: {str(e).splitlines()[0][:160]}") from None
    return out


def _ci(ci: Any) -> str:
    """A 95% interval as "a–b" (percent), or "–" when there is none."""
    return f"{_pct(ci[0])}–{_pct(ci[1])}" if isinstance(ci, (list, tuple)) and len(ci) == 2 else "–"


def _breakdown(metrics: dict[str, BaseModel], attr: str, title: str, label: str) -> str:
    """One table of TSR per group (``by_family``, ``by_target_ref``, ``by_compound``), a column a policy."""
    groups = sorted({g for m in metrics.values() for g in getattr(m, attr)})
    if not groups:
        return ""
    rows = [[_e(g)] + [(_pct(getattr(m, attr)[g].task_success_rate)
                        + f" <span class=note>({getattr(m, attr)[g].tasks})</span>") if g in getattr(m, attr) else "–"
                       for m in metrics.values()] for g in groups]
    return f"<h3>{_e(title)}</h3>" + _table([label, *metrics], rows)


def _offline_html(off: dict[str, OfflineMetrics]) -> str:
    if not off:
        return _missing("Offline evaluation")
    rows = [[_e(n), str(m.tasks), str(m.steps), _pct(m.object_acc), _pct(m.operation_acc), _pct(m.status_acc),
             _pct(m.step_success_rate), _ci(m.ssr_ci), _pct(m.task_success_rate), _ci(m.tsr_ci), _pct(m.argument_acc),
             _pct(m.strict_step_success_rate), _pct(m.strict_task_success_rate), str(m.parse_failures),
             str(m.invalid_answers), _num(m.mean_step_latency_s, " s")]
            for n, m in off.items()]
    out = _table(["policy", "tasks", "steps", "object acc", "operation acc", "status acc", "SSR", "SSR 95% CI", "TSR",
                  "TSR 95% CI", "value acc", "strict SSR", "strict TSR", "parse failures", "invalid answers",
                  "latency / step"], rows)
    out += ("<p class=note>SSR and TSR are the paper's: control, function and status. <i>Value acc</i> also asks "
            "that the text selected or typed equal the expert's exactly, and <i>strict</i> SSR/TSR ask all four: "
            "a lower bound, since an equivalent selection counts as a miss.</p>")
    out += _breakdown(off, "by_family", "Offline TSR by task family (tasks)", "family")
    out += _breakdown(off, "by_target_ref", "Offline TSR by how the request names its target (tasks)", "target_ref")
    out += _breakdown(off, "by_compound", "Offline TSR, single vs compound tasks (tasks)", "task")
    return out


def _online_html(on: dict[str, OnlineMetrics]) -> str:
    if not on:
        return _missing("Online evaluation")
    rows = [[_e(n), str(m.tasks), f"{m.successes}", _pct(m.task_success_rate), _ci(m.tsr_ci), _num(m.avg_steps),
             _num(m.avg_completion_s, " s"), _num(m.step_latency_s.mean, " s"), _num(m.step_latency_s.p50, " s"),
             _num(m.step_latency_s.p95, " s"), str(m.env_errors), str(m.invalid_answers)]
            for n, m in on.items()]
    out = _table(["policy", "tasks", "successes", "TSR", "TSR 95% CI", "avg steps", "completion time",
                  "latency / step (mean)", "p50", "p95", "env errors", "invalid answers"], rows)
    out += _breakdown(on, "by_target_ref", "Online TSR by how the request names its target (tasks)", "target_ref")
    out += _breakdown(on, "by_compound", "Online TSR, single vs compound tasks (tasks)", "task")
    fams = sorted({f for m in on.values() for f in m.by_family})
    charts = []
    if fams:
        series = {n: [m.by_family[f].task_success_rate if f in m.by_family else None for f in fams] for n, m in on.items()}
        charts.append(grouped_hbar_svg(fams, series, "Online success by task family", vmax=1.0))
    lat = {n: m.latencies for n, m in on.items() if m.latencies}
    if lat:
        charts.append(box_svg(lat, "Per-step latency (policy + execution)"))
    else:
        charts.append(_missing("Latency distribution (no step latencies recorded)"))
    return out + '<div class="charts">' + "".join(charts) + "</div>"


def _training_html(training: dict) -> str:
    if not training:
        return _missing("Training")
    rows, charts = [], []
    for phase, t in training.items():
        t = t or {}
        hist = [h for h in t.get("log_history") or [] if isinstance(h, dict) and _isnum(h.get("step"))]
        series = {"loss": [(float(h["step"]), float(h["loss"])) for h in hist if _isnum(h.get("loss"))],
                  "eval loss": [(float(h["step"]), float(h["eval_loss"])) for h in hist if _isnum(h.get("eval_loss"))]}
        series = {k: v for k, v in series.items() if v}
        rows.append([_e(phase), _e(t.get("steps", "–")), _num(t.get("first_loss"), digits=4), _num(t.get("last_loss"), digits=4),
                     _num(t.get("val_loss"), digits=4), _num(t.get("train_seconds") or t.get("wall_seconds"), " s", 1),
                     _e(t.get("note", "")) or ("" if series else '<span class="missing">no loss curve</span>')])
        if series:
            charts.append(line_svg(series, f"{phase}: loss"))
    out = _table(["phase", "steps", "first loss", "last loss", "val loss", "time", "note"], rows)
    return out + ('<div class="charts">' + "".join(charts) + "</div>" if charts else _missing("Loss curves"))


def _isnum(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _stages_html(stages: dict[str, float]) -> str:
    if not stages:
        return _missing("Pipeline stage timings")
    names = list(stages)
    total = sum(stages.values())
    rows = [[_e(n), _num(stages[n], " s", 1), _pct(stages[n] / total if total else 0.0)] for n in names]
    chart = grouped_hbar_svg(names, {"wall time": [stages[n] for n in names]}, "Pipeline stage wall time",
                             fmt=lambda v: f"{v:.0f} s" if v >= 10 else f"{v:.1f} s")
    return _table(["stage", "wall time", "share"], rows + [["<b>total</b>", _num(total, " s", 1), ""]]) + chart


def _fmt_value(key: str, v: Any) -> str:
    """A summary value for people: rates as percents, floats rounded, lists and dicts compact."""
    if isinstance(v, bool) or v is None:
        return _e(v)
    if _isnum(v) and isinstance(v, float):
        if key in ("TSR", "SSR") or key.endswith(("_rate", "_acc")):
            return _pct(v)
        return _e(f"{v:.4g}")
    if isinstance(v, (dict, list)):
        return f"<code>{_e(json.dumps(v, default=str))}</code>"
    return _e(v)


def _summaries_html(summaries: dict) -> str:
    """Each stage's summary as tables: its scalar figures as key/value rows, and figures per
    policy or phase (a dict of flat dicts) as one row each with a column per figure."""
    out = []
    for stage, summ in summaries.items():
        if not isinstance(summ, dict) or not summ:
            continue
        scalars = {k: v for k, v in summ.items() if not isinstance(v, dict)}
        nested = {k: v for k, v in summ.items() if isinstance(v, dict)}
        parts = []
        if scalars:
            parts.append(_table(["figure", "value"], [[_e(k), _fmt_value(k, v)] for k, v in scalars.items()]))
        if nested:
            cols = list(dict.fromkeys(c for v in nested.values() for c in v))
            parts.append(_table(["", *cols], [[_e(n)] + [_fmt_value(c, v[c]) if c in v else "–" for c in cols]
                                             for n, v in nested.items()]))
        out.append(f"<h3>{_e(stage)}</h3>" + "".join(parts))
    return "".join(out)


def _journal_rows(name: str, journal: dict) -> list[list[str]]:
    rows = []
    for i, inv in enumerate(journal.get("invocations") or []):
        g = inv.get("git") or {}
        commit = str(g.get("commit", "unknown"))[:12] + (" (dirty)" if g.get("dirty") else "")
        v = inv.get("versions") or {}
        m = inv.get("machine") or {}
        cfg = json.dumps(inv.get("config") or {}, indent=1, default=str)
        rows.append([
            _e(f"{name} #{i + 1}"), _e(inv.get("command", "")), _e(inv.get("started_at", "")),
            _e(inv.get("ended_at") or "not finished"), _e(commit), _e(inv.get("lamkit_version", "")),
            _e(", ".join(f"{k} {x}" for k, x in v.items())),
            _e(f"{m.get('cores', '?')} cores, {m.get('memory_gb', '?')} GB, GPU {m.get('gpu', '?')}"),
            _e(json.dumps(inv.get("seeds") or {})),
            f"<details><summary>{_e(' '.join(inv.get('argv') or [])[:80] or 'config')}</summary><pre>{_e(cfg)}</pre></details>",
        ])
    return rows


def _journal_html(journals: dict[str, dict], warnings: list[str]) -> str:
    if not journals:
        return ('<p class="missing">No run journal found (journal.json, written by lamkit collect, train, '
                "evaluate and pipeline into their run folders).</p>")
    rows = [r for name, j in journals.items() for r in _journal_rows(name, j)]
    out = _table(["journal", "command", "started", "ended", "commit", "lamkit", "versions", "machine", "seeds",
                  "command line and config"], rows)
    return out + ("" if warnings else '<p class="note">All results shown were made with the same code and configs.</p>')


def _journals_and_warnings(data: dict, out_html: Path) -> tuple[dict[str, dict], list[str]]:
    """The journals the data names (``data["journals"]``), else those of the report's folder."""
    from lamkit.journal import Journal, differences, find_journals

    raw = data.get("journals")
    if raw is None:
        js = find_journals(out_html.parent)
    else:
        try:
            js = {str(k): v if isinstance(v, Journal) else Journal.model_validate(v) for k, v in raw.items()}
        except ValidationError as e:
            raise DataError(f"report input: a run journal is malformed: {str(e).splitlines()[0][:160]}") from None
    return {k: j.model_dump(mode="json") for k, j in js.items()}, differences(js)


def _viewer_html(out_html: Path, viewer: bool) -> str:
    """Write the trajectory viewer beside a report that sits in a run folder with trajectories, and link it."""
    from lamkit.evaluate.viewer import VIEWER_FILE, trajectory_files, write_viewer

    page = out_html.parent / VIEWER_FILE
    note = ""
    if viewer and trajectory_files(out_html.parent):
        try:
            _, vd = write_viewer(out_html.parent, page)
            note = f" ({len(vd['episodes'])} episodes" + (f", {len(vd['skipped'])} malformed lines skipped)" if vd["skipped"] else ")")
        except LamkitError as e:
            return f'<p class="warn">The trajectory viewer could not be written: {_e(e)}</p>'
    if page.exists():
        return (f'<p><a href="{_e(VIEWER_FILE)}" id="viewer-link">Trajectory viewer</a>{_e(note)}: every episode step by step, '
                "filters, verdicts condition by condition, two policies side by side.</p>")
    return '<p class="note">No trajectory viewer here: run <code>lamkit view RUN_FOLDER</code> on a run folder.</p>'


def build_report(data: dict, out_html: str | Path, out_json: str | Path, viewer: bool = True) -> dict:
    """Write the HTML report and its numbers as JSON; returns the JSON-ready dict.

    ``data`` = ``{"offline": {policy: OfflineMetrics or its dict}, "online": {policy:
    OnlineMetrics or its dict}, "training": {"phase1": {...metrics.json..., "log_history":
    [{"step", "loss"}, ...]}, ...}, "stages": {stage: seconds}, "meta": {...}, "journals":
    {name: journal.json content}}``; any part may be missing or empty (without "journals",
    those in and under the report's folder are shown). ``meta["summaries"]`` ({stage: its
    summary}) becomes tables. ``viewer``: also write the trajectory viewer beside the
    report when its folder holds trajectories. Malformed metrics raise DataError.
    """
    data = data or {}
    off = _validated(OfflineMetrics, data.get("offline"), "offline")
    on = _validated(OnlineMetrics, data.get("online"), "online")
    training = {str(k): dict(v or {}) for k, v in (data.get("training") or {}).items()}
    stages = {str(k): float(v) for k, v in (data.get("stages") or {}).items() if _isnum(v)}
    meta = dict(data.get("meta") or {})
    summaries = meta.pop("summaries", None) or {}
    out_html, out_json = Path(out_html), Path(out_json)
    journals, warnings = _journals_and_warnings(data, out_html)
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    numbers = {
        "generated_at": now,
        "meta": {**meta, **({"summaries": summaries} if summaries else {})},
        "journals": journals,
        "journal_warnings": warnings,
        "offline": {n: m.model_dump(mode="json") for n, m in off.items()},
        "online": {n: m.model_dump(mode="json") for n, m in on.items()},
        "training": training,
        "stages": stages,
    }
    meta_rows = [[_e(k), _e(v if isinstance(v, str) else json.dumps(v, default=str))] for k, v in meta.items()]
    page = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>lamkit evaluation report</title>"
        f"<style>{CSS}</style></head><body>"
        f"<h1>lamkit evaluation report</h1><p class=note>generated {_e(now)}</p>"
        + "".join(f'<p class="warn">Warning: {_e(w)}</p>' for w in warnings)
        + (_table(["", ""], meta_rows) if meta_rows else "")
        + _viewer_html(out_html, viewer)
        + "<h2>Offline evaluation (held-out expert trajectories, true history)</h2>"
        + _offline_html(off)
        + f'<p class="note">Rates over steps (object / operation / status accuracy, SSR) and over tasks (TSR: every step right); 95% CIs: seeded bootstrap over tasks (1000 resamples). Invalid answers: invalid or unparsable model answers, retried ones included (0 under constrained decoding). {_e(PUBLISHED)}</p>'
        + "<h2>Online evaluation (live Writer, judged by checkers)</h2>"
        + _online_html(on)
        + "<h2>Training</h2>"
        + _training_html(training)
        + "<h2>Pipeline stages</h2>"
        + _stages_html(stages)
        + ("<h2>Stage summaries</h2>" + _summaries_html(summaries) if summaries else "")
        + "<h2>Run journal</h2>"
        + _journal_html(journals, warnings)
        + "</body></html>"
    )
    from lamkit.evaluate.viewer import write_text_atomic

    write_text_atomic(out_html, page)
    write_text_atomic(out_json, json.dumps(numbers, indent=2, default=str) + "\n")
    return numbers


# --------------------------------------------------------------------------- gathering the report's input
PARTS = ("offline", "online", "training", "stages", "meta")
_SKIP_DIRS = {"checkpoints", "execution", "instantiation", "templates", "harvest", "data", "trainer", "tensorboard"}


def _looks_like(values: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(values, dict) and bool(values) and all(isinstance(v, dict) and all(k in v for k in keys)
                                                             for v in values.values())


def _classify(doc: Any) -> dict | None:
    """The report parts one JSON document holds, or None when it is no evaluation file.

    Understood: a report/evaluation dict with any of PARTS (``lamkit evaluate offline``
    output, report.json); ``pipeline.json`` (stages with seconds and summaries); a flat
    ``{policy: OfflineMetrics}`` or ``{policy: OnlineMetrics}`` (the pipeline's
    evaluate/offline.json, evaluate_online's online.json).
    """
    if not isinstance(doc, dict):
        return None
    if "profile" in doc and isinstance(doc.get("stages"), dict):  # lamkit pipeline's pipeline.json
        st = doc["stages"]
        return {"stages": {k: (v.get("seconds") if isinstance(v, dict) else v) for k, v in st.items()},
                "meta": {"profile": doc["profile"],
                         "summaries": {k: v.get("summary") for k, v in st.items() if isinstance(v, dict)}}}
    if any(k in doc for k in PARTS):
        return {k: doc[k] for k in PARTS if k in doc and doc[k] is not None}
    if _looks_like(doc, ("operation_acc", "task_success_rate")):
        return {"offline": doc}
    if _looks_like(doc, ("avg_steps", "task_success_rate")):
        return {"online": doc}
    return None


def _merge(into: dict, parts: dict, source: Path) -> None:
    for k, v in parts.items():
        if not isinstance(v, dict):
            raise DataError(f"{source}: {k!r} must be an object, got {type(v).__name__}")
        into.setdefault(k, {}).update(v)


def _read_json(p: Path) -> Any:
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError(f"{p}: not a readable JSON file ({getattr(e, 'msg', e)})") from None


def _is_checkpoint_root(d: Path) -> bool:
    return any(p.is_dir() and p.name[5:].isdigit() and ((p / "metrics.json").exists() or (p / "trainer").is_dir())
               for p in d.glob("phase*"))


def _scan_folder(folder: Path, data: dict, exclude: set[Path], depth: int = 0) -> int:
    """Merge what a folder (a pipeline run, an evaluation folder) holds; returns files used."""
    used = 0
    ck_root = _is_checkpoint_root(folder)
    if ck_root:
        _merge(data, {"training": training_curves(folder)}, folder)
        used += 1
    for p in sorted(folder.iterdir()):
        if ck_root and p.is_dir() and p.name.startswith("phase"):
            continue  # model folders: read by training_curves
        if p.is_file() and p.suffix == ".json" and p.resolve() not in exclude and p.name != "report.json":
            parts = _classify(_read_json(p))
            if parts:
                _merge(data, parts, p)
                used += 1
        elif p.is_dir() and depth < 3 and (p.name not in _SKIP_DIRS or p.name == "checkpoints"):
            used += _scan_folder(p, data, exclude, depth + 1)
    return used


def collect_report_data(inputs: list[str | Path], exclude: list[str | Path] = ()) -> dict:
    """Merge evaluation files and folders into :func:`build_report`'s input.

    A file must be an evaluation JSON (see ``_classify``); a folder (a pipeline's run
    folder, say) is searched three levels down for such files and for a checkpoint root
    (``phase{N}/`` folders: training curves). Later inputs win on the same policy
    name. ``exclude`` lists files never to read (the report's own JSON). The run
    journals of the inputs (a folder's, and the folder of a file) go to ``"journals"``.
    """
    from lamkit.journal import JOURNAL_FILE, find_journals, read_journal

    data: dict[str, Any] = {}
    skip = {Path(p).resolve() for p in exclude}
    sources = []
    journals: dict[str, Any] = {}
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            journals.update({str(p / k): j for k, j in find_journals(p).items()})
        elif (p.parent / JOURNAL_FILE).is_file():
            journals[str(p.parent / JOURNAL_FILE)] = read_journal(p.parent / JOURNAL_FILE)
        if p.is_dir():
            if not _scan_folder(p, data, skip):
                raise DataError(f"{p}: no evaluation results found in this folder "
                                "(expected offline/online JSON, pipeline.json or phase checkpoints)")
        elif p.is_file():
            parts = _classify(_read_json(p))
            if parts is None:
                raise DataError(f"{p}: not an evaluation file (expected keys {', '.join(PARTS)} "
                                "or a {policy: metrics} object)")
            _merge(data, parts, p)
        else:
            raise DataError(f"{p}: no such file or folder")
        sources.append(str(p))
    data.setdefault("meta", {})["inputs"] = sources
    data["journals"] = journals
    return data
