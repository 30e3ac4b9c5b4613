# The two commands a new user needs: `make demo` and `make test`. Both set up
# everything first (idempotent: a second run installs nothing).
PY := .venv/bin/python

.PHONY: setup demo test test-all bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) -m lamkit.cli pipeline --profile quickstart --out runs/quickstart

test: setup
	$(PY) -m pytest -q -ra

test-all: setup
	$(PY) -m pytest -q -ra -m ''

bench: setup
	$(PY) benchmarks/env_bench.py

clean:
	rm -rf runs out .lamkit-cache
