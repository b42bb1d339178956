"""What each page asks of the runner, kept in the build environment.

A small Sphinx domain, as ``sphinx.ext.todo`` keeps its notes: Sphinx calls
:meth:`ExampleDomain.clear_doc` when a page is read again and
:meth:`ExampleDomain.merge_domaindata` when ``-j`` reads pages in other
processes, so the record stays right across rebuilds and parallel reads.
"""

from __future__ import annotations

from typing import Any

from sphinx.domains import Domain

from .records import RunSpec


class ExampleDomain(Domain):
    """Per page: the runs its directives show, and every script it shows."""

    name = "runexample"
    label = "Example runs"
    initial_data: dict[str, Any] = {
        "runs": {},  # docname -> [(RunSpec, lineno)]
        "shown": {},  # docname -> {script relative to the examples folder}
    }

    def note_shown(self, docname: str, script: str) -> None:
        self.data["shown"].setdefault(docname, set()).add(script)

    def note_run(self, docname: str, spec: RunSpec, lineno: int) -> None:
        self.data["runs"].setdefault(docname, []).append((spec, lineno))

    def runs_of(self, docname: str) -> list[tuple[RunSpec, int]]:
        return self.data["runs"].get(docname, [])

    def all_runs(self) -> dict[RunSpec, list[tuple[str, int]]]:
        """Every spec any page runs, with where it is used, pages in name order."""
        uses: dict[RunSpec, list[tuple[str, int]]] = {}
        for docname in sorted(self.data["runs"]):
            for spec, lineno in self.data["runs"][docname]:
                uses.setdefault(spec, []).append((docname, lineno))
        return uses

    def shown(self) -> dict[str, set[str]]:
        """Every page that shows a script -> the scripts it shows."""
        return {doc: set(scripts) for doc, scripts in self.data["shown"].items()}

    def clear_doc(self, docname: str) -> None:
        self.data["runs"].pop(docname, None)
        self.data["shown"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for key in ("runs", "shown"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def domain(env) -> ExampleDomain:
    return env.get_domain(ExampleDomain.name)
