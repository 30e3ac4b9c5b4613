"""The bad-input suite (issue 16, item 4; docs/bad_input.md): every case runs the real
`lamkit` command in a subprocess (the entry point users run, with its error handling) and
checks one error line naming the file and the place, no traceback, a non-zero exit code,
and that the data already on disk is byte for byte what it was. None of these cases may
start Writer: each fails while reading its input. The full-disk case appends through
:func:`lamkit.jsonl.append_jsonl` in a process whose file size limit is tiny."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lamkit.dataflow.families import BY_NAME
from lamkit.dataflow.templates import build_catalog
from lamkit.jsonl import append_jsonl, read_jsonl

VIEWER_RUN = Path(__file__).parent / "data" / "viewer_run" / "collect" / "execution" / "pass.jsonl"


def lamkit(*args: str | Path, cwd: Path | None = None) -> tuple[int, str]:
    """Run the real command line; returns its exit code and stdout+stderr."""
    r = subprocess.run([sys.executable, "-m", "lamkit.cli", *map(str, args)], capture_output=True, text=True,
                       timeout=300, cwd=cwd, env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"})
    return r.returncode, r.stdout + r.stderr


def assert_one_line_error(rc: int, out: str, *must: str) -> str:
    """A non-zero exit, no traceback, exactly one `error:` line, holding every string of ``must``."""
    assert rc != 0, out
    assert "Traceback" not in out, out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, out
    for m in must:
        assert m in errors[0], f"{m!r} not in {errors[0]!r}"
    return errors[0]


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a hash of its bytes: the data a failed command must not touch."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """Real templates and three real family tasks (test split) on them, as `tasks.jsonl`."""
    w = tmp_path_factory.mktemp("bad-input")
    cat = build_catalog(w / "templates", per_kind=1)
    rep = next(t for t in cat if t.kind == "report")
    tasks = [BY_NAME["bold"].make_task(rep, random.Random(i)).model_copy(update={"id": f"t{i}", "split": "test"})
             for i in range(3)]
    (w / "tasks.jsonl").write_text("".join(t.model_dump_json() + "\n" for t in tasks))
    return w


def tasks_with(work: Path, name: str, line2: dict) -> Path:
    """tasks.jsonl with its second task changed by ``line2`` (field -> new value)."""
    rows = [json.loads(x) for x in (work / "tasks.jsonl").read_text().splitlines()]
    rows[1].update(line2)
    p = work / name
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return p


@pytest.fixture
def run_with_bad_middle_line(tmp_path) -> Path:
    """A collection run folder whose execution/pass.jsonl holds two real records with a
    malformed (cut) line between them."""
    good = VIEWER_RUN.read_text().splitlines()
    run = tmp_path / "run"
    (run / "execution").mkdir(parents=True)
    (run / "execution" / "pass.jsonl").write_text("\n".join([good[0], good[1][:120], good[1]]) + "\n")
    return run


# ----------------------------------------------------------------------------- a run's records
def test_malformed_line_in_the_middle_of_a_run_is_reported_by_every_reader(run_with_bad_middle_line, work):
    run = run_with_bad_middle_line
    before = digest(run)
    where = f"{run / 'execution' / 'pass.jsonl'}:2"
    assert_one_line_error(*lamkit("export", run), where, "bad record")
    assert_one_line_error(*lamkit("evaluate", "offline", "--data", run), where)
    # resuming the collection stops before Writer starts: no episode is rerun or duplicated
    rc, out = lamkit("collect", "--out", run, "--tasks", work / "tasks.jsonl")
    assert_one_line_error(rc, out, where)
    after = digest(run)
    assert {k: v for k, v in after.items() if "journal" not in k} == before  # the records are untouched (the journal notes the try)
    assert not (run / "data").exists()  # no half export


def test_a_record_without_a_task_id_in_the_middle_of_a_run(tmp_path, work):
    run = tmp_path / "run"
    (run / "execution").mkdir(parents=True)
    good = VIEWER_RUN.read_text().splitlines()
    (run / "execution" / "fail.jsonl").write_text("\n".join([good[0], json.dumps({"task": 3}), good[1]]) + "\n")
    assert_one_line_error(*lamkit("collect", "--out", run, "--tasks", work / "tasks.jsonl"),
                          f"{run / 'execution' / 'fail.jsonl'}:2", "task_id")


# ----------------------------------------------------------------------------- task files
def test_wrong_field_type_names_file_line_and_field(work):
    bad = tasks_with(work, "wrong-type.jsonl", {"plan": "select the title"})
    for cmd in (["collect", "--out", work / "r-type"], ["evaluate", "online", "--out", work / "o-type"]):
        assert_one_line_error(*lamkit(*cmd, "--tasks", bad), f"{bad}:2", "plan", "valid list")
    assert not (work / "r-type" / "execution").exists() and not (work / "o-type" / "heuristic").exists()


def test_a_wrong_type_on_a_last_line_without_newline_is_not_taken_for_a_torn_line(work):
    rows = (work / "tasks.jsonl").read_text().splitlines()
    last = json.loads(rows[-1]) | {"split": 7}
    p = work / "no-newline.jsonl"
    p.write_text("\n".join(rows[:-1] + [json.dumps(last)]))  # complete JSON, no final newline
    assert_one_line_error(*lamkit("collect", "--out", work / "r-nl", "--tasks", p), f"{p}:3", "split")


def test_missing_template_names_file_line_task_and_field(work):
    bad = tasks_with(work, "missing-template.jsonl", {"template": str(work / "gone.docx")})
    for cmd in (["collect", "--out", work / "r-miss"], ["evaluate", "online", "--out", work / "o-miss"]):
        assert_one_line_error(*lamkit(*cmd, "--tasks", bad), f"{bad}:2", "'t1'", "template", "gone.docx", "does not exist")


def test_unreadable_template_names_file_line_task_and_field(work):
    broken = work / "broken.docx"
    broken.write_text("not a zip archive")  # what a half-copied or corrupted .docx is to Writer
    bad = tasks_with(work, "broken-template.jsonl", {"template": str(broken)})
    assert_one_line_error(*lamkit("collect", "--out", work / "r-broken", "--tasks", bad),
                          f"{bad}:2", "'t1'", "template", "broken.docx", "cannot be read" if os.geteuid() else "not a zip")
    folder = work / "folder.docx"
    folder.mkdir(exist_ok=True)
    bad = tasks_with(work, "folder-template.jsonl", {"template": str(folder)})
    assert_one_line_error(*lamkit("collect", "--out", work / "r-folder", "--tasks", bad), f"{bad}:2", "not a file")


# ----------------------------------------------------------------------------- checkpoints
@pytest.fixture(scope="module")
def truncated_checkpoint(tmp_path_factory) -> tuple[Path, Path]:
    """A real saved model folder (a tiny Llama and its tokenizer) and a copy of it without its
    weights file: what a save killed half-way or an incomplete copy leaves."""
    from lamkit.models.backbone import tiny_model, train_tokenizer

    root = tmp_path_factory.mktemp("ckpt")
    tok = train_tokenizer(["Select the title and click Bold.", "Set the font size to 14."] * 20, vocab_size=300)
    full = root / "phase2"
    tiny_model(tok, hidden_size=32, layers=1, heads=2, intermediate_size=64).save_pretrained(full)
    tok.save_pretrained(full)
    cut = root / "phase2-truncated"
    shutil.copytree(full, cut)
    for w in cut.glob("*.safetensors"):
        w.unlink()
    return full, cut


def test_truncated_checkpoint_is_refused_before_anything_runs(truncated_checkpoint, work, tmp_path):
    from lamkit.agent.policies import check_policy

    full, cut = truncated_checkpoint
    assert check_policy(f"model:{full}").model == str(full)  # the complete folder passes the same check
    before = digest(cut)
    assert_one_line_error(*lamkit("evaluate", "offline", "--data", VIEWER_RUN, "--checkpoint", f"p2={cut}"),
                          str(cut), "no weights file")
    assert_one_line_error(*lamkit("evaluate", "online", "--tasks", work / "tasks.jsonl", "--out", tmp_path / "o",
                                  "--policy", f"p2=model:{cut}"), str(cut), "no weights file")
    assert_one_line_error(*lamkit("collect", "--out", tmp_path / "r", "--tasks", work / "tasks.jsonl",
                                  "--judge", f"model:{cut}"), str(cut), "no weights file")
    assert_one_line_error(*lamkit("serve", "--model", cut, "--port", "1"), str(cut), "no weights file")
    (cut / "config.json").unlink()
    assert_one_line_error(*lamkit("evaluate", "offline", "--data", VIEWER_RUN, "--checkpoint", f"p2={cut}"),
                          str(cut), "no config.json")
    assert not (tmp_path / "o" / "p2").exists() and not (tmp_path / "r" / "execution").exists()
    assert set(digest(cut)) == set(before) - {"config.json"}


# ----------------------------------------------------------------------------- configs and options
def test_training_config_with_an_unknown_key_or_a_bad_value(work, tmp_path):
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("seed: 3\nlearning_rat: 0.1\n")
    badval = tmp_path / "badval.yaml"
    badval.write_text("seed: three\n")
    for cfg, field, why in ((unknown, "learning_rat", "not permitted"), (badval, "seed", "valid integer")):
        assert_one_line_error(*lamkit("train", "--phase", "1", "--config", cfg, "--plans", work / "tasks.jsonl",
                                      "--out", tmp_path / "train"), str(cfg), field, why)
    assert not (tmp_path / "train" / "phase1").exists()


def test_unknown_policy_and_judge_specs(work, tmp_path):
    tasks = work / "tasks.jsonl"
    line = assert_one_line_error(*lamkit("collect", "--out", tmp_path / "r", "--tasks", tasks, "--policy", "wizard"),
                                 "unknown policy", "'wizard'")
    assert "zero-shot:BACKBONE[@CHECKPOINT]" in line  # the accepted kinds, shown as they are (no markup eaten)
    assert_one_line_error(*lamkit("evaluate", "online", "--tasks", tasks, "--out", tmp_path / "o", "--policy", "a=wizard"),
                          "unknown policy", "'wizard'")
    assert_one_line_error(*lamkit("evaluate", "offline", "--data", VIEWER_RUN, "--policy", "wizard"), "unknown policy")
    assert_one_line_error(*lamkit("collect", "--out", tmp_path / "r", "--tasks", tasks, "--judge", "wizard"),
                          "--judge", "'wizard'", "unknown judge", "state-diff | llm | model:PATH")
    assert not (tmp_path / "r" / "execution").exists() and not (tmp_path / "o" / "a").exists()


def test_workers_zero(work, tmp_path):
    tasks = work / "tasks.jsonl"
    assert_one_line_error(*lamkit("collect", "--out", tmp_path / "r", "--tasks", tasks, "--workers", "0"),
                          "--workers 0", "1 or more")
    assert_one_line_error(*lamkit("evaluate", "online", "--tasks", tasks, "--out", tmp_path / "o", "--workers", "-1"),
                          "--workers -1", "1 or more")
    assert not (tmp_path / "r").exists() and not (tmp_path / "o").exists()  # nothing written, not even a journal


# ----------------------------------------------------------------------------- a full disk
FULL_DISK = textwrap.dedent("""
    import resource, sys
    from lamkit.errors import DataError
    from lamkit.jsonl import append_jsonl
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))  # the disk is full past this size
    try:
        append_jsonl(sys.argv[1], [{"i": i, "pad": "y" * 50} for i in range(3, 10)])
    except DataError as e:
        print(f"error: {e}")
        sys.exit(2)
""")


def test_full_disk_while_appending_leaves_only_whole_lines(tmp_path):
    f = tmp_path / "execution" / "pass.jsonl"
    append_jsonl(f, [{"i": i, "pad": "x" * 50} for i in range(3)])
    before = f.read_bytes()
    limit = len(before) + 100  # room for one more record and part of the next
    r = subprocess.run([sys.executable, "-c", FULL_DISK, str(f), str(limit)], capture_output=True, text=True, timeout=60)
    assert_one_line_error(r.returncode, r.stdout + r.stderr, str(f), "cannot append record 2", "intact")
    data = f.read_bytes()
    assert data.startswith(before) and data.endswith(b"\n") and len(data) <= limit  # the partial line was cut off
    errors: list[str] = []
    assert [r["i"] for r in read_jsonl(f, errors=errors)] == [0, 1, 2, 3] and errors == []
    # with room again, the next append continues on a clean line
    append_jsonl(f, [{"i": 10}])
    assert [r["i"] for r in read_jsonl(f)] == [0, 1, 2, 3, 10]


def test_a_torn_line_left_by_a_killed_writer_is_reported_then_cut_by_the_next_append(tmp_path):
    f = tmp_path / "pass.jsonl"
    append_jsonl(f, [{"i": 0}, {"i": 1}])
    with open(f, "ab") as h:  # what kill -9 in the middle of a write leaves
        h.write(b'{"i": 2, "pa')
    errors: list[str] = []
    assert [r["i"] for r in read_jsonl(f, errors=errors)] == [0, 1]
    assert len(errors) == 1 and f"{f}:3: torn last line" in errors[0]
    append_jsonl(f, [{"i": 3}])
    assert f.read_text() == '{"i":0}\n{"i":1}\n{"i":3}\n'  # never a malformed line in the middle
    assert [r["i"] for r in read_jsonl(f)] == [0, 1, 3]
