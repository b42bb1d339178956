"""One test per example script: run it as the build does, check its expectation.

Each script runs with the options its page gives it. A failure names the
script and the page, and shows a diff against the committed expectation.

``make test`` runs the doctest builder first, which runs every example fresh
and stores each good result in the cache. It then points
``RUNEXAMPLE_CACHE_DIR`` at that cache, and these tests judge those results
instead of running every example a second time. A result the cache does not
hold (a run that failed, or a script changed since) is run here afresh, and
the test says so. Without the variable (tox, a plain ``pytest``), every
example runs here.
"""

import os
from pathlib import Path

import pytest

from runexample import expect, files, judge
from runexample.cache import Cache
from runexample.collect import collect
from runexample.process import run_script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTS = files.example_scripts(EXAMPLES)


@pytest.fixture(scope="session")
def uses():
    """Every run the pages ask for, read once per session."""
    return collect(ROOT)


@pytest.fixture(scope="session")
def cache():
    folder = os.environ.get("RUNEXAMPLE_CACHE_DIR")
    return Cache(folder, EXAMPLES) if folder else None


def _result(spec, cache):
    if cache is not None:
        hit = cache.load(spec)
        if hit is not None:
            return hit
        print(f"{spec.script}: not in {cache.folder}; running it afresh")
    return run_script(spec, EXAMPLES)


@pytest.mark.parametrize("script", SCRIPTS)
def test_example(script, uses, cache):
    specs = [spec for spec in uses if spec.script == script]
    assert specs, f"examples/{script}: no page in docs/ shows its output"
    for spec in specs:
        where = ", ".join(f"docs page {doc} line {line}" for doc, line in uses[spec])
        name = f"examples/{script}"
        result = _result(spec, cache)
        message = judge.failure(name, spec, result)
        assert message is None, f"({where}) {message}"
        mismatch = expect.check(EXAMPLES / script, result.output, name)
        assert mismatch is None, f"({where})\n{mismatch}"
