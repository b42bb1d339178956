"""The runner's modules and the edges between them, as declared.

Each module of ``runexample`` imports only the modules listed for it below
(so a new edge is a decision, made here), the graph has no cycle, the
modules that run without Sphinx never import it, and the code that runs
inside an example's interpreter imports nothing but the standard library.
"""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "runexample"

#: module -> the package's modules it may import. Indented by layer.
EDGES = {
    # the bottom: plain records and helpers
    "records": set(),
    "text": set(),
    "files": set(),
    "expect": set(),
    "scan": set(),
    "environment": set(),
    "contain": set(),
    "memory": {"contain"},
    "judge": {"memory", "records"},
    "interpreter": {"environment"},
    # running
    "process": {"contain", "environment", "files", "memory", "records", "text", "timeline",
                "timeline.record"},
    "pool": {"environment", "judge", "process", "records"},
    "cache": {"environment", "files", "interpreter", "records"},
    # Sphinx
    "config": {"environment", "memory"},
    "domain": {"records"},
    "directive": {"domain", "memory", "records"},
    "render": {"records", "timeline"},
    "report": {"judge", "memory", "pool"},
    "events": {"cache", "config", "directive", "domain", "files", "judge", "pool", "records",
               "render", "report", "scan"},
    "builder": {"directive", "domain", "expect", "files", "judge", "pool"},
    "collect": {"config", "domain", "environment", "records"},
    "api": {"config", "directive", "domain", "files", "render"},
    "__init__": {"api", "builder", "config", "directive", "domain", "events", "records"},
    # timelines: recorded in the example's interpreter, drawn when a page is written
    "timeline.record": set(),
    "timeline.model": {"text", "timeline.record"},
    "timeline.layout": {"timeline.model"},
    "timeline.svg": {"timeline.layout"},
    "timeline.__init__": {"timeline.layout", "timeline.model", "timeline.record", "timeline.svg"},
    "timeline.__main__": {"text", "timeline", "timeline.record"},
}

#: Usable without Sphinx or docutils: the test suite, benchmarks and other tools run them.
WITHOUT_SPHINX = {"records", "text", "files", "expect", "scan", "environment", "contain", "memory", "judge",
                  "interpreter", "process", "pool", "cache"} | {m for m in EDGES if m.startswith("timeline.")}
#: Run inside the example's own interpreter: the standard library (and greenlet) only.
IN_THE_EXAMPLE = {"timeline/record.py", "_child/sitecustomize.py"}


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(modules of the package, other top-level modules) that *path* imports."""
    name = _name(path)
    package = name.split(".")[:-1]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            if node.module:
                inside.add(target)
            else:  # from . import x, y: modules, or names of the package itself
                for alias in node.names:
                    sub = ".".join(base + [alias.name])
                    inside.add(sub if (PACKAGE / sub.replace(".", "/")).with_suffix(".py").is_file()
                               or (PACKAGE / sub.replace(".", "/")).is_dir() else ".".join(base))
        elif isinstance(node, ast.ImportFrom):
            outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            outside.update(a.name.split(".")[0] for a in node.names)
    return {m for m in inside if m}, outside


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py") if "_child" not in p.parts}


def test_every_module_is_declared():
    assert set(_modules()) == set(EDGES)


@pytest.mark.parametrize("module", sorted(EDGES))
def test_each_module_imports_only_what_is_declared(module):
    inside, outside = _imports(_modules()[module])
    assert inside <= EDGES[module], f"runexample.{module} imports {sorted(inside - EDGES[module])}"
    if module in WITHOUT_SPHINX:
        assert not outside & {"sphinx", "docutils"}, f"runexample.{module} imports Sphinx"


def test_the_declared_edges_have_no_cycle():
    graph = {m: {t for t in EDGES[m] if t in EDGES} for m in EDGES}
    # A package's __init__ is what importing the package runs.
    graph = {m: {("timeline.__init__" if t == "timeline" else t) for t in targets}
             for m, targets in graph.items()}
    done, path = set(), []

    def visit(m):
        if m in path:
            raise AssertionError(" -> ".join(path[path.index(m):] + [m]))
        if m in done:
            return
        path.append(m)
        for t in graph[m]:
            visit(t)
        path.pop()
        done.add(m)

    for m in graph:
        visit(m)


@pytest.mark.parametrize("relative", sorted(IN_THE_EXAMPLE))
def test_code_run_in_the_example_uses_only_the_standard_library(relative):
    inside, outside = _imports(PACKAGE / relative)
    assert not inside
    assert outside <= set(sys.stdlib_module_names) | {"greenlet"}, outside - set(sys.stdlib_module_names)


@pytest.mark.parametrize("path", sorted((PACKAGE.parent / "tutorial_ext").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_sites_extensions_use_only_the_runners_public_api(path):
    """tutorial_ext/ reaches runexample through ``runexample.NAME`` for names in
    ``runexample.__all__``, never through its modules or node classes."""
    import runexample

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("runexample"):
            names = {a.name for a in node.names}
            assert node.module == "runexample" and names <= set(runexample.__all__), (
                f"{path.name}:{node.lineno} imports {sorted(names)} from {node.module}")
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("runexample.")]
            assert not names, f"{path.name}:{node.lineno} imports {names}"
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "runexample"):
            assert node.attr in runexample.__all__, f"{path.name}:{node.lineno} uses runexample.{node.attr}"
