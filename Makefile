# The README's two commands: `make run` (install, generate, build) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED ?= 42
SCALE ?= 1000
YEARS ?= 10
AS_OF ?= 2025-12-31
# csv, or parquet: about an eighth of the disk (2.6 GB of CSV at 10,000 clients, 0.33 GB of Parquet)
FORMAT ?= csv
RAW_DIR ?= data/raw
DB ?= data/wealth.duckdb
DASHBOARD_PORT ?= 8501
DBT := $(BIN)/dbt
DBT_FLAGS := --profiles-dir profiles --project-dir .

export WEALTH_RAW_DIR := $(abspath $(RAW_DIR))
export WEALTH_SPARK_DIR ?= $(abspath data/spark)
SPARK_PORT ?= 10000

.PHONY: help setup setup-spark setup-browser spark-server generate build status client-report run dashboard test test-fast lint bench bench-scale docs clean

help:
	@echo "make run          install, generate and build $(DB) (the two steps below)"
	@echo "make test         install, lint, and run every test (DuckDB and Spark): what CI runs"
	@echo "make test-fast    lint, the generator and Python tests and the small DuckDB build, no Spark"
	@echo "make setup        the virtual environment $(VENV) with the pinned packages"
	@echo "make setup-spark  the Spark packages as well (needs Java 17)"
	@echo "make setup-browser Debian's chromium and chromium-driver, if missing (for the browser tests and PDFs)"
	@echo "make spark-server a local Spark Thrift Server for the spark_thrift target, on 127.0.0.1:SPARK_PORT=$(SPARK_PORT)"
	@echo "                  with its catalog and tables in WEALTH_SPARK_DIR (data/spark); Ctrl-C stops it"
	@echo "make generate     write SCALE=$(SCALE) clients, SEED=$(SEED), YEARS=$(YEARS) to AS_OF=$(AS_OF) into RAW_DIR=$(RAW_DIR) as FORMAT=$(FORMAT)"
	@echo "make build        build DB=$(DB) from RAW_DIR beside it; moved into place only when it passes"
	@echo "make status       which raw files $(DB) was built from, and whether $(RAW_DIR) still holds them"
	@echo "make dashboard    the web dashboard over DB=$(DB), read-only, on http://127.0.0.1:DASHBOARD_PORT=$(DASHBOARD_PORT)/"
	@echo "make client-report CLIENT=17 [QUARTER=2025Q4]   a household's quarterly report, HTML and PDF, in data/reports/"
	@echo "                  (ADVISOR=3: every client of the advisor; the quarter defaults to each one's last whole quarter)"
	@echo "make lint         ruff and sqlfluff"
	@echo "make bench        at 1,000 and 10,000 clients: the generator against DuckDB's COPY, clients against Faker,"
	@echo "                  dbt build on DuckDB (time, process-tree memory, spill, disk, slowest nodes), on Spark at"
	@echo "                  1,000, and the performance marts against an empyrical loop: bench/results.md (an hour"
	@echo "                  or more, Spark about half of it: BENCH_FLAGS=--no-spark skips it; --quick is 200 clients)"
	@echo "make bench-scale  the generator at 1,000 to 100,000 clients, then generate (Parquet) + dbt build at 10,000"
	@echo "                  and 100,000: bench/scale.md (1.5 hours or more, up to 70 GB of disk and 20 GiB of memory;"
	@echo "                  BENCH_SCALE_FLAGS=\"--scales 200 --build-scales 200,400\" for a small run)"
	@echo "make docs         dbt docs with lineage, served locally"
	@echo "make clean        remove dbt's target and logs"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-dashboard.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(VENV)/.installed-spark: requirements-spark.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	touch $@

setup: $(VENV)/.installed

setup-spark: $(VENV)/.installed-spark

# Headless Chromium and its WebDriver from Debian's packages (no browser download from elsewhere):
# the browser tests and the client reports' PDFs. Installed only when missing; needs root (CI is).
setup-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver >/dev/null; }
	@chromium --version 2>/dev/null | head -1

# In the foreground; `make test` starts and stops a server of its own (tests/python/conftest.py)
spark-server: setup-spark
	@$(BIN)/python -m warehouse spark-server --dir $(WEALTH_SPARK_DIR) --port $(SPARK_PORT)

generate: setup
	$(BIN)/python -m generator --seed $(SEED) --scale $(SCALE) --years $(YEARS) --as-of $(AS_OF) --format $(FORMAT) --out $(RAW_DIR)

# Built beside the target and moved into place only when the build passes and no process has
# the live file open for writing (warehouse/build.py); a failed build leaves nothing behind.
build: setup
	@$(BIN)/python -m warehouse build --raw $(RAW_DIR) --db $(DB)

status: setup
	@$(BIN)/python -m warehouse status --raw $(RAW_DIR) --db $(DB)

run: generate build

# Streamlit (dashboard/) over the built file, read-only; shows a rebuilt file without a restart
dashboard: setup
	@$(BIN)/python -m warehouse dashboard --db $(DB) --port $(DASHBOARD_PORT)

client-report: setup setup-browser
	@$(BIN)/python -m client_reports --db $(DB) $(if $(CLIENT),--client $(CLIENT)) $(if $(ADVISOR),--advisor $(ADVISOR)) \
		$(if $(QUARTER),--quarter $(QUARTER))

lint: setup
	$(BIN)/ruff check generator warehouse client_reports dashboard tests bench
	$(BIN)/ruff format --check generator warehouse client_reports dashboard tests bench
	$(BIN)/sqlfluff lint models tests/dbt analyses

test: setup setup-spark setup-browser lint
	$(BIN)/python -m pytest tests/python --durations=25

# The inner loop: everything but the Spark half and the extra builds (markers in pyproject.toml)
test-fast: setup lint
	$(BIN)/python -m pytest tests/python -m "not spark and not slow" --durations=10

bench: setup
	$(BIN)/python -m bench $(BENCH_FLAGS)

bench-scale: setup
	$(BIN)/python -m bench.scale $(BENCH_SCALE_FLAGS)

# `make build` deletes the intermediate models' file; the catalog of the warehouse file alone
# would make an empty one (profiles.yml attaches it), removed again unless it was there
INTERMEDIATE_DB := $(patsubst %.duckdb,%,$(DB)).intermediate.duckdb
docs: setup
	@had=$$(test -e $(INTERMEDIATE_DB) && echo yes); \
	WEALTH_DUCKDB_PATH=$(abspath $(DB)) $(DBT) docs generate $(DBT_FLAGS) --target duckdb; code=$$?; \
	[ -n "$$had" ] || rm -f $(INTERMEDIATE_DB) $(INTERMEDIATE_DB).wal; exit $$code
	WEALTH_DUCKDB_PATH=$(abspath $(DB)) $(DBT) docs serve $(DBT_FLAGS) --target duckdb

clean:
	rm -rf target logs
