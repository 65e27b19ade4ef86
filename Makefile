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
RAW_DIR ?= data/raw
DB ?= data/wealth.duckdb
DBT := $(BIN)/dbt
DBT_FLAGS := --profiles-dir profiles --project-dir .

export WEALTH_RAW_DIR := $(abspath $(RAW_DIR))
export WEALTH_SPARK_DIR ?= $(abspath data/spark)

.PHONY: help setup setup-spark generate build run test lint bench docs clean

help:
	@echo "make run    install, generate SCALE=$(SCALE) clients (SEED=$(SEED)) and build $(DB)"
	@echo "make test   install, lint, and run every test (DuckDB and Spark)"
	@echo "make setup | generate | build | bench | docs | clean"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(VENV)/.installed-spark: requirements-spark.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	touch $@

setup: $(VENV)/.installed

setup-spark: $(VENV)/.installed-spark

generate: setup
	$(BIN)/python -m generator --seed $(SEED) --scale $(SCALE) --years $(YEARS) --as-of $(AS_OF) --out $(RAW_DIR)

# Built beside the target and moved into place only when the build passes, so a BI tool
# reading the old file never sees a half-built one (same file name: DuckDB's catalog name).
build: setup
	@rm -rf $(dir $(DB)).building && mkdir -p $(dir $(DB)).building
	WEALTH_DUCKDB_PATH=$(abspath $(dir $(DB)).building/$(notdir $(DB))) $(DBT) build $(DBT_FLAGS) --target duckdb
	mv -f $(dir $(DB)).building/$(notdir $(DB)) $(DB) && rm -rf $(dir $(DB)).building
	@echo "Warehouse built: $(abspath $(DB))"

run: generate build

lint: setup
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/sqlfluff lint models tests/dbt analyses

test: setup setup-spark lint
	$(BIN)/python -m pytest tests/python

bench: setup
	$(BIN)/python -m bench

docs: setup
	WEALTH_DUCKDB_PATH=$(abspath $(DB)) $(DBT) docs generate $(DBT_FLAGS) --target duckdb
	WEALTH_DUCKDB_PATH=$(abspath $(DB)) $(DBT) docs serve $(DBT_FLAGS) --target duckdb

clean:
	rm -rf target logs data/.building
