"""Single quotation marks read as double ones: the one place a request's quotes are normalised.

Why: the target reader (:mod:`lamkit.agent.targets`), the value reader
(:mod:`lamkit.agent.values`) and the clause splitter (:mod:`lamkit.agent.clauses`) take a
quotation as the exact text meant, and they know double quotes ("", “”), the marks our
generated requests use. People write 'profit' or ‘profit’ just as often; read as a bare
word, "Replace 'cat' with 'dog'" offered no value to type. The renderer normalises the
request on entry (:func:`lamkit.agent.prompting.render_step`, and ``step_targets``, which
benchmarks call alone; the function is idempotent), so every reader and the model see the
same text, and a request with double quotes (all training data) is unchanged.

An apostrophe is not a quote: a mark counts as opening only where no letter or digit
precedes it and as closing only where none follows, so "the treasurer's report", "don't"
and "the members' list" stay as they are.
"""

from __future__ import annotations

import re

_SINGLE = re.compile(r"(?<![\w'‘’])['‘]([^'‘’\"\n]*?[^\s'‘’\"])['’](?![\w'‘’])")


def double_quotes(request: str) -> str:
    """``request`` with each single-quoted span written in double quotes ('x' and ‘x’ -> "x")."""
    if "'" not in request and "‘" not in request:
        return request
    return _SINGLE.sub(lambda m: f'"{m.group(1)}"', request)


__all__ = ["double_quotes"]
