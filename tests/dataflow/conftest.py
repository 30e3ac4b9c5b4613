"""Fixtures the dataflow tests share: a small generated template catalogue and one live Writer."""

from __future__ import annotations

import pytest

from lamkit.dataflow.templates import build_catalog


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """Two generated documents of each kind (a test needing more defines its own ``catalog``)."""
    return build_catalog(tmp_path_factory.mktemp("templates"), per_kind=2)


@pytest.fixture(scope="module")
def env():
    """One live Writer environment per test module, closed after it."""
    from lamkit.envs.writer import WriterEnv

    e = WriterEnv()
    yield e
    e.close()
