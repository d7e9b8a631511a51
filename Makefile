PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INPUT ?= seeds
OUT ?= output
REFERENCE_DATE ?=
MODEL ?=
CORPUS ?= ../shared/corpus
CHALLENGE ?= ../shared/challenge
FLOORS ?= tests/gold/floors.json
BENCH_DOCS ?= 1000
EVAL_OUT ?= $(OUT)-eval
FUZZ_EXAMPLES ?= 3000

EXTRACT_FLAGS := $(if $(REFERENCE_DATE),--reference-date "$(REFERENCE_DATE)") $(if $(MODEL),--model "$(MODEL)")

.PHONY: extract test eval eval-floors bench fuzz clean install

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dask]"
	touch $@

install: $(VENV)/.installed

extract: $(VENV)/.installed
	$(PY) -m pipeline extract "$(INPUT)" --out "$(OUT)" $(EXTRACT_FLAGS)

test: $(VENV)/.installed
	$(PY) -m pytest

EVAL_ARGS := seeds "$(CORPUS)" --gold tests/gold --challenge "$(CHALLENGE)" --floors "$(FLOORS)" --out "$(EVAL_OUT)"

eval: $(VENV)/.installed
	$(PY) -m pipeline.evaluation $(EVAL_ARGS)

eval-floors: $(VENV)/.installed
	$(PY) -m pipeline.evaluation $(EVAL_ARGS) --update-floors

bench: $(VENV)/.installed
	$(PY) -m pipeline.bench seeds "$(CORPUS)" --docs $(BENCH_DOCS)

fuzz: $(VENV)/.installed
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -m fuzz tests/test_faults_fuzz.py

clean:
	rm -rf "$(OUT)" "$(EVAL_OUT)" .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
