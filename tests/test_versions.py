"""The version matrix's data file (docs/_data/versions.json) is kept honest.

``make test`` does not run the matrix (``make compat`` does); it fails, naming
the example and the command that refreshes the data, when the file is
missing an example, holds one that no longer exists, or recorded an
example's files as they no longer are; and when the pinned cell of the file
disagrees with the doctest run that ``make test`` has just made.
"""

import json
import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from compat import data
from compat.cells import Cell, read_matrix, requirements
from runexample.files import example_scripts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def test_the_data_file_is_up_to_date_with_the_examples():
    found = data.stale(data.load(), example_scripts(EXAMPLES), EXAMPLES)
    assert not found, "\n".join(found)


def test_every_cell_of_the_matrix_is_in_the_data_file():
    pythons, cells = read_matrix()
    recorded = data.load()["cells"]
    missing = [cell.id for cell in cells if cell.id not in recorded]
    assert not missing, f"cells never run: {missing}; run `make compat`"
    for cell in cells:
        info = recorded[cell.id]
        assert "impossible" in info or {"python", "gevent", "greenlet", "date"} <= set(info), cell.id
        if "impossible" not in info:
            assert info["gevent"] == cell.gevent and info["python"].startswith(cell.python + ".")


def test_the_pinned_cell_agrees_with_the_doctest_run_just_made():
    folder = os.environ.get("RUNEXAMPLE_DOCTEST_DIR")
    if not folder:
        pytest.skip("no doctest run to compare with: make test sets RUNEXAMPLE_DOCTEST_DIR")
    checks = json.loads((Path(folder) / "runexample-checks.json").read_text())
    cell = Cell(".".join(platform.python_version_tuple()[:2]), metadata.version("gevent")).id
    rows = data.load()["examples"]
    recorded = {script: row["results"].get(cell, {}).get("status") for script, row in rows.items()}
    assert {s: recorded.get(s) for s in checks} == checks, (
        f"the {cell} column of {data.PATH.name} disagrees with this doctest run: run `make compat`")


# -- the three ways the file goes stale, each named ----------------------------------------------


@pytest.fixture
def copy(tmp_path):
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES, examples)
    return examples, data.load()


def test_a_new_example_not_in_the_data_is_named(copy):
    examples, recorded = copy
    (examples / "core" / "brand_new.py").write_text("print('new')\n")
    found = data.stale(recorded, example_scripts(examples), examples)
    assert found == ["examples/core/brand_new.py is not in docs/_data/versions.json: run `make compat`"]


def test_an_example_that_no_longer_exists_is_named(copy):
    examples, recorded = copy
    gone = sorted(recorded["examples"])[0]
    (examples / gone).unlink()
    found = data.stale(recorded, example_scripts(examples), examples)
    assert found == [f"examples/{gone} is in docs/_data/versions.json but no longer exists: "
                     "run `make compat`"]


def test_an_example_whose_files_changed_is_named(copy):
    examples, recorded = copy
    script = "core/switching.py"
    with open(examples / script, "a") as f:
        f.write("# edited\n")
    found = data.stale(recorded, example_scripts(examples), examples)
    assert found == [f"examples/{script} changed since docs/_data/versions.json recorded it "
                     f"({script} differs): run `make compat`"]


def test_a_helper_that_changed_is_named_for_each_example_that_uses_it(copy):
    examples, recorded = copy
    users = sorted(s for s, row in recorded["examples"].items()
                   if "production/_child_server.py" in row["files"])
    assert users
    with open(examples / "production" / "_child_server.py", "a") as f:
        f.write("# edited\n")
    found = data.stale(recorded, example_scripts(examples), examples)
    assert [line.split()[0] for line in found] == [f"examples/{s}" for s in users]


# -- merging cells' results -------------------------------------------------------------------------


def _result(cell, verdicts, ran=0):
    return {"cell": cell, "info": {"python": "3.11.7", "gevent": "24.11.1", "greenlet": "3.2.4"},
            "verdicts": verdicts, "ran": ran,
            "examples": {s: {"page": "docs/p", "line": 1, "files": {s: "0"}} for s in verdicts}}


def test_merging_the_same_results_again_changes_nothing():
    first = data.merge(None, [_result("c1", {"a.py": {"status": "passed"}}, ran=1)], ["c1"],
                       ["3.11"], ["24.11.1"], today="2026-01-01")
    again = data.merge(first, [_result("c1", {"a.py": {"status": "passed"}}, ran=0)], ["c1"],
                       ["3.11"], ["24.11.1"], today="2026-02-02")
    assert again == first and again["cells"]["c1"]["date"] == "2026-01-01"


def test_a_cell_that_ran_or_changed_gets_todays_date():
    first = data.merge(None, [_result("c1", {"a.py": {"status": "passed"}}, ran=1)], ["c1"],
                       ["3.11"], ["24.11.1"], today="2026-01-01")
    changed = data.merge(first, [_result("c1", {"a.py": {"status": "differs", "detail": "x"}})],
                         ["c1"], ["3.11"], ["24.11.1"], today="2026-02-02")
    assert changed["cells"]["c1"]["date"] == "2026-02-02"
    assert changed["examples"]["a.py"]["results"]["c1"]["status"] == "differs"


def test_a_cell_left_out_of_a_run_keeps_its_results_and_a_removed_example_goes():
    both = data.merge(None, [_result("c1", {"a.py": {"status": "passed"}, "b.py": {"status": "passed"}}),
                             _result("c2", {"a.py": {"status": "failed", "detail": "x"},
                                            "b.py": {"status": "passed"}})],
                      ["c1", "c2"], ["3.11"], ["24.11.1"], today="2026-01-01")
    later = data.merge(both, [_result("c1", {"a.py": {"status": "passed"}})], ["c1", "c2"],
                       ["3.11"], ["24.11.1"], today="2026-02-02")
    assert set(later["examples"]) == {"a.py"}
    assert later["examples"]["a.py"]["results"]["c2"]["status"] == "failed"


def test_running_only_impossible_cells_keeps_every_row():
    both = data.merge(None, [_result("c1", {"a.py": {"status": "passed"}})], ["c1", "c2"],
                      ["3.11"], ["24.11.1"], today="2026-01-01")
    impossible = {"cell": "c2", "info": {"impossible": "no wheel"}, "verdicts": {}}
    later = data.merge(both, [impossible], ["c1", "c2"], ["3.11"], ["24.11.1"], today="2026-02-02")
    assert later["examples"] == both["examples"]
    assert later["cells"]["c2"] == {"impossible": "no wheel"}


def test_a_cells_requirements_change_only_gevent_and_the_pins_it_names():
    base = requirements(Cell("3.11", "26.9.0"))
    old = requirements(Cell("3.11", "22.10.2", ("greenlet==2.0.2", "zope.event==5.0")))
    diff = set(old.splitlines()) ^ set(base.splitlines())
    assert diff == {"gevent==26.9.0", "gevent==22.10.2", "greenlet==3.5.6", "greenlet==2.0.2",
                    "zope.event==5.0"}, diff


# -- running cells --------------------------------------------------------------------------------


def test_a_run_that_did_not_pass_is_run_once_more_before_it_is_recorded(tmp_path, monkeypatch):
    """A timing demonstration made late once by a busy machine is not taken for a
    difference between releases: the second run's verdict is the one recorded."""
    import sys

    from compat import run
    from runexample.collect import Project
    from runexample.environment import EnvSettings
    from runexample.records import RunSpec

    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "late_once.py").write_text(
        "from pathlib import Path\n"
        "mark = Path(__file__).with_name('late_once.ran')\n"
        "print('late' if not mark.exists() else 'on time')\n"
        "mark.touch()\n")
    (examples / "late_once.expected").write_text("on time\n")
    (examples / "always_late.py").write_text("print('late')\n")
    (examples / "always_late.expected").write_text("on time\n")
    monkeypatch.setattr(run, "WORK", tmp_path / "work")
    specs = [RunSpec("late_once.py", alone=True), RunSpec("always_late.py")]
    project = Project(uses={s: [("index", 1)] for s in specs}, examples_dir=examples,
                      env=EnvSettings(), cache_packages=())
    cell = Cell("3.11", "26.9.0")
    verdicts, _, ran = run.run_cells({cell: Path(sys.executable)}, project)[cell]
    assert verdicts["late_once.py"]["status"] == run.PASSED
    assert verdicts["always_late.py"]["status"] == run.DIFFERS
    assert ran == 4  # each ran twice
