"""User-facing errors: one class whose message names what is wrong and where.

The CLI turns a LamkitError into a one-line message and a non-zero exit code,
never a traceback.
"""


class LamkitError(Exception):
    """An error caused by input or environment that the user can fix."""


class DataError(LamkitError):
    """A data file is missing, unreadable, or has a malformed record (path and line given)."""
