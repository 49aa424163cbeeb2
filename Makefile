# The two commands a newcomer needs: `make run` and `make test`. Only Python 3.11+ is required.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?= -n auto
export FLASK_APP := marketplace

.PHONY: run test serve setup translations demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps: reinstall only when the package metadata changes, so a second `make run` is fast.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/flask translate compile

# Migrate the SQLite database in instance/, load districts and the demo catalogue (idempotent),
# then serve on http://127.0.0.1:5000.
setup: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/flask ledger backfill

run: setup serve

# The web server and, beside it, the job worker (docs/jobs.md): mail, SMS, expiry of unpaid
# orders, meet reminders, search-feed pruning and, with a courier aggregator configured,
# tracking. Its queue is instance/jobs.sqlite3 (Redis when REDIS_URL is set). Each web process
# follows the search change feed on a thread of its own (docs/search.md). Ctrl-C stops both.
serve:
	@echo "ODOP Bazaar on http://127.0.0.1:5000  (demo sign-ins: see README.md)"
	@$(BIN)/flask jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000 --with-threads

# pytest exits 5 when it collected no test: that must fail, not pass silently.
test: $(VENV)/.installed-test translations
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; exit $$status

bench: $(VENV)/.installed-bench
	@for script in bench/[a-z]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
