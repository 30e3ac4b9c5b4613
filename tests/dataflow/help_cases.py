"""What the help-compiler sentence tests share (test_help_compile_*.py): the compiler grounded
against the cached UI inventory with a fixed template target, and the expected-step shorthands."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import FINISH, Compiler, Target
from lamkit.dataflow.help.inventory import load


@pytest.fixture(scope="module")
def comp() -> Compiler:
    return Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"))


def steps(got):
    assert got.steps[-1] == FINISH
    return [(s.function, s.control, s.args) for s in got.steps[:-1]]


def click(*names):
    return [("click_input", n, {}) for n in names]
