"""What a Writer control's ``path`` says about its window, for code outside the environment.

A control's path starts with its window: ``m<i>`` for a document frame (the main window),
``w<i>`` for any other top-level window of the application (dialogs; without a window
manager they are separate frames, docs/writer_env.md), ``i`` counting windows in the order
AT-SPI lists them, newest last. The observer writes these ids (:mod:`.observe`); policies and
the safety gate read them through the helpers here, so the prefix letters live in one place.
Plain string code: importing it loads neither AT-SPI nor UNO.
"""

from __future__ import annotations

MAIN_PREFIX = "m"
DIALOG_PREFIX = "w"


def window_id(is_frame: bool, index: int) -> str:
    """The id of the ``index``-th top-level window: a document frame or another window."""
    return f"{MAIN_PREFIX if is_frame else DIALOG_PREFIX}{index}"


def window_of(path: str) -> str:
    """The window id a control path starts with (``w3:1.2`` -> ``w3``)."""
    return path.split(":", 1)[0]


def is_dialog_path(path: str) -> bool:
    """Whether the control sits in a dialog or other secondary window, not the document frame."""
    return path.startswith(DIALOG_PREFIX)


def window_rank(window: str) -> tuple[bool, int]:
    """Sort key of a window id: the newest dialog ranks highest, document frames below dialogs."""
    digits = window[1:]
    return window.startswith(DIALOG_PREFIX), int(digits) if digits.isdigit() else 0


#: The word naming a tool bar split button's drop-down arrow as a control of its own ("Paste
#: arrow"): the observer shows it, the compiler names it, the help's own word ("click the arrow
#: next to the Paste icon").
ARROW = "arrow"
