# The two commands a new user needs: `make demo` and `make test`. Both set up
# everything first (idempotent: a second run installs nothing).
PY := .venv/bin/python

.PHONY: setup demo test test-all bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) -m lamkit.cli pipeline --profile quickstart --out runs/quickstart

# Two workers (pytest-xdist), whole files to each: live Writer tests wait on soffice about half
# the time, so two share 2 cores well (measured: 15.6 min against 24-29 min in one process).
# Files stay whole so module fixtures (the pipeline run, a served model) are built once.
XDIST := -n auto --maxprocesses 2 --dist loadfile

test: setup
	$(PY) -m pytest -q -ra $(XDIST)

test-all: setup
	$(PY) -m pytest -q -ra -m '' $(XDIST)

bench: setup
	$(PY) benchmarks/env_bench.py

clean:
	rm -rf runs out .lamkit-cache
