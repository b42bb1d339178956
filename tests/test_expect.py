"""The expectation checker: durations within a window, declared ranges, and
checks that still bite when an example really changes."""

from pathlib import Path

import pytest

from runexample import expect
from runexample.process import RunSpec, run_script

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# -- windows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, accepted, refused",
    [
        ("0.3", ["0.2", "0.3", "0.4"], ["0.1", "0.5", "0.6", "0.30", "0"]),
        ("0.6", ["0.5", "0.7", "0.8"], ["0.4", "0.9", "1.2"]),
        ("0.1", ["0.0", "0.1", "0.2"], ["0.3", "0.10"]),
        ("0.0", ["0.0", "0.1"], ["0.2"]),
        ("0.30", ["0.29", "0.30", "0.38"], ["0.28", "0.39", "0.3"]),
        ("300", ["299", "300", "375"], ["298", "376", "600"]),
    ],
)
def test_duration_window(written, accepted, refused):
    window = expect.duration_window(written)
    assert [p for p in accepted if window.accepts(p)] == accepted
    assert [p for p in refused if window.accepts(p)] == []


@pytest.mark.parametrize(
    "expected, actual",
    [
        ("done at 0.3s\n", "done at 0.4s\n"),
        ("done at 0.3 s\n", "done at 0.2 s\n"),
        ("waited 300 ms\n", "waited 320 ms\n"),
        ("took 1.0 seconds\n", "took 1.2 seconds\n"),
        ("served {{150..400}} requests\n", "served 388 requests\n"),
        ("rate {{1.5..3.0}}/s\n", "rate 2.7/s\n"),
        ("<Greenlet at 0x...> took 0.1s\n", "<Greenlet at 0x7f3a> took 0.1s\n"),
        ("a\n...\nlast at 0.3s\n", "a\nb at 0.9s\nc\nlast at 0.3s\n"),
        ("line\n<BLANKLINE>\nend\n", "line\n\nend\n"),
    ],
)
def test_matches(expected, actual):
    assert expect.matches(expected, actual)


@pytest.mark.parametrize(
    "expected, actual",
    [
        ("done at 0.3s\n", "done at 0.6s\n"),  # twice as slow
        ("done at 0.3s\n", "done at 0.1s\n"),
        ("done at 0.3s\n", "done at 0.30s\n"),  # another format is another output
        ("served {{150..400}} requests\n", "served 40 requests\n"),
        ("served {{150..400}} requests\n", "served 200.5 requests\n"),
        ("count 3 items\n", "count 4 items\n"),  # not a duration: exact
        ("first\nsecond\n", "second\nfirst\n"),
        ("done at 0.3s\n", "finished at 0.3s\n"),
    ],
)
def test_mismatches(expected, actual):
    assert not expect.matches(expected, actual)


def test_ellipsis_is_tried_every_way():
    # The first "at" after `...` is out of range; a later one fits.
    assert expect.matches("start\n... at 0.3s\n", "start\nx at 0.9s\ny at 0.3s\n")
    assert not expect.matches("start\n... at 0.3s\n", "start\nx at 0.3s\ny at 0.9s\n")


def test_diff_shows_only_lines_that_really_differ():
    expected = "tick 1 at 0.1s\ntick 2 at 0.2s\ntotal 0.3s\n"
    actual = "tick 1 at 0.2s\ntick 2 at 0.5s\ntotal 0.4s\n"
    text = expect.diff(expected, actual, "examples/core/x.py")
    assert text.splitlines() == [
        "--- examples/core/x.py (expected)",
        "+++ examples/core/x.py (actual)",
        "@@ -1,3 +1,3 @@",
        " tick 1 at 0.1s",
        "-tick 2 at 0.2s",
        "+tick 2 at 0.5s",
        " total 0.3s",
        "  'tick 2 at 0.5s' has a number out of range: 0.2 accepts 0.1 to 0.3, printed with 1 decimal",
    ]


def test_update_keeps_a_matching_expectation(tmp_path):
    script = tmp_path / "demo.py"
    path = expect.expectation_path(script)
    path.write_text("took 0.3s, pid ...\n")
    assert expect.update(script, "took 0.4s, pid 1234\n") is False
    assert path.read_text() == "took 0.3s, pid ...\n"
    assert expect.update(script, "took 0.9s, pid 1234\n") is True
    assert path.read_text() == "took 0.9s, pid 1234\n"


# -- the check bites on real examples ---------------------------------------------------

#: Timing demonstrations whose printed times come from gevent.sleep().
SLOWED = [
    "core/sequential_vs_concurrent.py",
    "data_structures/pool_bounded.py",
    "data_structures/group_map_orderings.py",
]

_SLOWER = """\
import runpy, sys
import gevent

_sleep = gevent.sleep


def sleep(seconds=0, *args, **kwargs):
    return _sleep(seconds * {factor}, *args, **kwargs)


gevent.sleep = sleep
sys.argv[0] = {script!r}
runpy.run_path({script!r}, run_name="__main__")
"""


def _run_slowed(tmp_path: Path, script: str, factor: int) -> str:
    wrapper = tmp_path / "slowed.py"
    wrapper.write_text(_SLOWER.format(factor=factor, script=str(EXAMPLES / script)))
    result = run_script(RunSpec("slowed.py", timeout=30), tmp_path)
    assert result.returncode == 0, result.output
    return result.output


@pytest.mark.parametrize("script", SLOWED)
def test_tripled_sleeps_fail_the_expectation(tmp_path, script):
    output = _run_slowed(tmp_path, script, 3)
    name = f"examples/{script}"
    message = expect.check(EXAMPLES / script, output, name)
    assert message is not None, f"{name} still matched with every gevent.sleep() tripled:\n{output}"
    assert f"--- {name} (expected)" in message
    assert "out of range" in message


@pytest.mark.parametrize("script", SLOWED)
def test_swapped_lines_fail_the_expectation(script):
    expected = expect.expectation_path(EXAMPLES / script).read_text()
    lines = expected.splitlines(keepends=True)
    # Swap the first two neighbouring lines that differ.
    i = next(i for i in range(len(lines) - 1) if lines[i] != lines[i + 1])
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    assert not expect.matches(expected, "".join(lines))


def test_unchanged_lines_of_an_expectation_match_themselves():
    # Sanity for the two tests above: the expectation read as output matches.
    for script in SLOWED:
        expected = expect.expectation_path(EXAMPLES / script).read_text()
        assert expect.matches(expected, expected), script

