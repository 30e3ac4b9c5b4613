"""What the help-compiler sentence tests share (test_help_compile_*.py): the compiler grounded
against the cached UI inventory with a fixed template target, and the expected-step shorthands."""

from __future__ import annotations

import pytest

from lamkit.dataflow.help.compile import DOC, FINISH, Compiler, Target
from lamkit.dataflow.help.inventory import load
from lamkit.schema import Source, TaskPlan

#: the table document's target: a body paragraph's word and anchor, a cell and the key to the next
TABLE = Target(word="Sales", paragraph="Sales grew", cell="Rent 1", cell_next="{RIGHT}")


@pytest.fixture(scope="module")
def comp() -> Compiler:
    return Compiler(load("writer"), Target(word="Sales", paragraph="Sales grew"))


def steps(got):
    assert got.steps[-1] == FINISH
    return [(s.function, s.control, s.args) for s in got.steps[:-1]]


def click(*names):
    return [("click_input", n, {}) for n in names]


def key(k):
    return ("keyboard_input", DOC, {"keys": k})


def sel(text):
    return ("select_text", DOC, {"text": text})


def plan(task, sentences, page="swriter/guide/x.html"):
    """A whole procedure (a TaskPlan: its request and every step), as the harvest gives it."""
    return TaskPlan(id="t", app="writer", task=task, plan=sentences, source=Source(path=page))


def reasons(got):
    return [f.reason for f in got.failures]


def entry(name, in_list):
    """A click on an entry the inventory does not list, noting its list for the expert."""
    return ("click_input", name, {"list": in_list})


def box(name, on=True):
    """A click on check box ``name`` that wants it on (``on``) or off: the expert clicks only when
    the box is not already so (a click toggles)."""
    return ("click_input", name, {"check": on})
