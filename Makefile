# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first: the CPU wheel on this machine's disk; a bare `torch` requirement would pull CUDA.
TORCH  ?= torch==2.13.0

.PHONY: run test test-fast eval-check install install-test browser lint bench eval clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet $(TORCH)
	$(PIP) install --quiet -e .
	touch $@

# The local-llm extra compiles llama-cpp-python once (about 7 minutes on 2 cores);
# pip's wheel cache makes every later install fast.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test,local-llm]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Index docs/, then serve the chat and follow docs/: edits are indexed as you save them, and
# `alliance-assistant ingest` from another shell works meanwhile.
run: install
	$(VENV)/bin/alliance-assistant ingest --progress
	$(VENV)/bin/alliance-assistant serve --watch

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The whole pyramid: unit (seconds), integration (real model and Chroma), system
# (subprocesses, servers, the browser), in TEST_WORKERS pytest-xdist workers that each take
# whole test files, the slowest (system) handed out first so that both workers end together.
# The evaluation against its floors (minutes of CPU) is `make eval-check`; CI runs both.
TEST_WORKERS ?= 2
test: install-test browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not evaluation" \
		tests/system tests/integration tests/unit

# Every eval question against the floors in tests/system/test_eval.py.
eval-check: install-test
	$(PY) -m pytest -m evaluation tests/system/test_eval.py

# Unit tests only: no model, no Chroma, under a minute.
test-fast: install-test
	$(PY) -m pytest -q tests/unit

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

eval: install
	$(VENV)/bin/alliance-assistant eval

bench: install
	$(PY) -m bench

clean:
	rm -rf .alliance
