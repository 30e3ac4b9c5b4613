"""The state-diff judge's reading of profile settings: a request that names one of the settings
the state reads (``DocState.options``: :mod:`lamkit.envs.writer.profile_settings`) is judged on
that setting, not on the document.

Why apart: these settings (AutoRecovery, backup copies, the UI language, the default file format)
are not the document's, so the document diff says nothing about them; before they were read, such
a request was unsure at best. The words that name each setting are one vocabulary
(:data:`OPTION_WORDS`), as :data:`state_diff.KIND_WORDS` is for the document's kinds."""

from __future__ import annotations

import re

from lamkit.schema import DocState, Verdict

#: The request's words for each setting the state reads (its ``options`` names).
OPTION_WORDS: dict[str, re.Pattern[str]] = {
    "autosave": re.compile(r"(?i)\b(?:recovery information|autorecovery|autosave)\b"),
    "autosave_minutes": re.compile(r"(?i)\b(?:recovery information|autorecovery|autosave)\b.*\b(?:every|minutes?|interval)\b"),
    "backup_copy": re.compile(r"(?i)\bbackup\b"),
    "ui_locale": re.compile(r"(?i)\b(?:UI|user interface)\s+language\b"),
    "writer_default_filter": re.compile(r"(?i)\bby default\b.*\bformats?\b|\bdefault (?:file )?format\b"),
}


def named_options(request: str) -> set[str]:
    return {k for k, rx in OPTION_WORDS.items() if rx.search(request)}


def verdict(request: str, before: DocState, after: DocState, document_changed: bool, subs: dict) -> Verdict | None:
    """The verdict on a request naming a setting the state read before and after, else None (the
    other rules). Success: a named setting changed and the document did not; unsure when none of the
    named settings changed (it may have been so already: the help says "mark", not "was off") or the
    document changed too. Never failure: an unchanged setting does not show the steps failed."""
    named = named_options(request)
    if not named or not before.options or not after.options:
        return None
    changed = {k for k in named if k in before.options and before.options.get(k) != after.options.get(k)}
    if changed and not document_changed:
        detail = "; ".join(f"{k}: {before.options.get(k)!r} -> {after.options.get(k)!r}" for k in sorted(changed))
        return Verdict(success=True, reason=f"the setting the task names changed ({detail}); the document did not",
                       judge="state-diff", sub_scores=subs)
    why = "the document changed too" if changed else f"the setting it names ({', '.join(sorted(named))}) did not change"
    return Verdict(success=False, reason=f"the task names a profile setting; {why}", judge="state-diff-unsure", sub_scores=subs)
