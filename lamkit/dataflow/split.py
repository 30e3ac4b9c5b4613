"""The one train/test split rule: held-out phrasings AND held-out template documents.

Why this rule: a test task must measure whether a model generalises to a new
way of asking and a new document, as the external suites will ask it to, not
whether it remembers a request template or a document it was trained on. So:

- **phrasings**: each family's request phrasings (and the compound tasks'
  connective phrasings) are numbered; phrasing ``i`` is test-only iff
  ``i % phrasing_period == phrasing_test_index`` (every 4th: 3, 7, 11, …);
- **templates**: template number ``k`` within its kind is test-only iff
  ``k % template_period == template_test_index`` (1, 4, 7, …); a template without
  a number (hand-made) is placed by a hash of its name with the same share;
- **a task** is test iff every phrasing it uses and its template are test; train
  iff they are all train; a task mixing the two is dropped, never leaked
  (:func:`SplitRule.task_split` returns None for it). Task generation draws
  phrasings from the template's partition, so the mixed case does not arise there;
- **help pages** (help-derived tasks, whose request is the help's own heading, not a
  phrasing): a help page is test-only iff a hash of its path ``% help_page_period ==
  help_page_test_index`` (a third of the pages). A help task is test iff its source page and
  its template are test (:func:`SplitRule.help_task_split`), so every procedure of a test page
  is held out together: two procedures of one page share words, menus and dialogs, and a test
  page's procedure in training would be recall, not generalisation.

Every command takes its split from here (``instantiate``, ``pipeline``, the
phase-3 fresh tasks); the rule with its parameters is written to
``<run>/instantiation/split.json`` so the report can state it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from lamkit.jsonl import write_json_atomic

Part = Literal["train", "test"]


class SplitRule(BaseModel):
    """Deterministic, parameterised; ``describe()`` says it in one sentence."""

    name: str = "held-out phrasings x held-out templates"
    phrasing_period: int = 4
    phrasing_test_index: int = 3
    template_period: int = 3
    template_test_index: int = 1
    help_page_period: int = 3
    help_page_test_index: int = 1

    def phrasing(self, index: int) -> Part:
        return "test" if index % self.phrasing_period == self.phrasing_test_index else "train"

    def phrasings(self, n: int, part: Part) -> list[int]:
        """Indices of ``n`` phrasings that belong to ``part``."""
        return [i for i in range(n) if self.phrasing(i) == part]

    def template(self, tpl) -> Part:
        """The partition of a template (anything with ``number`` and ``name``)."""
        k = getattr(tpl, "number", -1)
        if k is None or k < 0:
            k = int(hashlib.sha1(str(tpl.name).encode()).hexdigest()[:8], 16)
        return self.template_number(k)

    def template_number(self, k: int) -> Part:
        """The partition of the template numbered ``k`` within its kind."""
        return "test" if k % self.template_period == self.template_test_index else "train"

    def task_split(self, phrasing_indices: Iterable[int], tpl) -> Part | None:
        """test / train, or None for a task that mixes partitions (to be dropped)."""
        parts = {self.phrasing(i) for i in phrasing_indices} | {self.template(tpl)}
        return parts.pop() if len(parts) == 1 else None

    def help_page(self, page: str) -> Part:
        """The partition of a help page (its path, ``TaskPlan.source.path``): by a hash of the
        path, so the same page is on the same side in every run and for every template."""
        k = int(hashlib.sha1(str(page).encode()).hexdigest()[:8], 16)
        return "test" if k % self.help_page_period == self.help_page_test_index else "train"

    def help_task_split(self, page: str, tpl) -> Part | None:
        """test / train of a help-derived task (its page and its template), None when they differ."""
        parts = {self.help_page(page), self.template(tpl)}
        return parts.pop() if len(parts) == 1 else None

    def describe(self) -> str:
        return (f"{self.name}: phrasing i is test iff i % {self.phrasing_period} == {self.phrasing_test_index}; "
                f"template number k (within its kind) is test iff k % {self.template_period} == {self.template_test_index}; "
                "a task is test iff all its phrasings and its template are test, train iff all are train, "
                "otherwise it is dropped; a help-derived task is test iff its help page (sha1 of the path "
                f"% {self.help_page_period} == {self.help_page_test_index}) and its template are test, so a test page's "
                "procedures never train")

    def write(self, run_dir: Path, counts: dict[str, int] | None = None) -> Path:
        """Record the rule (and the split's counts) in ``<run>/instantiation/split.json``."""
        path = run_dir / "instantiation" / "split.json"
        write_json_atomic(path, {**self.model_dump(), "rule": self.describe(), "counts": counts or {}})
        return path


SPLIT = SplitRule()
