"""The policy registry (lamkit/agent/policies.py) and the one model-name resolver: a spec is
parsed once into a PolicySpec, a bad one is a one-line error naming it, and every bundled
model name that passes the command line's check also loads."""

from __future__ import annotations

import pickle

import pytest

from lamkit.agent.heuristic import HeuristicExpert
from lamkit.agent.policies import PolicySpec, check_policy, make_policy, parse_policy
from lamkit.cli import main
from lamkit.errors import LamkitError
from lamkit.models.chat import BUNDLED_NAMES, resolve_model_path


@pytest.mark.parametrize("text,kind,model,like", [
    ("heuristic", "expert", None, None), ("expert", "expert", None, None), ("llm", "llm", None, None),
    ("endpoint", "endpoint", None, None), ("model:runs/x/phase4", "model", "runs/x/phase4", None),
    ("zero-shot:smollm2", "zero_shot", "smollm2", None),
    ("zero-shot:smollm2@runs/x/phase4", "zero_shot", "smollm2", "runs/x/phase4"),
])
def test_a_spec_parses_once_into_an_object_that_round_trips_and_pickles(text, kind, model, like):
    p = parse_policy(text)
    assert (p.kind, p.model, p.like) == (kind, model, like)
    assert parse_policy(str(p)) == p and parse_policy(p) is p
    assert pickle.loads(pickle.dumps(p)) == p  # travels to worker processes and Ray actors


@pytest.mark.parametrize("bad", ["", "heuristics", "model:", "zero-shot:", "gpt4", "endpoint:x"])
def test_an_unknown_spec_is_a_one_line_error_naming_it(bad):
    with pytest.raises(LamkitError) as e:
        parse_policy(bad)
    msg = str(e.value)
    assert f"unknown policy {bad.strip()!r}" in msg and "model:PATH" in msg and "\n" not in msg


def test_make_policy_builds_the_expert_fresh_and_calls_a_factory():
    a, b = make_policy("heuristic"), make_policy(PolicySpec(kind="expert"))
    assert isinstance(a, HeuristicExpert) and isinstance(b, HeuristicExpert) and a is not b
    assert isinstance(make_policy(HeuristicExpert), HeuristicExpert)  # a picklable factory
    with pytest.raises(LamkitError, match="unknown policy 'nope'"):
        make_policy("nope")


def test_every_bundled_name_resolves_to_the_one_bundled_model(tmp_path):
    folders = {resolve_model_path(n) for n in BUNDLED_NAMES + ("SmolLM2-135M",)}
    assert len(folders) == 1 and (next(iter(folders)) / "config.json").exists()
    for n in BUNDLED_NAMES:
        assert check_policy(f"model:{n}").model == n
    with pytest.raises(LamkitError, match=r"no such model folder.*smollm2-135m-instruct"):
        check_policy(f"model:{tmp_path / 'missing'}")
    with pytest.raises(LamkitError, match="no such model folder"):
        check_policy(f"zero-shot:smollm2@{tmp_path / 'missing'}")


def test_agent_run_checks_the_policy_before_writer_starts(tmp_path, capsys):
    doc = tmp_path / "d.odt"
    doc.write_bytes(b"")  # never opened: the checks fail first
    assert main(["agent", "run", "Make it bold", "--doc", str(doc), "--model", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "no such model folder" in err and "smollm2-135m" in err
    assert main(["agent", "run", "Make it bold", "--doc", str(doc), "--policy", "bogus"]) == 2
    assert "unknown policy 'bogus'" in capsys.readouterr().err
    assert main(["agent", "run", "Make it bold", "--doc", str(doc), "--policy", "heuristic"]) == 2
    assert "replays an instantiated plan" in capsys.readouterr().err
    assert main(["evaluate", "offline", "--data", str(tmp_path), "--policy", "x=bogus"]) == 2
    assert "unknown policy 'bogus'" in capsys.readouterr().err
    assert main(["collect", "--out", str(tmp_path), "--policy", "model:"]) == 2
    assert "unknown policy 'model:'" in capsys.readouterr().err
