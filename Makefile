# ShadowPersona: `make run` builds everything, `make test` checks everything.
# Every target installs what it needs first; nothing here needs a terminal.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
USERS ?= 2000
DAYS ?= 30
SEED ?= 42
DIRTY ?= 0
# How hard the world is to read (easy, realistic, hard; docs/calibration.md) and the survey
# panel's share of users.
REALISM ?= realistic
PANEL_SHARE ?= 0.1
# Delivery faults of the daily loads: share of events delivered 1-3 days late, share
# delivered twice (make data); days make data-append adds to the world in data/raw.
LATE ?= 0
DUPLICATES ?= 0
APPEND_DAYS ?= 1
# The database make build writes (the reports and make docs read shadowpersona.duckdb).
DATABASE ?= shadowpersona.duckdb
RAW ?= data/raw

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DBT_PROFILES_DIR := $(CURDIR)
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
DBT := $(BIN)/dbt
NPM_STAMP := reports/node_modules/.installed

.PHONY: help setup data data-append build build-incremental run docs docs-figures reports reports-install test lint pytest quality bench clean lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the pinned Python dependencies

$(STAMP): requirements.txt requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else "ShadowPersona needs Python 3.11 or 3.12; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	@touch $@

data: $(STAMP) ## Generate the synthetic platform into data/raw (USERS DAYS SEED REALISM PANEL_SHARE DIRTY LATE DUPLICATES)
	$(BIN)/python scripts/generate_data.py --users $(USERS) --days $(DAYS) --seed $(SEED) --realism $(REALISM) --panel-share $(PANEL_SHARE) --dirty $(DIRTY) --late-share $(LATE) --duplicate-share $(DUPLICATES) --out $(RAW)

data-append: $(STAMP) ## Add APPEND_DAYS more daily loads to the world in data/raw
	$(BIN)/python scripts/generate_data.py --append-days $(APPEND_DAYS) --out $(RAW)

build: $(STAMP) ## Check data/raw, dbt build (seeds, models, tests) into a new file, swap it in
	$(BIN)/python scripts/build_database.py --raw $(RAW) --database $(DATABASE)

build-incremental: $(STAMP) ## Like build, but from a copy of the database: reads only the new loads
	$(BIN)/python scripts/build_database.py --raw $(RAW) --database $(DATABASE) --incremental

run: data build ## The main job: generate data, build and test the marts, then the reports
	@echo "How well the hand-set and learned scores recover the planted traits and self-reports (marts.eval_trait_recovery):"
	@$(BIN)/duckdb -readonly $(DATABASE) "select trait, evaluation_set, compared_against, method, n_users, round(spearman_rho, 3) as spearman_rho, round(pearson_r, 3) as pearson_r, round(auc_top_quartile, 3) as auc_top_quartile from marts.eval_trait_recovery order by trait, evaluation_set, compared_against, method"
	@echo "Built shadowpersona.duckdb. Query it: .venv/bin/duckdb shadowpersona.duckdb \"select * from marts.fct_user_traits limit 5\""
	@# The marts are the main product: a failed site build is reported, not fatal.
	@$(MAKE) --no-print-directory reports || echo "The marts are built, but the report site was NOT built (see the message above)."

reports-install: $(NPM_STAMP) ## Install the Evidence project's npm packages from its lockfile

$(NPM_STAMP): reports/package.json reports/package-lock.json reports/scripts/patch-evidence-offline.mjs
	@command -v npm >/dev/null || { echo "npm is not installed: the reports need Node.js 18+ and npm"; exit 1; }
	cd reports && timeout 900 npm install --no-audit --no-fund
	@touch $@

reports: reports-install $(STAMP) ## Build the Evidence site from shadowpersona.duckdb into reports/build
	$(BIN)/python scripts/build_reports.py

docs: $(STAMP) ## dbt's documentation site, as one static file: target/static_index.html
	@$(BIN)/python -m shadowpersona.dbfile shadowpersona.duckdb
	$(DBT) docs generate --static --vars '{raw_data_path: "$(RAW)"}'
	@echo "Open target/static_index.html in a browser (or: .venv/bin/dbt docs serve)."

docs-figures: $(STAMP) ## Regenerate the figure blocks in docs/*.md from shadowpersona.duckdb (after make build)
	$(BIN)/python scripts/render_docs_figures.py --database $(DATABASE)

lint: $(STAMP) ## The pre-commit hooks on every tracked file: YAML/TOML, dbt parse, ruff, sqlfluff
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

pytest: $(STAMP) ## pytest: generator, end-to-end build, reports, and coverage/score/convention thresholds
	$(BIN)/pytest

quality: docs ## Coverage, dbt-score and dbt-bouncer on your own build (after make build)
	$(BIN)/python scripts/check_project_quality.py

test: lint reports-install pytest test-spark ## Everything CI runs: lint, pytest (dbt build and its tests, reports), then the Spark comparison

# The two world sizes make bench builds: about 1M and 10M events over 30 days.
BENCH_SMALL_USERS ?= 560
BENCH_LARGE_USERS ?= 5600
BENCH_DAYS ?= 30
bench: $(STAMP) ## Benchmark at two sizes, BENCH_SMALL_USERS and BENCH_LARGE_USERS x BENCH_DAYS (~1M, ~10M events): see docs/operations.md
	$(BIN)/python scripts/bench.py --small-users $(BENCH_SMALL_USERS) --large-users $(BENCH_LARGE_USERS) --days $(BENCH_DAYS) --seed $(SEED)

# --- Apache Spark (docs/operations.md#running-on-spark) ---------------------------------
.PHONY: spark-setup build-spark test-spark
SPARK_STAMP := $(VENV)/.spark-installed
# Where build-spark keeps Spark's warehouse (Parquet tables) and its Derby metastore.
SPARK_DIR ?= target/spark

$(SPARK_STAMP): requirements-spark.txt $(STAMP)
	@command -v java >/dev/null || { echo "The Spark target needs Java 17: java is not on PATH"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt -c requirements.lock
	@touch $@

spark-setup: $(SPARK_STAMP) ## Install dbt-spark and pyspark (requirements-spark.txt) into .venv

build-spark: $(SPARK_STAMP) ## The core pipeline on local Spark: dbt build from data/raw into target/spark
	@test -f $(RAW)/users.parquet || { echo "No raw data in $(RAW): run make data first"; exit 1; }
	@# Spark skips files whose names start with '_': it reads the world from a visible copy.
	cp $(RAW)/_world.json $(RAW)/world.json
	SHADOWPERSONA_SPARK_DIR=$(SPARK_DIR) $(DBT) build --target spark --selector spark_core \
		--vars '{raw_data_path: "$(RAW)"}'

test-spark: $(SPARK_STAMP) ## Build one small world on DuckDB and on Spark: the core marts must agree
	$(BIN)/pytest -m spark tests/pytest/test_spark.py

lock: ## Re-resolve requirements.lock from requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	(echo "# Generated by 'make lock' from requirements.txt: the full resolved environment."; \
	 $(BIN)/python -m pip freeze --exclude-editable | sort -f) > requirements.lock
	@touch $(STAMP)

clean: ## Remove generated data, the database and dbt's output (keeps .venv)
	rm -rf data target logs .duckdb_tmp shadowpersona.duckdb shadowpersona.duckdb.wal .shadowpersona.duckdb.building* reports/build reports/.evidence/template
