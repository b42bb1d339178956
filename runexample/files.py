"""Which files are examples, how reports name them, and their digests.

The one place that decides whether a file is an example: the runner, the
doctest builder, other extensions (through :mod:`runexample.api`) and the
tests all ask here. Nothing here imports Sphinx.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def is_example(relative: str | os.PathLike[str]) -> bool:
    """Whether a file at *relative* (to the examples folder) is an example script.

    It is a ``.py`` file. Files and folders whose names start with ``_`` hold
    helpers, and those starting with ``.`` are hidden; neither is an example.
    """
    parts = Path(relative).parts
    return Path(relative).suffix == ".py" and not any(p.startswith(("_", ".")) for p in parts)


def example_scripts(examples_dir: str | os.PathLike[str]) -> list[str]:
    """Every example under *examples_dir*, relative, with ``/`` separators, sorted."""
    root = Path(examples_dir)
    found = (p.relative_to(root) for p in root.rglob("*.py"))
    return sorted(p.as_posix() for p in found if is_example(p))


def orphans(examples_dir: str | os.PathLike[str], used: set[str]) -> list[str]:
    """Examples that no page runs."""
    return [script for script in example_scripts(examples_dir) if script not in used]


def display_path(examples_dir: str | os.PathLike[str], script: str,
                 confdir: str | os.PathLike[str]) -> str:
    """How reports name *script*: relative to the configuration folder, with ``/``."""
    return os.path.relpath(Path(examples_dir, script), confdir).replace(os.sep, "/")


def file_digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
