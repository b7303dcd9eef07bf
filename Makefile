# frontwatch: `make demo` installs and runs on the example articles; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
BENCHES ?= time geo events quotes coref dedup control settlements

.PHONY: install demo test lint clean bench bench-quick bench-speed bench-queries bench-coref bench-time bench-geo bench-events bench-quotes bench-dedup bench-control bench-web bench-settlements

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/frontwatch run examples/ --db $(DEMO_DB)
	@echo; echo "== events =="; $(BIN)/frontwatch events --db $(DEMO_DB)
	@echo; echo "== control changes =="; $(BIN)/frontwatch control --changes --db $(DEMO_DB)
	@echo; echo "== quotes =="; $(BIN)/frontwatch quotes --db $(DEMO_DB)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check frontwatch tests
	$(BIN)/ruff format --check frontwatch tests
	$(BIN)/mypy frontwatch

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache

# Benchmarks read ../shared/data (or $$FRONTWATCH_DATA) and say so when it is absent.
bench-time: install
	$(BIN)/python -m benchmarks.time

bench-geo: install
	$(BIN)/python -m benchmarks.geo

bench-events: install
	$(BIN)/python -m benchmarks.events

bench-quotes: install
	$(BIN)/python -m benchmarks.quotes

bench-coref: install
	$(BIN)/python -m benchmarks.coref

bench-dedup: install
	$(BIN)/python -m benchmarks.dedup

bench-control: install
	$(BIN)/python -m benchmarks.control

bench-web: install
	$(BIN)/python -m benchmarks.web

bench-settlements: install
	$(BIN)/python -m benchmarks.settlements

bench-queries: install
	$(BIN)/python -m benchmarks.queries

bench-speed: install
	$(BIN)/python -m benchmarks.speed --workers2

bench-quick: install
	@for b in $(BENCHES); do $(BIN)/python -m benchmarks.$$b --quick --check || exit 1; done

bench: install
	@for b in $(BENCHES); do $(BIN)/python -m benchmarks.$$b || exit 1; done
