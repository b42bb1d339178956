"""The version matrix: every example, on every gevent release and Python listed.

``make compat`` (``python -m compat``) builds one environment per cell (a
Python and a gevent release, everything else as ``requirements/docs.txt``
pins it), runs every example in it through the runner itself, with the same
checker and containment as ``make doctest``, and writes the results to
``docs/_data/versions.json``, which the site renders (``tutorial_ext/versions.py``)
and ``make test`` checks for staleness (``tests/test_versions.py``).

``cells``     the matrix's cells, and the environment of each
``run``       one cell: every example, judged
``data``      the data file: merge cell results, check it against the examples
``__main__``  the command line (``make compat`` and the CI workflow)
"""
