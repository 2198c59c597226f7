# The two commands a new user types (README): `make run` and `make test`.
# Both set everything up on a fresh Debian machine: system packages (fonts, Pango, poppler,
# chromium) through scripts/setup-system.sh, then a virtual environment with the project.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASE ?= cases/hu_mou_vpn_2018.json

.PHONY: setup run test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: setup
	$(BIN)/dmnlaw run $(CASE)

test: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/pip install -q -e '.[test,bench]' || echo "peer DMN engines did not install: section (b) says so"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
