# Two commands do everything on a fresh machine that has python3, pip and make:
#   make demo   installs, loads Heinola's strategy with the demo data, serves the app
#   make test   runs every check and test
# A server installs with `make install-production`: the locked runtime dependencies only, no
# test or lint tools (docs/operations.md).
PORT ?= 8000
HOST ?= 127.0.0.1
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
VENV ?= .venv
BIN := $(VENV)/bin
# uv installs into $(VENV) (another one with e.g. `make install-production VENV=/srv/venv`).
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
MITTARISTO := $(BIN)/mittaristo
# The indicators of Heinola's strategy that the replay folder built from data/recorded answers
# (the last twelve, with tyottomyysaste and lainat-per-asukas, are the composite indices'
# components; the fifteenth, the morbidity index, is not in the recorded panel), fetched by one
# command: each command costs the start of the application.
REPLAYED := tyopaikat,vakiluku,tyottomyysaste,lainat-per-asukas,sairauspaivarahan-saajat,\
  depressiolaakkeiden-saajat,toimeentulotuen-saajat,koulutuksen-ulkopuolella,pienituloisuusaste,\
  korkea-asteen-koulutus,suhteellinen-velkaantuneisuus,huoltosuhde,kuntien-valinen-nettomuutto,\
  tyollisten-osuus,verotulot-per-asukas,tyoikaisten-osuus

# The development environment (with the dev group: pytest, ruff, playwright, ...), marked by a
# stamp that the production install removes, so that `make test` after it installs them again.
DEV := $(VENV)/.with-dev-tools

space := $(subst ,, )

.PHONY: demo test install install-production messages lint serve clean uv

uv:
	@python3 -m uv --version >/dev/null 2>&1 || command -v uv >/dev/null 2>&1 \
	  || python3 -m pip install --quiet uv \
	  || python3 -m pip install --quiet --user --break-system-packages uv

$(DEV): pyproject.toml uv.lock
	@$(MAKE) --no-print-directory uv
	$(UV) sync --locked --python python3
	@touch $@

install: $(DEV) messages

# Production: exactly the locked runtime dependencies, without the development group.
install-production: uv
	$(UV) sync --locked --no-dev --python python3
	@rm -f $(DEV)
	DEBUG=true $(MITTARISTO) compile-catalogues

messages: $(DEV)
	DEBUG=true $(MITTARISTO) compile-catalogues

demo: install
	DEBUG=true $(MITTARISTO) migrate --no-input
	DEBUG=true $(MITTARISTO) load-demo
	$(BIN)/python scripts/build_replay.py data/recorded var/replay
	DEBUG=true $(MITTARISTO) fetch --replay var/replay --indicator $(subst $(space),,$(REPLAYED))
	DEBUG=true $(MITTARISTO) load-areas --replay var/replay --population vakiluku --jobs tyopaikat
	DEBUG=true $(MITTARISTO) compute-indices --strategy heinola-2030
	@echo "Serving Mittaristo on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	@# The worker runs the scheduled jobs beside the server (on SQLite, in-line: docs/jobs.md).
	DEBUG=true $(MITTARISTO) worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=true $(MITTARISTO) runserver $(HOST):$(PORT)

lint: $(DEV)
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/lint-imports   # the layers of docs/architecture.md (pyproject.toml)

# The suite in parallel (pytest-xdist): one process per core, each with its own test database;
# the browser tests stay together in one of them. `make test WORKERS=0` runs it in one process.
WORKERS ?= auto
test: install lint
	DEBUG=true $(MITTARISTO) makemigrations --check --dry-run
	$(BIN)/pytest -n $(WORKERS) --dist loadgroup

clean:
	rm -rf $(VENV) var
