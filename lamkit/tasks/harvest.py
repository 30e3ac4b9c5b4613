"""Harvesting TaskPlans: pages -> procedures -> requests -> filter -> dedupe -> augment.

Sources: LibreOffice's installed help (Debian's ``libreoffice-help-en-us``) and
any folder of HTML or Markdown how-to pages. Every page that cannot be read
or holds no procedure is reported by name and the run goes on; every pair the
filter or dedupe drops is written with its reason to ``<out>.rejected.jsonl``;
counts go to ``<out>.report.json`` (``lamkit harvest stats`` prints them).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from lamkit.errors import LamkitError
from lamkit.jsonl import write_jsonl
from lamkit.schema import Source, TaskPlan
from lamkit.tasks.app_scope import HELP_VIEWER, procedure_app
from lamkit.tasks.augment import Paraphraser, RuleParaphraser, paraphrase_pairs, subtask_pairs
from lamkit.tasks.cleaning import normalise, quality_reasons, request_from_title
from lamkit.tasks.dedupe import dedupe
from lamkit.tasks.help_contents import MODULES, owners
from lamkit.tasks.procedures import from_html, from_markdown

HELP_ROOT = Path("/usr/share/libreoffice/help/en-US/text")
HELP_DIRS = {"writer": "swriter", "calc": "scalc", "impress": "simpress", "draw": "sdraw"}
APPS = ("writer", "calc", "impress", "draw", "all")
#: every label a pair can carry in an "all" harvest: the four apps, shared topics, the help's other
#: modules (a shared page its contents file under Base alone is Base's) and the help viewer
ALL_LABELS = (*HELP_DIRS, *(m for m in MODULES.values() if m not in HELP_DIRS), HELP_VIEWER)


@dataclass
class Page:
    path: Path
    app: str  # the app the pairs are labelled with
    variant_app: str  # which application's wording to keep in switch spans
    kind: str  # "html" or "markdown"
    #: the other applications the help's contents file this page under (then ``app`` is the only
    #: one of them, or "shared" for several); empty when the page is the harvested app's
    owners: frozenset[str] = frozenset()


class HarvestReport(BaseModel):
    source: str
    apps: list[str]
    pages_total: int = 0
    pages_with_procedures: int = 0
    pages_without_procedure: int = 0
    page_errors: list[dict[str, str]] = Field(default_factory=list)
    pairs_extracted: dict[str, int] = Field(default_factory=dict)
    pairs_after_filter: dict[str, int] = Field(default_factory=dict)
    pairs_after_dedupe: dict[str, int] = Field(default_factory=dict)
    pairs_after_augment: dict[str, int] = Field(default_factory=dict)
    filtered: dict[str, int] = Field(default_factory=dict)
    #: pairs left out because they are done in another application than the harvested ones, by that
    #: application (help contents or the procedure's own words; listed in the rejected file)
    other_apps: dict[str, int] = Field(default_factory=dict)
    duplicates_removed: int = 0
    #: requests (one page, one request) whose pairs carry several distinct plans that are not
    #: alternatives ("way 1", "way 2"): a request that does not say which plan it means (target 0)
    mixed_requests: int = 0
    dedupe_method: str = "minhash"
    augmented: dict[str, int] = Field(default_factory=dict)
    plan_lengths: dict[str, int] = Field(default_factory=dict)
    seconds: dict[str, float] = Field(default_factory=dict)
    pages_per_second: float = 0.0


def help_pages(app: str, root: Path = HELP_ROOT) -> list[Page]:
    if app not in APPS:
        raise LamkitError(f"unknown app {app!r}: use one of {', '.join(APPS)}")
    if not root.is_dir():
        raise LamkitError(f"LibreOffice help not found at {root}: install the Debian package libreoffice-help-en-us")
    pages: list[Page] = []
    apps = list(HELP_DIRS) if app == "all" else [app]
    for a in apps:
        pages += [Page(p, a, a, "html") for p in sorted((root / HELP_DIRS[a]).rglob("*.html"))]
    target = "shared" if app == "all" else app
    for p in sorted((root / "shared").rglob("*.html")):
        own = owners(str(p.relative_to(root)), target, root)
        label = next(iter(own)) if len(own) == 1 else "shared" if own else target
        pages.append(Page(p, label, label if own else app if app != "all" else "shared", "html", own))
    return pages


def help_apps(app: str) -> list[str]:
    """The labels a help harvest for ``app`` keeps (its pairs of other applications are left out)."""
    return list(ALL_LABELS) if app == "all" else [app]


def folder_pages(path: Path, app: str) -> list[Page]:
    if not path.exists():
        raise LamkitError(f"docs folder {path} does not exist")
    if not path.is_dir():
        raise LamkitError(f"{path} is not a folder")
    out = []
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in (".html", ".htm", ".md", ".markdown"):
            out.append(Page(p, app, app, "markdown" if p.suffix.lower() in (".md", ".markdown") else "html"))
    return out


def pair_id(app: str, source: str, section: str, task: str, plan: list[str]) -> str:
    return hashlib.sha1("\x1f".join([app, source, section, task, *plan]).encode()).hexdigest()[:16]


def extract(page: Page, root: Path | None = None) -> list[TaskPlan]:
    """The TaskPlans of one page (raises OSError / UnicodeDecodeError on unreadable pages)."""
    text = page.path.read_bytes().decode("utf-8")
    title, procs = from_markdown(text) if page.kind == "markdown" else from_html(text, page.variant_app)
    rel = str(page.path.relative_to(root)) if root and page.path.is_relative_to(root) else str(page.path)
    out = []
    for p in procs:
        task = request_from_title(p.title)
        plan = [normalise(s) for s in p.steps if normalise(s)]
        app = procedure_app(page.app, task, plan)
        out.append(
            TaskPlan(
                id=pair_id(app, rel, p.section, task, plan),
                app=app,
                task=task,
                plan=plan,
                source=Source(path=rel, section=normalise(p.section)),
                tags=[p.kind, *p.tags],
            )
        )
    return out


def mixed_requests(pairs: Iterable[TaskPlan]) -> list[tuple[str, str]]:
    """(page, request) pairs whose plans differ while not all being tagged alternatives.

    Why it matters: "Apply text formatting while you type" with a Ctrl+B, a Ctrl+I and a Ctrl+U
    plan teaches a model nothing and leaves a judge nothing to check."""
    plans: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    alt: dict[tuple[str, str], bool] = {}
    for p in pairs:
        k = (p.source.path, p.task)
        plans.setdefault(k, set()).add(tuple(p.plan))
        alt[k] = alt.get(k, True) and "alternative" in p.tags
    return sorted(k for k, v in plans.items() if len(v) > 1 and not alt[k])


def harvest(
    pages: list[Page],
    out: Path,
    source: str,
    apps: list[str],
    *,
    root: Path | None = None,
    dedupe_method: str = "minhash",
    paraphrases: int = 2,
    paraphraser: Paraphraser | None = None,
    subtasks: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> HarvestReport:
    rep = HarvestReport(source=source, apps=apps, dedupe_method=dedupe_method)
    t0 = time.monotonic()
    pairs: list[TaskPlan] = []
    moved: dict[str, str] = {}  # pair id -> why it is another application's
    rep.pages_total = len(pages)
    for i, page in enumerate(pages):
        try:
            got = extract(page, root)
        except UnicodeDecodeError as e:
            rep.page_errors.append({"page": str(page.path), "error": f"not UTF-8 (byte {e.start})"})
            got = None
        except OSError as e:
            rep.page_errors.append({"page": str(page.path), "error": f"unreadable: {e.strerror or e}"})
            got = None
        except Exception as e:  # noqa: BLE001 - one broken page never stops the run
            rep.page_errors.append({"page": str(page.path), "error": f"{type(e).__name__}: {e}"})
            got = None
        if got is not None:
            if got:
                rep.pages_with_procedures += 1
            else:
                rep.pages_without_procedure += 1
            pairs += got
            for p in got:
                if p.app not in apps:
                    moved[p.id] = (f"another application's ({p.app}): the help's contents list its page only under "
                                   f"{', '.join(sorted(page.owners))}" if page.owners else
                                   f"another application's ({p.app}): its request or steps place it there")
        if progress:
            progress(i + 1, len(pages))
    rep.seconds["extract"] = time.monotonic() - t0
    rep.pages_per_second = len(pages) / max(rep.seconds["extract"], 1e-9)
    rep.pairs_extracted = dict(Counter(p.app for p in pairs))

    rejected: list[dict] = []
    kept: list[TaskPlan] = []
    seen_ids: set[str] = set()
    for p in pairs:
        reasons = quality_reasons(p.task, p.plan)
        if p.id in seen_ids:
            reasons.append("exact duplicate")
        if reasons:
            rejected.append({"pair": p.model_dump(), "reasons": reasons, "stage": "filter"})
            rep.filtered.update({r: rep.filtered.get(r, 0) + 1 for r in reasons})
            continue
        seen_ids.add(p.id)
        if p.id in moved:
            rejected.append({"pair": p.model_dump(), "reasons": [moved[p.id]], "stage": "app"})
            rep.other_apps[p.app] = rep.other_apps.get(p.app, 0) + 1
            continue
        kept.append(p)
    rep.pairs_after_filter = dict(Counter(p.app for p in kept))
    rep.mixed_requests = len(mixed_requests(kept))

    t1 = time.monotonic()
    unique, dropped = dedupe(kept, dedupe_method)
    rep.seconds["dedupe"] = time.monotonic() - t1
    rep.duplicates_removed = len(dropped)
    rejected += [{"pair": p.model_dump(), "reasons": [why], "stage": "dedupe"} for p, why in dropped]
    rep.pairs_after_dedupe = dict(Counter(p.app for p in unique))

    t2 = time.monotonic()
    subs = subtask_pairs(unique) if subtasks else []
    known = {(p.app, p.task.lower()) for p in unique}
    subs = [s for s in subs if (s.app, s.task.lower()) not in known]
    paras = paraphrase_pairs(unique, paraphraser or RuleParaphraser(), paraphrases) if paraphrases > 0 else []
    rep.seconds["augment"] = time.monotonic() - t2
    rep.augmented = {"paraphrases": len(paras), "subtasks": len(subs)}
    final = unique + subs + paras
    rep.pairs_after_augment = dict(Counter(p.app for p in final))
    rep.plan_lengths = {str(k): v for k, v in sorted(Counter(min(len(p.plan), 10) for p in unique).items())}

    write_jsonl(out, final)
    write_jsonl(out.with_suffix(".rejected.jsonl"), rejected)
    report_path(out).write_text(rep.model_dump_json(indent=2))
    return rep


def report_path(out: Path) -> Path:
    return out.with_suffix(".report.json")


def harvest_help(app: str = "all", out: Path | str = "data/taskplans.jsonl", root: Path = HELP_ROOT, **kw) -> HarvestReport:
    pages = help_pages(app, root)
    return harvest(pages, Path(out), "libreoffice-help", help_apps(app), root=root, **kw)


def harvest_docs(path: Path | str, out: Path | str, app: str = "writer", **kw) -> HarvestReport:
    path = Path(path)
    pages = folder_pages(path, app)
    return harvest(pages, Path(out), f"docs:{path}", [app], root=path, **kw)


def load_report(out: Path) -> HarvestReport:
    p = report_path(out)
    if not p.exists():
        raise LamkitError(f"no harvest report next to {out} (expected {p}); run `lamkit harvest` first")
    return HarvestReport.model_validate(json.loads(p.read_text()))
