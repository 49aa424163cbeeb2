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

translations: $(VENV)/.installed
	$(BIN)/flask translate compile

# Migrate the SQLite database in instance/, load districts and the demo catalogue (idempotent),
# then serve on http://127.0.0.1:5000.
setup: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load

run: setup serve

# The web server and, beside it, the SMS worker (sends the SMS outbox to SMS_GATEWAY_URL when it
# is set; without it the messages are written to the log, as mail is) and, with a courier
# aggregator configured, the tracking poller (catches webhooks that never came). Ctrl-C stops all.
serve:
	@echo "ODOP Bazaar on http://127.0.0.1:5000  (demo sign-ins: see README.md)"
	@$(BIN)/flask sms deliver --loop & worker=$$!; tracker=; \
	if [ "$$SHIPPING_ADAPTER" = aggregator ]; then $(BIN)/flask orders track --loop & tracker=$$!; fi; \
	trap 'kill $$worker $$tracker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000 --with-threads

# pytest exits 5 when it collected no test: that must fail, not pass silently.
test: $(VENV)/.installed-test translations
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; exit $$status

bench: $(VENV)/.installed-test
	@for script in bench/[a-z]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
