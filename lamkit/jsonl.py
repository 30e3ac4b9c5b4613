"""JSONL files of lamkit records: atomic appends, strict reads, HF datasets export.

Why appends are atomic: collection runs are killed (OOM, kill -9, CI limits)
and must resume without losing or duplicating records, and disks fill up. Each
record is written as one complete line on an ``O_APPEND`` descriptor under an
exclusive ``flock`` (appenders in other processes wait), then fsync'd:

- a write that fails part-way (disk full, file size limit: a short write, then
  ENOSPC/EFBIG) is cut back to where it began, so the file ends on a whole line
  and the append raises a one-line :class:`DataError`;
- a torn last line that a killed writer left behind (kill -9, power loss) is
  skipped with a note on read, and cut off by the next append before it writes,
  so it never becomes a malformed line in the middle of the file.

A malformed line in the middle is therefore never something an append made: a
strict read reports it (file and line) instead of guessing.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lamkit.errors import DataError

M = TypeVar("M", bound=BaseModel)


def _line(record: BaseModel | dict) -> bytes:
    data = record.model_dump(mode="json") if isinstance(record, BaseModel) else record
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def append_jsonl(path: str | os.PathLike, records: Iterable[BaseModel | dict]) -> int:
    """Append records, one whole line per ``write`` call; returns how many were written.

    On a failed write (disk full, size limit) the file is cut back to its last whole line
    and a :class:`DataError` naming the file is raised; the records before stay intact."""
    import errno
    import fcntl

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    n = 0
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # other appenders wait: nobody writes between our size check and our line
        _drop_torn_tail(fd, path)
        for r in records:
            line = _line(r)
            start = os.fstat(fd).st_size
            try:
                written = os.write(fd, line)
                if written != len(line):  # the kernel wrote what fit, the next write would fail
                    raise OSError(errno.ENOSPC, "short write: no space left for the whole line")
            except OSError as e:
                os.ftruncate(fd, start)  # never leave a half line behind
                raise DataError(f"{path}: cannot append record {n + 1} ({e.strerror or e}); "
                                f"the file is intact up to its last whole line") from None
            n += 1
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    return n


def _drop_torn_tail(fd: int, path: Path) -> None:
    """Cut a last line without its newline (what a killed writer leaves) off the file. Its record
    was never complete, so nothing counted it: a resumed run redoes that record."""
    size = os.fstat(fd).st_size
    if size == 0:
        return
    with open(path, "rb") as f:
        pos = size
        while pos > 0:  # find the last newline, reading backwards in blocks
            step = min(65536, pos)
            f.seek(pos - step)
            block = f.read(step)
            if pos == size and block.endswith(b"\n"):
                return
            cut = block.rfind(b"\n")
            if cut >= 0:
                os.ftruncate(fd, pos - step + cut + 1)
                return
            pos -= step
    os.ftruncate(fd, 0)  # the whole file is one torn line


def write_jsonl(path: str | os.PathLike, records: Iterable[BaseModel | dict]) -> int:
    """Replace a file atomically (temp file + rename): readers never see half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    n = 0
    try:
        with os.fdopen(fd, "wb") as f:
            for r in records:
                f.write(_line(r))
                n += 1
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def write_json_atomic(path: str | os.PathLike, data: Any) -> Path:
    """Write one JSON document atomically (temp file + rename), indented for people."""
    import json

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def iter_jsonl(
    path: str | os.PathLike,
    model: type[M] | None = None,
    *,
    strict: bool = True,
    errors: list[str] | None = None,
    parse: Callable[[Any], Any] | None = None,
) -> Iterator[Any]:
    """Yield records; a bad line raises DataError naming file and line (``strict``),
    or is described in ``errors`` and skipped. A torn final line (it does not decode
    and has no newline after it) is always skipped with a note, since it is what an
    interrupted append leaves behind.

    ``parse`` (instead of ``model``) turns each decoded line into the record: a
    ValidationError or ValueError it raises is reported like a bad line, with its file
    and line, so callers that validate more than a schema need no line counting."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file")
    try:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
    except OSError as e:
        raise DataError(f"{path}: cannot read ({e.strerror or e})") from None
    convert = parse or (model.model_validate if model is not None else None)
    last = len(lines) - 1
    for i, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            torn = i - 1 == last  # no newline after it: an interrupted append
            msg = f"{path}:{i}: {'torn last line' if torn else 'bad record'}: {_short(e)}"
            if torn or not strict:
                if errors is not None:
                    errors.append(msg)
                continue
            raise DataError(msg) from None
        if convert is None:
            yield data
            continue
        try:
            rec = convert(data)
        except ValueError as e:  # pydantic's ValidationError is a ValueError
            msg = f"{path}:{i}: bad record: {_short(e)}"
            if not strict:
                if errors is not None:
                    errors.append(msg)
                continue
            raise DataError(msg) from None
        yield rec


def read_jsonl(path: str | os.PathLike, model: type[M] | None = None, **kw) -> list[Any]:
    """:func:`iter_jsonl` as a list."""
    return list(iter_jsonl(path, model, **kw))


def _short(e: Exception) -> str:
    if isinstance(e, ValidationError):
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first.get("loc", ()))
        return f"{loc}: {first.get('msg')} ({e.error_count()} error(s))"
    return str(e).splitlines()[0][:200]


def to_dataset(records: Iterable[BaseModel | dict]):
    """Export records to a Hugging Face ``datasets.Dataset`` (nested fields kept)."""
    import datasets

    rows = [r.model_dump(mode="json") if isinstance(r, BaseModel) else r for r in records]
    return datasets.Dataset.from_list(rows)
