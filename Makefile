PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
OUT ?= out
# Python's default: compiled modules (and pytest's assert-rewritten tests) are cached between runs.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-fast torture lint bench clean

$(STAMP): setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dateline ingest --output $(OUT) \
	    --feed 'samples/feeds/*.xml' --text 'samples/text/*' --html 'samples/html/*.html' \
	    --default-published 2025-06-26T09:00:00+03:00
	$(VENV)/bin/dateline query $(OUT) --summary
	$(VENV)/bin/dateline report $(OUT) --out $(OUT)/report.html
	@echo "report: $(abspath $(OUT))/report.html"

test: $(STAMP)  # every core; a file's tests stay on one worker (module fixtures, process-heavy files)
	$(PY) -m pytest -q -n auto --dist loadfile

test-fast: $(STAMP)  # the unit lane, under 30 s: no Beam pipeline, no subprocess, no browser
	$(PY) -m pytest -q -n auto -m 'not slow and not pipeline'

torture: $(STAMP)
	$(PY) -m benchmarks.torture --docs 3000 --files 15

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(OUT) build dist *.egg-info
