# Research compendium: every derived file can be deleted and rebuilt from here.
# `make help` lists the targets.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
CORPUS ?=
OUT ?=
GROUP ?=
PERIOD ?=
TARGETS ?=
TERMS ?=
METHOD ?=

# Bytecode caches make every notebook kernel start ~2x faster.
unexport PYTHONDONTWRITEBYTECODE
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help figures test lab site docs lock clean models

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (the lock is for 3.11): set PYTHON=/path/to/python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

figures: $(STAMP) ## Execute every notebook headless and regenerate figures/ (your corpus: CORPUS=path OUT=folder [GROUP=column PERIOD=week|month|year TARGETS=russia,eu TERMS=Sanktion*,Gas METHOD=default|dictionary])
	@# relative CORPUS and OUT are taken from the folder make runs in ($(CURDIR)), not from notebooks/
	$(PY) -m analysis notebooks $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(OUT),--out "$(OUT)") \
		$(if $(GROUP),--group "$(GROUP)") $(if $(PERIOD),--period "$(PERIOD)") \
		$(if $(TARGETS),--targets "$(TARGETS)") $(if $(TERMS),--terms "$(TERMS)") $(if $(METHOD),--method "$(METHOD)")

test: $(STAMP) ## Run the whole test suite (includes executing every notebook)
	$(PY) -m pytest

CORPORA ?= ../shared/corpora
models: $(STAMP) ## Retrain every learned model (seeded, deterministic) from CORPORA=folder (default ../shared/corpora)
	$(PY) scripts/train_quotation_model.py "$(CORPORA)/quotes_wikinews" -o analysis/models/quotations.crfsuite
	$(PY) scripts/train_measures.py "$(CORPORA)" -o analysis/models

# The executed notebooks are rebuilt only when a lesson, the library, its data or the pins changed
# (recursive `=`: the file list is found only when `site` needs it).
LESSONS = $(wildcard notebooks/[0-9][0-9]-*.ipynb)
EXECUTED = $(LESSONS:notebooks/%=build/notebooks/%)
LESSON_INPUTS = $(LESSONS) $(shell find analysis data -type f -not -path '*/__pycache__/*') requirements.lock

$(EXECUTED) &: $(LESSON_INPUTS) | $(STAMP)
	$(MAKE) figures

site: $(EXECUTED) | $(STAMP) ## Build the lessons and docs/ as a static site in build/site/ (offline; re-runs notebooks only if stale)
	$(PY) -m analysis site

docs: $(STAMP) ## Regenerate the parts of README.md and docs/ made from the code (commands, gallery, Binder link)
	$(PY) -m analysis.course.docs

# .jupyter/ hides each lesson's jupytext twin (.py) from the file browser: one entry per lesson;
# saving the .ipynb in JupyterLab updates the twin (the pairing is in each notebook's metadata)
lab: $(STAMP) ## Start JupyterLab on the lessons (one entry per lesson)
	JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter" $(PY) -m jupyter lab --notebook-dir=notebooks

lock: ## Re-resolve requirements.lock from the bounds in pyproject.toml
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet -e '.[notebooks,dask,test]'
	( echo "# Exact versions behind the committed figures (Python 3.11, Linux x86_64)."; \
	  echo "# Regenerate with: make lock   (edit the bounds in pyproject.toml, never this file by hand)"; \
	  build/lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e' ) > requirements.lock
	rm -rf build/lock-venv

clean: ## Delete derived files (build/, caches); figures/ stays
	rm -rf build .pytest_cache .hypothesis
