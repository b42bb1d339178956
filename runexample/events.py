"""Sphinx event handlers: start runs early, keep the environment, report."""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, as_completed
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.console import bold
from sphinx.util.display import status_iterator

from . import report
from .cache import Cache
from .directive import NAME, ExampleError, resolve_script, spec_from_options
from .runner import RunResult, Runner, RunSpec
from .scan import scan

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")


class State:
    """What the extension keeps for one build (on the builder, never pickled)."""

    def __init__(self, app) -> None:
        config = app.config
        self.confdir = Path(app.confdir)
        self.examples_dir = Path(app.confdir, config.runexample_examples_dir).resolve()
        fresh = os.environ.get("RUNEXAMPLE_FRESH", "").lower() not in ("", "0", "false", "no")
        cache = None
        if config.runexample_cache:
            cache = Cache(Path(app.doctreedir, "runexample-cache"), self.examples_dir,
                          config.runexample_python)
        self.runner = Runner(
            self.examples_dir,
            python=config.runexample_python,
            workers=config.runexample_workers or None,
            alone_slots=config.runexample_alone_workers or None,
            cache=cache,
            fresh=fresh,
            execute=config.runexample_execute,
        )
        self.warned: set[tuple[RunSpec, str, int]] = set()

    def display(self, script: str) -> str:
        """How warnings name *script* (relative to the configuration folder)."""
        return report.display_path(self.examples_dir, script, self.confdir)


def state(app) -> State:
    return app.builder.runexample_state


def is_verifying(app) -> bool:
    return app.builder.name == "doctest"


def config_inited(app, config) -> None:
    config.html_static_path.append(str(STATIC))
    number = config.runexample_timeout
    if isinstance(number, str):  # from -D runexample_timeout=...
        try:
            config.runexample_timeout = float(number)
        except ValueError:
            raise ConfigError(
                f"runexample_timeout must be a number of seconds, got {number!r}") from None
    if not 0 < config.runexample_timeout <= 600:
        raise ConfigError(
            f"runexample_timeout must be above 0 and at most 600 seconds, got {number!r}")
    if config.runexample_max_bytes < 1024:
        raise ConfigError(
            f"runexample_max_bytes must be at least 1024, got {config.runexample_max_bytes!r}")


def builder_inited(app) -> None:
    env = app.env
    if not hasattr(env, "runexample_uses"):
        env.runexample_uses = {}  # docname -> [(RunSpec, lineno)]
    app.builder.runexample_state = State(app)
    # For the directive, which sees the environment but not the app.
    env.runexample_examples_dir = app.builder.runexample_state.examples_dir
    env.runexample_confdir = str(app.confdir)


def purge_doc(app, env, docname: str) -> None:
    env.runexample_uses.pop(docname, None)


def merge_info(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.runexample_uses:
            env.runexample_uses[docname] = other.runexample_uses[docname]


def get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read pages with a run the cache does not hold: one that failed last
    time (failures are never cached), or went stale (a helper file changed,
    gevent was upgraded, the cache was cleared)."""
    st = state(app)
    if is_verifying(app) or not st.runner.execute:
        return []
    outdated = set()
    cache = st.runner.cache
    for docname, uses in env.runexample_uses.items():
        if cache is None or st.runner.fresh or any(cache.load(spec) is None for spec, _ in uses):
            outdated.add(docname)
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


def all_uses(env) -> dict[RunSpec, list[tuple[str, int]]]:
    """Every spec any page runs, with where it is used."""
    uses: dict[RunSpec, list[tuple[str, int]]] = {}
    for docname in sorted(env.runexample_uses):
        for spec, lineno in env.runexample_uses[docname]:
            uses.setdefault(spec, []).append((docname, lineno))
    return uses


def warn_orphans(app, st: State, uses) -> None:
    if not app.config.runexample_orphans:
        return
    for script in report.orphans(st.examples_dir, {spec.script for spec in uses}):
        logger.warning("%s: %s", NAME, report.never_run(st.display(script)),
                       location=f"{st.examples_dir / script}:1", type=NAME, subtype="orphan")


def env_updated(app, env) -> None:
    """Make sure every example the pages need is running.

    The pages are then written while the examples run, each page waiting
    only for its own (:func:`.render.fill_outputs`). Under ``-j``, where
    Sphinx forks to write, every run is waited for here and the pool stopped.
    """
    st = state(app)
    if is_verifying(app):
        return
    uses = all_uses(env)
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
    pending = sum(not fut.done() for fut in futures)
    if pending:
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
    message = report.failure(st.display(spec.script), spec, result)
    if message is None:
        return False
    for docname, lineno in where:
        if (spec, docname, lineno) in st.warned:
            continue
        st.warned.add((spec, docname, lineno))
        logger.warning("%s: %s", NAME, message, location=(docname, lineno),
                       type=NAME, subtype="failed")
    return True


def build_finished(app, exception) -> None:
    st = getattr(app.builder, "runexample_state", None)
    if st is None:
        return
    try:
        if exception is None and not is_verifying(app):
            # Pages written so far waited for their own runs; a builder that
            # writes no pages (linkcheck, dummy) learns of failures here.
            uses = all_uses(app.env)
            wait_and_report(app, st, {st.runner.submit(spec): spec for spec in uses}, uses)
            write_report(app, st)
    finally:
        st.runner.close()


def report_rows(runner: Runner) -> list[dict]:
    rows = []
    for spec, fut in sorted(runner.submitted().items(), key=lambda item: item[0].script):
        if not fut.done() or fut.cancelled() or fut.exception() is not None:
            continue
        result = fut.result()
        if result is None:
            rows.append({"script": spec.describe(), "seconds": None, "source": "not run",
                         "status": "no output (execution is off)"})
            continue
        rows.append({
            "script": spec.describe(),
            "seconds": round(result.duration, 3),
            "cpu": None if result.cpu is None else round(result.cpu, 3),
            "source": "cache" if result.cached else "ran",
            "status": report.status(spec, result),
        })
    return rows


def write_report(app, st: State) -> None:
    """Print a table of this build's examples, and save it as JSON in the output folder."""
    rows = report_rows(st.runner)
    if not rows:
        return
    width = max(len(r["script"]) for r in rows)
    lines = [f"{'example':<{width}}  {'seconds':>7}  {'source':<7}  status"]
    for r in rows:
        seconds = "" if r["seconds"] is None else f"{r['seconds']:.2f}"
        lines.append(f"{r['script']:<{width}}  {seconds:>7}  {r['source']:<7}  {r['status']}")
    ran = sum(r["source"] == "ran" for r in rows)
    lines.append(f"{len(rows)} examples: {ran} ran, {len(rows) - ran} from the cache or not run")
    logger.info("")
    logger.info(bold("example run report"))
    for line in lines:
        logger.info(line)
    os.makedirs(app.outdir, exist_ok=True)
    target = Path(app.outdir, "runexample-report.json")
    target.write_text(json.dumps({"examples": rows, "ran": ran}, indent=1) + "\n", encoding="utf-8")
