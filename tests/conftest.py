import shutil
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir():
    return ROOTS


@pytest.fixture
def project(tmp_path):
    """A fresh copy of the ``test-runner`` root, to write pages into."""
    return _copy_root(tmp_path, "test-runner")


def _copy_root(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name.removeprefix('test-')}", target)
    return target
