"""JSONL files of lamkit records: atomic appends, strict reads, HF datasets export.

Why appends are atomic: collection runs are killed (OOM, kill -9, CI limits)
and must resume without losing or duplicating records. Each record is written
with a single ``os.write`` of one complete line on an ``O_APPEND`` descriptor
and fsync'd, so a reader sees either the whole line or nothing of it; a torn
last line (power loss mid-write) is reported and skipped on read, never
silently merged with the next record.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lamkit.errors import DataError

M = TypeVar("M", bound=BaseModel)


def _line(record: BaseModel | dict) -> bytes:
    data = record.model_dump(mode="json") if isinstance(record, BaseModel) else record
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def append_jsonl(path: str | os.PathLike, records: Iterable[BaseModel | dict]) -> int:
    """Append records, one whole line per ``write`` call; returns how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    n = 0
    try:
        # A file that ends in a torn line must not glue the next record onto it.
        if os.fstat(fd).st_size > 0:
            with open(path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    os.write(fd, b"\n")
        for r in records:
            os.write(fd, _line(r))
            n += 1
        os.fsync(fd)
    finally:
        os.close(fd)
    return n


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
) -> Iterator[M | dict]:
    """Yield records; a bad line raises DataError naming file and line (``strict``),
    or is described in ``errors`` and skipped. A torn final line is always skipped
    with a note, since it is what an interrupted append leaves behind."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file")
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    last = len(lines) - 1
    for i, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
            yield model.model_validate(data) if model is not None else data
        except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as e:
            torn = i - 1 == last  # no newline after it: an interrupted append
            msg = f"{path}:{i}: {'torn last line' if torn else 'bad record'}: {_short(e)}"
            if torn or not strict:
                if errors is not None:
                    errors.append(msg)
                continue
            raise DataError(msg) from None


def read_jsonl(path: str | os.PathLike, model: type[M] | None = None, **kw) -> list[M | dict]:
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
