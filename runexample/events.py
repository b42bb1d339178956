"""Sphinx event handlers: start runs early, fill in outputs, warn where runs are used."""

from __future__ import annotations

import os
from concurrent.futures import Future, as_completed
from pathlib import Path

from sphinx.util import logging
from sphinx.util.display import status_iterator

from . import config, report
from .cache import Cache
from .directive import NAME, ExampleError, resolve_script, runexample_output, spec_from_options
from .domain import domain
from .files import display_path, orphans
from .judge import failure, never_run, not_kept
from .pool import Runner
from .records import RunResult, RunSpec
from .render import output_nodes
from .scan import scan

logger = logging.getLogger(__name__)


class State:
    """What the extension keeps for one build (on the builder, never pickled)."""

    def __init__(self, app) -> None:
        cfg = app.config
        self.confdir = Path(app.confdir)
        self.examples_dir = config.examples_dir(app)
        fresh = os.environ.get("RUNEXAMPLE_FRESH", "").lower() not in ("", "0", "false", "no")
        cache = None
        env = config.env_settings(cfg)
        if cfg.runexample_cache:
            cache = Cache(Path(app.doctreedir, "runexample-cache"), self.examples_dir,
                          cfg.runexample_python, always=tuple(cfg.runexample_cache_packages),
                          env=env)
        self.runner = Runner(
            self.examples_dir, python=cfg.runexample_python,
            workers=cfg.runexample_workers or None,
            alone_slots=cfg.runexample_alone_workers or None,
            cache=cache, fresh=fresh, execute=cfg.runexample_execute,
            env=env, root=self.confdir)
        self.warned: set[tuple[RunSpec, str, int]] = set()

    def display(self, script: str) -> str:
        """How warnings name *script* (relative to the configuration folder)."""
        return display_path(self.examples_dir, script, self.confdir)


def state(app) -> State:
    return app.builder.runexample_state


def is_verifying(app) -> bool:
    return app.builder.name == "doctest"


def builder_inited(app) -> None:
    app.builder.runexample_state = st = State(app)
    # For the directive, which sees the environment but not the app.
    app.env._runexample_dirs = (st.examples_dir, str(app.confdir))


def get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read pages with a run the cache does not hold: one that failed last
    time (failures are never cached), or went stale (a helper file changed,
    gevent was upgraded, the cache was cleared)."""
    st = state(app)
    if is_verifying(app) or not st.runner.execute:
        return []
    cache, runs = st.runner.cache, domain(env).data["runs"]
    outdated = {docname for docname, uses in runs.items()
                if cache is None or st.runner.fresh
                or any(cache.load(spec) is None for spec, _ in uses)}
    return sorted(d for d in outdated if d in env.found_docs and d not in changed)


def forks(app) -> bool:
    """Whether Sphinx may fork worker processes in this build (``-j N``).

    Forking a process that has threads running risks deadlocks in the child,
    so with ``-j`` the pool starts only after the pages are read, and its
    threads are stopped again before the pages are written.
    """
    return app.parallel > 1


def before_read(app, env, docnames) -> None:
    """Start the examples of the pages about to be read, before reading them."""
    st = state(app)
    if is_verifying(app) or not st.runner.execute or forks(app):
        return
    specs = []
    for docname in docnames:
        try:
            text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for use in scan(text):
            if "no-output" in use.options:
                continue
            try:
                script, _ = resolve_script(st.examples_dir, use.argument)
                specs.append(spec_from_options(script, use.options, app.config))
            except ExampleError:
                continue  # the directive will say what is wrong, with its location
    st.runner.submit_all(specs)


def warn_orphans(app, st: State, uses) -> None:
    if not app.config.runexample_orphans:
        return
    for script in orphans(st.examples_dir, {spec.script for spec in uses}):
        logger.warning("%s: %s", NAME, never_run(st.display(script)),
                       location=f"{st.examples_dir / script}:1", type=NAME, subtype="orphan")


def env_updated(app, env) -> None:
    """Make sure every example the pages need is running.

    The pages are then written while the examples run, each page waiting
    only for its own (:func:`fill_outputs`). Under ``-j``, where Sphinx
    forks to write, every run is waited for here and the pool stopped.
    """
    st = state(app)
    if is_verifying(app):
        return
    uses = domain(env).all_runs()
    warn_orphans(app, st, uses)
    if not uses:
        return
    futures = st.runner.submit_all(uses)
    if forks(app):
        wait_and_report(app, st, futures, uses)
        st.runner.close()
        return
    pending = sum(not fut.done() for fut in futures)
    if pending:
        logger.info("%d examples running; each page waits for its own as it is written", pending)


def wait_and_report(app, st: State, futures: dict[Future, RunSpec], uses) -> None:
    """Wait for *futures*, showing progress, and warn about each failed run where it is used."""
    done = as_completed(futures)
    if any(not fut.done() for fut in futures):
        done = status_iterator(done, "running examples... ", "darkgreen", len(futures),
                               app.verbosity, lambda f: futures[f].describe())
    for fut in done:
        spec = futures[fut]
        report_problems(app, spec, fut.result(), uses.get(spec, []))


def report_problems(app, spec: RunSpec, result: RunResult | None, where) -> bool:
    """Warn, once per location, about what went wrong with *spec*; return whether anything did."""
    if result is None:
        return False
    st = state(app)
    warnings = [(message, subtype) for message, subtype in (
        (failure(st.display(spec.script), spec, result), "failed"),
        (not_kept(st.display(spec.script), result), "cache"),
    ) if message]
    for docname, lineno in where:
        if (spec, docname, lineno) in st.warned:
            continue
        st.warned.add((spec, docname, lineno))
        for message, subtype in warnings:
            logger.warning("%s: %s", NAME, message, location=(docname, lineno),
                           type=NAME, subtype=subtype)
    return bool(warnings)


def fill_outputs(app, doctree, docname: str) -> None:
    """Replace each placeholder with the output of its run (waiting for it if need be)."""
    st = state(app)
    for n, node in enumerate(list(doctree.findall(runexample_output)), start=1):
        spec = node["spec"]
        result = st.runner.result(spec)
        report_problems(app, spec, result, [(docname, node["lineno"])])
        new = output_nodes(spec, node["display"], result, app.config.runexample_max_lines,
                           figure_id=f"runexample-tl-{n}", caption=node.get("timeline_caption", ""))
        # An id gives the "Output" caption its permalink.
        doctree.set_id(new[0], suggested_prefix="output")
        node.replace_self(new)


def build_finished(app, exception) -> None:
    st = getattr(app.builder, "runexample_state", None)
    if st is None:
        return
    try:
        if exception is None and not is_verifying(app):
            # Pages written so far waited for their own runs; a builder that
            # writes no pages (linkcheck, dummy) learns of failures here.
            uses = domain(app.env).all_runs()
            wait_and_report(app, st, {st.runner.submit(spec): spec for spec in uses}, uses)
            report.write(st.runner, app.outdir)
    finally:
        st.runner.close()
