# Every target bootstraps what it needs, idempotently, on a fresh Debian machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
NODE_OK := node_modules/.installed
SYSDEPS := $(VENV)/.sysdeps

.PHONY: all bootstrap test soak demo lab lab-down check bench clean

all: test

bootstrap: $(STAMP) $(NODE_OK) $(SYSDEPS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

$(NODE_OK): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# qemu-img makes the test images.
$(SYSDEPS): | $(STAMP)
	@command -v qemu-img >/dev/null || { \
	  echo "installing Debian's qemu-utils (qemu-img) for the tests"; \
	  (apt-get update -qq && apt-get install -y -qq qemu-utils) >/dev/null; }
	@command -v qemu-img >/dev/null || { echo "qemu-img is still missing: install Debian's qemu-utils" >&2; exit 1; }
	touch $@

test: bootstrap
	$(BIN)/python -m pytest -p no:cacheprovider

# The soak scenarios of tests/soak at full length (make test runs them bounded); figures printed at the end.
soak: bootstrap
	AZS_SOAK=long $(BIN)/python -m pytest -p no:cacheprovider --timeout 3600 tests/soak

check: bootstrap
	$(BIN)/lint-imports

demo: bootstrap
	$(BIN)/python notebooks/demo.py

$(VENV)/.jupyterlab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,jupyterlab]"
	touch $@

lab: bootstrap $(VENV)/.jupyterlab
	$(BIN)/python notebooks/jupyterlab.py

lab-down: bootstrap
	$(BIN)/azs lab down

# The AzCopy peer links against libsecret.
bench: bootstrap
	@ldconfig -p | grep -q libsecret-1.so.0 || (apt-get update -qq && apt-get install -y -qq libsecret-1-0) >/dev/null
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) node_modules out build *.egg-info
