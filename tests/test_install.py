"""The runner, installed into a fresh environment, in a project that has nothing to do with gevent.

This is what another documentation author does: ``pip install`` the runner
from this repository, add ``"runexample"`` to ``extensions``, and show a
script. The install takes the pinned Sphinx of ``requirements/docs.txt``
(from pip's cache, or PyPI).
"""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# The paths below are those of a POSIX virtual environment (bin/, not Scripts\).
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")

ROOT = Path(__file__).resolve().parent.parent

CONF = 'extensions = ["runexample"]\nrunexample_examples_dir = "scripts"\n'
PAGE = textwrap.dedent("""\
    A page
    ======

    Some text.

    .. runexample:: hello.py

    More text.

    .. runexample:: broken.py
    """)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh virtual environment with the runner installed from a copy of
    its packaging files (so the install writes nothing into the checkout)."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "runexample", source / "runexample",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = tmp / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=120)
    python = env / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "requirements" / "docs.txt"), str(source)],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return env


def _project(tmp_path: Path, broken: str) -> Path:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "conf.py").write_text(CONF)
    (project / "index.rst").write_text(PAGE)
    (project / "scripts" / "hello.py").write_text("print('hello from', 'an installed runner')\n")
    (project / "scripts" / "broken.py").write_text(broken)
    return project


def _build(venv: Path, project: Path, *options: str):
    return subprocess.run(
        [str(venv / "bin" / "sphinx-build"), "-b", "html", *options, str(project),
         str(project / "_build")],
        cwd=project, capture_output=True, text=True, timeout=300)


def test_the_installed_runner_is_the_installed_copy(venv, tmp_path):
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import runexample; print(runexample.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where


def test_a_project_without_gevent_shows_output_and_locates_a_broken_script(venv, tmp_path):
    project = _project(tmp_path, "print('about to fail')\nraise SystemExit(4)\n")
    done = _build(venv, project)
    page = (project / "_build" / "index.html").read_text(encoding="utf-8")
    assert "hello from an installed runner" in page
    assert "index.rst:10: WARNING: runexample: scripts/broken.py exited with status 4 (expected 0)" \
        in done.stderr, done.stderr
    assert "about to fail" in done.stderr
    assert "Traceback" not in done.stderr
    # -W makes it a failed build.
    assert _build(venv, project, "-W", "-E").returncode != 0


def test_the_installed_runner_caches_what_it_ran(venv, tmp_path):
    project = _project(tmp_path, "print('fixed now')\n")
    first = _build(venv, project, "-W")
    assert first.returncode == 0, first.stderr
    second = _build(venv, project, "-W", "-E")
    assert second.returncode == 0, second.stderr
    assert "2 examples: 0 ran, 2 from the cache" in second.stdout
