"""One test per example script: run it as the build does, check its expectation.

Each script runs with the options its page gives it. A failure names the
script and the page, and shows a diff against the committed expectation.

``make test`` leaves this file out: its doctest builder has already run
every example and judged it against the same expectations. tox's ``py3X``
envs run it, so every example runs on each supported Python, afresh (or,
with ``RUNEXAMPLE_CACHE_DIR`` set, from that cache, where it holds the run).
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
