"""The doctest builder, extended to verify every example against its expectation."""

from __future__ import annotations

import json
import os
from concurrent.futures import as_completed

from sphinx.ext.doctest import DocTestBuilder
from sphinx.util import logging
from sphinx.util.display import status_iterator

from . import expect
from .directive import NAME
from .domain import domain
from .files import orphans
from .judge import failure, never_run, not_kept
from .pool import Runner

logger = logging.getLogger(__name__)


class ExampleDocTestBuilder(DocTestBuilder):
    """``sphinx-build -b doctest``: the pages' doctest blocks, then every example.

    Each example runs fresh (the cache is never trusted here, but fresh
    results are stored in it, so that an HTML build right after runs nothing)
    and its output is compared with its ``.expected`` file. Mismatches are
    reported as unified diffs naming the script and the page; the last line
    says ``N passed, N failed`` for the examples and doctest blocks together.
    With ``runexample_update_expected`` on, expectations that no longer match
    are rewritten instead, for review in ``git diff``. Each example's verdict
    ("passed", "differs", "failed") is saved in ``runexample-checks.json`` in
    the output folder, for tools that compare runs.
    """

    def finish(self) -> None:
        passed, failed = self.check_examples()
        # Counted as doctest tries, so that Sphinx's own summary and exit
        # status include the examples.
        self.total_tries += passed + failed
        self.total_failures += failed
        super().finish()
        failures = self.total_failures + self.setup_failures + self.cleanup_failures
        summary = f"{self.total_tries - self.total_failures} passed, {failures} failed"
        with open(os.path.join(self.outdir, "output.txt"), "a", encoding="utf-8") as f:
            f.write(f"\n{summary}\n")
        logger.info("")
        logger.info(summary)
        # Sphinx prints the epilog last, after "build succeeded".
        self.epilog = (
            "Examples and doctest blocks checked; details in %(outdir)s/output.txt.\n"
            + summary.replace("%", "%%")
        )

    def _say(self, text: str) -> None:
        logger.info(text, nonl=True)
        self.outfile.write(text)

    def check_examples(self) -> tuple[int, int]:
        """Run every example fresh and judge it; return (passed, failed)."""
        st = self.runexample_state
        uses = domain(self.env).all_runs()
        runner = Runner(st.examples_dir, python=self.config.runexample_python,
                        workers=st.runner.workers, alone_slots=self.config.runexample_alone_workers,
                        cache=st.runner.cache, fresh=True, env=st.runner.env, root=st.runner.root)
        # Sphinx 9 keeps the verbosity on the config; before it, progress is shown compactly.
        verbosity = getattr(self.config, "verbosity", 0)
        passed = failed = 0
        changed = []
        verdicts: dict[str, str] = {}
        try:
            futures = runner.submit_all(uses)
            for fut in status_iterator(as_completed(futures), "checking examples... ", "darkgreen",
                                       len(futures), verbosity,
                                       lambda f: futures[f].describe()):
                spec = futures[fut]
                result = fut.result()
                verdict, message, updated = self._judge(spec, result, st.display(spec.script))
                verdicts[spec.describe()] = verdict
                unkept = not_kept(st.display(spec.script), result)
                if unkept:
                    logger.warning("%s: %s", NAME, unkept, location=uses[spec][0],
                                   type=NAME, subtype="cache")
                if updated:
                    changed.append(st.display(spec.script))
                if message:
                    failed += 1
                    self.outfile.write(f"{NAME}: {message}\n")
                    logger.warning("%s: %s", NAME, message, location=uses[spec][0],
                                   type=NAME, subtype="mismatch")
                else:
                    passed += 1
        finally:
            runner.close()
        if self.config.runexample_orphans:
            for script in orphans(st.examples_dir, {spec.script for spec in uses}):
                failed += 1
                message = never_run(st.display(script))
                self.outfile.write(f"{NAME}: {message}\n")
                logger.warning("%s: %s", NAME, message, location=f"{st.examples_dir / script}:1",
                               type=NAME, subtype="orphan")
        with open(os.path.join(self.outdir, "runexample-checks.json"), "w", encoding="utf-8") as f:
            json.dump(dict(sorted(verdicts.items())), f, indent=1)
        for name in changed:
            self._say(f"updated {expect.expectation_path(name)}\n")
        self._say(f"\nExamples: {passed} passed, {failed} failed\n")
        return passed, failed

    def _judge(self, spec, result, name: str) -> tuple[str, str | None, bool]:
        """("passed", "differs" or "failed"; what is wrong with this run, if
        anything; whether its expectation was rewritten)."""
        message = failure(name, spec, result)
        if message:
            return "failed", message, False
        script = self.runexample_state.examples_dir / spec.script
        if self.config.runexample_update_expected:
            return "passed", None, expect.update(script, result.output)
        mismatch = expect.check(script, result.output, name)
        if mismatch:
            return ("differs", f"{name}: output differs from {expect.expectation_path(name)}:\n"
                    f"{mismatch.rstrip()}", False)
        return "passed", None, False
