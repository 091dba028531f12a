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

# qemu-img makes the test images; sfdisk, sgdisk, mkfs.ext4, mkfs.xfs and mkntfs (+ libntfs-3g) build the disks
# Test-AzsImage reads (tests, the demo's sample, the training lab's broken images); chromium is the browser the
# JupyterLab suite drives (tests/browser). Each pair: command, package. The stamp depends on this Makefile, so a
# tool added here is installed on machines bootstrapped before it.
SYSTEM_TOOLS := qemu-img:qemu-utils sfdisk:fdisk sgdisk:gdisk mkfs.ext4:e2fsprogs mkfs.xfs:xfsprogs mkntfs:ntfs-3g \
                chromium:chromium
$(SYSDEPS): Makefile | $(STAMP)
	@missing=""; for t in $(SYSTEM_TOOLS); do \
	  PATH="$$PATH:/usr/sbin:/sbin" command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's$$missing for the tests"; \
	  (apt-get update -qq && apt-get install -y -qq $$missing) >/dev/null; fi
	@for t in $(SYSTEM_TOOLS); do PATH="$$PATH:/usr/sbin:/sbin" command -v $${t%%:*} >/dev/null || { \
	  echo "$${t%%:*} is still missing: install Debian's $${t#*:}" >&2; exit 1; }; done
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
