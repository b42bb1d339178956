"""The CI workflow's job matrix: one job per cell of compat/releases.txt.

    python -m compat.plan [--extra-python 3.14]

prints ``{"include": [{"python": "3.10", "gevent": "22.10.2", "preview": false}, ...]}``
for ``strategy.matrix``. Cells of an extra Python are marked ``preview``:
they run, and their results are printed, but they are not part of the
committed matrix. Standard library only: the planning job installs nothing.
"""

from __future__ import annotations

import argparse
import json

from .cells import read_matrix


def plan(extra_pythons: list[str]) -> dict:
    pythons, cells = read_matrix()
    releases = list(dict.fromkeys(cell.gevent for cell in cells))
    include = [{"python": c.python, "gevent": c.gevent, "preview": False} for c in cells]
    include += [{"python": py, "gevent": rel, "preview": True}
                for py in extra_pythons if py not in pythons for rel in releases]
    return {"include": include}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m compat.plan")
    parser.add_argument("--extra-python", action="append", default=[])
    print(json.dumps(plan(parser.parse_args().extra_python), separators=(",", ":")))
