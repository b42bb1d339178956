"""One test per example script: run it as the build does, check its expectation.

Each script runs with the options its page gives it. A failure names the
script and the page, and shows a diff against the committed expectation.
"""

from pathlib import Path

import pytest

from runexample import expect
from runexample.collect import collect
from runexample.runner import problems, run_script, tail

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(
    p.relative_to(EXAMPLES).as_posix()
    for p in EXAMPLES.rglob("*.py")
    if not any(part.startswith(("_", ".")) for part in p.relative_to(EXAMPLES).parts)
)


@pytest.fixture(scope="session")
def uses():
    """Every run the pages ask for, read once per session."""
    return collect(ROOT)


@pytest.mark.parametrize("script", SCRIPTS)
def test_example(script, uses):
    specs = [spec for spec in uses if spec.script == script]
    assert specs, f"examples/{script}: no page in docs/ shows its output"
    for spec in specs:
        where = ", ".join(f"docs page {doc} line {line}" for doc, line in uses[spec])
        result = run_script(spec, EXAMPLES)
        found = problems(spec, result)
        assert not found, f"examples/{script} ({where}) {'; '.join(found)}:\n{tail(result.output, 30)}"
        mismatch = expect.check(EXAMPLES / script, result.output, f"examples/{script}")
        assert mismatch is None, f"({where})\n{mismatch}"
